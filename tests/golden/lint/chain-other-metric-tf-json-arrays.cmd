cwfilter lint --rule cis-4.4 corpus/configs/chain/other-metric-arrays.tf.json
