cwfilter parse '{ $.errorCode IS NOT NULL }'
