cwfilter lint --benchmark cis-9.9 corpus/configs/coverage
