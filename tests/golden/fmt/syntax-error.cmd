cwfilter fmt '{ $.a = }'
