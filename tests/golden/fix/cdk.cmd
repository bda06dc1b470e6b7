cwfilter fix --diff -r cis-4.5 corpus/fix/cdk.out/manifest.json
