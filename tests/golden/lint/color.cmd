cwfilter lint --color always corpus/configs/cfn/checkout-sam.yaml
