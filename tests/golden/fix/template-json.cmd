. tests/golden/fix/lib.sh; fixcase template.json -r cis-iam-policy-changes
