cwfilter lint --format github corpus/configs/cfn/broken.yaml
