cwfilter fix --diff --rule cis-4.5 corpus/fix/readme.tf
