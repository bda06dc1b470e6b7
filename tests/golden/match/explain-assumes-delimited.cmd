printf 'x y z\n' | cwfilter match --explain '[a, b]'
