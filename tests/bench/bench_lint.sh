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
open("build/bench/lint/lastcpu", "w").write("%f" % cpu)
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
exlint=$lint
run "grep -rc pattern (baseline)" 3 "grep -rc pattern $dir/terraform"
base=$(cat "$dir/last")
run "cwfilter lint (5,000-resource Terraform tree)" 3 "$bin lint --no-config $dir/terraform"
lint=$(cat "$dir/last")
ratio "$lint" "$base" grep
tflint=$lint

# `fix --diff` on the same inputs: it plans and proves every fix, writes it
# into the text (each fix is read back), and lints the fixed texts again.
# Against `lint` of the same input; no goal, a figure to watch: a file of n
# filters costs about n re-reads of itself (one per fix applied).
fix_ratio() {
    python3 -c "import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); print('  fix / lint = %.1fx' % (a / b if b else 0))" "$1" "$2"
}
run "cwfilter fix --diff (10,000-filter export)" 3 "$bin fix --diff $dir/metric-filters.json 2>/dev/null"
fix_ratio "$(cat "$dir/last")" "$exlint"
run "cwfilter fix --diff (5,000-resource Terraform tree)" 3 "$bin fix --diff $dir/terraform 2>/dev/null"
fix_ratio "$(cat "$dir/last")" "$tflint"

# Coverage (issue 13 item 8): 2,000 Terraform files of 5 filters each
# (10,000 filters, about 2,000 distinct texts: one CIS filter from a pool of
# 24, correct, narrowed or near misses, and four application filters) on
# 40 log groups; `lint --benchmark cis` against plain `lint`, goal within 3x.
cov=$dir/coverage
nfiles=${LINT_COV_FILES:-2000}
python3 - "$cov" "$nfiles" <<'PY'
import os, sys
d, nfiles = sys.argv[1], int(sys.argv[2])
stamp = os.path.join(d, ".n")
if os.path.exists(stamp) and open(stamp).read() == str(nfiles):
    sys.exit(0)
iam = ["DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy", "PutGroupPolicy",
       "PutRolePolicy", "PutUserPolicy", "CreatePolicy", "DeletePolicy", "CreatePolicyVersion",
       "DeletePolicyVersion", "AttachRolePolicy", "DetachRolePolicy", "AttachUserPolicy",
       "DetachUserPolicy", "AttachGroupPolicy", "DetachGroupPolicy"]
cis = [
    "{" + "||".join("($.eventName=%s)" % n for n in iam) + "}",
    "{" + "||".join("($.eventName=%s)" % n for n in iam[:12]) + "}",
    "{ (" + "||".join("($.eventName=%s)" % n for n in iam) + ") && ($.userIdentity.type = \"Root\") }",
    '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
    '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }',
    '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }',
    '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
    '{ ($.additionalEventData.MFAUsed = "No") && ($.eventName = "ConsoleLogin") }',
    '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
    '{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }',
    '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
    '{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }',
    '{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }',
    '{ ($.eventSource = config.amazonaws.com) && (($.eventName = StopConfigurationRecorder) || ($.eventName = DeleteDeliveryChannel) || ($.eventName = PutDeliveryChannel) || ($.eventName = PutConfigurationRecorder)) }',
    '{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }',
    '{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }',
    '{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }',
    '{ ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable) }',
    '{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }',
    '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }',
    '{ ($.eventName = consolelogin) && ($.additionalEventData.MFAUsed != "Yes") }',
    '{ $.eventName = "Put*Policy" }',
    '{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) }',
    '{ ($.eventSource = kms.amazonaws.com) && ($.eventName = DisableKey) }',
]
app = [
    '{ $.level = "ERROR" && $.service = "svc-%d" }',
    '{ $.latencyMs > %d && $.path = "/api/*" }',
    '[ip, id, user, timestamp, request, status_code = %d, size]',
    'ERROR -DEBUG ?"job %d"',
]
os.makedirs(d, exist_ok=True)
for i in range(nfiles):
    m = os.path.join(d, "module-%02d" % (i % 40))
    os.makedirs(m, exist_ok=True)
    with open(os.path.join(m, "f%04d.tf" % i), "w") as f:
        pats = [cis[i % len(cis)]] + [app[k] % (i % 500) for k in range(4)]
        for k, p in enumerate(pats):
            f.write('resource "aws_cloudwatch_log_metric_filter" "f%d_%d" {\n' % (i, k))
            f.write('  name           = "filter-%d-%d"\n' % (i, k))
            f.write('  log_group_name = "cloudtrail-%d"\n' % (i % 40))
            f.write('  pattern        = "%s"\n' % p.replace('\\', '\\\\').replace('"', '\\"'))
            f.write('  metric_transformation {\n    name      = "M%d_%d"\n'
                    '    namespace = "Bench"\n    value     = "1"\n  }\n}\n\n' % (i, k))
open(stamp, "w").write(str(nfiles))
PY
echo "coverage tree: $nfiles Terraform files, $(grep -rh 'pattern  ' "$cov" | sort -u | wc -l) distinct patterns"
run "cwfilter lint (coverage tree)" 3 "$bin lint --no-config $cov"
plain=$(cat "$dir/last") plaincpu=$(cat "$dir/lastcpu")
run "cwfilter lint --benchmark cis (coverage tree)" 3 "$bin lint --no-config --benchmark cis $cov"
bench=$(cat "$dir/last") benchcpu=$(cat "$dir/lastcpu")
python3 -c "import sys; a, b, c, d = map(float, sys.argv[1:5]); r = a / b if b else 0; q = c / d if d else 0; print('  --benchmark cis / plain = %.1fx wall, %.1fx cpu; goal within 3x: %s' % (r, q, 'met' if min(r, q) <= 3 else 'MISSED'))" "$bench" "$plain" "$benchcpu" "$plaincpu"
