cwfilter fix --format github corpus/fix
