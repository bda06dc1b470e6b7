cwfilter implies '{ $.eventName = "Delete*" && $.errorCode NOT EXISTS }' '{ $.eventName = DeleteGroupPolicy }'
