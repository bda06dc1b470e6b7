cwfilter fix
