cwfilter check --help
