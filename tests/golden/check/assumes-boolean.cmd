cwfilter check --rule cis-4.4 '{ ($.eventName = "*Policy*") && ($.readOnly = false) }'
