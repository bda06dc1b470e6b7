cwfilter parse '{ $.userIdentity.type = “Root” }'
