. tests/golden/fix/lib.sh; fixcase filters.tf.json -r cis-iam-policy-changes
