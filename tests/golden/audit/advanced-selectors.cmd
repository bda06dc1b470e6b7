cwfilter audit corpus/audit/advanced-selectors
