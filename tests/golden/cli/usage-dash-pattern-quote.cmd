cwfilter match "-DON'T" corpus/events/cloudtrail-log.json
