cwfilter lint --fail-on note corpus/configs/cdk/cdk.out/TrailStack.template.json
