. tests/golden/fix/lib.sh; fixcase main.tf -r cis-iam-policy-changes
