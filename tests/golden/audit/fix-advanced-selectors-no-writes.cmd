cwfilter audit --fix corpus/audit/advanced-selectors-no-writes
