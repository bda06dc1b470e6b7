/* test_chain.c: the monitoring chain (chain.h) and its IaC reader side
 * (chain_iac.h): what the Terraform and CloudFormation readers record, with
 * positions; the judge's rule ids, severities, messages and the places it
 * names; the alarm's sanity as audit shares it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain_iac.h"
#include "extract.h"

static cwf_extract *xread(const char *path, const char *text)
{
    cwf_extract *x = calloc(1, sizeof *x);
    if (!cwf_extract_buf(path, text, strlen(text), x))
        fail_msg("%s: unexpected error %u:%u: %s", path, x->error_pos.line, x->error_pos.col,
                 x->error);
    return x;
}

static void xfree(cwf_extract *x)
{
    cwf_extract_free(x);
    free(x);
}

/* Judges rule-less steps 6 and 7 for the first filter of x. */
static void judge(cwf_extract *x, cwf_chain_findings *out)
{
    const cwf_extract *xs[1] = {x};
    cwf_chain_iac *m = cwf_chain_iac_build(xs, 1);
    cwf_chain_metric mt;
    assert_true(x->n >= 1);
    assert_true(cwf_chain_iac_metric(m, x, &x->v[0], "filter F", &mt));
    cwf_chain_judge(cwf_chain_iac_model(m), NULL, &mt, 1, out);
    cwf_chain_iac_free(m);
}

/* The place a finding names: line and column of its span's start. */
static void assert_at(const cwf_chain_finding *f, uint32_t line, uint32_t col, const char *text)
{
    const cwf_xattr *a = f->where;
    cwf_pos p = cwf_source_pos(&a->src, a->span.start);
    assert_int_equal(p.line, line);
    assert_int_equal(p.col, col);
    assert_int_equal(a->span.end - a->span.start, strlen(text));
    assert_memory_equal(a->src.text + a->span.start, text, strlen(text));
}

static const char TF_HEAD[] =
    "resource \"aws_cloudwatch_log_metric_filter\" \"iam\" {\n"      /* 1 */
    "  name           = \"IAMChanges\"\n"                            /* 2 */
    "  log_group_name = \"trail\"\n"                                 /* 3 */
    "  pattern        = \"{ $.eventName = PutUserPolicy }\"\n"        /* 4 */
    "  metric_transformation {\n"                                    /* 5 */
    "    name      = \"IAMPolicyChanges\"\n"                         /* 6 */
    "    namespace = \"CIS\"\n"                                      /* 7 */
    "    value     = \"1\"\n"                                        /* 8 */
    "  }\n"                                                          /* 9 */
    "}\n";                                                           /* 10 */

static void test_hcl_records(void **state)
{
    (void)state;
    char text[2048];
    snprintf(text, sizeof text, "%s%s", TF_HEAD,
             "resource \"aws_cloudwatch_metric_alarm\" \"a\" {\n"                   /* 11 */
             "  metric_name   = aws_cloudwatch_log_metric_filter.iam.metric_transformation[0].name\n"
             "  threshold     = 1\n"                                                /* 13 */
             "  alarm_actions = [aws_sns_topic.t.arn, \"arn:aws:sns:us-east-1:1:x\"]\n"
             "}\n");
    cwf_extract *x = xread("main.tf", text);
    assert_int_equal(x->nres, 2);
    const cwf_xres *f = &x->res[0], *a = &x->res[1];
    assert_string_equal(f->name, "aws_cloudwatch_log_metric_filter.iam");
    assert_int_equal(f->head.src.map[0].line, 1);
    const cwf_xattr *mn = NULL;
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->v[i].key, "metric_transformation.name") == 0)
            mn = &f->v[i];
    assert_non_null(mn);
    assert_string_equal(mn->value, "IAMPolicyChanges");
    assert_true(mn->literal);
    assert_int_equal(cwf_source_pos(&mn->src, mn->span.start).line, 6);
    assert_int_equal(cwf_source_pos(&mn->src, mn->span.start).col, 18);
    assert_int_equal(a->n, 4);
    assert_string_equal(a->v[0].key, "metric_name");
    assert_string_equal(a->v[0].value,
                        "aws_cloudwatch_log_metric_filter.iam.metric_transformation[0].name");
    assert_false(a->v[0].literal);
    assert_string_equal(a->v[1].key, "threshold");
    assert_string_equal(a->v[1].value, "1");
    assert_true(a->v[1].literal);
    assert_string_equal(a->v[2].key, "alarm_actions.0");
    assert_string_equal(a->v[2].value, "aws_sns_topic.t.arn");
    assert_false(a->v[2].literal);
    assert_int_equal(cwf_source_pos(&a->v[2].src, a->v[2].span.start).col, 20);
    assert_string_equal(a->v[3].key, "alarm_actions.1");
    assert_string_equal(a->v[3].value, "arn:aws:sns:us-east-1:1:x");
    assert_true(a->v[3].literal);
    xfree(x);
}

/* The alarm names the filter's name, not its metric: CWF506 at the
 * reference. */
static void test_tf_other_metric(void **state)
{
    (void)state;
    char text[2048];
    snprintf(text, sizeof text, "%s%s", TF_HEAD,
             "resource \"aws_cloudwatch_metric_alarm\" \"a\" {\n"                   /* 11 */
             "  alarm_name    = \"IAMPolicyChangesAlarm\"\n"                        /* 12 */
             "  metric_name   = aws_cloudwatch_log_metric_filter.iam.name\n"        /* 13 */
             "  namespace     = \"CIS\"\n"
             "  alarm_actions = [aws_sns_topic.t.arn]\n"
             "}\n"
             "resource \"aws_sns_topic\" \"t\" {}\n");
    cwf_extract *x = xread("main.tf", text);
    cwf_chain_findings cf = {0};
    judge(x, &cf);
    assert_int_equal(cf.n, 1);
    assert_int_equal(cf.v[0].rule, CWF_R_AUDIT_ALARM);
    assert_int_equal(cf.v[0].severity, CWF_ERROR);
    assert_string_equal(cf.v[0].message, "alarm IAMPolicyChangesAlarm watches CIS/IAMChanges, not "
                                         "CIS/IAMPolicyChanges, the metric that filter F publishes");
    assert_at(&cf.v[0], 13, 19, "aws_cloudwatch_log_metric_filter.iam.name");
    cwf_chain_findings_free(&cf);
    xfree(x);
}

/* The whole chain by references: nothing to say; without the subscription,
 * a CWF508 note at the topic. */
static void test_tf_chain(void **state)
{
    (void)state;
    static const char alarm[] =
        "resource \"aws_cloudwatch_metric_alarm\" \"a\" {\n"                       /* 11 */
        "  metric_name   = aws_cloudwatch_log_metric_filter.iam.metric_transformation[0].name\n"
        "  namespace     = \"CIS\"\n"
        "  statistic     = \"Sum\"\n"
        "  threshold     = 1\n"
        "  comparison_operator = \"GreaterThanOrEqualToThreshold\"\n"
        "  evaluation_periods  = 1\n"
        "  alarm_actions = [aws_sns_topic.t.arn]\n"
        "}\n"
        "resource \"aws_sns_topic\" \"t\" {\n"                                     /* 20 */
        "  name = \"alerts\"\n"
        "}\n";
    char text[4096];
    snprintf(text, sizeof text, "%s%s%s", TF_HEAD, alarm,
             "resource \"aws_sns_topic_subscription\" \"s\" {\n"
             "  topic_arn = aws_sns_topic.t.arn\n"
             "}\n");
    cwf_extract *x = xread("main.tf", text);
    cwf_chain_findings cf = {0};
    judge(x, &cf);
    assert_int_equal(cf.n, 0);
    xfree(x);
    snprintf(text, sizeof text, "%s%s", TF_HEAD, alarm);
    x = xread("main.tf", text);
    judge(x, &cf);
    assert_int_equal(cf.n, 1);
    assert_int_equal(cf.v[0].rule, CWF_R_AUDIT_UNKNOWN);
    assert_int_equal(cf.v[0].severity, CWF_NOTE);
    assert_string_equal(cf.v[0].message, "topic alerts has no subscription in the linted files");
    assert_at(&cf.v[0], 20, 1, "resource \"aws_sns_topic\" \"t\"");
    cwf_chain_findings_free(&cf);
    xfree(x);
}

static const char CFN[] =
    "Parameters:\n"                                                     /* 1 */
    "  Topic: {Type: String}\n"                                         /* 2 */
    "Resources:\n"                                                      /* 3 */
    "  Filter:\n"                                                       /* 4 */
    "    Type: AWS::Logs::MetricFilter\n"                               /* 5 */
    "    Properties:\n"                                                 /* 6 */
    "      LogGroupName: trail\n"                                       /* 7 */
    "      FilterPattern: '{ $.eventName = PutUserPolicy }'\n"          /* 8 */
    "      MetricTransformations:\n"                                    /* 9 */
    "        - {MetricName: IAMPolicyChanges, MetricNamespace: CIS, MetricValue: '1'}\n"
    "  Alarm:\n"                                                        /* 11 */
    "    Type: AWS::CloudWatch::Alarm\n"                                /* 12 */
    "    Properties:\n"                                                 /* 13 */
    "      MetricName: IAMPolicyChanges\n"                              /* 14 */
    "      Namespace: CIS\n"                                            /* 15 */
    "      AlarmActions: [!Ref Topic]\n"                                /* 16 */
    "  Trail:\n"                                                        /* 17 */
    "    Type: AWS::CloudTrail::Trail\n"                                /* 18 */
    "    Properties:\n"                                                 /* 19 */
    "      IsMultiRegionTrail: false\n"                                 /* 20 */
    "      CloudWatchLogsLogGroupArn: !GetAtt Logs.Arn\n";

/* A topic from a parameter is unknown (a note at the action), never an
 * error; the single-region trail is CWF501 at its flag. */
static void test_cfn(void **state)
{
    (void)state;
    cwf_extract *x = xread("stack.yaml", CFN);
    cwf_chain_findings cf = {0};
    judge(x, &cf);
    assert_int_equal(cf.n, 1);
    assert_int_equal(cf.v[0].rule, CWF_R_AUDIT_UNKNOWN);
    assert_int_equal(cf.v[0].severity, CWF_NOTE);
    assert_string_equal(cf.v[0].message, "alarm Alarm notifies `!Ref Topic`, which is not "
                                         "defined in the linted files");
    assert_at(&cf.v[0], 16, 22, "!Ref Topic");
    cwf_chain_findings_free(&cf);

    const cwf_extract *xs[1] = {x};
    cwf_chain_iac *m = cwf_chain_iac_build(xs, 1);
    cwf_chain_trails(cwf_chain_iac_model(m), &cf);
    assert_int_equal(cf.n, 1);
    assert_int_equal(cf.v[0].rule, CWF_R_AUDIT_TRAIL);
    assert_int_equal(cf.v[0].severity, CWF_ERROR);
    assert_string_equal(cf.v[0].message, "trail Trail is single-region");
    assert_at(&cf.v[0], 20, 27, "false");
    cwf_chain_findings_free(&cf);
    cwf_chain_iac_free(m);
    xfree(x);
}

/* A plan: the alarm names the topic by its ARN (the topic exists), whose
 * last part is the topic's name; the subscription's topic_arn is known only
 * after apply, so the subscription cannot be tied to it: a note. */
static void test_plan(void **state)
{
    (void)state;
    static const char plan[] =
        "{\"format_version\": \"1.2\", \"planned_values\": {\"root_module\": {\"resources\": [\n"
        "{\"address\": \"aws_cloudwatch_log_metric_filter.f\", \"mode\": \"managed\",\n"
        " \"type\": \"aws_cloudwatch_log_metric_filter\", \"values\": {\"name\": \"F\",\n"
        " \"log_group_name\": \"trail\", \"pattern\": \"{ $.eventName = PutUserPolicy }\",\n"
        " \"metric_transformation\": [{\"name\": \"M\", \"namespace\": \"N\", \"value\": \"1\"}]}},\n"
        "{\"address\": \"aws_cloudwatch_metric_alarm.a\", \"mode\": \"managed\",\n"
        " \"type\": \"aws_cloudwatch_metric_alarm\", \"values\": {\"alarm_name\": \"A\",\n"
        " \"metric_name\": \"M\", \"namespace\": \"N\",\n"
        " \"alarm_actions\": [\"arn:aws:sns:us-east-1:111122223333:alerts\"]}},\n"
        "{\"address\": \"aws_sns_topic.t\", \"mode\": \"managed\", \"type\": \"aws_sns_topic\",\n"
        " \"values\": {\"name\": \"alerts\"}},\n"
        "{\"address\": \"aws_sns_topic_subscription.s\", \"mode\": \"managed\",\n"
        " \"type\": \"aws_sns_topic_subscription\", \"values\": {\"protocol\": \"email\"}}]}},\n"
        "\"resource_changes\": [{\"address\": \"aws_sns_topic_subscription.s\",\n"
        " \"change\": {\"after_unknown\": {\"topic_arn\": true}}}]}\n";
    cwf_extract *x = xread("plan.json", plan);
    assert_int_equal(x->nres, 4);
    const cwf_xres *s = &x->res[3];
    assert_int_equal(s->n, 2);
    assert_string_equal(s->v[1].key, "topic_arn");
    assert_string_equal(s->v[1].value, "(known after apply)");
    assert_false(s->v[1].literal);
    assert_string_equal(x->res[0].v[3].key, "metric_transformation.name");
    cwf_chain_findings cf = {0};
    judge(x, &cf);
    assert_int_equal(cf.n, 1);
    assert_int_equal(cf.v[0].rule, CWF_R_AUDIT_UNKNOWN);
    assert_string_equal(cf.v[0].message, "topic alerts has no subscription in the linted files");
    assert_at(&cf.v[0], 10, 14, "aws_sns_topic.t");
    cwf_chain_findings_free(&cf);
    xfree(x);
}

/* The sanity of an alarm, the handles given back as they were given. */
static void test_sanity(void **state)
{
    (void)state;
    cwf_chain_alarm a = {0};
    a.name = "A";
    a.enabled = (cwf_chain_val){"false", true, "enabled"};
    a.stat = (cwf_chain_val){"Sum", true, "stat"};
    a.op = (cwf_chain_val){"GreaterThanThreshold", true, "op"};
    a.threshold = (cwf_chain_val){"1", true, "threshold"};
    a.periods = (cwf_chain_val){"3", true, "periods"};
    cwf_chain_findings cf = {0};
    cwf_chain_alarm_sanity(&a, "1", &cf);
    assert_int_equal(cf.n, 3);
    assert_int_equal(cf.v[0].rule, CWF_R_AUDIT_ACTIONS_OFF);
    assert_string_equal(cf.v[0].where, "enabled");
    assert_int_equal(cf.v[1].rule, CWF_R_AUDIT_ALARM_FIRE);
    assert_string_equal(cf.v[1].where, "threshold");
    assert_string_equal(cf.v[1].message, "alarm A cannot fire for a single event: one event makes "
                                         "the Sum 1, and the alarm needs more than 1 "
                                         "(GreaterThanThreshold)");
    assert_int_equal(cf.v[2].rule, CWF_R_AUDIT_ALARM_FIRE);
    assert_string_equal(cf.v[2].where, "periods");
    assert_string_equal(cf.v[2].message,
                        "alarm A needs 3 breaching datapoints, and a single event gives one");
    cwf_chain_findings_free(&cf);
    /* a threshold from a variable decides nothing */
    a.enabled.s = NULL;
    a.threshold = (cwf_chain_val){"var.t", false, "threshold"};
    a.periods.s = NULL;
    cwf_chain_alarm_sanity(&a, "1", &cf);
    assert_int_equal(cf.n, 0);
}

/* The one finding of alarm a's sanity, or none (message NULL). */
static void sanity_one(const cwf_chain_alarm *a, const char *value, const char *where,
                       const char *message)
{
    cwf_chain_findings cf = {0};
    cwf_chain_alarm_sanity(a, value, &cf);
    if (!message) {
        if (cf.n)
            fail_msg("unexpected: %s", cf.v[0].message);
    } else {
        if (cf.n != 1)
            fail_msg("%zu findings, want: %s", cf.n, message);
        assert_int_equal(cf.v[0].rule, CWF_R_AUDIT_ALARM_FIRE);
        assert_string_equal(cf.v[0].where, where);
        assert_string_equal(cf.v[0].message, message);
    }
    cwf_chain_findings_free(&cf);
}

/* Each way an alarm's statistic, comparison and datapoints decide. */
static void test_sanity_each(void **state)
{
    (void)state;
    cwf_chain_alarm a = {0};
    a.stat = (cwf_chain_val){"Average", true, "stat"};
    sanity_one(&a, "1", "stat", "alarm (unnamed) uses the statistic Average, not Sum or "
                                "SampleCount, so it does not count the events");
    a.stat = (cwf_chain_val){NULL, false, "stat"};
    a.ext = (cwf_chain_val){"p99", true, "ext"};
    sanity_one(&a, "1", "ext", "alarm (unnamed) uses the statistic p99, not Sum or SampleCount, "
                               "so it does not count the events");
    a.ext.s = NULL;
    a.name = "B";
    a.stat = (cwf_chain_val){"SampleCount", true, "stat"};
    a.op = (cwf_chain_val){"LessThanThreshold", true, "op"};
    sanity_one(&a, NULL, "op", "alarm B compares the wrong way for counting events "
                               "(LessThanThreshold)");
    a.op.s = "GreaterThanUpperThreshold";
    sanity_one(&a, NULL, "op", "alarm B compares the wrong way for counting events "
                               "(GreaterThanUpperThreshold): it watches an anomaly band");
    /* SampleCount: one event is 1 */
    a.op.s = "GreaterThanOrEqualToThreshold";
    a.threshold = (cwf_chain_val){"2", true, "threshold"};
    sanity_one(&a, NULL, "threshold", "alarm B cannot fire for a single event: one event makes "
                                      "the SampleCount 1, and the alarm needs at least 2 "
                                      "(GreaterThanOrEqualToThreshold)");
    a.threshold.s = "1";
    sanity_one(&a, NULL, NULL, NULL);
    /* Sum: the metric's value, when a number */
    a.stat.s = "Sum";
    a.threshold.s = "5";
    sanity_one(&a, "5", NULL, NULL);
    sanity_one(&a, "$.bytes", NULL, NULL);
    sanity_one(&a, "", NULL, NULL);
    /* datapoints before periods; breaching missing data fires on one */
    a.threshold.s = "1";
    a.datapoints = (cwf_chain_val){"2", true, "datapoints"};
    a.periods = (cwf_chain_val){"3", true, "periods"};
    sanity_one(&a, "1", "datapoints",
               "alarm B needs 2 breaching datapoints, and a single event gives one");
    a.missing = (cwf_chain_val){"breaching", true, "missing"};
    sanity_one(&a, "1", NULL, NULL);
    /* metric math decides by its expression */
    a.missing.s = NULL;
    a.math = true;
    sanity_one(&a, "1", NULL, NULL);
}

/* The trails' verdict: the one finding (rule, handle, message), or none. */
static void trails_one(const cwf_chain_trail *t, size_t n, cwf_rule_id rule, const char *where,
                       const char *message)
{
    cwf_chain c = {0};
    c.trails = t;
    c.ntrails = n;
    cwf_chain_findings cf = {0};
    cwf_chain_trails(&c, &cf);
    if (!message) {
        if (cf.n)
            fail_msg("unexpected: %s", cf.v[0].message);
    } else {
        if (cf.n != 1)
            fail_msg("%zu findings, want: %s", cf.n, message);
        assert_int_equal(cf.v[0].rule, rule);
        assert_string_equal(cf.v[0].where, where);
        assert_string_equal(cf.v[0].message, message);
    }
    cwf_chain_findings_free(&cf);
}

/* Steps 1 to 4 of each trail; the best trail decides. */
static void test_trail_steps(void **state)
{
    (void)state;
    cwf_chain_trail t[2] = {{0}};
    t[0].where = "trail";
    trails_one(t, 1, CWF_R_AUDIT_TRAIL, "trail", "trail (unnamed) is single-region");
    t[0].name = "T";
    t[0].multi = (cwf_chain_val){"false", true, "multi"};
    trails_one(t, 1, CWF_R_AUDIT_TRAIL, "multi", "trail T is single-region");
    t[0].multi = (cwf_chain_val){"true", true, "multi"};
    trails_one(t, 1, CWF_R_AUDIT_LOG_GROUP, "trail",
               "trail T sends its events to no CloudWatch Logs log group");
    t[0].group = (cwf_chain_val){"arn:g", true, "group"};
    t[0].logging = (cwf_chain_val){"false", true, "logging"};
    trails_one(t, 1, CWF_R_AUDIT_LOGGING, "logging", "trail T is not logging");
    t[0].logging.s = "true";
    t[0].mgmt = (cwf_chain_val){"false", true, "mgmt"};
    trails_one(t, 1, CWF_R_AUDIT_MGMT_EVENTS, "mgmt", "trail T does not record management events");
    t[0].mgmt.s = "true";
    t[0].rw = (cwf_chain_val){"WriteOnly", true, "rw"};
    trails_one(t, 1, CWF_R_AUDIT_MGMT_EVENTS, "rw",
               "trail T records only WriteOnly management events, not All");
    /* a second, good trail makes the first one's finding moot */
    t[1] = t[0];
    t[1].name = "U";
    t[1].rw.s = "All";
    trails_one(t, 2, CWF_R_AUDIT_TRAIL, NULL, NULL);
    /* the trail that gets furthest is the one reported */
    t[1].logging.s = "false";
    trails_one(t, 2, CWF_R_AUDIT_MGMT_EVENTS, "rw",
               "trail T records only WriteOnly management events, not All");
    /* multi-region by a variable: unknown, the later steps still judged */
    t[0].rw.s = "All";
    t[0].multi = (cwf_chain_val){"var.multi", false, "multi"};
    trails_one(t, 1, CWF_R_AUDIT_UNKNOWN, "multi",
               "whether trail T is multi-region depends on `var.multi`, which cannot be "
               "resolved offline");
}

/* The judge's first finding for metric m in model c: rule, handle, message;
 * n the number of findings wanted. */
static void judge_one(const cwf_chain *c, const cwf_chain_metric *m, size_t n, cwf_rule_id rule,
                      const char *where, const char *message)
{
    cwf_chain_findings cf = {0};
    cwf_chain_judge(c, NULL, m, 1, &cf);
    if (cf.n != n)
        fail_msg("%zu findings, want %zu: %s", cf.n, n, cf.n ? cf.v[0].message : "");
    if (n) {
        assert_int_equal(cf.v[0].rule, rule);
        assert_string_equal(cf.v[0].where, where);
        assert_string_equal(cf.v[0].message, message);
    }
    cwf_chain_findings_free(&cf);
}

/* Steps 6 and 7 on a model built by hand: each outcome and its place. */
static void test_judge_model(void **state)
{
    (void)state;
    cwf_chain c = {0};
    cwf_chain_metric m = {.label = "filter F", .where = "filter"};
    judge_one(&c, &m, 1, CWF_R_AUDIT_UNKNOWN, "filter",
              "cwfilter cannot read the metric that filter F publishes");
    m.name = (cwf_chain_val){"var.metric", false, "mname"};
    judge_one(&c, &m, 1, CWF_R_AUDIT_UNKNOWN, "mname",
              "the metric that filter F publishes depends on `var.metric`, which cannot be "
              "resolved offline");
    m.name = (cwf_chain_val){"M", true, "mname"};
    m.ns = (cwf_chain_val){"var.ns", false, "mns"};
    judge_one(&c, &m, 1, CWF_R_AUDIT_UNKNOWN, "mns",
              "the metric that filter F publishes depends on `var.ns`, which cannot be resolved "
              "offline");
    m.ns = (cwf_chain_val){"CIS", true, "mns"};
    judge_one(&c, &m, 1, CWF_R_AUDIT_UNKNOWN, "mname",
              "no alarm in the linted files watches metric CIS/M, which filter F publishes");
    /* an alarm on another metric by a reference: unresolved */
    cwf_chain_alarm al[2] = {{0}};
    al[0].name = "A";
    al[0].where = "alarm";
    al[0].metric = (cwf_chain_val){"var.m", false, "ametric"};
    c.alarms = al;
    c.nalarms = 1;
    judge_one(&c, &m, 1, CWF_R_AUDIT_UNKNOWN, "ametric",
              "alarm A names its metric by `var.m`, which cannot be resolved offline: cwfilter "
              "cannot tell whether it watches CIS/M");
    /* the metric's name in another namespace: the near miss */
    al[0].metric = (cwf_chain_val){"M", true, "ametric"};
    al[0].ns = (cwf_chain_val){"Other", true, "ans"};
    judge_one(&c, &m, 1, CWF_R_AUDIT_ALARM, "ametric",
              "alarm A watches Other/M, not CIS/M, the metric that filter F publishes");
    /* the right metric, no actions */
    al[0].ns.s = "CIS";
    judge_one(&c, &m, 1, CWF_R_AUDIT_ALARM, "alarm", "alarm A on metric CIS/M has no alarm actions");
    /* an Auto Scaling action only */
    cwf_chain_val acts[2] = {{"arn:aws:autoscaling:us-east-1:1:scalingPolicy:x", true, "act0"},
                             {"aws_sns_topic.t.arn", false, "act1"}};
    al[0].actions = acts;
    al[0].nactions = 1;
    judge_one(&c, &m, 1, CWF_R_AUDIT_ALARM, "act0",
              "alarm A on metric CIS/M notifies no SNS topic (its actions: "
              "arn:aws:autoscaling:us-east-1:1:scalingPolicy:x)");
    /* a topic not in the files */
    al[0].nactions = 2;
    judge_one(&c, &m, 1, CWF_R_AUDIT_UNKNOWN, "act1",
              "alarm A notifies `aws_sns_topic.t.arn`, which is not defined in the linted files");
    /* the topic, without and with a subscription */
    const char *const ids[] = {"aws_sns_topic.t.arn"};
    cwf_chain_topic tp = {"t", "topic", NULL, ids, 1, 0};
    c.topics = &tp;
    c.ntopics = 1;
    judge_one(&c, &m, 1, CWF_R_AUDIT_UNKNOWN, "topic",
              "topic t has no subscription in the linted files");
    cwf_chain_sub sub = {"sub", NULL, {"aws_sns_topic.t.arn", false, "subtopic"}};
    c.subs = &sub;
    c.nsubs = 1;
    judge_one(&c, &m, 0, CWF_R_AUDIT_UNKNOWN, NULL, NULL);
    /* a reference names a topic only in its own scope */
    tp.scope = "mod/a";
    al[0].scope = "mod/b";
    judge_one(&c, &m, 1, CWF_R_AUDIT_UNKNOWN, "act1",
              "alarm A notifies `aws_sns_topic.t.arn`, which is not defined in the linted files");
    /* a literal ARN names the topic by its last part, anywhere */
    acts[1] = (cwf_chain_val){"arn:aws:sns:us-east-1:1:t", true, "act1"};
    const char *const ids2[] = {"t"};
    tp.ids = ids2;
    tp.nsubs = 1;
    judge_one(&c, &m, 0, CWF_R_AUDIT_UNKNOWN, NULL, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hcl_records),
        cmocka_unit_test(test_tf_other_metric),
        cmocka_unit_test(test_tf_chain),
        cmocka_unit_test(test_cfn),
        cmocka_unit_test(test_plan),
        cmocka_unit_test(test_sanity),
        cmocka_unit_test(test_sanity_each),
        cmocka_unit_test(test_trail_steps),
        cmocka_unit_test(test_judge_model),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
