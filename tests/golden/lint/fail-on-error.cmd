cwfilter lint --fail-on error corpus/configs/cfn/checkout-sam.yaml
