cwfilter sql --dialect athena '{ $.a[*].b = %^x[0-9]+$% && $.c.* = "y" && $.n >= 1.5 && $.m IS NULL && $.t IS TRUE && $.s != "x" }'
