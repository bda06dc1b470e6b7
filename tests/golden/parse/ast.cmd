cwfilter parse --ast '{ ($.a = 1 || $.b[*] = "x*") && $.c NOT EXISTS }'
