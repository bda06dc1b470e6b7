. tests/golden/fix/lib.sh; fixcase main.tf --unsafe -r cis-iam-policy-changes
