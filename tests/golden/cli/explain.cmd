cwfilter explain CWF112 missing-dollar
