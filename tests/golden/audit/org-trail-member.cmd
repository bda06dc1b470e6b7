cwfilter audit --rule cis-4.4 corpus/audit/org-trail-member
