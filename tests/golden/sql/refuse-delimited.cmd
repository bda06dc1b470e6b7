cwfilter sql '[ip, user, status=4*]'
