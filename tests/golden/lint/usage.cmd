cwfilter lint --format xml corpus/configs
