. tests/golden/fix/libdir.sh; fixdir chain-split-yaml --unsafe --rule cis-4.4
