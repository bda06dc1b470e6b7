cwfilter lint --rule cis-4.4 --fail-on error corpus/configs/describe/metric-filters.json corpus/configs/cfn/cloudtrail-alarms.yaml
