cwfilter parse '{ $.eventName = CreateTrail && () }'
