cwfilter explain CWF999
