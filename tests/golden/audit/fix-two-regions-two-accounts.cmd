cwfilter audit --fix corpus/audit/two-regions-two-accounts
