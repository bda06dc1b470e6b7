cwfilter match --count ERROR missing.log
