printf '{"a":true}\n' | cwfilter match --explain '{ $.a = true }'
