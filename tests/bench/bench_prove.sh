#!/bin/sh
# bench_prove.sh BIN: how long `cwfilter check` takes to prove, without
# process start-up or parsing: a small driver (bench_prove.c) parses each
# pattern once, times cwf_check_rule in a loop against
# cis-iam-policy-changes and prints the median, with the parse time of the
# same pattern as the baseline.
#   prove_iam.pattern    the benchmark's own 505-character pattern (covers)
#   prove_worst.pattern  1024 characters: nesting 10 deep, 10 wildcard
#                        values, 2 regexes, 3 wildcard selectors (not covered)
#   --series             1..64 OR terms on $.eventName: the growth 8 -> 64
# Goals (issue 17): under 50 us, under 200 us, growth under 10x.
bin=$1
build=$(dirname "$bin")
here=$(dirname "$0")
[ -f "$build/libcwf.a" ] || { echo "bench_prove: no $build/libcwf.a"; exit 2; }
drv=$build/bench/bench_prove
mkdir -p "$build/bench"
${CC:-cc} -std=c11 -O2 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Isrc -I"$build/gen" \
    -o "$drv" "$here/bench_prove.c" "$build/libcwf.a" \
    $(pkg-config --libs jansson yaml-0.1 zlib) -lm || exit 2
status=0
out=$("$drv" cis-iam-policy-changes "$here/prove_iam.pattern" 500 50) || status=1
echo "benchmark pattern: $out"
out=$("$drv" cis-iam-policy-changes "$here/prove_worst.pattern" 100 200) || status=1
echo "worst case:        $out"
echo "OR-term series:"
"$drv" --series cis-iam-policy-changes 50 || status=1
exit $status
