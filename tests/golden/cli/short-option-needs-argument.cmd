cwfilter check -f
