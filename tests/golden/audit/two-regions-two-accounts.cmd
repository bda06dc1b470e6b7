cwfilter audit corpus/audit/two-regions-two-accounts
