cwfilter sql --source cloudtrail-table 'ERROR'
