cwfilter audit corpus/audit/no-management-events
