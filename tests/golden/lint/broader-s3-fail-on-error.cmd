cwfilter lint --rule cis-s3-bucket-policy-changes --fail-on error corpus/configs/coverage/broad-s3.tf
