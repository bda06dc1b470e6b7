cwfilter parse '"ERROR" - "Exiting"'
