. tests/golden/fix/lib.sh; fixcase styles.yaml --unsafe -r cis-iam-policy-changes
