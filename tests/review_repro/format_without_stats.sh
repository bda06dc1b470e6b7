#!/bin/sh
# --format goes with --stats (help: "text (default) or json, for --stats");
# without it, a usage error as for --by, --period and --threshold.
B=${1:-build/cwfilter}
printf 'ERROR one\n' | "$B" match --format json ERROR > /dev/null 2>&1
rc=$?
echo "match --format json ERROR (no --stats): exit $rc, expected 2"
[ "$rc" = 2 ]
