cwfilter audit --fix corpus/audit/alarm-missing-settings
