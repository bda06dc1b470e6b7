cwfilter check --rule
