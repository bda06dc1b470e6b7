. tests/golden/fix/libdir.sh; fixdir chain-split-tf --unsafe --rule cis-4.4
