. tests/golden/fix/libdir.sh; fixdir chain-split-tf --rule cis-4.4
