cwfilter audit corpus/audit/trail-not-logging
