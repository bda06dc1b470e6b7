cwfilter audit --fix corpus/audit/pass
