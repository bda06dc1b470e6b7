. tests/golden/fix/lib.sh; fixcase chain-other-metric.yaml --unsafe --rule cis-4.4
