cwfilter audit --benchmark cis-1.2 corpus/audit/narrowed-pattern
