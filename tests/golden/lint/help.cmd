cwfilter lint --help
