. tests/golden/fix/lib.sh; fixcase narrowed.yaml --unsafe -r cis-iam-policy-changes
