printf '{ $.errorCode = "Access\000Denied" }' | cwfilter parse -
