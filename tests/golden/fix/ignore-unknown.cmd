cwfilter fix --select CWF1 --ignore CWF1,NOPE corpus/fix
