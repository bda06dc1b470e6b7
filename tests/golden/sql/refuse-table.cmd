cwfilter sql --source cloudtrail-table '{ $.userIdentity.type IS NULL || $.foo = 1 || $.userIdentity.sessionContext = "x" }'
