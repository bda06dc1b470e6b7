cwfilter match --help
