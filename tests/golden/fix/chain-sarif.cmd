cwfilter fix --format sarif --rule cis-4.4 corpus/fix/chain-other-namespace.json
