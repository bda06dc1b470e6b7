cwfilter audit corpus/audit/pending-subscription
