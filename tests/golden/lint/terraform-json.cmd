cwfilter lint --format json corpus/configs/terraform/filters.tf.json corpus/configs/terraform/modules
