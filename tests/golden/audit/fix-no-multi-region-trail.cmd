cwfilter audit --fix corpus/audit/no-multi-region-trail
