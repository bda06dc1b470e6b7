cwfilter sql -- 'ERROR -DEBUG'
