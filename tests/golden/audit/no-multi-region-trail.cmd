cwfilter audit corpus/audit/no-multi-region-trail
