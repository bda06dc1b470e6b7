cwfilter lint --format sarif corpus/configs/cfn/cloudtrail-alarms.yaml
