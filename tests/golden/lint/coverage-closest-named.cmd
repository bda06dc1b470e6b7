cwfilter lint --rule cis-4.4 corpus/audit/narrowed-pattern
