cwfilter fix --format json --unsafe -r cis-iam-policy-changes corpus/fix/styles.yaml
