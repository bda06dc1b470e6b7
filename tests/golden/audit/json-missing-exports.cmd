cwfilter audit --format json --rule cis-4.4 --rule cis-cmk-disable-or-deletion corpus/audit/missing-exports
