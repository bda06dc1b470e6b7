cwfilter parse '{ $.eventName = "ConsoleLogin" }'
