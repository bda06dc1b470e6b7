cwfilter audit --fix corpus/audit/filter-other-log-group
