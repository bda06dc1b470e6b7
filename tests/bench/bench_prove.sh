#!/bin/sh
# bench_prove.sh BIN: how long `cwfilter check` takes to prove, without
# process start-up: a small driver (bench_prove.c) times cwf_check_rule in a
# loop against cis-iam-policy-changes and prints the median, with the parse
# time of the same pattern in the same run as the baseline.
#   prove_iam.pattern    the benchmark's own 505-character pattern (covers)
#   prove_worst.pattern  1024 characters: nesting 10 deep, 10 wildcard
#                        values, 2 regexes, 3 wildcard selectors (not covered)
# Goal: under 1 ms each.
bin=$1
build=$(dirname "$bin")
here=$(dirname "$0")
[ -f "$build/libcwf.a" ] || { echo "bench_prove: no $build/libcwf.a"; exit 2; }
drv=$build/bench/bench_prove
mkdir -p "$build/bench"
${CC:-cc} -std=c11 -O2 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Isrc -I"$build/gen" \
    -o "$drv" "$here/bench_prove.c" "$build/libcwf.a" \
    $(pkg-config --libs jansson yaml-0.1 zlib) -lm || exit 2
echo "benchmark pattern: $("$drv" cis-iam-policy-changes "$here/prove_iam.pattern" 500)"
echo "worst case:        $("$drv" cis-iam-policy-changes "$here/prove_worst.pattern" 100)"
