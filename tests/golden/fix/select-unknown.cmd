cwfilter fix --select BOGUS corpus/fix
