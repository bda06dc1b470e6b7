cwfilter lint --rule cis-4.4 --format sarif corpus/configs/coverage/unauthorized-current.tf
