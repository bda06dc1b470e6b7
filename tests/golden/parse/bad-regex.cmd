cwfilter parse '%ERROR (fatal)%'
