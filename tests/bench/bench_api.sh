#!/bin/sh
# bench_api.sh BIN: matching through the library against the command, same
# run, same data: one cwf_match_buffer call over BENCH_API_MB (100) MB of
# CloudTrail JSON Lines (tests/bench/bench_api.c, linked with the shared
# libcwfilter.so.0 as a client program would be) against
# `cwfilter match -j 1 --count` on the same file (one thread, as the call;
# by default the command uses every core).  Best of 5 runs each,
# interleaved; the counts must agree.  The goal: the library call takes at
# most 5% more CPU time than the whole command (ratio >= 0.95).
set -e
bin=$1
[ -x "$bin" ] || { echo "bench_api.sh: no binary $bin"; exit 2; }
build=$(dirname "$bin")
[ -f "$build/libcwfilter.so.0" ] || { echo "bench_api.sh: no $build/libcwfilter.so.0"; exit 2; }
mb=${BENCH_API_MB:-100}
dir=build/bench/api
data=$dir/cloudtrail
mkdir -p "$dir"
if [ ! -s "$data.jsonl" ] || [ "$(cat "$data.mb" 2>/dev/null)" != "$mb" ]; then
    echo "generating $mb MB of CloudTrail records in $dir ..."
    python3 tests/bench/gen_cloudtrail.py "$mb" "$data"
    rm -f "$data.json"
    echo "$mb" >"$data.mb"
fi
cc -O2 -Isrc -o "$dir/bench_api" tests/bench/bench_api.c -L"$build" -lcwfilter \
    -Wl,-rpath,"$(cd "$build" && pwd)"

pattern='{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}'

python3 - "$bin" "$dir/bench_api" "$pattern" "$data.jsonl" <<'PY'
import os, resource, subprocess, sys, time
cli, api, pattern, data = sys.argv[1:]
size = os.path.getsize(data) / 1e6

def run(cmd):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, check=False)
    wall = time.perf_counter() - t
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode not in (0, 1):
        sys.exit("bench_api: %s failed (exit %d)" % (cmd[0], p.returncode))
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    return wall, cpu, p.stdout.decode().split()

best = {"cli": [1e9, 1e9], "api_proc": [1e9, 1e9], "api_call": [1e9, 1e9]}
counts = set()
for _ in range(5):
    w, c, out = run([cli, "match", "-j", "1", "--count", pattern, data])
    best["cli"] = [min(best["cli"][0], w), min(best["cli"][1], c)]
    counts.add(("cli", out[-1]))
    w, c, out = run([api, pattern, data])
    best["api_proc"] = [min(best["api_proc"][0], w), min(best["api_proc"][1], c)]
    best["api_call"] = [min(best["api_call"][0], float(out[0])),
                        min(best["api_call"][1], float(out[1]))]
    counts.add(("api", out[2]))
print("data: %.0f MB of JSON Lines; %s" % (size, ", ".join("%s counts %s" % c for c in sorted(counts))))
print("%-44s %7s %7s %7s %7s" % ("run", "wall s", "MB/s", "CPU s", "MB/s"))
for k, label in (("cli", "cwfilter match -j 1 --count (whole process)"),
                 ("api_proc", "bench_api (whole process: mmap + call)"),
                 ("api_call", "cwf_match_buffer (the call alone)")):
    w, c = best[k]
    print("%-44s %7.2f %7.0f %7.2f %7.0f" % (label, w, size / w, c, size / c))
for i, kind in ((0, "wall"), (1, "CPU")):
    print("ratio by %s time: command / library call = %.3f, command / library process = %.3f "
          "(goal >= 0.95)" % (kind, best["cli"][i] / best["api_call"][i],
                              best["cli"][i] / best["api_proc"][i]))
if len({c for _, c in counts}) != 1:
    sys.exit("FAIL: the command and the library count different matches")
PY
