cwfilter lint --benchmark cis-1.2 --format json corpus/configs/coverage/unauthorized-current.tf
