cwfilter fix --diff --ignore CWF1 -r cis-iam-policy-changes corpus/fix/styles.yaml
