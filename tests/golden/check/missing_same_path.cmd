cwfilter check --rule cis-4.1 '{ $.errorCode = "AccessDenied*" }'
