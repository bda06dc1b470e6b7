cwfilter audit --fix corpus/audit/alarm-other-metric
