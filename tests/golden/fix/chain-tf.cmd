. tests/golden/fix/lib.sh; fixcase chain-other-metric.tf --rule cis-4.4
