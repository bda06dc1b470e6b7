cwfilter check --rule cis-99 '{ $.a = 1 }'
