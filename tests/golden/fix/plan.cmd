cwfilter fix --diff --unsafe -b cis corpus/configs/plan/plan.json
