#!/bin/sh
# run.sh BIN: every benchmark (tests/bench/bench_*.sh), each printing its
# figures as ratios against a baseline measured in the same run.
bin=$1
status=0
for b in tests/bench/bench_*.sh; do
    [ -f "$b" ] || continue
    echo "== $(basename "$b" .sh)"
    sh "$b" "$bin" || status=1
done
exit $status
