cwfilter lint --format github corpus/configs/plan/plan.json
