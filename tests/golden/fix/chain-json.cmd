cwfilter fix --format json --rule cis-4.4 corpus/fix/chain-other-metric.yaml corpus/fix/chain-other-metric-ref.tf
