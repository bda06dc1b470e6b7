cwfilter sql --help
