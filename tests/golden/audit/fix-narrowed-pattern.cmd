cwfilter audit --fix corpus/audit/narrowed-pattern
