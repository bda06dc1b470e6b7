cwfilter parse '{ $.eventType = Type || DeleteGroupPolicy = $.eventName }'
