cwfilter lint --benchmark cis --format github corpus/configs/cdk/cdk.out
