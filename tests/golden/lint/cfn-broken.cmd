cwfilter lint corpus/configs/cfn/broken.yaml
