cwfilter audit corpus/audit/pass
