cwfilter sql --count-by 'userIdentity' '{ $.a = 1 }'
