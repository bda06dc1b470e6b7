cwfilter lint --format sarif corpus/configs/terraform/main.tf corpus/configs/terraform/broken.tf
