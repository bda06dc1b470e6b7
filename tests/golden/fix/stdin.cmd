cwfilter fix -r cis-4.5 - < corpus/fix/readme.tf
