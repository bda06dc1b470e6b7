cwfilter fix --diff --pattern '{ $.a == 1 }'
