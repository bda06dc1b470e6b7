cwfilter parse --ast '{ $.a[2].* = %x[0-9]% && $.b = "x y" }'
