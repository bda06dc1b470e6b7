cwfilter lint --format sarif corpus/configs/cfn/broken.yaml
