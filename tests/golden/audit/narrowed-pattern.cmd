cwfilter audit corpus/audit/narrowed-pattern
