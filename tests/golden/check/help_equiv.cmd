cwfilter equiv --help
