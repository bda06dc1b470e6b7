cwfilter match '{ $.eventName = "PutRolePolicy" && $.userIdentity.type = "AssumedRole" }' tests/golden/match/cloudtrail-log.json.gz
