cwfilter check --bogus ERROR
