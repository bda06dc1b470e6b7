. tests/golden/fix/lib.sh; fixcase chain-other-metric.tf --unsafe --rule cis-4.4
