cwfilter lint corpus/configs/cfn/cloudtrail-alarms.yaml
