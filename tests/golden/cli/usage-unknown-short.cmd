cwfilter lint -x
