cwfilter parse '{($.eventName=DeleteGroupPolicy)|| \
($.eventName=DeleteRolePolicy)}'
