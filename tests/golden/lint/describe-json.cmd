cwfilter lint --format json corpus/configs/describe/metric-filters.json
