cwfilter fmt --check '{$.a=x}'
