cwfilter lint corpus/configs/readers/duplicate-keys.yaml
