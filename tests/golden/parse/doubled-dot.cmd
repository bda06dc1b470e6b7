cwfilter parse '{ $..eventName = DeleteRolePolicy }'
