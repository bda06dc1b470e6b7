cwfilter rules
