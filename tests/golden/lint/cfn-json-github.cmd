cwfilter lint --format github corpus/configs/cfn/payments.template.json
