cwfilter parse '{ status = "401" }'
