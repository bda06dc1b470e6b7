cwfilter lint --rule cis-iam-policy-changes --format json corpus/configs/terraform/main.tf corpus/configs/plan/plan.json
