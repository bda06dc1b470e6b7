cwfilter fix --diff -r cis-iam-policy-changes corpus/fix/main.tf
