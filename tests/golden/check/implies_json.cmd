cwfilter implies --format json '{ $.a[0] = 1 }' '{ $.a[*] = 1 }'
