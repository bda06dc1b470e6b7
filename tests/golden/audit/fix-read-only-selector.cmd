cwfilter audit --fix corpus/audit/read-only-selector
