cwfilter fix --unsafe --diff --rule cis-4.4 corpus/fix/chain-other-metric.tf
