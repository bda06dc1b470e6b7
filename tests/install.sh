#!/bin/sh
# install.sh: `make install` into a temporary prefix, then the README's
# library example (between its markers) built against the installed copy with
# pkg-config, once on the shared library and once statically on
# libcwfilter.a, each run and its output compared with the README's.
# Run from the top of the tree (make lib-test does).
set -e
make=${MAKE:-make}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
prefix=$dir/prefix

$make -s install PREFIX="$prefix" >"$dir/install.log" 2>&1 \
    || { cat "$dir/install.log"; echo "install.sh: make install failed"; exit 1; }
for f in bin/cwfilter lib/libcwfilter.so.0 lib/libcwfilter.a include/cwfilter.h \
         lib/pkgconfig/cwfilter.pc; do
    [ -f "$prefix/$f" ] || { echo "install.sh: $f not installed"; exit 1; }
done
[ "$(readlink "$prefix/lib/libcwfilter.so")" = libcwfilter.so.0 ] \
    || { echo "install.sh: lib/libcwfilter.so is not a link to libcwfilter.so.0"; exit 1; }

# The example and its output, exactly as README.md shows them.
sed -n '/<!-- library-example: begin -->/,/<!-- library-example: end -->/p' README.md \
    | sed '1,2d;$d' | sed '$d' >"$dir/example.c"
sed -n '/<!-- library-output: begin -->/,/<!-- library-output: end -->/p' README.md \
    | sed '1,2d;$d' | sed '$d' >"$dir/expected"
[ -s "$dir/example.c" ] && [ -s "$dir/expected" ] \
    || { echo "install.sh: no library example between the markers of README.md"; exit 1; }

export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
cflags="-std=c11 -Wall -Wextra -Werror $(pkg-config --cflags cwfilter)"

# shellcheck disable=SC2086
cc $cflags -o "$dir/shared" "$dir/example.c" $(pkg-config --libs cwfilter)
readelf -d "$dir/shared" | grep -q 'NEEDED.*libcwfilter\.so\.0' \
    || { echo "install.sh: the shared build does not use libcwfilter.so.0"; exit 1; }
LD_LIBRARY_PATH="$prefix/lib" "$dir/shared" >"$dir/out.shared"
diff -u "$dir/expected" "$dir/out.shared" \
    || { echo "install.sh: the shared build prints something else than README.md says"; exit 1; }

# shellcheck disable=SC2086
cc $cflags -o "$dir/static" "$dir/example.c" \
    $(pkg-config --static --libs cwfilter | sed 's/-lcwfilter/-l:libcwfilter.a/')
if readelf -d "$dir/static" | grep -q 'NEEDED.*libcwfilter'; then
    echo "install.sh: the static build still needs libcwfilter.so"; exit 1
fi
"$dir/static" >"$dir/out.static"
diff -u "$dir/expected" "$dir/out.static" \
    || { echo "install.sh: the static build prints something else than README.md says"; exit 1; }
echo "install.sh: installed, README example built and run (shared and static)"
