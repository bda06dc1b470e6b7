. tests/golden/fix/lib.sh; fixcase filters.tf.json --unsafe -r cis-iam-policy-changes
