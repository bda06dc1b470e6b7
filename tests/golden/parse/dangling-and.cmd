cwfilter parse '{ ($.eventName = CreateTrail) || }'
