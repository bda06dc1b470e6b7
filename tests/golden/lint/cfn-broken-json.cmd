cwfilter lint --format json corpus/configs/cfn/broken.yaml
