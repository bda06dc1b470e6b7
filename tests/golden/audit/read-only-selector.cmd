cwfilter audit corpus/audit/read-only-selector
