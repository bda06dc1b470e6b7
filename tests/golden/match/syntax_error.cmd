cwfilter match '{ $.eventName = "PutRolePolicy" ' corpus/events/cloudtrail-log.json
