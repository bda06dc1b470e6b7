cwfilter audit --fix corpus/audit/no-log-group
