. tests/golden/fix/lib.sh; fixcase chain-other-namespace.json --unsafe --rule cis-4.4
