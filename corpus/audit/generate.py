#!/usr/bin/env python3
"""generate.py: writes the audit bundles of corpus/audit/ (see README).

Every file is printed by the AWS CLI itself: the CLI runs in this process with
each command line that cwfilter-collect would run, and a botocore
'before-call' handler answers the API call with the response written below
(reordered to the service model's member order, as botocore's parsers do),
so the CLI's pagination and JSON formatting produce the bytes.  No request
leaves the process; dummy credentials, no config files.

    python3 corpus/audit/generate.py        (needs the awscli package; the
                                            corpus was written with 1.45.11)
"""
import contextlib
import copy
import io
import os
import shutil
import sys

os.environ.update(AWS_ACCESS_KEY_ID="AKIAEXAMPLE", AWS_SECRET_ACCESS_KEY="example",
                  AWS_DEFAULT_REGION="us-east-1", AWS_CONFIG_FILE="/dev/null",
                  AWS_SHARED_CREDENTIALS_FILE="/dev/null", AWS_EC2_METADATA_DISABLED="true",
                  AWS_PAGER="")

from awscli.clidriver import create_clidriver  # noqa: E402
from botocore.awsrequest import AWSResponse  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
A, B = "111122223333", "444455556666"

# The CIS metric-filter controls (CIS_CONTROLS.md): filter name, metric name,
# pattern.  The alarm on metric M is named M + "Alarm".
CONTROLS = [
    ("UnauthorizedAPICalls", "UnauthorizedAPICalls",
     '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }'),
    ("ConsoleSigninWithoutMFA", "ConsoleSigninWithoutMFA",
     '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }'),
    ("RootAccountUsage", "RootAccountUsage",
     '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }'),
    ("IAMChanges", "IAMPolicyChanges",
     "{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}"),
    ("CloudTrailChanges", "CloudTrailConfigChanges",
     "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }"),
    ("ConsoleSigninFailures", "ConsoleSigninFailures",
     '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }'),
    ("DisableOrDeleteCMK", "DisableOrDeleteCMK",
     "{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion)) }"),
    ("S3BucketPolicyChanges", "S3BucketPolicyChanges",
     "{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }"),
    ("AWSConfigChanges", "AWSConfigChanges",
     "{ ($.eventSource = config.amazonaws.com) && (($.eventName=StopConfigurationRecorder)||($.eventName=DeleteDeliveryChannel)||($.eventName=PutDeliveryChannel)||($.eventName=PutConfigurationRecorder)) }"),
    ("SecurityGroupChanges", "SecurityGroupChanges",
     "{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) || ($.eventName = ModifySecurityGroupRules) }"),
    ("NACLChanges", "NACLChanges",
     "{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }"),
    ("NetworkGatewayChanges", "NetworkGatewayChanges",
     "{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }"),
    ("RouteTableChanges", "RouteTableChanges",
     "{ ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable) }"),
    ("VPCChanges", "VPCChanges",
     "{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }"),
    ("OrganizationsChanges", "OrganizationsChanges",
     '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }'),
]

IAM_14 = CONTROLS[3][2].replace("||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)", "")
IAM_ROOT = "{ (" + CONTROLS[3][2][1:-1] + ') && ($.userIdentity.type = "Root") }'

# ---- the accounts' objects ---------------------------------------------------


def trail(acct, home, name, log_group, multi=True, custom=False):
    t = {
        "Name": name,
        "S3BucketName": "aws-cloudtrail-logs-%s-%s" % (acct, name),
        "IncludeGlobalServiceEvents": True,
        "IsMultiRegionTrail": multi,
        "HomeRegion": home,
        "TrailARN": "arn:aws:cloudtrail:%s:%s:trail/%s" % (home, acct, name),
        "LogFileValidationEnabled": True,
        "HasCustomEventSelectors": custom,
        "HasInsightSelectors": False,
        "IsOrganizationTrail": False,
    }
    if log_group:
        t["CloudWatchLogsLogGroupArn"] = "arn:aws:logs:%s:%s:log-group:%s:*" % (home, acct, log_group)
        t["CloudWatchLogsRoleArn"] = "arn:aws:iam::%s:role/CloudTrailRoleForCloudWatchLogs_%s" % (acct, name)
    return t


def status(logging=True):
    s = {
        "IsLogging": logging,
        "LatestDeliveryTime": 1732612800.511,
        "StartLoggingTime": 1704067200.0,
        "LatestCloudWatchLogsDeliveryTime": 1732612788.032,
        "LatestDigestDeliveryTime": 1732611600.274,
        "LatestDeliveryAttemptTime": "2024-11-26T09:20:00Z",
        "LatestNotificationAttemptTime": "",
        "LatestNotificationAttemptSucceeded": "",
        "LatestDeliveryAttemptSucceeded": "2024-11-26T09:20:00Z",
        "TimeLoggingStarted": "2024-01-01T00:00:00Z",
        "TimeLoggingStopped": "",
    }
    if not logging:
        s["StopLoggingTime"] = 1731931200.0
        s["TimeLoggingStopped"] = "2024-11-18T12:00:00Z"
    return s


def selectors(trail_arn, rw="All", mgmt=True, advanced=None):
    if advanced is not None:
        return {"TrailARN": trail_arn, "AdvancedEventSelectors": advanced}
    return {"TrailARN": trail_arn, "EventSelectors": [{
        "ReadWriteType": rw, "IncludeManagementEvents": mgmt,
        "DataResources": [] if mgmt else [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}],
        "ExcludeManagementEventSources": []}]}


def metric_filter(log_group, fname, metric, pattern, t):
    return {"filterName": fname, "filterPattern": pattern,
            "metricTransformations": [{"metricName": metric, "metricNamespace": "CISBenchmark",
                                       "metricValue": "1"}],
            "creationTime": 1704067200000 + 60000 * t, "logGroupName": log_group}


def alarm(acct, region, metric, topics, t, name=None, **over):
    name = name or metric + "Alarm"
    a = {
        "AlarmName": name,
        "AlarmArn": "arn:aws:cloudwatch:%s:%s:alarm:%s" % (region, acct, name),
        "AlarmConfigurationUpdatedTimestamp": "2024-01-01T00:%02d:00.000Z" % t,
        "ActionsEnabled": True,
        "OKActions": [],
        "AlarmActions": ["arn:aws:sns:%s:%s:%s" % (region, acct, tp) for tp in topics],
        "InsufficientDataActions": [],
        "StateValue": "OK",
        "StateReason": "Threshold Crossed: 1 datapoint [0.0 (26/11/24 09:15:00)] was not greater "
                       "than or equal to the threshold (1.0).",
        "StateUpdatedTimestamp": "2024-11-26T09:20:00.000Z",
        "MetricName": metric,
        "Namespace": "CISBenchmark",
        "Statistic": "Sum",
        "Dimensions": [],
        "Period": 300,
        "EvaluationPeriods": 1,
        "Threshold": 1.0,
        "ComparisonOperator": "GreaterThanOrEqualToThreshold",
        "StateTransitionedTimestamp": "2024-11-26T09:20:00.000Z",
    }
    a.update(over)
    return a


def subscription(acct, region, topic, confirmed=True, n=1, endpoint="secops@example.com"):
    arn = "arn:aws:sns:%s:%s:%s" % (region, acct, topic)
    return {"SubscriptionArn": "%s:6f0c7e1a-2b3d-4c5e-8f90-%012d" % (arn, n) if confirmed
            else "PendingConfirmation",
            "Owner": acct, "Protocol": "email", "Endpoint": endpoint, "TopicArn": arn}


# ---- a bundle: { path: (command line, response) } ------------------------------


class Bundle:
    def __init__(self):
        self.files = {}

    def put(self, path, args, resp):
        self.files[path] = (args, resp)

    def drop(self, path):
        del self.files[path]

    def resp(self, path):
        return self.files[path][1]


def account(bd, acct, regions, home, trails, log_groups, alarms, topics, user="auditor"):
    """Adds the exports of one account.  trails: [(trail dict, status dict,
    selectors dict)]; log_groups: {(region, name): [filters]}; alarms:
    {region: [alarms]}; topics: {(region, name): [subscriptions]}."""
    bd.put("%s/get-caller-identity.json" % acct, ["sts", "get-caller-identity"],
           {"UserId": "AIDAEXAMPLEAUDITOR%s" % acct[-4:], "Account": acct,
            "Arn": "arn:aws:iam::%s:user/%s" % (acct, user)})
    for r in regions:
        listed = [t for t, _, _ in trails if t["HomeRegion"] == r or t["IsMultiRegionTrail"]]
        bd.put("%s/%s/describe-trails.json" % (acct, r), ["cloudtrail", "describe-trails", "--region", r],
               {"trailList": listed})
        bd.put("%s/%s/describe-alarms.json" % (acct, r), ["cloudwatch", "describe-alarms", "--region", r],
               {"MetricAlarms": alarms.get(r, []), "CompositeAlarms": []})
    for t, st, sel in trails:
        d = "%s/%s/trails/%s/" % (acct, t["HomeRegion"], t["Name"])
        if st is not None:
            bd.put(d + "get-trail-status.json", ["cloudtrail", "get-trail-status", "--region",
                                                 t["HomeRegion"], "--name", t["TrailARN"]], st)
        if sel is not None:
            bd.put(d + "get-event-selectors.json", ["cloudtrail", "get-event-selectors", "--region",
                                                    t["HomeRegion"], "--trail-name", t["TrailARN"]], sel)
    for (r, name), fs in log_groups.items():
        bd.put("%s/%s/log-groups/%s/describe-metric-filters.json" % (acct, r, name.replace("/", "%2F")),
               ["logs", "describe-metric-filters", "--region", r, "--log-group-name", name],
               {"metricFilters": fs})
    for (r, name), subs in topics.items():
        arn = "arn:aws:sns:%s:%s:%s" % (r, acct, name)
        bd.put("%s/%s/topics/%s/list-subscriptions-by-topic.json" % (acct, r, name),
               ["sns", "list-subscriptions-by-topic", "--region", r, "--topic-arn", arn],
               {"Subscriptions": subs})


def standard(acct=A, region="us-east-1", regions=None, trail_name="main", log_group="cloudtrail-main",
             topic="alerts"):
    """The account of the passing bundle: one multi-region trail into a log
    group with a filter, an alarm and a confirmed topic for every control."""
    bd = Bundle()
    t = trail(acct, region, trail_name, log_group)
    fs = [metric_filter(log_group, f, m, p, i) for i, (f, m, p) in enumerate(CONTROLS)]
    al = [alarm(acct, region, m, [topic], i) for i, (_, m, _) in enumerate(CONTROLS)]
    al.sort(key=lambda a: a["AlarmName"])  # describe-alarms lists by name
    account(bd, acct, regions or [region], region, [(t, status(), selectors(t["TrailARN"]))],
            {(region, log_group): fs}, {region: al}, {(region, topic): [subscription(acct, region, topic)]})
    return bd


def path(acct=A, region="us-east-1"):
    return lambda rest: "%s/%s/%s" % (acct, region, rest)


P = path()


def edit_trail(bd, f):
    for k in list(bd.files):
        if k.endswith("describe-trails.json"):
            for t in bd.resp(k)["trailList"]:
                f(t)


def edit_filter(bd, fname, f, lg="cloudtrail-main"):
    for x in bd.resp(P("log-groups/%s/describe-metric-filters.json" % lg))["metricFilters"]:
        if x["filterName"] == fname:
            f(x)


def edit_alarm(bd, name, f):
    for a in bd.resp(P("describe-alarms.json"))["MetricAlarms"]:
        if a["AlarmName"] == name:
            f(a)


def bundles():
    out = {}
    out["pass"] = standard()

    bd = standard()
    edit_trail(bd, lambda t: t.update(IsMultiRegionTrail=False))
    out["no-multi-region-trail"] = bd

    bd = standard()
    bd.files[P("trails/main/get-trail-status.json")] = (bd.files[P("trails/main/get-trail-status.json")][0],
                                                          status(logging=False))
    out["trail-not-logging"] = bd

    bd = standard()
    bd.resp(P("trails/main/get-event-selectors.json")).update(selectors(
        "arn:aws:cloudtrail:us-east-1:%s:trail/main" % A, mgmt=False))
    edit_trail(bd, lambda t: t.update(HasCustomEventSelectors=True))
    out["no-management-events"] = bd

    bd = standard()
    bd.resp(P("trails/main/get-event-selectors.json"))["EventSelectors"][0]["ReadWriteType"] = "ReadOnly"
    edit_trail(bd, lambda t: t.update(HasCustomEventSelectors=True))
    out["read-only-selector"] = bd

    arn = "arn:aws:cloudtrail:us-east-1:%s:trail/main" % A
    bd = standard()
    bd.files[P("trails/main/get-event-selectors.json")] = (
        bd.files[P("trails/main/get-event-selectors.json")][0],
        selectors(arn, advanced=[
            {"Name": "Management events",
             "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}]},
            {"Name": "S3 writes",
             "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Data"]},
                                {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
                                {"Field": "readOnly", "Equals": ["false"]}]}]))
    edit_trail(bd, lambda t: t.update(HasCustomEventSelectors=True))
    out["advanced-selectors"] = bd

    bd = standard()
    bd.files[P("trails/main/get-event-selectors.json")] = (
        bd.files[P("trails/main/get-event-selectors.json")][0],
        selectors(arn, advanced=[
            {"Name": "Management events, read only",
             "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]},
                                {"Field": "readOnly", "Equals": ["true"]}]}]))
    edit_trail(bd, lambda t: t.update(HasCustomEventSelectors=True))
    out["advanced-selectors-no-writes"] = bd

    bd = standard()
    edit_trail(bd, lambda t: (t.pop("CloudWatchLogsLogGroupArn"), t.pop("CloudWatchLogsRoleArn")))
    bd.drop(P("log-groups/cloudtrail-main/describe-metric-filters.json"))
    out["no-log-group"] = bd

    # The filters watch the log group of a second, single-region trail.
    bd = standard()
    fs = bd.resp(P("log-groups/cloudtrail-main/describe-metric-filters.json"))["metricFilters"]
    for f in fs:
        f["logGroupName"] = "app-logs"
    bd.drop(P("log-groups/cloudtrail-main/describe-metric-filters.json"))
    app = trail(A, "us-east-1", "app", "app-logs", multi=False)
    bd.resp(P("describe-trails.json"))["trailList"].insert(0, app)
    bd.put(P("trails/app/get-trail-status.json"), ["cloudtrail", "get-trail-status", "--region",
                                                   "us-east-1", "--name", app["TrailARN"]], status())
    bd.put(P("trails/app/get-event-selectors.json"), ["cloudtrail", "get-event-selectors", "--region",
                                                      "us-east-1", "--trail-name", app["TrailARN"]],
           selectors(app["TrailARN"]))
    bd.put(P("log-groups/app-logs/describe-metric-filters.json"),
           ["logs", "describe-metric-filters", "--region", "us-east-1", "--log-group-name", "app-logs"],
           {"metricFilters": fs})
    bd.put(P("log-groups/cloudtrail-main/describe-metric-filters.json"),
           ["logs", "describe-metric-filters", "--region", "us-east-1", "--log-group-name",
            "cloudtrail-main"], {"metricFilters": []})
    out["filter-other-log-group"] = bd

    bd = standard()
    edit_filter(bd, "IAMChanges", lambda f: f.update(filterPattern=IAM_14))
    out["pattern-not-covering"] = bd

    bd = standard()
    edit_filter(bd, "IAMChanges", lambda f: f.update(filterPattern=IAM_ROOT))
    out["narrowed-pattern"] = bd

    bd = standard()
    edit_alarm(bd, "IAMPolicyChangesAlarm", lambda a: a.update(MetricName="IAMChanges"))
    out["alarm-other-metric"] = bd

    bd = standard()
    edit_alarm(bd, "IAMPolicyChangesAlarm", lambda a: a.update(AlarmActions=[]))
    out["alarm-without-actions"] = bd

    # The fix must carry every setting of an alarm it updates over.
    bd = standard()
    edit_alarm(bd, "IAMPolicyChangesAlarm", lambda a: a.update(
        AlarmDescription="CIS 4.4: IAM policy changes (it's paged)",
        ActionsEnabled=False,
        OKActions=["arn:aws:sns:us-east-1:%s:ops-ok" % A],
        AlarmActions=["arn:aws:lambda:us-east-1:%s:function:page-oncall" % A],
        InsufficientDataActions=["arn:aws:sns:us-east-1:%s:ops-nodata" % A],
        Dimensions=[{"Name": "Team", "Value": "sec ops"}],
        Period=60, Unit="Count", EvaluationPeriods=3, DatapointsToAlarm=1, Threshold=1.0,
        TreatMissingData="notBreaching"))
    out["alarm-settings"] = bd

    # An alarm without a setting that put-metric-alarm needs, beside an
    # alarm that has the name the fix would give a new one.
    bd = standard()
    edit_alarm(bd, "IAMPolicyChangesAlarm", lambda a: (a.update(AlarmActions=[]), a.pop("Period")))
    bd.resp(P("describe-alarms.json"))["MetricAlarms"].append(
        alarm(A, "us-east-1", "Other", ["alerts"], 20, name="IAMPolicyChanges-alarm"))
    out["alarm-missing-settings"] = bd

    bd = standard()
    bd.resp(P("topics/alerts/list-subscriptions-by-topic.json"))["Subscriptions"] = []
    out["topic-without-subscriptions"] = bd

    bd = standard()
    bd.resp(P("topics/alerts/list-subscriptions-by-topic.json"))["Subscriptions"] = [
        subscription(A, "us-east-1", "alerts", confirmed=False)]
    out["pending-subscription"] = bd

    # Alarms that can never fire for one event, or are switched off.
    bd = standard()
    edit_alarm(bd, "IAMPolicyChangesAlarm", lambda a: a.update(Threshold=5.0))
    edit_alarm(bd, "CloudTrailConfigChangesAlarm", lambda a: a.update(Statistic="Average"))
    edit_alarm(bd, "RootAccountUsageAlarm", lambda a: a.update(ComparisonOperator="LessThanThreshold"))
    edit_alarm(bd, "VPCChangesAlarm", lambda a: a.update(ActionsEnabled=False))
    out["alarm-sanity"] = bd

    # Exports missing: the trail's status and the topic's subscriptions.
    bd = standard()
    bd.drop(P("trails/main/get-trail-status.json"))
    bd.drop(P("topics/alerts/list-subscriptions-by-topic.json"))
    out["missing-exports"] = bd

    # Two accounts, two regions.  Account A: trail main (home us-east-1) as
    # in "pass"; eu-west-1 lists it as a shadow trail and has no alarms.
    # Account B: trail audit (home eu-west-1) into audit-logs, its alerts
    # topic only pending; its IAM alarm sits in us-east-1, away from the
    # metric.
    regions = ["eu-west-1", "us-east-1"]
    bd = standard(regions=regions)
    b = standard(acct=B, region="eu-west-1", regions=regions, trail_name="audit", log_group="audit-logs")
    PB = path(B, "eu-west-1")
    moved = [a for a in b.resp(PB("describe-alarms.json"))["MetricAlarms"]
             if a["AlarmName"] == "IAMPolicyChangesAlarm"]
    b.resp(PB("describe-alarms.json"))["MetricAlarms"].remove(moved[0])
    moved[0] = alarm(B, "us-east-1", "IAMPolicyChanges", ["alerts"], 3)
    b.resp(path(B)("describe-alarms.json"))["MetricAlarms"] = moved
    b.resp(PB("topics/alerts/list-subscriptions-by-topic.json"))["Subscriptions"] = [
        subscription(B, "eu-west-1", "alerts", confirmed=False, endpoint="oncall@example.com")]
    bd.files.update(b.files)
    out["two-regions-two-accounts"] = bd

    # A member account of an organization, audited alone: it lists the
    # management account's organization trail, whose status, selectors,
    # log group, filters and alarms all live in that account.
    bd = Bundle()
    t = trail(A, "us-east-1", "org", "org-trail-logs")
    t["IsOrganizationTrail"] = True
    account(bd, B, ["us-east-1"], "us-east-1", [(t, None, None)], {}, {}, {})
    out["org-trail-member"] = bd

    # The passing account saved by hand into one directory under names of
    # the auditor's choosing: audit places the files by their ARNs and ties
    # the trail status to the selectors beside it.
    bd = standard()
    flat = Bundle()
    for rel, (args, resp) in bd.files.items():
        name = {"describe-trails.json": "trails.json", "describe-alarms.json": "alarms.json",
                "get-trail-status.json": "status-main.json",
                "get-event-selectors.json": "selectors-main.json",
                "describe-metric-filters.json": "filters.json",
                "list-subscriptions-by-topic.json": "subscriptions.json",
                "get-caller-identity.json": "whoami.json"}[os.path.basename(rel)]
        flat.put(name, args, resp)
    out["flat"] = flat
    return out


# ---- printing through the CLI ------------------------------------------------

_current = {}


def _answer(model=None, **_):
    """The before-call handler: the canned response, in model order."""
    return (AWSResponse("https://example.invalid/", 200, {}, None),
            dict(_ordered(_current["resp"], model.output_shape), ResponseMetadata={}))


def _ordered(v, shape):
    if shape is None:
        return v
    if shape.type_name == "structure" and isinstance(v, dict):
        out = {}
        for name, member in shape.members.items():
            if name in v:
                out[name] = _ordered(v[name], member)
        unknown = set(v) - set(shape.members)
        if unknown:
            sys.exit("generate.py: %s has no member %s" % (shape.name, sorted(unknown)))
        return out
    if shape.type_name == "list" and isinstance(v, list):
        return [_ordered(x, shape.member) for x in v]
    return v


def cli(args, resp):
    _current["resp"] = copy.deepcopy(resp)
    driver = create_clidriver()
    driver.session.register("before-call", _answer)
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        rc = driver.main(list(args) + ["--output", "json"])
    if rc != 0:
        sys.exit("generate.py: aws %s: exit %d" % (" ".join(args), rc))
    return buf.getvalue()


def main():
    for name, bd in bundles().items():
        root = os.path.join(HERE, name)
        shutil.rmtree(root, ignore_errors=True)
        for rel, (args, resp) in sorted(bd.files.items()):
            dst = os.path.join(root, rel)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            with open(dst, "w", encoding="utf-8") as f:
                f.write(cli(args, resp))
        print("generate.py: %s (%d files)" % (name, len(bd.files)))


if __name__ == "__main__":
    main()
