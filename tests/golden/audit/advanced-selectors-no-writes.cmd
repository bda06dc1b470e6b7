cwfilter audit corpus/audit/advanced-selectors-no-writes
