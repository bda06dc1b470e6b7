cwfilter lint --rule cis-9.9 corpus/configs
