. tests/golden/fix/lib.sh; fixcase export.json --unsafe -r cis-iam-policy-changes
