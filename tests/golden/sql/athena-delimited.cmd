cwfilter sql --dialect athena '[ip, user=frank, ..., status!=2*, size<=1500]'
