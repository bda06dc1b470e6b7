#!/bin/sh
# fix -b cis: the findings left (and the exit status) of a run must be those
# of a second run on its output, and text and json must agree.
B=${1:-build/cwfilter}
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
cp corpus/fix/main.tf "$t/"
"$B" fix -b cis "$t" > /dev/null 2> "$t/1.err"; r1=$?
"$B" fix -b cis "$t" > /dev/null 2> "$t/2.err"; r2=$?
"$B" fix -b cis -F json "$t" > "$t/3.json" 2>/dev/null; r3=$?
echo "run 1: exit $r1: $(tail -1 "$t/1.err")"
echo "run 2: exit $r2: $(tail -1 "$t/2.err")"
echo "run 2 as json: exit $r3: $(tr -d '\n' < "$t/3.json" | head -c 120)"
[ "$r1" = "$r2" ] && [ "$r2" = "$r3" ]
