cwfilter audit --fix corpus/audit/alarm-settings
