cwfilter fmt --help
