cwfilter sql '[ip, user, ..., status=4*, size>100]'
