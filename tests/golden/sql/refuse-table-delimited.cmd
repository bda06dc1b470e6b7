cwfilter sql --source cloudtrail-table '[ip, user]'
