cwfilter parse '{ $.eventName == "ConsoleLogin" }'
