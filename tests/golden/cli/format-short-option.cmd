cwfilter lint -F json corpus/configs/cfn/broken.yaml; cwfilter lint -f json corpus/configs/cfn/broken.yaml
