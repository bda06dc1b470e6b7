yes '$.eventName = ConsoleLogin &&' | head -n 3000 | { printf '{ '; tr '\n' ' '; printf '$.a = 1 }'; } | cwfilter parse -
