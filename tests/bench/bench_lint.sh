#!/bin/sh
# bench_lint.sh BIN: `cwfilter lint` on a generated describe-metric-filters
# export of 10,000 filters and on a generated Terraform tree of 5,000 filter
# resources (40 modules, quoted strings and heredocs), one pattern in nine
# with two findings to report, with wall and CPU
# time and peak resident memory; goal: under 1 s each.  Baselines measured
# in the same run: `jq` reading the export, `grep` reading the tree.
#
#   LINT_FILTERS=10000 LINT_RESOURCES=5000    sizes (build/bench/lint/)
set -e
bin=$1
[ -x "$bin" ] || { echo "bench_lint.sh: no binary $bin"; exit 2; }
dir=build/bench/lint
nf=${LINT_FILTERS:-10000}
nr=${LINT_RESOURCES:-5000}
mkdir -p "$dir"

python3 - "$dir" "$nf" "$nr" <<'EOF'
import json, os, sys
d, nf, nr = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
names = ["DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy", "PutGroupPolicy",
         "PutRolePolicy", "PutUserPolicy", "CreatePolicy", "DeletePolicy",
         "CreatePolicyVersion", "DeletePolicyVersion", "AttachRolePolicy", "DetachRolePolicy",
         "AttachUserPolicy", "DetachUserPolicy", "AttachGroupPolicy", "DetachGroupPolicy"]
patterns = [
    "{" + "||".join("($.eventName=%s)" % n for n in names) + "}",
    '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
    '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
    '[ip, id, user, timestamp, request, status_code=4*, size]',
    '{ $.level = "ERROR" && $.service = "svc-%d" && $.latencyMs > %d }',
    'ERROR -DEBUG ?"health check" ?timeout',
    '{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }',
    '{ $.shop = "caf\u00e9" && $.status = "failed" }',
    '{ $.errorCode = \'AccessDenied\' && $.user == "x" }',  # two findings
]
def pat(i):
    p = patterns[i % len(patterns)]
    return p % (i, i % 5000) if "%d" in p else p
path = os.path.join(d, "metric-filters.json")
if not os.path.exists(path) or json.load(open(path)).get("n") != nf:
    doc = {"metricFilters": [{
        "filterName": "filter-%05d" % i,
        "filterPattern": pat(i),
        "metricTransformations": [{"metricName": "M%d" % i, "metricNamespace": "Bench",
                                   "metricValue": "1"}],
        "creationTime": 1717200000000 + i,
        "logGroupName": "/bench/group-%d" % (i % 97)} for i in range(nf)], "n": nf}
    with open(path, "w") as f:
        json.dump(doc, f, indent=4, ensure_ascii=True)
tf = os.path.join(d, "terraform")
stamp = os.path.join(tf, ".n")
if not os.path.exists(stamp) or open(stamp).read() != str(nr):
    per = 125
    for m in range((nr + per - 1) // per):
        md = os.path.join(tf, "module-%02d" % m)
        os.makedirs(md, exist_ok=True)
        with open(os.path.join(md, "main.tf"), "w") as f:
            f.write('resource "aws_cloudwatch_log_group" "g" {\n  name = "/bench/module-%d"\n}\n\n' % m)
            for k in range(per):
                i = m * per + k
                if i >= nr:
                    break
                p = pat(i)
                f.write('# filter %d\nresource "aws_cloudwatch_log_metric_filter" "f%d" {\n' % (i, i))
                f.write('  name           = "filter-%d"\n' % i)
                f.write('  log_group_name = aws_cloudwatch_log_group.g.name\n')
                if i % 3 == 0:
                    f.write('  pattern        = <<-EOT\n    %s\n  EOT\n' % p)
                else:
                    f.write('  pattern        = "%s"\n' % p.replace('\\', '\\\\').replace('"', '\\"'))
                f.write('\n  metric_transformation {\n    name      = "M%d"\n'
                        '    namespace = "Bench"\n    value     = "1"\n  }\n}\n\n' % i)
    open(stamp, "w").write(str(nr))
EOF

# run LABEL REPEAT COMMAND: best wall and CPU time of REPEAT runs, and the
# peak RSS of the program (GNU time's %M; without it, getrusage, which
# then also counts the forked python that starts it).
run() {
    rss=
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f %M -o "$dir/rss" sh -c "$3" >/dev/null 2>&1 || true
        rss=$(tail -1 "$dir/rss")
    fi
    python3 - "$@" "$rss" <<'EOF'
import resource, subprocess, sys, time
label, repeat, cmd, rss = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
wall = cpu = None
for _ in range(repeat):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    p = subprocess.run(cmd, shell=True, stdout=subprocess.DEVNULL)
    dt = time.perf_counter() - t
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode not in (0, 1):
        sys.exit("bench: %s failed (exit %d)" % (label, p.returncode))
    c = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    wall = dt if wall is None else min(wall, dt)
    cpu = c if cpu is None else min(cpu, c)
kib = int(rss) if rss else resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print("%-46s %7.3f s wall %7.3f s cpu %7.1f MB peak" % (label, wall, cpu, kib / 1024.0))
open("build/bench/lint/last", "w").write("%f" % wall)
EOF
}

ratio() {
    python3 -c "import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); print('  lint / %s = %.1fx; goal < 1 s: %s' % (sys.argv[3], a / b if b else 0, 'met' if a < 1 else 'MISSED'))" "$1" "$2" "$3"
}

n_json=$(du -k "$dir/metric-filters.json" | cut -f1)
echo "export: $nf filters, $n_json KB; terraform: $nr resources in $(ls "$dir/terraform" | wc -l) modules"
run "jq '.metricFilters | length' (baseline)" 3 "jq '.metricFilters | length' $dir/metric-filters.json"
base=$(cat "$dir/last")
run "cwfilter lint (10,000-filter export)" 3 "$bin lint --no-config $dir/metric-filters.json"
lint=$(cat "$dir/last")
ratio "$lint" "$base" jq
run "grep -rc pattern (baseline)" 3 "grep -rc pattern $dir/terraform"
base=$(cat "$dir/last")
run "cwfilter lint (5,000-resource Terraform tree)" 3 "$bin lint --no-config $dir/terraform"
lint=$(cat "$dir/last")
ratio "$lint" "$base" grep
