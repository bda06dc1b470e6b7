cwfilter lint --rule cis-root-account-usage corpus/configs/coverage/broad-root.tf
