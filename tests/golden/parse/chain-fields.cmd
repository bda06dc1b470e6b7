cwfilter parse '[ip, user, username, timestamp, request, status_code = 4* && bytes > 1000]'
