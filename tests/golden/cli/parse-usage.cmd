cwfilter parse
