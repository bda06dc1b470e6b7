printf '%s\n' '{"a":1,}' '{"a":1}' 'a=1 plain text' | { cwfilter match '{ $.a = 1 }'; echo "exit: $?"; printf '%s\n' '{"a":1,}' '{"a":1}' 'a=1 plain text' | cwfilter match '"a"'; }
