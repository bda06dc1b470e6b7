cwfilter sql '%a.b|[^x]+[^y]+%'
