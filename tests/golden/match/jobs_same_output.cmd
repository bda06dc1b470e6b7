# --jobs 4 prints byte for byte what --jobs 1 prints: a 10 MB lines file (in pieces: CloudTrail
# records, plain lines, blank lines, CRLF, \u escapes) and many files of every format at once.
d=$(mktemp -d); python3 - "$d/big.jsonl" <<'PY'
import glob, json, sys
recs = [json.dumps(json.load(open(f)), separators=(",", ":")) for f in sorted(glob.glob("corpus/events/*-*.json"))]
out, i = [], 0
while sum(map(len, out)) < 10_000_000:
    r = recs[i % len(recs)]
    k = i % 7
    out.append(r + ("\r\n" if k == 1 else "\n"))
    if k == 2: out.append("\n")
    if k == 3: out.append("plain text PutUserPolicy %d\n" % i)
    if k == 4: out.append('{"eventName":"Delete\\u0047roupPolicy","n":%d}\n' % i)
    i += 1
open(sys.argv[1], "w").write("".join(out))
PY
iam='{($.eventName=DeleteGroupPolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)}'
set -- "$d/big.jsonl" corpus/events/*.json corpus/events/trail/*.json.gz corpus/logs/* "$d/big.jsonl"
for mode in "" --count --json --invert "--invert --count" --no-prefilter; do
  cwfilter match -j 1 $mode "$iam" "$@" >"$d/one" 2>&1; echo "exit $?" >>"$d/one"
  cwfilter match -j 4 $mode "$iam" "$@" >"$d/four" 2>&1; echo "exit $?" >>"$d/four"
  cmp -s "$d/one" "$d/four" && echo "same: ${mode:-lines} ($(wc -l <"$d/one") lines)"
done
cwfilter match -j 1 --explain 'PutUserPolicy' "$d/big.jsonl" corpus/logs/* >"$d/one"
cwfilter match -j 3 --explain 'PutUserPolicy' "$d/big.jsonl" corpus/logs/* >"$d/four"
cmp -s "$d/one" "$d/four" && echo "same: --explain ($(wc -l <"$d/one") lines)"
cwfilter match -j 4 --count '[a, b = PutUserPolicy*]' "$d/big.jsonl" -
rm -rf "$d"
