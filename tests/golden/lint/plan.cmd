cwfilter lint corpus/configs/plan/plan.json
