cwfilter fmt '"ERROR" - "Exiting"'
