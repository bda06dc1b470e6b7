cwfilter audit corpus/audit/missing-exports
