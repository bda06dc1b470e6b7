cwfilter lint --rule cis-4.4 corpus/configs/coverage/unauthorized-current.tf
