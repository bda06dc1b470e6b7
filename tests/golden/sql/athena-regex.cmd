cwfilter sql --dialect athena '%^[Ee]rror: \d+ .*\x41$|\s[^a]+x%'
