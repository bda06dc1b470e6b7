cwfilter audit --fix corpus/audit/missing-exports
