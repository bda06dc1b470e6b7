printf '%s\n' '{ $.a = 1 &&}' | cwfilter parse -
