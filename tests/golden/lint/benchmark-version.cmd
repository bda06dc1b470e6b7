cwfilter lint --benchmark cis corpus/configs/coverage/unauthorized-current.tf
