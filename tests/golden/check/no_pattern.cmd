cwfilter check
