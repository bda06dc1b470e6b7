#!/bin/sh
# run.sh SECONDS BIN...: runs each libFuzzer harness BIN for SECONDS, two at
# a time (one per core), with ASan+UBSan.  Each starts from its kept seeds,
# tests/fuzz/seeds/NAME/, which also hold every input that ever crashed a
# harness, so each run replays them all first.  New inputs go to
# build/fuzz/corpus/NAME, a crash to build/fuzz/crashes/.  Prints one line per
# harness; exits 1 if any harness failed (its log's tail is printed).
# -timeout (wall clock) is 30 s, not 10: on a loaded 2-core machine (load 13)
# an input that takes 1 s of CPU under the sanitizers took 11 s.
secs=$1
shift
mkdir -p build/fuzz/crashes
one() {
    n=$(basename "$1")
    mkdir -p "build/fuzz/corpus/$n" "tests/fuzz/seeds/$n"
    if "$1" -max_total_time="$secs" -max_len=4096 -timeout=30 -rss_limit_mb=2048 \
        -artifact_prefix="build/fuzz/crashes/$n-" -print_final_stats=1 \
        "build/fuzz/corpus/$n" "tests/fuzz/seeds/$n" >"build/fuzz/$n.log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "build/fuzz/$n.log")
        echo "fuzz: $n: ${secs}s, ${runs:-?} runs, $(ls "tests/fuzz/seeds/$n" | wc -l) seeds replayed, clean"
    else
        echo "fuzz: $n: FAILED (build/fuzz/$n.log; the input is in build/fuzz/crashes/:"
        echo "      once fixed, keep it in tests/fuzz/seeds/$n/)"
        tail -40 "build/fuzz/$n.log"
        return 1
    fi
}
# Two lanes, one per core: the harnesses at odd and at even places.
lane() {
    st=0
    k=0
    for b in "$@"; do
        k=$((k + 1))
        [ $((k % 2)) -eq "$lane" ] && { one "$b" || st=1; }
    done
    return $st
}
rm -f build/fuzz/lane0 build/fuzz/lane1
lane=0; lane "$@" >build/fuzz/lane0 2>&1 & p0=$!
lane=1; lane "$@" >build/fuzz/lane1 2>&1 & p1=$!
status=0
wait $p0 || status=1
wait $p1 || status=1
cat build/fuzz/lane1 build/fuzz/lane0
exit $status
