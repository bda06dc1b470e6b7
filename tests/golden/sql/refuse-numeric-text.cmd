cwfilter sql '{ $.port = "22" || $.code = %^4% }'
