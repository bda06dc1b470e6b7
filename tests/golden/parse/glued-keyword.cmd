cwfilter parse '{ ($.userIdentity.invokedBy NOTEXISTS) }'
