cwfilter lint corpus/configs/describe
