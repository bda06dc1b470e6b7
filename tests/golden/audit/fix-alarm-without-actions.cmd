cwfilter audit --fix corpus/audit/alarm-without-actions
