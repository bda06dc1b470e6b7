cwfilter check '{ $.eventSource = "iam.amazonaws.com" && $.eventSource = "iam*" && ($.eventName = "*Policy*" || $.eventName = "DeleteGroupPolicy") && ($.a = 1 && $.a = 2 || $.b NOT EXISTS) }'
