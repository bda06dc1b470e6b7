cwfilter audit corpus/audit/alarm-other-metric
