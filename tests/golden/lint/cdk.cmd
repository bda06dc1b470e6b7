cwfilter lint corpus/configs/cdk/cdk.out
