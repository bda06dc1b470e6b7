cwfilter lint --color auto corpus/configs/cfn/checkout-sam.yaml
