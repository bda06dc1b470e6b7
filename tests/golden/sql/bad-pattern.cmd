cwfilter sql '{ $.a = }'
