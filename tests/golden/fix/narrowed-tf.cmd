. tests/golden/fix/lib.sh; fixcase narrowed.tf -r cis-iam-policy-changes
