cwfilter lint --rule cis-root-account-usage corpus/configs/coverage/root-sub.yaml
