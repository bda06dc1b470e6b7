cwfilter parse --ast '[ip, ..., status_code = 404 || status_code = 410,]'
