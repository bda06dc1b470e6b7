# filter-log-events output: the periods come from each event's "timestamp"
cwfilter match --stats --period 5m --threshold 2 '{ $.eventName = * }' corpus/events/filter-log-events.json
