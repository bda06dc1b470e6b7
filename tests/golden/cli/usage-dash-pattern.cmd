cwfilter parse '-DEBUG ERROR'
