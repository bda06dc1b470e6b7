cwfilter fix --help
