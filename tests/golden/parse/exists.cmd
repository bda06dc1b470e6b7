cwfilter parse '{ $.errorCode EXISTS }'
