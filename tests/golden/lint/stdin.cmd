cwfilter lint - < corpus/configs/terraform/broken.tf
