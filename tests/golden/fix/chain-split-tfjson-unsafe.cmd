. tests/golden/fix/libdir.sh; fixdir chain-split-tfjson --unsafe --rule cis-4.4
