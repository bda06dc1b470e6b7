cwfilter match --json '{ $.eventName = *Policy && $.eventSource = "iam.amazonaws.com" }' corpus/events/filter-log-events.json
