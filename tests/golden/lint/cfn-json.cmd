cwfilter lint corpus/configs/cfn/payments.template.json
