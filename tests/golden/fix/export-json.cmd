. tests/golden/fix/lib.sh; fixcase export.json -r cis-iam-policy-changes
