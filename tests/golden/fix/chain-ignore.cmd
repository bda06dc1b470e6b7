cwfilter fix --unsafe --diff --ignore CWF5 --rule cis-4.4 corpus/fix/chain-other-metric.yaml
