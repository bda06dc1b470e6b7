cwfilter parse '{ $.userIdentity.invokedBy not exists }'
