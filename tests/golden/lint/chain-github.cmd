cwfilter lint --rule cis-4.4 --format github corpus/configs/chain/no-subscription.yaml corpus/configs/chain/other-metric.tf
