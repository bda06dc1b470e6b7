cwfilter fix --format sarif -r cis-iam-policy-changes corpus/fix/main.tf corpus/fix/styles.yaml
