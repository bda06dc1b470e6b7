cwfilter match --explain '{ ($.eventName = "PutUserPolicy" || $.eventName = "PutRolePolicy") && $.errorCode NOT EXISTS }' corpus/events/PutUserPolicy-accessdenied.json
