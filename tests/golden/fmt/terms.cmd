cwfilter fmt -- '  ?ERROR   ?"clean up"  -DEBUG '
