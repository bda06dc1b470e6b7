cwfilter audit --format github --rule cis-iam-policy-changes --rule cis-vpc-changes corpus/audit/alarm-sanity
