cwfilter parse '{ $.eventName = Put*Policy }'
