cwfilter implies '{ $.a = 1' '{ $.a = 1 }'
