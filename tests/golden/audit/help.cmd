cwfilter audit --help
