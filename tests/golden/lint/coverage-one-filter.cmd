cwfilter lint --rule cis-iam-policy-changes corpus/configs/cfn/split-iam.yaml
