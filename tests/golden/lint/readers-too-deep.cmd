cwfilter lint corpus/configs/readers/too-deep.yaml corpus/configs/readers/too-deep.template.json corpus/configs/readers/too-deep.tf
