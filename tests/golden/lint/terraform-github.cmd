cwfilter lint --format github corpus/configs/terraform
