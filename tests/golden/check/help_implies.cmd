cwfilter implies --help
