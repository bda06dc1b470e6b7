cwfilter lint corpus/configs/terraform
