cwfilter audit --fix corpus/audit/trail-not-logging
