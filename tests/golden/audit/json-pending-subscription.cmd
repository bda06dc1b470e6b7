cwfilter audit --format json --rule cis-iam-policy-changes corpus/audit/pending-subscription
