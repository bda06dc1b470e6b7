cwfilter fix --unsafe --diff -r cis-iam-policy-changes corpus/fix/narrowed.tf corpus/fix/narrowed.yaml
