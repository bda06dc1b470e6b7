printf '{ $.a = "x\000y" }' | cwfilter fmt -
