cwfilter sql --period 5x '{ $.a = 1 }'
