cwfilter audit --rule; cwfilter audit -F nope corpus/audit/alarm-without-actions; cwfilter audit --bogus
