cwfilter match '-DEBUG' corpus/events/cloudtrail-log.json
