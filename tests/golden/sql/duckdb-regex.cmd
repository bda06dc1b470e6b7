cwfilter sql '%^[Ee]rror: \d+ .*\x41$%'
