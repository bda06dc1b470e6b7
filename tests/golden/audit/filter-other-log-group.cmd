cwfilter audit corpus/audit/filter-other-log-group
