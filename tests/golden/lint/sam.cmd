cwfilter lint corpus/configs/cfn/checkout-sam.yaml
