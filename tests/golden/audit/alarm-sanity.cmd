cwfilter audit corpus/audit/alarm-sanity
