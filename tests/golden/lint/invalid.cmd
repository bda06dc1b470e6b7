cwfilter lint corpus/configs/invalid corpus/configs/cfn/checkout-sam.yaml
