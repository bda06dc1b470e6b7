cwfilter sql --column json --table "read_ndjson_objects('trail/*.json')" --count-by '$.userIdentity.arn' --period 1h '{ $.errorCode = "AccessDenied*" }'
