printf '%s\n' '[ERROR 400] BAD REQUEST' '[ERROR 419] MISSING ARGUMENTS' '[INFO] all good' | cwfilter match --invert 'ERROR -ARGUMENTS'
