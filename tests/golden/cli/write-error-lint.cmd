cwfilter lint corpus/configs/cfn/broken.yaml > /dev/full
