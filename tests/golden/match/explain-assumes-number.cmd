printf '{"a":"4"}\n' | cwfilter match --explain '{ $.a = 4 }'
