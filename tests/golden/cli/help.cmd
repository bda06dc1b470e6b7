cwfilter --help
