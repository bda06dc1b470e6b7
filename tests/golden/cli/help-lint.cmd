cwfilter help lint
