. tests/golden/fix/lib.sh; fixcase narrowed.tf --unsafe -r cis-iam-policy-changes
