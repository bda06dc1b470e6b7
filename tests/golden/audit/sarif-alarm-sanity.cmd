cwfilter audit --format sarif --rule cis-iam-policy-changes corpus/audit/alarm-sanity
