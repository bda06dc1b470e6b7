cwfilter --version
