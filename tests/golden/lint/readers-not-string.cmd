cwfilter lint corpus/configs/readers/not-string.yaml corpus/configs/readers/not-string.template.json
