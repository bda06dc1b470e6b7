cwfilter audit corpus/audit/flat
