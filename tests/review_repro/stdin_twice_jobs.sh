#!/bin/sh
# match -j 2 with standard input named twice must print what -j 1 prints.
B=${1:-build/cwfilter}
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
python3 -c "
import sys
for i in range(200000): sys.stdout.write('line %d %s\n' % (i, 'DeleteTrail' if i % 7 == 0 else 'x' * (i % 40)))
" > "$t/ev.log"
one=$(cat "$t/ev.log" | "$B" match -c -j 1 DeleteTrail - -)
bad=0
for k in 1 2 3 4 5; do
    two=$(cat "$t/ev.log" | "$B" match -c -j 2 DeleteTrail - -)
    [ "$two" = "$one" ] || { echo "run $k: -j 2 counted $two, -j 1 counted $one"; bad=1; }
done
exit $bad
