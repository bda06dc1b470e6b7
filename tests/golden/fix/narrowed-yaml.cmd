. tests/golden/fix/lib.sh; fixcase narrowed.yaml -r cis-iam-policy-changes
