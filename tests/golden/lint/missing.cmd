cwfilter lint corpus/configs/no-such-file.tf
