. tests/golden/fix/lib.sh; fixcase chain-other-metric.yaml --rule cis-4.4
