cwfilter match --stats --by eventName --period 1h '{ $.eventName = *Policy* }' corpus/events/*.json
