cwfilter parse '{ $.flag = true }'
