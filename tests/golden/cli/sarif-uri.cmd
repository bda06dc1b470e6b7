cwfilter lint --format sarif corpus/configs/cfn/broken.yaml | grep -E -m3 'uri|SRCROOT'
