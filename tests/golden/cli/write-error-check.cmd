cwfilter check '{ $.eventName = PutRolePolicy }' > /dev/full
