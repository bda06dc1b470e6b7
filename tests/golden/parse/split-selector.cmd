cwfilter parse '{($.eventName=DeleteGroupPolicy)||($.eventNa me=DeleteUserPolicy)}'
