cwfilter audit corpus/audit/no-log-group
