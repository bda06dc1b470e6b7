cwfilter parse '{ $.errorMessage = Failed authentication }'
