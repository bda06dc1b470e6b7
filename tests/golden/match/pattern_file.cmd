cwfilter match --count --file tests/golden/match/iam.pattern corpus/events/filter-log-events.json tests/golden/match/cloudtrail-log.json.gz
