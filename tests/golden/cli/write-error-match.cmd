cwfilter match userIdentity corpus/events/cloudtrail-log.json > /dev/full
