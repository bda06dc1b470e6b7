. tests/golden/fix/lib.sh; fixcase styles.yaml -r cis-iam-policy-changes
