cwfilter lint --format sarif corpus/configs/plan/plan.json
