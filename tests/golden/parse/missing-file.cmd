cwfilter parse --file corpus/no-such-file
