cwfilter explain cis-4.1
