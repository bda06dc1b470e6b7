#!/bin/sh
# bench_match.sh BIN: the throughput of `cwfilter match` with the CIS IAM
# policy-changes pattern on generated CloudTrail, against jq and against the
# parse-only floor (jansson json_loadb of every record plus one lookup), all
# measured in this run, with peak resident memory.  Then, side by side in the
# same run: ripgrep (`rg -j1 -c -F -f names`, one core) on two mixes (few
# lines matching: the data above, 4% IAM records; most: 90%), --jobs 2
# against --jobs 1 on one file and on eight, and 120 CloudTrail .json.gz
# objects against `libdeflate-gunzip -c > /dev/null`.
#
#   BENCH_MB=220   size of the generated data (build/bench/, kept between runs)
#
# Every run must count the same matches, or the benchmark fails.
set -e
bin=$1
[ -x "$bin" ] || { echo "bench_match.sh: no binary $bin"; exit 2; }
mb=${BENCH_MB:-220}
dir=build/bench
data=$dir/cloudtrail
mkdir -p "$dir"

if [ ! -s "$data.jsonl" ] || [ "$(cat "$data.mb" 2>/dev/null)" != "$mb" ]; then
    echo "generating $mb MB of CloudTrail records in $dir ..."
    python3 tests/bench/gen_cloudtrail.py "$mb" "$data"
    echo "$mb" >"$data.mb"
    rm -f "$data.json.gz"
fi
[ -s "$data.json.gz" ] || gzip -1 -c "$data.json" >"$data.json.gz"
# shellcheck disable=SC2046
cc -O2 -o "$dir/floor_jansson" tests/bench/floor_jansson.c $(pkg-config --cflags --libs jansson)
cc -O2 -o "$dir/peak_rss" tests/bench/peak_rss.c
rss="$dir/peak_rss $dir/rss.txt"

pattern='{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}'
jqf='select(.eventName == "DeleteGroupPolicy" or .eventName == "DeleteRolePolicy" or .eventName == "DeleteUserPolicy" or .eventName == "PutGroupPolicy" or .eventName == "PutRolePolicy" or .eventName == "PutUserPolicy" or .eventName == "CreatePolicy" or .eventName == "DeletePolicy" or .eventName == "CreatePolicyVersion" or .eventName == "DeletePolicyVersion" or .eventName == "AttachRolePolicy" or .eventName == "DetachRolePolicy" or .eventName == "AttachUserPolicy" or .eventName == "DetachUserPolicy" or .eventName == "AttachGroupPolicy" or .eventName == "DetachGroupPolicy")'

# run LABEL BYTES REPEAT SHELL-COMMAND: runs the command REPEAT times (best
# wall time and best CPU time kept); prints a table row with the CPU time
# and peak RSS that peak_rss wrote for the measured program, and keeps the
# count (the last output line) and the throughputs in $dir/count.KEY and
# $dir/mbs.KEY (KEY: LABEL's first word).  On a busy machine the CPU figures
# are the steadier ones.
run() {
    python3 - "$@" <<'EOF'
import subprocess, sys, time
label, size, repeat, cmd = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
best, cpu, out, rss = None, None, b"", 0
for _ in range(repeat):
    t = time.perf_counter()
    p = subprocess.run(cmd, shell=True, stdout=subprocess.PIPE)
    dt = time.perf_counter() - t
    if p.returncode not in (0, 1):
        sys.exit("bench: %s failed (exit %d)" % (label, p.returncode))
    kib, secs = open("build/bench/rss.txt").read().split()
    best, out = min(best or dt, dt), p.stdout
    cpu = min(cpu or float(secs), float(secs))
    rss = max(rss, int(kib))
count = out.decode().strip().splitlines()[-1] if out.strip() else "0"
mb = size / 1e6
print("%-48s %6.2f %6.0f %6.2f %6.0f %6.1f %7s" % (label, best, mb / best, cpu, mb / cpu, rss / 1024, count))
key = label.split()[0]
open("build/bench/count." + key, "w").write(count)
open("build/bench/mbs." + key, "w").write("%.1f %.1f" % (mb / best, mb / cpu))
EOF
}

size_json=$(wc -c <"$data.json")
size_jsonl=$(wc -c <"$data.jsonl")
records=$(wc -l <"$data.jsonl")
echo "data: $records CloudTrail records, $((size_json / 1000000)) MB (Records file) and $((size_jsonl / 1000000)) MB (JSON Lines)"
echo "pattern: the CIS IAM policy-changes pattern (16 event names)"
printf '%-48s %6s %6s %6s %6s %6s %7s\n' "run" "wall s" "MB/s" "CPU s" "MB/s" "RSS MB" "matches"
run "cwfilter-records match --count, Records file" "$size_json" 3 "$rss '$bin' match -j 1 --count '$pattern' '$data.json'"
run "cwfilter-jsonl match --count, JSON Lines" "$size_jsonl" 3 "$rss '$bin' match -j 1 --count '$pattern' '$data.jsonl'"
run "cwfilter-gzip match --count, Records .json.gz" "$size_json" 1 "$rss '$bin' match -j 1 --count '$pattern' '$data.json.gz'"
run "cwfilter-1gb match --count, 5 x Records, stdin" "$((5 * size_json))" 1 "cat '$data.json' '$data.json' '$data.json' '$data.json' '$data.json' | $rss '$bin' match -j 1 --count '$pattern'"
run "jq -c 'select(...)', JSON Lines" "$size_jsonl" 1 "$rss jq -c '$jqf' '$data.jsonl' | wc -l"
run "floor: jansson json_loadb + lookup, JSON Lines" "$size_jsonl" 2 "$rss '$dir/floor_jansson' '$data.jsonl'"

c_rec=$(cat "$dir/count.cwfilter-records")
c_1gb=$(cat "$dir/count.cwfilter-1gb")
fail=0
for k in cwfilter-jsonl cwfilter-gzip jq floor:; do
    [ "$(cat "$dir/count.$k")" = "$c_rec" ] || { echo "FAIL: $k counts $(cat "$dir/count.$k"), cwfilter $c_rec"; fail=1; }
done
[ "$c_1gb" = "$((5 * c_rec))" ] || { echo "FAIL: the 1 GB run counts $c_1gb, expected $((5 * c_rec))"; fail=1; }

# ---- against ripgrep, on every core, and gzip ------------------------------
for tool in rg libdeflate-gunzip; do
    command -v $tool >/dev/null || { echo "bench: $tool missing (make deps installs ripgrep and libdeflate-tools)"; exit 2; }
done
if [ ! -s "$dir/most.jsonl" ] || [ "$(cat "$dir/most.mb" 2>/dev/null)" != "$mb" ]; then
    echo "generating $mb MB of CloudTrail records, 90% IAM, in $dir ..."
    python3 tests/bench/gen_cloudtrail.py "$mb" "$dir/most" 0.9 && rm -f "$dir/most.json"
    echo "$mb" >"$dir/most.mb"
fi
if [ ! -f "$dir/eight/.most" ] || [ "$dir/eight/.most" -ot "$dir/most.jsonl" ]; then
    rm -rf "$dir/eight" && mkdir -p "$dir/eight" && split -n l/8 -d "$dir/most.jsonl" "$dir/eight/part" &&
        touch "$dir/eight/.most"
fi
if [ ! -d "$dir/gz" ] || [ "$dir/gz" -ot "$data.jsonl" ]; then # CloudTrail objects: 500 records each
    rm -rf "$dir/gz" && mkdir -p "$dir/gz"
    python3 - "$data.jsonl" "$dir/gz" <<'EOF'
import gzip, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()[:60000]
for n, i in enumerate(range(0, len(lines), 500)):
    with gzip.open("%s/t%04d.json.gz" % (sys.argv[2], n), "wt", encoding="utf-8", compresslevel=6) as f:
        f.write('{"Records":[' + ",".join(lines[i:i + 500]) + "]}")
EOF
fi
printf '%s\n' DeleteGroupPolicy DeleteRolePolicy DeleteUserPolicy PutGroupPolicy PutRolePolicy \
    PutUserPolicy CreatePolicy DeletePolicy CreatePolicyVersion DeletePolicyVersion AttachRolePolicy \
    DetachRolePolicy AttachUserPolicy DetachUserPolicy AttachGroupPolicy DetachGroupPolicy >"$dir/names"
size_most=$(wc -c <"$dir/most.jsonl")
size_gz=$(cat "$dir"/gz/*.json.gz | gzip -dc | wc -c)
ngz=$(ls "$dir"/gz | wc -l)
echo
echo "ripgrep, --jobs and gzip: few = the data above (4% IAM records), most = $((size_most / 1000000)) MB with 90%"
printf '%-48s %6s %6s %6s %6s %6s %7s\n' "run" "wall s" "MB/s" "CPU s" "MB/s" "RSS MB" "matches"
run "rg-few rg -j1 -c -F -f names, few" "$size_jsonl" 3 "$rss rg -j1 -c -F -f '$dir/names' '$data.jsonl'"
run "j1-few match -j 1 --count, few (one file)" "$size_jsonl" 3 "$rss '$bin' match -j 1 --count '$pattern' '$data.jsonl'"
run "rg-most rg -j1 -c -F -f names, most" "$size_most" 3 "$rss rg -j1 -c -F -f '$dir/names' '$dir/most.jsonl'"
run "j1-most match -j 1 --count, most" "$size_most" 5 "$rss '$bin' match -j 1 --count '$pattern' '$dir/most.jsonl'"
run "j2-most match -j 2 --count, most (one file)" "$size_most" 5 "$rss '$bin' match -j 2 --count '$pattern' '$dir/most.jsonl'"
run "j1-eight match -j 1 --count, most in eight files" "$size_most" 5 "$rss '$bin' match -j 1 --count '$pattern' '$dir'/eight/part*"
run "j2-eight match -j 2 --count, most in eight files" "$size_most" 5 "$rss '$bin' match -j 2 --count '$pattern' '$dir'/eight/part*"
run "gunzip libdeflate-gunzip -c >/dev/null, $ngz .json.gz" "$size_gz" 3 "$rss sh -c 'libdeflate-gunzip -c $dir/gz/*.json.gz >/dev/null; echo 0'"
run "j1-gz match -j 1 --count, $ngz .json.gz" "$size_gz" 3 "$rss '$bin' match -j 1 --count '$pattern' '$dir'/gz/*.json.gz"
[ "$(cat "$dir/count.j1-few")" = "$c_rec" ] || { echo "FAIL: j1-few counts $(cat "$dir/count.j1-few"), expected $c_rec"; fail=1; }
for k in j2-most j1-eight j2-eight; do
    [ "$(cat "$dir/count.$k")" = "$(cat "$dir/count.j1-most")" ] || { echo "FAIL: $k counts $(cat "$dir/count.$k"), -j 1 $(cat "$dir/count.j1-most")"; fail=1; }
done
python3 - "$dir" <<'EOF'
import sys
d = sys.argv[1]
m = lambda k: [float(x) for x in open(d + "/mbs." + k).read().split()]
r = lambda a, b, i: m(b)[i] / m(a)[i]  # time of a / time of b
for i, kind in ((1, "CPU"), (0, "wall")):
    print("ratios by %s time: match/rg few %.2fx, most %.2fx (goal <= 1.5x); "
          ".json.gz match/libdeflate-gunzip %.2fx (goal <= 1.3x)"
          % (kind, r("j1-few", "rg-few", i), r("j1-most", "rg-most", i), r("j1-gz", "gunzip", i)))
print("speed-up of -j 2 over -j 1 by wall time (goal >= 1.8x; the machine's other load counts): "
      "one file %.2fx, eight files %.2fx" % (r("j1-most", "j2-most", 0), r("j1-eight", "j2-eight", 0)))
EOF
python3 - "$dir" <<'EOF'
import sys
d = sys.argv[1]
m = lambda k: [float(x) for x in open(d + "/mbs." + k).read().split()]
rec, jl, jq, fl = m("cwfilter-records"), m("cwfilter-jsonl"), m("jq"), m("floor:")
for i, kind in ((0, "wall"), (1, "CPU")):
    print("ratios by %s time: JSON Lines cwfilter/jq = %.1fx (goal >= 10x), cwfilter/floor = %.1fx "
          "(goal >= 0.33x: within 3x of the floor); Records file cwfilter/jq = %.1fx, "
          "cwfilter/floor = %.1fx" % (kind, jl[i] / jq[i], jl[i] / fl[i], rec[i] / jq[i], rec[i] / fl[i]))
EOF
exit $fail
