. tests/golden/fix/libdir.sh; fixdir chain-split-tfjson --rule cis-4.4
