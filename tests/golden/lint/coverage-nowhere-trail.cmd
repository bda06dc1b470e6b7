cwfilter lint --rule cis-root-account-usage corpus/configs/chain/correct.tf
