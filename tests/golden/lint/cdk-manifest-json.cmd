cwfilter lint --format json corpus/configs/cdk/cdk.out/manifest.json
