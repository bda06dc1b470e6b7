cwfilter parse '{ $.eventName = ConsoleLogin) }'
