cwfilter lint --format json corpus/configs/plan/plan.json
