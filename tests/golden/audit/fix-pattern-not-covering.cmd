cwfilter audit --fix corpus/audit/pattern-not-covering
