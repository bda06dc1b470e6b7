cwfilter lint --no-config corpus/configs/describe/metric-filters.json
