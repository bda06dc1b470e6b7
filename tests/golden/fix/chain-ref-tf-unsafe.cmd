. tests/golden/fix/lib.sh; fixcase chain-other-metric-ref.tf --unsafe --rule cis-4.4
