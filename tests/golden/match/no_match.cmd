cwfilter match --count '{ $.eventName = "NoSuchEvent" }' corpus/events/cloudtrail-log.json
