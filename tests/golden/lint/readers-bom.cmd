cwfilter lint corpus/configs/readers/bom.template.json corpus/configs/readers/bom.yaml
