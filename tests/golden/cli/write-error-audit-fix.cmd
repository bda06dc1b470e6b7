cwfilter audit --fix corpus/audit/alarm-without-actions > /dev/full
