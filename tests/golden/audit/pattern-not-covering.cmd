cwfilter audit corpus/audit/pattern-not-covering
