. tests/golden/fix/lib.sh; fixcase template.json --unsafe -r cis-iam-policy-changes
