cwfilter parse '{ $.*[*] = "a" }'
