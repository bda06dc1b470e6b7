#!/bin/sh
# lib_symbols.sh SHLIB HEADER: the shared library exports exactly the
# functions the public header declares with CWF_API, nothing else (no
# internal cwf_ function, no symbol of another prefix).
set -e
lib=$1 hdr=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# Declarations may wrap: join the header, then take the name before "(" of
# every CWF_API declaration.
grep -v '^#' "$hdr" | tr '\n' ' ' | grep -o 'CWF_API[^;(]*(' | sed 's/.*[ *]\([a-z_0-9]*\)($/\1/' \
    | sort -u >"$dir/declared"
nm -D --defined-only "$lib" | awk '{print $3}' | sort -u >"$dir/exported"
[ -s "$dir/declared" ] || { echo "lib_symbols: no CWF_API declaration in $hdr"; exit 1; }
if ! diff -u "$dir/declared" "$dir/exported" >"$dir/diff"; then
    echo "lib_symbols: $lib exports other symbols than $hdr declares (- declared, + exported):"
    grep '^[-+][^-+]' "$dir/diff"
    exit 1
fi
objdump -p "$lib" | grep -q 'SONAME *libcwfilter\.so\.0$' \
    || { echo "lib_symbols: $lib: soname is not libcwfilter.so.0"; exit 1; }
echo "lib_symbols: $(wc -l <"$dir/exported") symbols, all declared in $hdr"
