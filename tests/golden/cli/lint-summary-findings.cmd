cwfilter lint corpus/configs/cfn/broken.yaml >/dev/null; cwfilter lint --format sarif corpus/configs/cfn/broken.yaml >/dev/null
