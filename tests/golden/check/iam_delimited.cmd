cwfilter check '[version, account, eventName = *Policy*, source]'
