cwfilter check --rule cis-4.4 '[version, account, eventName = *Policy*]'
