cwfilter lint --exit-zero --format github corpus/configs/cfn/broken.yaml
