cwfilter lint --rule cis-4.4 corpus/configs/chain/no-actions.yaml
