#!/bin/sh
# golden.sh BIN [DIR...]: runs every golden case under tests/golden/ (or
# under the DIRs given) and compares the
# exact output.  A case is NAME.cmd (the arguments, one shell line, run from
# the top of the tree with BIN as "cwfilter") and NAME.out (the expected
# stdout, then stderr, then "exit: N").  UPDATE=1 rewrites the .out files.
bin=$1
shift
dirs=${*:-tests/golden}
[ -x "$bin" ] || { echo "golden.sh: no binary $bin"; exit 2; }
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for cmd in $(find $dirs -name '*.cmd' | sort); do
    exp=${cmd%.cmd}.out
    ( cwfilter() { "$bin" "$@"; }
      NO_COLOR=1; export NO_COLOR
      . "./$cmd" >"$tmp/stdout" 2>"$tmp/stderr" </dev/null
      echo "exit: $?" >"$tmp/rc" )
    cat "$tmp/stdout" "$tmp/stderr" "$tmp/rc" >"$tmp/got"
    if [ -n "$UPDATE" ]; then cp "$tmp/got" "$exp"; fi
    if cmp -s "$tmp/got" "$exp"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL golden: $cmd"
        diff -u "$exp" "$tmp/got" | head -30
    fi
done
echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
