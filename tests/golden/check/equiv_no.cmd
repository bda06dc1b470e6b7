cwfilter equiv '{ $.x != "a" }' '{ $.x NOT EXISTS || $.x != "a" }'
