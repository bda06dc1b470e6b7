cwfilter audit corpus/audit/alarm-without-actions
