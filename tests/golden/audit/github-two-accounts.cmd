cwfilter audit --format github --rule cis-iam-policy-changes corpus/audit/two-regions-two-accounts
