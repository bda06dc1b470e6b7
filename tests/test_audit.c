/* test_audit.c: the audit of the benchmark chain (audit.h): reading and
 * placing exports, JSON pointers, shell quoting, every step's verdict on the
 * corpus bundles and on small bundles made here, the alarm notes, and the
 * remediation commands. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "audit.h"
#include "shell.h"

#define IAM "cis-iam-policy-changes"
#define A "111122223333"
#define B "444455556666"

/* ---- helpers ------------------------------------------------------------------ */

static void add(cwf_bundle *b, const char *path, const char *json)
{
    char *err = NULL;
    bool ok = cwf_bundle_add(b, path, json, strlen(json), &err);
    if (!ok)
        fail_msg("%s: %s", path, err);
    free(err);
}

static char *add_err(const char *path, const char *json)
{
    cwf_bundle b = CWF_BUNDLE_INIT;
    char *err = NULL;
    assert_false(cwf_bundle_add(&b, path, json, strlen(json), &err));
    assert_int_equal(b.n, 0);
    cwf_bundle_free(&b);
    return err;
}

static int cmp(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Adds every *.json under dir, in name order (as cmd_audit.c does). */
static void load(cwf_bundle *b, const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    char *names[256];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.' && n < 256)
            names[n++] = cwf_xstrdup(e->d_name);
    closedir(d);
    qsort(names, n, sizeof *names, cmp);
    for (size_t i = 0; i < n; i++) {
        char *p = cwf_xasprintf("%s/%s", dir, names[i]);
        struct stat st;
        assert_int_equal(stat(p, &st), 0);
        if (S_ISDIR(st.st_mode)) {
            load(b, p);
        } else if (strstr(p, ".json")) {
            cwf_buf t = CWF_BUF_INIT;
            assert_true(cwf_read_file(p, &t));
            char *err = NULL;
            if (!cwf_bundle_add(b, p, t.p, t.len, &err))
                fail_msg("%s: %s", p, err);
            cwf_buf_free(&t);
        }
        free(p);
        free(names[i]);
    }
}

typedef struct run {
    cwf_bundle b;
    cwf_audit a;
} run;

static run *audit_bundle(const char *name)
{
    run *r = calloc(1, sizeof *r);
    char *dir = cwf_xasprintf("corpus/audit/%s", name);
    load(&r->b, dir);
    free(dir);
    cwf_audit_run(&r->b, NULL, 0, &r->a);
    return r;
}

static run *audit_built(cwf_bundle *b)
{
    run *r = calloc(1, sizeof *r);
    r->b = *b;
    cwf_audit_run(&r->b, NULL, 0, &r->a);
    return r;
}

static void done(run *r)
{
    cwf_audit_free(&r->a);
    cwf_bundle_free(&r->b);
    free(r);
}

static const cwf_audit_result *result(const run *r, const char *account, const char *rule)
{
    for (size_t i = 0; i < r->a.n; i++)
        if (strcmp(r->a.v[i].account, account) == 0 && strcmp(r->a.v[i].rule->id, rule) == 0)
            return &r->a.v[i];
    fail_msg("no result for %s %s", account, rule);
    return NULL;
}

static bool has_fix(const cwf_audit_result *r, const char *part)
{
    for (size_t i = 0; i < r->nfix; i++)
        if (strstr(r->fix[i], part))
            return true;
    return false;
}

/* The one fix command that contains part (fails the test if none or two). */
static const char *fix_with(const cwf_audit_result *r, const char *part)
{
    const char *found = NULL;
    for (size_t i = 0; i < r->nfix; i++)
        if (strstr(r->fix[i], part) && strncmp(r->fix[i], "# ", 2) != 0) {
            assert_null(found);
            found = r->fix[i];
        }
    assert_non_null(found);
    return found;
}

static bool has_note(const cwf_audit_result *r, cwf_rule_id rule, const char *part)
{
    for (size_t i = 0; i < r->nnotes; i++)
        if (r->notes[i].rule == rule && strstr(r->notes[i].text, part))
            return true;
    return false;
}

#define assert_step(res, n, v, t)                                                 \
    do {                                                                          \
        assert_int_equal((res)->steps[(n) - 1].verdict, (v));                     \
        if (!strstr((res)->steps[(n) - 1].text, (t)))                             \
            fail_msg("step %d: %s", (n), (res)->steps[(n) - 1].text);             \
    } while (0)

/* ---- reading --------------------------------------------------------------------- */

static void test_shapes(void **state)
{
    (void)state;
    static const struct {
        const char *json;
        cwf_export_kind kind;
    } cases[] = {
        {"{\"UserId\":\"X\",\"Account\":\"" A "\",\"Arn\":\"arn:aws:iam::" A ":user/a\"}",
         CWF_EX_CALLER_IDENTITY},
        {"{\"trailList\":[]}", CWF_EX_TRAILS},
        {"{\"IsLogging\":false}", CWF_EX_TRAIL_STATUS},
        {"{\"TrailARN\":\"arn:aws:cloudtrail:us-east-1:" A ":trail/t\",\"EventSelectors\":[]}",
         CWF_EX_EVENT_SELECTORS},
        {"{\"AdvancedEventSelectors\":[]}", CWF_EX_EVENT_SELECTORS},
        {"{\"metricFilters\":[]}", CWF_EX_METRIC_FILTERS},
        {"{\"CompositeAlarms\":[],\"MetricAlarms\":[]}", CWF_EX_ALARMS},
        {"{\"Subscriptions\":[]}", CWF_EX_SUBSCRIPTIONS},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cwf_bundle b = CWF_BUNDLE_INIT;
        add(&b, "x.json", cases[i].json);
        assert_int_equal(b.v[0].kind, cases[i].kind);
        cwf_bundle_free(&b);
    }
}

static void test_read_errors(void **state)
{
    (void)state;
    char *e = add_err("x.json", "  \n");
    assert_non_null(strstr(e, "empty file"));
    free(e);
    e = add_err("x.json", "{\"trailList\": [");
    assert_non_null(strstr(e, "not JSON (line 1"));
    free(e);
    e = add_err("x.json", "TRAILLIST\tmain\n");
    assert_non_null(strstr(e, "--output json"));
    free(e);
    e = add_err("x.json", "{\"Things\": []}");
    assert_non_null(strstr(e, "not the output of a command that audit reads"));
    free(e);
    e = add_err("x.json", "[1, 2]");
    assert_non_null(strstr(e, "not the output"));
    free(e);
    e = add_err("x.json", "{\"trailList\": [{\"Name\": \"t\", \"IsMultiRegionTrail\": \"yes\"}]}");
    assert_string_equal(e, "describe-trails output, but trailList[0].IsMultiRegionTrail is "
                           "not true or false");
    free(e);
    e = add_err("x.json", "{\"MetricAlarms\": [{\"AlarmActions\": [\"a\", 3]}]}");
    assert_string_equal(e, "describe-alarms output, but MetricAlarms[0].AlarmActions[1] is "
                           "not a string");
    free(e);
    e = add_err("x.json", "{\"metricFilters\": {}}");
    assert_string_equal(e, "describe-metric-filters output, but metricFilters is not an array");
    free(e);
    e = add_err("x.json", "{\"IsLogging\": true, \"IsLogging\": false}");
    assert_non_null(strstr(e, "duplicate"));
    free(e);
}

/* A field of the wrong type is named by its whole path, however deep. */
static void test_read_types(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"{\"MetricAlarms\": [{\"Threshold\": \"1\"}]}",
         "describe-alarms output, but MetricAlarms[0].Threshold is not a number"},
        {"{\"MetricAlarms\": [{\"Metrics\": [{\"Id\": \"m\", \"MetricStat\": 1}]}]}",
         "describe-alarms output, but MetricAlarms[0].Metrics[0].MetricStat is not an object"},
        {"{\"MetricAlarms\": [{\"Metrics\": [{\"MetricStat\": {\"Metric\": {\"Namespace\": 1}}}]}]}",
         "describe-alarms output, but MetricAlarms[0].Metrics[0].MetricStat.Metric.Namespace "
         "is not a string"},
        {"{\"MetricAlarms\": [], \"CompositeAlarms\": [1]}",
         "describe-alarms output, but CompositeAlarms[0] is not an object"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *e = add_err("x.json", cases[i][0]);
        if (strcmp(e, cases[i][1]) != 0)
            fail_msg("case %zu: %s", i, e);
        free(e);
    }
}

static void test_places(void **state)
{
    (void)state;
    cwf_bundle b = CWF_BUNDLE_INIT;
    add(&b, "dump/" A "/us-east-1/trails/main/get-trail-status.json", "{\"IsLogging\": true}");
    add(&b, "dump/" A "/eu-west-1/log-groups/aws%2Fcloudtrail%25x/describe-metric-filters.json",
        "{\"metricFilters\": []}");
    add(&b, "flat/get-caller-identity.json",
        "{\"UserId\":\"X\",\"Account\":\"" B "\",\"Arn\":\"arn:aws:iam::" B ":user/a\"}");
    add(&b, "flat/sub/alarms.json",
        "{\"MetricAlarms\":[{\"AlarmArn\":\"arn:aws:cloudwatch:ap-south-2:" A ":alarm:x\"}]}");
    add(&b, "flat/status.json", "{\"IsLogging\": true}");
    add(&b, "flat/selectors.json",
        "{\"TrailARN\":\"arn:aws:cloudtrail:sa-east-1:" B ":trail/t1\",\"EventSelectors\":[]}");
    add(&b, "other/topics/alerts/subs.json", "{\"Subscriptions\": []}");
    add(&b, "loose.json", "{\"IsLogging\": false}");
    cwf_bundle_place(&b);
    const cwf_export *v = b.v;
    assert_string_equal(v[0].account, A);
    assert_string_equal(v[0].region, "us-east-1");
    assert_string_equal(v[0].object, "main");
    assert_string_equal(v[1].region, "eu-west-1");
    assert_string_equal(v[1].object, "aws/cloudtrail%x");
    /* The identity in the directory above names the account; the ARN the
     * region. */
    assert_string_equal(v[3].account, B);
    assert_string_equal(v[3].region, "ap-south-2");
    /* A status beside one get-event-selectors output is about its trail. */
    assert_string_equal(v[4].object, "t1");
    assert_string_equal(v[4].account, B);
    assert_string_equal(v[4].region, "sa-east-1");
    assert_string_equal(v[6].object, "alerts");
    assert_string_equal(v[7].object, "");
    assert_string_equal(v[7].account, "");
    cwf_bundle_free(&b);
}

static void test_arn(void **state)
{
    (void)state;
    cwf_arn a;
    assert_true(cwf_arn_parse("arn:aws:logs:us-east-1:" A ":log-group:x:*", &a));
    assert_int_equal(a.service.len, 4);
    assert_int_equal(a.account.len, 12);
    assert_string_equal(a.resource.p, "log-group:x:*");
    assert_true(cwf_arn_parse("arn:aws:iam::" A ":role/r", &a));
    assert_int_equal(a.region.len, 0);
    assert_false(cwf_arn_parse("arn:aws:sns", &a));
    assert_false(cwf_arn_parse("PendingConfirmation", &a));
    assert_false(cwf_arn_parse(NULL, &a));
}

static void test_locate(void **state)
{
    (void)state;
    const char *t = "{\n  \"a\": [1, {\"b~/c\": \"x\\\"y\"}, [true]],\n  \"a/b\": null\n}";
    cwf_span s;
    assert_true(cwf_json_locate(t, strlen(t), "", &s));
    assert_int_equal(s.start, 0);
    assert_int_equal(s.end, strlen(t));
    assert_true(cwf_json_locate(t, strlen(t), "/a/1/b~0~1c", &s));
    assert_memory_equal(t + s.start, "\"x\\\"y\"", s.end - s.start);
    assert_true(cwf_json_locate(t, strlen(t), "/a/2/0", &s));
    assert_memory_equal(t + s.start, "true", 4);
    assert_true(cwf_json_locate(t, strlen(t), "/a~1b", &s));
    assert_memory_equal(t + s.start, "null", 4);
    assert_false(cwf_json_locate(t, strlen(t), "/a/3", &s));
    assert_false(cwf_json_locate(t, strlen(t), "/z", &s));
    assert_false(cwf_json_locate(t, strlen(t), "/a/x", &s));
    assert_false(cwf_json_locate(t, strlen(t), "a", &s));
    assert_false(cwf_json_locate("{\"a\":", 5, "/a", &s));
    assert_false(cwf_json_locate("[[[[", 4, "/0/0/0/0", &s));
}

static void test_shell_quote(void **state)
{
    (void)state;
    cwf_buf b = CWF_BUF_INIT;
    cwf_shell_quote(&b, "us-east-1");
    cwf_buf_putc(&b, ' ');
    cwf_shell_quote(&b, "metricName=M,metricNamespace=N,metricValue=1");
    cwf_buf_putc(&b, ' ');
    cwf_shell_quote(&b, "{ $.a = \"it's\" }");
    cwf_buf_putc(&b, ' ');
    cwf_shell_quote(&b, "");
    assert_string_equal(cwf_buf_str(&b), "us-east-1 metricName=M,metricNamespace=N,metricValue=1 "
                                         "'{ $.a = \"it'\\''s\" }' ''");
    cwf_buf_free(&b);
}

/* ---- the corpus bundles ------------------------------------------------------------- */

static void test_pass(void **state)
{
    (void)state;
    run *r = audit_bundle("pass");
    assert_int_equal(r->a.n, cwf_bench_nrules);
    assert_int_equal(cwf_audit_count(&r->a, CWF_AUDIT_PASS), cwf_bench_nrules);
    const cwf_audit_result *x = result(r, A, IAM);
    assert_int_equal(x->step, 0);
    assert_step(x, 1, CWF_AUDIT_PASS, "trail main is multi-region");
    assert_step(x, 2, CWF_AUDIT_PASS, "log group cloudtrail-main (us-east-1)");
    assert_step(x, 3, CWF_AUDIT_PASS, "logging");
    assert_step(x, 4, CWF_AUDIT_PASS, "ReadWriteType All");
    assert_step(x, 5, CWF_AUDIT_PASS, "filter IAMChanges covers all 16 event names");
    assert_step(x, 6, CWF_AUDIT_PASS, "alarm IAMPolicyChangesAlarm on metric "
                                      "CISBenchmark/IAMPolicyChanges notifies topic alerts");
    assert_step(x, 7, CWF_AUDIT_PASS, "topic alerts has 1 confirmed subscription (email)");
    assert_int_equal(x->nnotes, 0);
    assert_int_equal(x->nfix, 0);
    /* Evidence points into the export. */
    const cwf_audit_ref *ref = &x->steps[4].ref;
    assert_non_null(strstr(ref->file, "log-groups/cloudtrail-main/describe-metric-filters.json"));
    assert_memory_equal(ref->text + ref->span.start, "\"{($.eventName=DeleteGroupPolicy)", 33);
    done(r);
}

typedef struct expect {
    const char *bundle;
    int step;
    cwf_rule_id diag;
    const char *message;
} expect;

static const expect iam_expect[] = {
    {"no-multi-region-trail", 1, CWF_R_AUDIT_TRAIL,
     "no trail is multi-region: main (us-east-1) is single-region"},
    {"no-log-group", 2, CWF_R_AUDIT_LOG_GROUP,
     "trail main sends its events to no CloudWatch Logs log group (it has no "
     "CloudWatchLogsLogGroupArn)"},
    {"trail-not-logging", 3, CWF_R_AUDIT_LOGGING, "trail main is multi-region but not logging"},
    {"no-management-events", 4, CWF_R_AUDIT_MGMT_EVENTS,
     "trail main is logging, but records no management events (IncludeManagementEvents false)"},
    {"read-only-selector", 4, CWF_R_AUDIT_MGMT_EVENTS,
     "trail main is logging, but records only read-only management events (event selector 1: "
     "ReadWriteType ReadOnly)"},
    {"advanced-selectors-no-writes", 4, CWF_R_AUDIT_MGMT_EVENTS,
     "trail main is logging, but records only read-only management events (advanced event "
     "selector \"Management events, read only\": readOnly true)"},
    {"filter-other-log-group", 5, CWF_R_AUDIT_FILTER,
     "filter IAMChanges covers all 16 event names, but it watches log group app-logs, not "
     "cloudtrail-main, the log group of trail main"},
    {"pattern-not-covering", 5, CWF_R_AUDIT_FILTER,
     "the pattern of filter IAMChanges covers 14 of 16 event names: "},
    {"narrowed-pattern", 5, CWF_R_AUDIT_FILTER, "the pattern of filter IAMChanges covers 0 of 16 event names: each is matched only when $.userIdentity.type = \"Root\""},
    {"alarm-other-metric", 6, CWF_R_AUDIT_ALARM,
     "filter IAMChanges covers all 16 event names, but no alarm uses metric "
     "CISBenchmark/IAMPolicyChanges"},
    {"alarm-without-actions", 6, CWF_R_AUDIT_ALARM,
     "filter IAMChanges covers all 16 event names, but alarm IAMPolicyChangesAlarm on metric "
     "CISBenchmark/IAMPolicyChanges has no alarm actions"},
    {"topic-without-subscriptions", 7, CWF_R_AUDIT_SUBSCRIPTION, "topic alerts has no subscriptions"},
    {"pending-subscription", 7, CWF_R_AUDIT_SUBSCRIPTION,
     "topic alerts has only a PendingConfirmation subscription"},
};

static void test_iam_failures(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof iam_expect / sizeof iam_expect[0]; i++) {
        const expect *e = &iam_expect[i];
        run *r = audit_bundle(e->bundle);
        const cwf_audit_result *x = result(r, A, IAM);
        if (strcmp(e->bundle, "alarm-other-metric") == 0)
            assert_step(x, 6, CWF_AUDIT_FAIL, "(alarm IAMPolicyChangesAlarm uses CISBenchmark/IAMChanges)");
        if (x->verdict != CWF_AUDIT_FAIL || x->step != e->step || x->diag != e->diag ||
            strncmp(x->message, e->message, strlen(e->message)) != 0)
            fail_msg("%s: %s at %d: %s", e->bundle, cwf_audit_verdict_name(x->verdict), x->step,
                     x->message);
        assert_non_null(x->steps[e->step - 1].ref.file);
        assert_true(x->nfix > 0);
        done(r);
    }
}

static void test_other_controls_unaffected(void **state)
{
    (void)state;
    /* Breaking the IAM control's filter, alarm or topic leaves the others. */
    static const char *const only_iam[] = {
        "pattern-not-covering", "narrowed-pattern", "alarm-other-metric", "alarm-without-actions",
    };
    for (size_t i = 0; i < sizeof only_iam / sizeof only_iam[0]; i++) {
        run *r = audit_bundle(only_iam[i]);
        assert_int_equal(cwf_audit_count(&r->a, CWF_AUDIT_FAIL), 1);
        assert_int_equal(cwf_audit_count(&r->a, CWF_AUDIT_PASS), cwf_bench_nrules - 1);
        done(r);
    }
    run *r = audit_bundle("advanced-selectors");
    assert_int_equal(cwf_audit_count(&r->a, CWF_AUDIT_PASS), cwf_bench_nrules);
    assert_step(result(r, A, IAM), 4, CWF_AUDIT_PASS, "advanced event selector \"Management events\"");
    done(r);
}

static void test_missing_exports(void **state)
{
    (void)state;
    run *r = audit_bundle("missing-exports");
    assert_int_equal(cwf_audit_count(&r->a, CWF_AUDIT_UNKNOWN), cwf_bench_nrules);
    const cwf_audit_result *x = result(r, A, IAM);
    assert_int_equal(x->step, 3);
    assert_int_equal(x->diag, CWF_R_AUDIT_UNKNOWN);
    assert_string_equal(x->steps[2].needs, "aws cloudtrail get-trail-status --region us-east-1 "
                                           "--name arn:aws:cloudtrail:us-east-1:" A ":trail/main");
    assert_int_equal(x->steps[6].verdict, CWF_AUDIT_UNKNOWN);
    assert_string_equal(x->steps[6].needs, "aws sns list-subscriptions-by-topic --region us-east-1 "
                                           "--topic-arn arn:aws:sns:us-east-1:" A ":alerts");
    /* Everything else was judged and passed. */
    assert_int_equal(x->steps[4].verdict, CWF_AUDIT_PASS);
    assert_int_equal(x->nfix, 0);
    done(r);
}

static void test_two_accounts(void **state)
{
    (void)state;
    run *r = audit_bundle("two-regions-two-accounts");
    assert_int_equal(r->a.n, 2 * cwf_bench_nrules);
    assert_string_equal(r->a.v[0].account, A);
    assert_string_equal(r->a.v[cwf_bench_nrules].account, B);
    for (size_t i = 0; i < cwf_bench_nrules; i++)
        assert_int_equal(r->a.v[i].verdict, CWF_AUDIT_PASS);
    /* B: the IAM alarm lives in us-east-1, away from its metric in eu-west-1. */
    const cwf_audit_result *x = result(r, B, IAM);
    assert_int_equal(x->step, 6);
    assert_step(x, 2, CWF_AUDIT_PASS, "log group audit-logs (eu-west-1)");
    assert_step(x, 6, CWF_AUDIT_FAIL, "no alarm in eu-west-1 uses metric "
                                      "CISBenchmark/IAMPolicyChanges (alarm IAMPolicyChangesAlarm "
                                      "watches it in us-east-1, but filter IAMChanges publishes it "
                                      "in eu-west-1)");
    assert_true(has_fix(x, "--region eu-west-1"));
    assert_true(has_fix(x, "--alarm-actions arn:aws:sns:eu-west-1:" B ":alerts"));
    /* Every other control of B fails on its pending topic. */
    for (size_t i = cwf_bench_nrules; i < r->a.n; i++)
        if (strcmp(r->a.v[i].rule->id, IAM) != 0)
            assert_int_equal(r->a.v[i].step, 7);
    done(r);
}

static void test_alarm_sanity(void **state)
{
    (void)state;
    run *r = audit_bundle("alarm-sanity");
    assert_int_equal(cwf_audit_count(&r->a, CWF_AUDIT_PASS), cwf_bench_nrules);
    assert_true(has_note(result(r, A, IAM), CWF_R_AUDIT_ALARM_FIRE,
                         "alarm IAMPolicyChangesAlarm cannot fire for a single event: one event "
                         "makes the Sum 1, and the alarm needs at least 5"));
    size_t fire = 0, off = 0;
    for (size_t i = 0; i < r->a.n; i++)
        for (size_t k = 0; k < r->a.v[i].nnotes; k++) {
            fire += r->a.v[i].notes[k].rule == CWF_R_AUDIT_ALARM_FIRE;
            off += r->a.v[i].notes[k].rule == CWF_R_AUDIT_ACTIONS_OFF;
        }
    assert_int_equal(fire, 3);
    assert_int_equal(off, 1);
    done(r);
}

/* ---- remediation -------------------------------------------------------------------- */

static void test_fix(void **state)
{
    (void)state;
    run *r = audit_bundle("pattern-not-covering");
    const cwf_audit_result *x = result(r, A, IAM);
    assert_int_equal(x->nfix, 1);
    const char *cmd = x->fix[0];
    assert_non_null(strstr(cmd, "aws logs put-metric-filter \\\n    --region us-east-1 \\\n"
                                "    --log-group-name cloudtrail-main \\\n    --filter-name IAMChanges"));
    assert_non_null(strstr(cmd, "metricName=IAMPolicyChanges,metricNamespace=CISBenchmark,"
                                "metricValue=1"));
    const char *q = strstr(cmd, "--filter-pattern '");
    assert_non_null(q);
    q += strlen("--filter-pattern '");
    const char *end = strchr(q, '\'');
    assert_non_null(end);
    assert_string_equal(end + 1, "");
    assert_null(memchr(q, '\n', (size_t)(end - q)));
    assert_memory_equal(q, result(r, A, IAM)->rule->prescribed, (size_t)(end - q));
    done(r);

    r = audit_bundle("pending-subscription");
    x = result(r, A, IAM);
    assert_true(has_fix(x, "confirm it"));
    assert_true(has_fix(x, "aws sns subscribe \\\n    --region us-east-1 \\\n    --topic-arn "
                           "arn:aws:sns:us-east-1:" A ":alerts"));
    cwf_buf s = CWF_BUF_INIT;
    cwf_audit_render_fix(&s, &r->a);
    assert_non_null(strstr(cwf_buf_str(&s), ": \"${ALERT_EMAIL:?"));
    /* The subscribe command is printed once for all controls. */
    const char *first = strstr(cwf_buf_str(&s), "aws sns subscribe");
    assert_non_null(first);
    assert_null(strstr(first + 1, "aws sns subscribe"));
    cwf_buf_free(&s);
    done(r);

    r = audit_bundle("trail-not-logging");
    assert_true(has_fix(result(r, A, IAM), "aws cloudtrail start-logging \\\n    --region us-east-1 "
                                           "\\\n    --name arn:aws:cloudtrail:us-east-1:" A ":trail/main"));
    done(r);

    r = audit_bundle("read-only-selector");
    assert_true(has_fix(result(r, A, IAM), "--event-selectors '[{\"ReadWriteType\":\"All\","
                                           "\"IncludeManagementEvents\":true,\"DataResources\":[]}]'"));
    done(r);

    r = audit_bundle("advanced-selectors-no-writes");
    assert_true(has_fix(result(r, A, IAM), "--advanced-event-selectors '[{\"Name\":\"Management "
                                           "events\",\"FieldSelectors\":[{\"Field\":\"eventCategory\","
                                           "\"Equals\":[\"Management\"]}]}]'"));
    done(r);

    /* No alarm on the metric, but one evidently meant for it: that alarm is
     * moved onto the metric, every other setting carried over (it already
     * notifies the topic that the other alarms use). */
    r = audit_bundle("alarm-other-metric");
    x = result(r, A, IAM);
    assert_string_equal(fix_with(x, "put-metric-alarm"),
                        "aws cloudwatch put-metric-alarm \\\n"
                        "    --region us-east-1 \\\n"
                        "    --alarm-name IAMPolicyChangesAlarm \\\n"
                        "    --actions-enabled \\\n"
                        "    --alarm-actions arn:aws:sns:us-east-1:" A ":alerts \\\n"
                        "    --metric-name IAMPolicyChanges \\\n"
                        "    --namespace CISBenchmark \\\n"
                        "    --statistic Sum \\\n"
                        "    --period 300 \\\n"
                        "    --evaluation-periods 1 \\\n"
                        "    --threshold 1 \\\n"
                        "    --comparison-operator GreaterThanOrEqualToThreshold");
    assert_true(has_fix(x, "# alarm IAMPolicyChangesAlarm is updated in place: put-metric-alarm "
                           "replaces a whole alarm, so every setting that describe-alarms shows "
                           "is carried over. It watches CISBenchmark/IAMPolicyChanges instead "
                           "of CISBenchmark/IAMChanges."));
    assert_false(has_fix(x, "create-topic"));
    done(r);

    /* put-metric-alarm replaces a whole alarm: every setting of the export
     * is carried over, the topic added to the actions it has. */
    r = audit_bundle("alarm-settings");
    x = result(r, A, IAM);
    assert_string_equal(fix_with(x, "put-metric-alarm"),
                        "aws cloudwatch put-metric-alarm \\\n"
                        "    --region us-east-1 \\\n"
                        "    --alarm-name IAMPolicyChangesAlarm \\\n"
                        "    --alarm-description 'CIS 4.4: IAM policy changes (it'\\''s paged)' \\\n"
                        "    --actions-enabled \\\n"
                        "    --ok-actions arn:aws:sns:us-east-1:" A ":ops-ok \\\n"
                        "    --alarm-actions arn:aws:lambda:us-east-1:" A ":function:page-oncall "
                        "arn:aws:sns:us-east-1:" A ":alerts \\\n"
                        "    --insufficient-data-actions arn:aws:sns:us-east-1:" A ":ops-nodata \\\n"
                        "    --metric-name IAMPolicyChanges \\\n"
                        "    --namespace CISBenchmark \\\n"
                        "    --statistic Sum \\\n"
                        "    --dimensions '[{\"Name\":\"Team\",\"Value\":\"sec ops\"}]' \\\n"
                        "    --period 60 \\\n"
                        "    --unit Count \\\n"
                        "    --evaluation-periods 3 \\\n"
                        "    --datapoints-to-alarm 1 \\\n"
                        "    --threshold 1 \\\n"
                        "    --comparison-operator GreaterThanOrEqualToThreshold \\\n"
                        "    --treat-missing-data notBreaching");
    assert_true(has_fix(x, "is carried over. Topic arn:aws:sns:us-east-1:" A ":alerts is added "
                           "to its alarm actions. Its actions are turned on (ActionsEnabled was "
                           "false)."));
    done(r);

    /* An alarm that lacks a setting cannot be carried over: a new alarm,
     * under a name that no alarm of the bundle has. */
    r = audit_bundle("alarm-missing-settings");
    x = result(r, A, IAM);
    assert_string_equal(fix_with(x, "put-metric-alarm"),
                        "aws cloudwatch put-metric-alarm \\\n"
                        "    --region us-east-1 \\\n"
                        "    --alarm-name IAMPolicyChanges-alarm-2 \\\n"
                        "    --metric-name IAMPolicyChanges \\\n"
                        "    --namespace CISBenchmark \\\n"
                        "    --statistic Sum --period 300 --threshold 1 \\\n"
                        "    --comparison-operator GreaterThanOrEqualToThreshold \\\n"
                        "    --evaluation-periods 1 \\\n"
                        "    --alarm-actions arn:aws:sns:us-east-1:" A ":alerts");
    assert_true(has_fix(x, "# alarm IAMPolicyChangesAlarm cannot be updated in place: "
                           "describe-alarms shows no Period, and put-metric-alarm would replace "
                           "all of it. A new alarm IAMPolicyChanges-alarm-2 is created instead; "
                           "IAMPolicyChangesAlarm is left as it is."));
    done(r);

    /* A log group with no filters and no alarms anywhere: every name new. */
    r = audit_bundle("filter-other-log-group");
    x = result(r, A, IAM);
    assert_true(has_fix(x, "--filter-name " IAM));
    assert_true(has_fix(x, "--alarm-name " IAM "-alarm"));
    done(r);
}

/* ---- small bundles made here -------------------------------------------------------- */

#define TRAIL_ARN "arn:aws:cloudtrail:us-east-1:" A ":trail/t"
#define TRAILS                                                                               \
    "{\"trailList\":[{\"Name\":\"t\",\"IsMultiRegionTrail\":true,\"HomeRegion\":\"us-east-1\"," \
    "\"TrailARN\":\"" TRAIL_ARN "\",\"CloudWatchLogsLogGroupArn\":"                            \
    "\"arn:aws:logs:us-east-1:" A ":log-group:lg:*\"}]}"

static void chain(cwf_bundle *b, const char *selectors, const char *alarms, const char *subs)
{
    add(b, "x/" A "/us-east-1/describe-trails.json", TRAILS);
    add(b, "x/" A "/us-east-1/trails/t/get-trail-status.json", "{\"IsLogging\":true}");
    add(b, "x/" A "/us-east-1/trails/t/get-event-selectors.json", selectors);
    add(b, "x/" A "/us-east-1/log-groups/lg/describe-metric-filters.json",
        "{\"metricFilters\":[{\"filterName\":\"f\",\"logGroupName\":\"lg\","
        "\"filterPattern\":\"{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||"
        "($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||"
        "($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||"
        "($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||"
        "($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||"
        "($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||"
        "($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}\","
        "\"metricTransformations\":[{\"metricName\":\"m\",\"metricNamespace\":\"ns\","
        "\"metricValue\":\"1\"}]}]}");
    add(b, "x/" A "/us-east-1/describe-alarms.json", alarms);
    if (subs)
        add(b, "x/" A "/us-east-1/topics/tp/subs.json", subs);
}

#define SEL(body) "{\"TrailARN\":\"" TRAIL_ARN "\"," body "}"
#define ALL_SEL SEL("\"EventSelectors\":[{\"ReadWriteType\":\"All\",\"IncludeManagementEvents\":true}]")
#define ALARM(extra)                                                                        \
    "{\"MetricAlarms\":[{\"AlarmName\":\"al\",\"AlarmArn\":\"arn:aws:cloudwatch:us-east-1:" A \
    ":alarm:al\",\"AlarmActions\":[\"arn:aws:sns:us-east-1:" A ":tp\"]" extra "}]}"
#define STD_ALARM ALARM(",\"MetricName\":\"m\",\"Namespace\":\"ns\",\"Statistic\":\"Sum\","      \
                        "\"Threshold\":1,\"ComparisonOperator\":\"GreaterThanOrEqualToThreshold\"," \
                        "\"EvaluationPeriods\":1")
#define CONFIRMED                                                                           \
    "{\"Subscriptions\":[{\"SubscriptionArn\":\"arn:aws:sns:us-east-1:" A ":tp:1\","          \
    "\"Protocol\":\"https\",\"TopicArn\":\"arn:aws:sns:us-east-1:" A ":tp\"}]}"

static cwf_audit_verdict iam_step(const char *selectors, const char *alarms, const char *subs,
                                  int step, char **text)
{
    cwf_bundle b = CWF_BUNDLE_INIT;
    chain(&b, selectors, alarms, subs);
    run *r = audit_built(&b);
    const cwf_audit_result *x = result(r, A, IAM);
    cwf_audit_verdict v = x->steps[step - 1].verdict;
    *text = cwf_xstrdup(x->steps[step - 1].text);
    done(r);
    return v;
}

static void expect_step(const char *sel, const char *alarms, const char *subs, int step,
                        cwf_audit_verdict v, const char *text)
{
    char *t;
    cwf_audit_verdict got = iam_step(sel, alarms, subs, step, &t);
    if (got != v || !strstr(t, text))
        fail_msg("step %d: %s: %s", step, cwf_audit_verdict_name(got), t);
    free(t);
}

static void test_selectors(void **state)
{
    (void)state;
    expect_step(ALL_SEL, STD_ALARM, CONFIRMED, 4, CWF_AUDIT_PASS, "event selector 1: ReadWriteType All");
    expect_step(SEL("\"EventSelectors\":[{\"ReadWriteType\":\"ReadOnly\",\"IncludeManagementEvents\":true},"
                    "{\"ReadWriteType\":\"WriteOnly\",\"IncludeManagementEvents\":true}]"),
                STD_ALARM, CONFIRMED, 4, CWF_AUDIT_PASS, "event selectors 1 and 2: ReadOnly and WriteOnly");
    expect_step(SEL("\"EventSelectors\":[{\"ReadWriteType\":\"WriteOnly\"}]"), STD_ALARM, CONFIRMED, 4,
                CWF_AUDIT_FAIL, "records only write-only management events");
    expect_step(SEL("\"EventSelectors\":[]"), STD_ALARM, CONFIRMED, 4, CWF_AUDIT_FAIL,
                "no event selectors");
    expect_step(SEL("\"AdvancedEventSelectors\":[{\"FieldSelectors\":[{\"Field\":\"eventCategory\","
                    "\"Equals\":[\"Management\"]},{\"Field\":\"readOnly\",\"NotEquals\":[\"true\"]}]}]"),
                STD_ALARM, CONFIRMED, 4, CWF_AUDIT_FAIL, "write-only management events (advanced event selector 1");
    expect_step(SEL("\"AdvancedEventSelectors\":[{\"FieldSelectors\":[{\"Field\":\"eventCategory\","
                    "\"Equals\":[\"Management\"]},{\"Field\":\"userIdentity.arn\",\"NotStartsWith\":[\"x\"]}]}]"),
                STD_ALARM, CONFIRMED, 4, CWF_AUDIT_FAIL, "by userIdentity.arn");
    expect_step(SEL("\"AdvancedEventSelectors\":[{\"FieldSelectors\":[{\"Field\":\"eventCategory\","
                    "\"Equals\":[\"Data\"]}]}]"),
                STD_ALARM, CONFIRMED, 4, CWF_AUDIT_FAIL, "no advanced event selector selects");
    expect_step(SEL("\"AdvancedEventSelectors\":[{\"Name\":\"m\",\"FieldSelectors\":[{\"Field\":"
                    "\"eventCategory\",\"Equals\":[\"Management\"]},{\"Field\":\"readOnly\","
                    "\"Equals\":[\"true\",\"false\"]},{\"Field\":\"eventSource\",\"NotEquals\":"
                    "[\"kms.amazonaws.com\"]}]}]"),
                STD_ALARM, CONFIRMED, 4, CWF_AUDIT_PASS, "advanced event selector \"m\"");
}

static void test_kms_exclusion(void **state)
{
    (void)state;
    cwf_bundle b = CWF_BUNDLE_INIT;
    chain(&b, SEL("\"EventSelectors\":[{\"ReadWriteType\":\"All\",\"IncludeManagementEvents\":true,"
                  "\"ExcludeManagementEventSources\":[\"kms.amazonaws.com\"]}]"),
          STD_ALARM, CONFIRMED);
    run *r = audit_built(&b);
    for (size_t i = 0; i < r->a.n; i++) {
        const cwf_audit_result *x = &r->a.v[i];
        bool kms = x->rule->requirement && strstr(x->rule->requirement, "kms.amazonaws.com");
        assert_int_equal(x->steps[3].verdict, kms ? CWF_AUDIT_FAIL : CWF_AUDIT_PASS);
        if (kms)
            assert_non_null(strstr(x->steps[3].text, "excludes the management events of "
                                                     "kms.amazonaws.com, which this control watches"));
        else
            assert_true(has_note(x, CWF_R_AUDIT_NOTE, "excludes the management events of kms"));
    }
    done(r);
}

static void test_alarms(void **state)
{
    (void)state;
    expect_step(ALL_SEL, STD_ALARM, CONFIRMED, 6, CWF_AUDIT_PASS, "alarm al on metric ns/m notifies topic tp");
    expect_step(ALL_SEL, STD_ALARM, CONFIRMED, 7, CWF_AUDIT_PASS, "1 confirmed subscription (https)");
    /* Metric math. */
    expect_step(ALL_SEL, ALARM(",\"Metrics\":[{\"Id\":\"e\",\"Expression\":\"q*2\"},{\"Id\":\"q\","
                               "\"MetricStat\":{\"Metric\":{\"Namespace\":\"ns\",\"MetricName\":\"m\"},"
                               "\"Stat\":\"Sum\"},\"ReturnData\":false}]"),
                CONFIRMED, 6, CWF_AUDIT_PASS, "alarm al");
    /* Same metric name, other namespace. */
    expect_step(ALL_SEL, ALARM(",\"MetricName\":\"m\",\"Namespace\":\"other\""), CONFIRMED, 6,
                CWF_AUDIT_FAIL, "no alarm uses metric ns/m (alarm al uses other/m)");
    /* An alarm in another region does not count. */
    expect_step(ALL_SEL,
                "{\"MetricAlarms\":[{\"AlarmName\":\"al\",\"AlarmArn\":\"arn:aws:cloudwatch:eu-west-1:" A
                ":alarm:al\",\"MetricName\":\"m\",\"Namespace\":\"ns\",\"AlarmActions\":[]}]}",
                CONFIRMED, 6, CWF_AUDIT_FAIL, "no alarm in us-east-1 uses metric ns/m (alarm al "
                                              "watches it in eu-west-1");
    /* Only a Lambda action. */
    expect_step(ALL_SEL,
                "{\"MetricAlarms\":[{\"AlarmName\":\"al\",\"MetricName\":\"m\",\"Namespace\":\"ns\","
                "\"AlarmActions\":[\"arn:aws:lambda:us-east-1:" A ":function:f\"]}]}",
                CONFIRMED, 6, CWF_AUDIT_FAIL, "notifies no SNS topic (its actions: arn:aws:lambda");
    /* No describe-alarms output at all. */
    cwf_bundle b = CWF_BUNDLE_INIT;
    chain(&b, ALL_SEL, "{\"MetricAlarms\":[]}", NULL);
    b.v[b.n - 1].kind = CWF_EX_SUBSCRIPTIONS; /* hide the alarms */
    run *r = audit_built(&b);
    const cwf_audit_result *x = result(r, A, IAM);
    assert_int_equal(x->verdict, CWF_AUDIT_UNKNOWN);
    assert_int_equal(x->step, 6);
    assert_string_equal(x->steps[5].needs, "aws cloudwatch describe-alarms --region us-east-1");
    done(r);
    /* A deleted subscription is no subscriber. */
    expect_step(ALL_SEL, STD_ALARM,
                "{\"Subscriptions\":[{\"SubscriptionArn\":\"Deleted\",\"TopicArn\":\"arn:aws:sns:us-east-1:" A
                ":tp\"}]}",
                7, CWF_AUDIT_FAIL, "topic tp has no confirmed subscription (0 pending, 1 deleted)");
}

static void test_alarm_notes(void **state)
{
    (void)state;
    static const struct {
        const char *alarm;
        const char *note;
    } cases[] = {
        {ALARM(",\"MetricName\":\"m\",\"Namespace\":\"ns\",\"Statistic\":\"Sum\",\"Threshold\":1,"
               "\"ComparisonOperator\":\"GreaterThanThreshold\""),
         "cannot fire for a single event: one event makes the Sum 1, and the alarm needs more than 1"},
        {ALARM(",\"MetricName\":\"m\",\"Namespace\":\"ns\",\"ExtendedStatistic\":\"p99\""),
         "uses the statistic p99"},
        {ALARM(",\"MetricName\":\"m\",\"Namespace\":\"ns\",\"Statistic\":\"Sum\",\"Threshold\":1,"
               "\"ComparisonOperator\":\"GreaterThanOrEqualToThreshold\",\"EvaluationPeriods\":3"),
         "needs 3 breaching datapoints"},
        {ALARM(",\"MetricName\":\"m\",\"Namespace\":\"ns\",\"ComparisonOperator\":"
               "\"LessThanLowerOrGreaterThanUpperThreshold\""),
         "watches an anomaly band"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cwf_bundle b = CWF_BUNDLE_INIT;
        chain(&b, ALL_SEL, cases[i].alarm, CONFIRMED);
        run *r = audit_built(&b);
        const cwf_audit_result *x = result(r, A, IAM);
        assert_int_equal(x->verdict, CWF_AUDIT_PASS);
        if (!has_note(x, CWF_R_AUDIT_ALARM_FIRE, cases[i].note))
            fail_msg("case %zu: no note '%s'", i, cases[i].note);
        done(r);
    }
    /* Three datapoints are fine when missing data counts as breaching. */
    cwf_bundle b = CWF_BUNDLE_INIT;
    chain(&b, ALL_SEL, ALARM(",\"MetricName\":\"m\",\"Namespace\":\"ns\",\"Statistic\":\"SampleCount\","
                             "\"Threshold\":1,\"ComparisonOperator\":\"GreaterThanOrEqualToThreshold\","
                             "\"EvaluationPeriods\":3,\"TreatMissingData\":\"breaching\""),
          CONFIRMED);
    run *r = audit_built(&b);
    assert_int_equal(result(r, A, IAM)->nnotes, 0);
    done(r);
}

static void test_no_trails(void **state)
{
    (void)state;
    cwf_bundle b = CWF_BUNDLE_INIT;
    add(&b, "y/" B "/get-caller-identity.json",
        "{\"UserId\":\"X\",\"Account\":\"" B "\",\"Arn\":\"arn:aws:iam::" B ":user/a\"}");
    add(&b, "y/" A "/us-east-1/describe-trails.json", "{\"trailList\":[]}");
    run *r = audit_built(&b);
    const cwf_audit_result *x = result(r, A, IAM);
    assert_int_equal(x->verdict, CWF_AUDIT_FAIL);
    assert_string_equal(x->message, "account " A " has no trail (describe-trails lists none)");
    x = result(r, B, IAM);
    assert_int_equal(x->verdict, CWF_AUDIT_UNKNOWN);
    assert_string_equal(x->steps[0].needs, "aws cloudtrail describe-trails");
    /* No export to point at: said so in the text, null in JSON. */
    cwf_buf t = CWF_BUF_INIT;
    cwf_audit_render_text(&t, &r->a);
    assert_non_null(strstr(cwf_buf_str(&t), "\nUNKNOWN " IAM " (IAM policy changes)\n"
                                            "  the bundle has no describe-trails output for account " B
                                            ": step 1 needs the output of `aws cloudtrail describe-trails`\n"
                                            "  at (no export) [CWF508]\n"
                                            "  1 unknown  the bundle has no describe-trails output for "
                                            "account " B "; needs `aws cloudtrail describe-trails`\n"
                                            "  2 -        no trail to look at\n"));
    cwf_buf_free(&t);
    cwf_audit_render_json(&t, &r->a);
    assert_non_null(strstr(cwf_buf_str(&t),
                           "      \"steps\": [\n"
                           "        {\n"
                           "          \"step\": 1,\n"
                           "          \"name\": \"multi-region trail\",\n"
                           "          \"verdict\": \"unknown\",\n"
                           "          \"message\": \"the bundle has no describe-trails output for "
                           "account " B "\",\n"
                           "          \"needs\": \"aws cloudtrail describe-trails\"\n"
                           "        },\n"));
    cwf_buf_free(&t);
    cwf_buf_free(&t);
    done(r);
}

/* What --fix proposes for a control passes its step 5. */
static void test_fix_patterns_cover(void **state)
{
    (void)state;
    for (size_t i = 0; i < cwf_bench_nrules; i++) {
        cwf_bundle b = CWF_BUNDLE_INIT;
        chain(&b, ALL_SEL, STD_ALARM, CONFIRMED);
        cwf_buf f = CWF_BUF_INIT;
        cwf_buf_puts(&f, "{\"metricFilters\":[{\"filterName\":\"f\",\"logGroupName\":\"lg\","
                         "\"filterPattern\":");
        cwf_buf_json_str(&f, cwf_bench_rules[i].prescribed, strlen(cwf_bench_rules[i].prescribed));
        cwf_buf_puts(&f, ",\"metricTransformations\":[{\"metricName\":\"m\",\"metricNamespace\":"
                         "\"ns\",\"metricValue\":\"1\"}]}]}");
        /* Replace the chain's IAM filter with the rule's prescribed text. */
        for (size_t k = 0; k < b.n; k++)
            if (b.v[k].kind == CWF_EX_METRIC_FILTERS) {
                cwf_bundle nb = CWF_BUNDLE_INIT;
                for (size_t j = 0; j < b.n; j++)
                    add(&nb, b.v[j].path, j == k ? cwf_buf_str(&f) : b.v[j].text);
                cwf_bundle_free(&b);
                b = nb;
                break;
            }
        cwf_buf_free(&f);
        const cwf_bench_rule *rules[] = {&cwf_bench_rules[i]};
        cwf_audit a = CWF_AUDIT_INIT;
        cwf_audit_run(&b, rules, 1, &a);
        if (a.v[0].verdict != CWF_AUDIT_PASS)
            fail_msg("%s: %s", cwf_bench_rules[i].id, a.v[0].message);
        cwf_audit_free(&a);
        cwf_bundle_free(&b);
    }
}

/* No alarm and no topic anywhere: a new topic, its subscription, an alarm. */
static void test_fix_new_topic(void **state)
{
    (void)state;
    cwf_bundle b = CWF_BUNDLE_INIT;
    chain(&b, ALL_SEL, "{\"MetricAlarms\":[],\"CompositeAlarms\":[]}", NULL);
    run *r = audit_built(&b);
    const cwf_audit_result *x = result(r, A, IAM);
    assert_int_equal(x->step, 6);
    assert_int_equal(x->nfix, 3);
    assert_string_equal(x->fix[0], "aws sns create-topic \\\n    --region us-east-1 \\\n    --name cis-alarms");
    assert_non_null(strstr(x->fix[1], "--topic-arn arn:aws:sns:us-east-1:" A ":cis-alarms"));
    assert_non_null(strstr(x->fix[2], "--alarm-name m-alarm"));
    assert_non_null(strstr(x->fix[2], "--alarm-actions arn:aws:sns:us-east-1:" A ":cis-alarms"));
    done(r);
}

static void test_flat(void **state)
{
    (void)state;
    run *r = audit_bundle("flat");
    assert_int_equal(cwf_audit_count(&r->a, CWF_AUDIT_PASS), cwf_bench_nrules);
    assert_int_equal(r->a.nnotes, 0);
    done(r);
}

static void test_render(void **state)
{
    (void)state;
    run *r = audit_bundle("alarm-other-metric");
    cwf_buf t = CWF_BUF_INIT;
    cwf_audit_render_text(&t, &r->a);
    assert_non_null(strstr(cwf_buf_str(&t), "\nFAIL " IAM " (IAM policy changes)\n"
                                            "  filter IAMChanges covers all 16 event names, but no alarm"));
    assert_non_null(strstr(cwf_buf_str(&t), "describe-alarms.json:2:21 [CWF506]\n"));
    cwf_buf_free(&t);
    cwf_audit_render_json(&t, &r->a);
    assert_non_null(strstr(cwf_buf_str(&t), "\"diagnostic\": \"CWF506\""));
    cwf_buf_free(&t);
    done(r);
}

/* A metric-math alarm without actions: updated in place with its queries
 * (--metrics) and its threshold metric id, no metric of its own. */
static void test_fix_math_alarm(void **state)
{
    (void)state;
    cwf_bundle b = CWF_BUNDLE_INIT;
    chain(&b, ALL_SEL,
          "{\"MetricAlarms\":[{\"AlarmName\":\"math\",\"AlarmActions\":[],"
          "\"Metrics\":[{\"Id\":\"e\",\"Expression\":\"m1*1\",\"ReturnData\":true},"
          "{\"Id\":\"m1\",\"MetricStat\":{\"Metric\":{\"Namespace\":\"ns\",\"MetricName\":\"m\"},"
          "\"Period\":300,\"Stat\":\"Sum\"},\"ReturnData\":false}],"
          "\"EvaluationPeriods\":2,\"DatapointsToAlarm\":1,\"ThresholdMetricId\":\"e\","
          "\"ComparisonOperator\":\"GreaterThanUpperThreshold\"}]}",
          NULL);
    run *r = audit_built(&b);
    const cwf_audit_result *x = result(r, A, IAM);
    assert_int_equal(x->steps[5].verdict, CWF_AUDIT_FAIL);
    assert_string_equal(fix_with(x, "put-metric-alarm"),
                        "aws cloudwatch put-metric-alarm \\\n"
                        "    --region us-east-1 \\\n"
                        "    --alarm-name math \\\n"
                        "    --actions-enabled \\\n"
                        "    --alarm-actions arn:aws:sns:us-east-1:" A ":cis-alarms \\\n"
                        "    --metrics '[{\"Id\":\"e\",\"Expression\":\"m1*1\",\"ReturnData\":true},"
                        "{\"Id\":\"m1\",\"MetricStat\":{\"Metric\":{\"Namespace\":\"ns\","
                        "\"MetricName\":\"m\"},\"Period\":300,\"Stat\":\"Sum\"},"
                        "\"ReturnData\":false}]' \\\n"
                        "    --evaluation-periods 2 \\\n"
                        "    --datapoints-to-alarm 1 \\\n"
                        "    --comparison-operator GreaterThanUpperThreshold \\\n"
                        "    --threshold-metric-id e");
    done(r);
}

/* ---- edge cases of each step ----------------------------------------------------------- */

#define IAM_PATTERN                                                                         \
    "{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||"                    \
    "($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||" \
    "($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||"  \
    "($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||"                \
    "($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||"                      \
    "($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||"                      \
    "($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}"
#define XF "\"metricTransformations\":[{\"metricName\":\"m\",\"metricNamespace\":\"ns\",\"metricValue\":\"1\"}]"
#define FILTERS(f) "{\"metricFilters\":[{\"logGroupName\":\"lg\"," f "}]}"
#define STATUS "{\"IsLogging\":true}"

/* The chain of the small bundles, every export given (NULL: left out). */
static run *chain_of(const char *trails, const char *status, const char *sel, const char *filters,
                     const char *alarms, const char *subs)
{
    cwf_bundle b = CWF_BUNDLE_INIT;
    if (trails)
        add(&b, "x/" A "/us-east-1/describe-trails.json", trails);
    if (status)
        add(&b, "x/" A "/us-east-1/trails/t/get-trail-status.json", status);
    if (sel)
        add(&b, "x/" A "/us-east-1/trails/t/get-event-selectors.json", sel);
    if (filters)
        add(&b, "x/" A "/us-east-1/log-groups/lg/describe-metric-filters.json", filters);
    if (alarms)
        add(&b, "x/" A "/us-east-1/describe-alarms.json", alarms);
    if (subs)
        add(&b, "x/" A "/us-east-1/topics/tp/subs.json", subs);
    return audit_built(&b);
}

#define F_OK "\"filterName\":\"f\",\"filterPattern\":\"" IAM_PATTERN "\"," XF
/* The IAM pattern without its last two event names, and its closing brace. */
#define IAM14                                                                               \
    "{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||"                    \
    "($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||" \
    "($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||"  \
    "($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||"                \
    "($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||"                      \
    "($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)"
#define TR(arn, extra)                                                                      \
    "{\"trailList\":[{\"Name\":\"t\",\"IsMultiRegionTrail\":true,\"HomeRegion\":\"us-east-1\"," \
    "\"TrailARN\":\"" arn "\",\"CloudWatchLogsLogGroupArn\":\"arn:aws:logs:us-east-1:" A         \
    ":log-group:lg:*\"" extra "}]}"
#define SUB(arn, proto)                                                                     \
    "{\"SubscriptionArn\":\"" arn "\",\"Protocol\":\"" proto "\","                            \
    "\"TopicArn\":\"arn:aws:sns:us-east-1:" A ":tp\"}"

/* Each case: the exports, then the IAM control's verdict, failing step,
 * message, and one note or fix command it must have (exactly). */
static void test_step_edges(void **state)
{
    (void)state;
    static const struct {
        const char *trails, *status, *sel, *filters, *alarms, *subs;
        cwf_audit_verdict v;
        int step;
        const char *message, *extra;
    } c[] = {
        /* a pattern that does not parse */
        {TRAILS, STATUS, ALL_SEL, FILTERS("\"filterName\":\"f\",\"filterPattern\":\"{ $.a = \"," XF),
         STD_ALARM, CONFIRMED, CWF_AUDIT_UNKNOWN, 5,
         "cwfilter cannot read the pattern of filter f (expected value at the end of the pattern), "
         "so it cannot tell what it covers", NULL},
        /* a filter without metric transformations */
        {TRAILS, STATUS, ALL_SEL, FILTERS("\"filterName\":\"f\",\"filterPattern\":\"" IAM_PATTERN "\""),
         STD_ALARM, CONFIRMED, CWF_AUDIT_FAIL, 6,
         "filter f publishes no metric (no metricTransformations)", NULL},
        /* a metric with dimensions */
        {TRAILS, STATUS, ALL_SEL,
         FILTERS("\"filterName\":\"f\",\"filterPattern\":\"" IAM_PATTERN "\",\"metricTransformations\":"
                 "[{\"metricName\":\"m\",\"metricNamespace\":\"ns\",\"metricValue\":\"1\","
                 "\"dimensions\":{\"k\":\"$.a\"}}]"),
         STD_ALARM, CONFIRMED, CWF_AUDIT_PASS, 0, "trail t, filter f, alarm al, topic tp",
         "filter f publishes ns/m with dimensions: an alarm watches one combination of their "
         "values, so it may see only some of the events"},
        /* a delivery error in the trail's status */
        {TRAILS, "{\"IsLogging\":true,\"LatestCloudWatchLogsDeliveryError\":\"AccessDenied\"}",
         ALL_SEL, FILTERS(F_OK), STD_ALARM, CONFIRMED, CWF_AUDIT_PASS, 0,
         "trail t, filter f, alarm al, topic tp",
         "trail t reports a CloudWatch Logs delivery error: AccessDenied"},
        /* a trail without an ARN: placed by its export, found by its name */
        {"{\"trailList\":[{\"Name\":\"t\",\"IsMultiRegionTrail\":true,\"HomeRegion\":\"us-east-1\","
         "\"CloudWatchLogsLogGroupArn\":\"arn:aws:logs:us-east-1:" A ":log-group:lg:*\"}]}",
         STATUS, ALL_SEL, FILTERS(F_OK), STD_ALARM, CONFIRMED, CWF_AUDIT_UNKNOWN, 4,
         "the bundle has no get-event-selectors output for trail t: step 4 needs the output of "
         "`aws cloudtrail get-event-selectors --region us-east-1 --trail-name t`", NULL},
        /* a log group ARN without a name */
        {"{\"trailList\":[{\"Name\":\"t\",\"IsMultiRegionTrail\":true,\"HomeRegion\":\"us-east-1\","
         "\"TrailARN\":\"" TRAIL_ARN "\",\"CloudWatchLogsLogGroupArn\":\"arn:aws:logs:us-east-1:" A
         ":log-group:\"}]}",
         STATUS, ALL_SEL, NULL, STD_ALARM, CONFIRMED, CWF_AUDIT_UNKNOWN, 2,
         "cannot read a log group name from the CloudWatchLogsLogGroupArn arn:aws:logs:us-east-1:" A
         ":log-group: of trail t", NULL},
        /* a filter and an alarm without names (the message once printed
         * "(null)" for them) */
        {TRAILS, STATUS, ALL_SEL, FILTERS("\"filterPattern\":\"" IAM_PATTERN "\"," XF),
         "{\"MetricAlarms\":[{\"MetricName\":\"m\",\"Namespace\":\"ns\",\"AlarmActions\":"
         "[\"arn:aws:sns:us-east-1:" A ":tp\"]}]}",
         CONFIRMED, CWF_AUDIT_PASS, 0, "trail t, filter (unnamed), alarm (unnamed), topic tp", NULL},
        /* subscriptions pending and deleted, none confirmed */
        {TRAILS, STATUS, ALL_SEL, FILTERS(F_OK), STD_ALARM,
         "{\"Subscriptions\":[" SUB("PendingConfirmation", "email") "," SUB("Deleted", "email") "]}",
         CWF_AUDIT_FAIL, 7, "topic tp has no confirmed subscription (1 pending, 1 deleted)",
         "# topic arn:aws:sns:us-east-1:" A ":tp has a subscription waiting for confirmation: "
         "confirm it from the message its endpoint received, or subscribe an address that will"},
        /* three confirmed over two protocols, one pending */
        {TRAILS, STATUS, ALL_SEL, FILTERS(F_OK), STD_ALARM,
         "{\"Subscriptions\":[" SUB("arn:aws:sns:us-east-1:" A ":tp:1", "email") ","
         SUB("arn:aws:sns:us-east-1:" A ":tp:2", "sqs") "," SUB("arn:aws:sns:us-east-1:" A ":tp:3", "email")
         "," SUB("PendingConfirmation", "email") "]}",
         CWF_AUDIT_PASS, 0, "trail t, filter f, alarm al, topic tp", NULL},
        /* readOnly NotEquals false: read-only events only */
        {TRAILS, STATUS,
         SEL("\"AdvancedEventSelectors\":[{\"FieldSelectors\":[{\"Field\":\"eventCategory\","
             "\"Equals\":[\"Management\"]},{\"Field\":\"readOnly\",\"NotEquals\":[\"false\"]}]}]"),
         FILTERS(F_OK), STD_ALARM, CONFIRMED, CWF_AUDIT_FAIL, 4,
         "trail t is logging, but records only read-only management events (advanced event "
         "selector 1: readOnly true)",
         "aws cloudtrail put-event-selectors \\\n    --region us-east-1 \\\n    --trail-name "
         TRAIL_ARN " \\\n    --advanced-event-selectors '[{\"Name\":\"Management events\","
         "\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":[\"Management\"]}]}]'"},
        /* an alarm without actions that also lacks EvaluationPeriods */
        {TRAILS, STATUS, ALL_SEL, FILTERS(F_OK),
         "{\"MetricAlarms\":[{\"AlarmName\":\"al\",\"MetricName\":\"m\",\"Namespace\":\"ns\","
         "\"Statistic\":\"Sum\",\"Period\":60,\"AlarmActions\":[]}]}",
         CONFIRMED, CWF_AUDIT_FAIL, 6,
         "filter f covers all 16 event names, but alarm al on metric ns/m has no alarm actions",
         "# alarm al cannot be updated in place: describe-alarms shows no EvaluationPeriods, and "
         "put-metric-alarm would replace all of it. A new alarm m-alarm is created instead; al is "
         "left as it is."},
        /* a metric name and namespace with ',' and '=': the transformation
         * as JSON */
        {TRAILS, STATUS, ALL_SEL,
         FILTERS("\"filterName\":\"f\",\"filterPattern\":\"{$.eventName=DeleteGroupPolicy || "
                 "$.eventName=DeleteRolePolicy || $.eventName=DeleteUserPolicy || "
                 "$.eventName=PutGroupPolicy || $.eventName=PutRolePolicy || $.eventName=PutUserPolicy || "
                 "$.eventName=CreatePolicy || $.eventName=DeletePolicy || "
                 "$.eventName=CreatePolicyVersion}\",\"metricTransformations\":[{\"metricName\":"
                 "\"m,1\",\"metricNamespace\":\"ns=2\",\"metricValue\":\"1\"}]"),
         STD_ALARM, CONFIRMED, CWF_AUDIT_FAIL, 5,
         "the pattern of filter f covers 9 of 16 event names: DeletePolicyVersion, AttachRolePolicy, "
         "DetachRolePolicy and 4 more are missing",
         "aws logs put-metric-filter \\\n    --region us-east-1 \\\n    --log-group-name lg \\\n"
         "    --filter-name f \\\n    --metric-transformations '[{\"metricName\":\"m,1\","
         "\"metricNamespace\":\"ns=2\",\"metricValue\":\"1\"}]' \\\n    --filter-pattern '" IAM_PATTERN "'"},
        /* an organization trail owned by another account: its exports
         * must come from there */
        {TR("arn:aws:cloudtrail:us-east-1:" B ":trail/t", ",\"IsOrganizationTrail\":true"), NULL, NULL,
         FILTERS(F_OK), STD_ALARM, CONFIRMED, CWF_AUDIT_UNKNOWN, 3,
         "the bundle has no get-trail-status output for trail t; it must be collected in account " B
         ", the organization's management account (it owns organization trail t), not in account " A
         ": step 3 needs the output of `aws cloudtrail get-trail-status --region us-east-1 --name "
         "arn:aws:cloudtrail:us-east-1:" B ":trail/t`", NULL},
        {TR("arn:aws:cloudtrail:us-east-1:" B ":trail/t", ""), NULL, NULL, FILTERS(F_OK), STD_ALARM,
         CONFIRMED, CWF_AUDIT_UNKNOWN, 3,
         "the bundle has no get-trail-status output for trail t; it must be collected in account " B
         " (from the ARN), not in account " A ": step 3 needs the output of `aws cloudtrail "
         "get-trail-status --region us-east-1 --name arn:aws:cloudtrail:us-east-1:" B ":trail/t`", NULL},
        /* a TrailARN that is not a trail's: the trail is placed by its export */
        {TR("arn:aws:s3:::bucket", ""), STATUS, ALL_SEL, FILTERS(F_OK), STD_ALARM, CONFIRMED,
         CWF_AUDIT_UNKNOWN, 4,
         "the bundle has no get-event-selectors output for trail t: step 4 needs the output of "
         "`aws cloudtrail get-event-selectors --region us-east-1 --trail-name arn:aws:s3:::bucket`", NULL},
        /* a topic ARN whose region is too long to be one */
        {TRAILS, STATUS, ALL_SEL, FILTERS(F_OK),
         "{\"MetricAlarms\":[{\"AlarmName\":\"al\",\"MetricName\":\"m\",\"Namespace\":\"ns\","
         "\"AlarmActions\":[\"arn:aws:sns:us-east-1-and-a-region-name-that-is-far-too-long:" A ":tp\"]}]}",
         CONFIRMED, CWF_AUDIT_UNKNOWN, 7,
         "cannot read the topic ARN arn:aws:sns:us-east-1-and-a-region-name-that-is-far-too-long:" A
         ":tp", NULL},
        /* a subscription's ARN as an action: no topic */
        {TRAILS, STATUS, ALL_SEL, FILTERS(F_OK),
         "{\"MetricAlarms\":[{\"AlarmName\":\"al\",\"MetricName\":\"m\",\"Namespace\":\"ns\","
         "\"AlarmActions\":[\"arn:aws:sns:us-east-1:" A ":tp:sub\"]}]}",
         CONFIRMED, CWF_AUDIT_FAIL, 6,
         "filter f covers all 16 event names, but alarm al on metric ns/m notifies no SNS topic (its "
         "actions: arn:aws:sns:us-east-1:" A ":tp:sub)",
         "# alarm al cannot be updated in place: describe-alarms shows no Statistic, and "
         "put-metric-alarm would replace all of it. A new alarm m-alarm is created instead; al is "
         "left as it is."},
        /* advanced selectors narrowed by event name, or excluding the
         * control's event source */
        {TRAILS, STATUS,
         SEL("\"AdvancedEventSelectors\":[{\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":"
             "[\"Management\"]},{\"Field\":\"eventName\",\"Equals\":[\"CreateTrail\"]}]}]"),
         FILTERS(F_OK), STD_ALARM, CONFIRMED, CWF_AUDIT_FAIL, 4,
         "trail t is logging, but records management events only as far as advanced event selector "
         "1 lets them through by eventName", NULL},
        {TRAILS, STATUS,
         SEL("\"AdvancedEventSelectors\":[{\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":"
             "[\"Management\"]},{\"Field\":\"eventSource\",\"NotEquals\":[\"iam.amazonaws.com\"]}]}]"),
         FILTERS(F_OK), STD_ALARM, CONFIRMED, CWF_AUDIT_FAIL, 4,
         "trail t is logging, but excludes the management events of iam.amazonaws.com, which this "
         "control watches", NULL},
        /* an unnamed alarm on the metric's name without a namespace: the one
         * meant, but it cannot be updated in place */
        {TRAILS, STATUS, ALL_SEL, FILTERS(F_OK),
         "{\"MetricAlarms\":[{\"MetricName\":\"m\",\"AlarmActions\":[\"arn:aws:sns:us-east-1:" A ":tp\"]}]}",
         CONFIRMED, CWF_AUDIT_FAIL, 6, "filter f covers all 16 event names, but no alarm uses metric ns/m",
         "# alarm (unnamed) cannot be updated in place: describe-alarms shows no name, and "
         "put-metric-alarm would replace all of it. A new alarm m-alarm is created instead; the old "
         "one is left as it is."},
        /* ... or ComparisonOperator, or Threshold */
        {TRAILS, STATUS, ALL_SEL, FILTERS(F_OK),
         "{\"MetricAlarms\":[{\"AlarmName\":\"al\",\"MetricName\":\"m\",\"Namespace\":\"ns\","
         "\"Statistic\":\"Sum\",\"Period\":60,\"EvaluationPeriods\":1,\"AlarmActions\":[]}]}",
         CONFIRMED, CWF_AUDIT_FAIL, 6,
         "filter f covers all 16 event names, but alarm al on metric ns/m has no alarm actions",
         "# alarm al cannot be updated in place: describe-alarms shows no ComparisonOperator, and "
         "put-metric-alarm would replace all of it. A new alarm m-alarm is created instead; al is "
         "left as it is."},
        {TRAILS, STATUS, ALL_SEL, FILTERS(F_OK),
         "{\"MetricAlarms\":[{\"AlarmName\":\"al\",\"MetricName\":\"m\",\"Namespace\":\"ns\","
         "\"Statistic\":\"Sum\",\"Period\":60,\"EvaluationPeriods\":1,\"ComparisonOperator\":"
         "\"GreaterThanThreshold\",\"AlarmActions\":[]}]}",
         CONFIRMED, CWF_AUDIT_FAIL, 6,
         "filter f covers all 16 event names, but alarm al on metric ns/m has no alarm actions",
         "# alarm al cannot be updated in place: describe-alarms shows no Threshold, and "
         "put-metric-alarm would replace all of it. A new alarm m-alarm is created instead; al is "
         "left as it is."},
        /* two single-region trails */
        {"{\"trailList\":[{\"Name\":\"t\",\"IsMultiRegionTrail\":false,\"HomeRegion\":\"us-east-1\","
         "\"TrailARN\":\"" TRAIL_ARN "\"},{\"Name\":\"u\",\"IsMultiRegionTrail\":false,\"HomeRegion\":"
         "\"us-east-1\",\"TrailARN\":\"arn:aws:cloudtrail:us-east-1:" A ":trail/u\"}]}",
         STATUS, ALL_SEL, FILTERS(F_OK), STD_ALARM, CONFIRMED, CWF_AUDIT_FAIL, 1,
         "no trail is multi-region: t (us-east-1) and u (us-east-1) are single-region",
         "aws cloudtrail update-trail \\\n    --region us-east-1 \\\n    --name " TRAIL_ARN
         " \\\n    --is-multi-region-trail"},
        /* an alarm without actions beside another that notifies a confirmed
         * topic: the fix points the first at that topic */
        {TRAILS, STATUS, ALL_SEL, FILTERS(F_OK),
         "{\"MetricAlarms\":[{\"AlarmName\":\"al\",\"MetricName\":\"m\",\"Namespace\":\"ns\","
         "\"Statistic\":\"Sum\",\"Period\":60,\"EvaluationPeriods\":1,\"ComparisonOperator\":"
         "\"GreaterThanThreshold\",\"Threshold\":0,\"AlarmActions\":[]},{\"AlarmName\":\"other\","
         "\"MetricName\":\"o\",\"Namespace\":\"ns\",\"AlarmActions\":[\"arn:aws:sns:us-east-1:" A ":tp\"]}]}",
         CONFIRMED, CWF_AUDIT_FAIL, 6,
         "filter f covers all 16 event names, but alarm al on metric ns/m has no alarm actions",
         "aws cloudwatch put-metric-alarm \\\n    --region us-east-1 \\\n    --alarm-name al \\\n"
         "    --actions-enabled \\\n    --alarm-actions arn:aws:sns:us-east-1:" A ":tp \\\n"
         "    --metric-name m \\\n    --namespace ns \\\n    --statistic Sum \\\n"
         "    --period 60 \\\n    --evaluation-periods 1 \\\n    --threshold 0 \\\n"
         "    --comparison-operator GreaterThanThreshold"},
        /* cases missing because a condition narrows them: two, then one */
        {TRAILS, STATUS, ALL_SEL, FILTERS("\"filterName\":\"f\",\"filterPattern\":\"" IAM14 " || "
                                          "(($.eventName=AttachGroupPolicy || $.eventName=DetachGroupPolicy) "
                                          "&& $.userIdentity.type = Root)}\"," XF),
         STD_ALARM, CONFIRMED, CWF_AUDIT_FAIL, 5,
         "the pattern of filter f covers 14 of 16 event names: AttachGroupPolicy and "
         "DetachGroupPolicy are missing (each is matched only when $.userIdentity.type = \"Root\")",
         NULL},
        {TRAILS, STATUS, ALL_SEL, FILTERS("\"filterName\":\"f\",\"filterPattern\":\"" IAM14 " || "
                                          "$.eventName=AttachGroupPolicy || ($.eventName=DetachGroupPolicy "
                                          "&& $.userIdentity.type = Root)}\"," XF),
         STD_ALARM, CONFIRMED, CWF_AUDIT_FAIL, 5,
         "the pattern of filter f covers 15 of 16 event names: DetachGroupPolicy is missing (it is "
         "matched only when $.userIdentity.type = \"Root\")", NULL},
        /* a trail without a Name: named by its ARN */
        {"{\"trailList\":[{\"IsMultiRegionTrail\":true,\"HomeRegion\":\"us-east-1\",\"TrailARN\":\""
         TRAIL_ARN "\",\"CloudWatchLogsLogGroupArn\":\"arn:aws:logs:us-east-1:" A ":log-group:lg:*\"}]}",
         STATUS, ALL_SEL, FILTERS(F_OK), STD_ALARM, CONFIRMED, CWF_AUDIT_PASS, 0,
         "trail t, filter f, alarm al, topic tp", NULL},
        /* selectors without a TrailARN, placed by their folder */
        {TRAILS, STATUS, "{\"EventSelectors\":[{\"ReadWriteType\":\"All\"}]}", FILTERS(F_OK), STD_ALARM,
         CONFIRMED, CWF_AUDIT_PASS, 0, "trail t, filter f, alarm al, topic tp", NULL},
        /* an alarm with every setting but no AlarmActions at all */
        {TRAILS, STATUS, ALL_SEL, FILTERS(F_OK),
         "{\"MetricAlarms\":[{\"AlarmName\":\"al\",\"MetricName\":\"m\",\"Namespace\":\"ns\","
         "\"Statistic\":\"Sum\",\"Period\":60,\"EvaluationPeriods\":1,\"ComparisonOperator\":"
         "\"GreaterThanThreshold\",\"Threshold\":0}]}",
         CONFIRMED, CWF_AUDIT_FAIL, 6,
         "filter f covers all 16 event names, but alarm al on metric ns/m has no alarm actions",
         "# alarm al is updated in place: put-metric-alarm replaces a whole alarm, so every setting "
         "that describe-alarms shows is carried over. Topic arn:aws:sns:us-east-1:" A ":cis-alarms "
         "is added to its alarm actions."},
        /* no alarm on the metric, but one named as the new alarm would be */
        {TRAILS, STATUS, ALL_SEL, FILTERS(F_OK),
         "{\"MetricAlarms\":[{\"AlarmName\":\"m-alarm\",\"MetricName\":\"other\",\"Namespace\":\"x\","
         "\"AlarmActions\":[\"arn:aws:sns:us-east-1:" A ":tp\"]}]}",
         CONFIRMED, CWF_AUDIT_FAIL, 6, "filter f covers all 16 event names, but no alarm uses metric ns/m",
         "# a new alarm m-alarm-2: an alarm named m-alarm exists already, and put-metric-alarm would "
         "replace it."},
        /* a filter without a pattern */
        {TRAILS, STATUS, ALL_SEL, FILTERS("\"filterName\":\"f\"," XF), STD_ALARM, CONFIRMED,
         CWF_AUDIT_PASS, 0, "trail t, filter f, alarm al, topic tp", NULL},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        run *r = chain_of(c[i].trails, c[i].status, c[i].sel, c[i].filters, c[i].alarms, c[i].subs);
        const cwf_audit_result *x = result(r, A, IAM);
        if (x->verdict != c[i].v || x->step != c[i].step || strcmp(x->message, c[i].message) != 0)
            fail_msg("case %zu: %s at %d: %s", i, cwf_audit_verdict_name(x->verdict), x->step,
                     x->message);
        bool found = !c[i].extra;
        for (size_t k = 0; k < x->nnotes && !found; k++)
            found = strcmp(x->notes[k].text, c[i].extra) == 0;
        for (size_t k = 0; k < x->nfix && !found; k++)
            found = strcmp(x->fix[k], c[i].extra) == 0;
        if (!found)
            fail_msg("case %zu: no note or fix '%s'", i, c[i].extra);
        done(r);
    }
}

/* Exports that name nothing the audit can tie them to are noted once
 * each; a describe-trails output outside an account's folder names its
 * account by its trails' ARNs. */
static void test_bundle_notes(void **state)
{
    (void)state;
    cwf_bundle b = CWF_BUNDLE_INIT;
    add(&b, "f/describe-trails.json", TRAILS);
    add(&b, "f/q/get-trail-status.json", "{\"IsLogging\":true}");
    add(&b, "f/q/describe-metric-filters.json", "{\"metricFilters\":[]}");
    add(&b, "f/q/list-subscriptions-by-topic.json", "{\"Subscriptions\":[]}");
    run *r = audit_built(&b);
    assert_int_equal(r->a.n, cwf_bench_nrules);
    assert_string_equal(r->a.v[0].account, A);
    assert_int_equal(r->a.nnotes, 3);
    assert_string_equal(r->a.notes[0].text,
                        "this get-trail-status output names no trail: keep it in trails/NAME/ or "
                        "beside the trail's get-event-selectors output, so audit cannot use it");
    assert_string_equal(r->a.notes[1].text,
                        "this empty describe-metric-filters output names no log group: keep it in "
                        "log-groups/NAME/, so audit cannot use it");
    assert_string_equal(r->a.notes[2].text,
                        "this empty list-subscriptions-by-topic output names no topic: keep it in "
                        "topics/NAME/, so audit cannot use it");
    for (size_t i = 0; i < r->a.nnotes; i++)
        assert_int_equal(r->a.notes[i].rule, CWF_R_AUDIT_NOTE);
    /* Rendered after the results, with their export. */
    cwf_buf t = CWF_BUF_INIT;
    cwf_audit_render_text(&t, &r->a);
    const char *tail = "\nf/q/get-trail-status.json: note: this get-trail-status output names no "
                       "trail: keep it in trails/NAME/ or beside the trail's get-event-selectors "
                       "output, so audit cannot use it [CWF511]\n"
                       "f/q/describe-metric-filters.json: note: this empty describe-metric-filters "
                       "output names no log group: keep it in log-groups/NAME/, so audit cannot use "
                       "it [CWF511]\n"
                       "f/q/list-subscriptions-by-topic.json: note: this empty "
                       "list-subscriptions-by-topic output names no topic: keep it in topics/NAME/, "
                       "so audit cannot use it [CWF511]\n"
                       "\naudit: 18 controls: 0 pass, 0 fail, 18 unknown\n";
    assert_true(t.len > strlen(tail));
    assert_string_equal(cwf_buf_str(&t) + t.len - strlen(tail), tail);
    cwf_buf_free(&t);
    cwf_audit_render_json(&t, &r->a);
    assert_non_null(strstr(cwf_buf_str(&t),
                           "  \"notes\": [\n"
                           "    {\n"
                           "      \"rule\": \"CWF511\",\n"
                           "      \"severity\": \"note\",\n"
                           "      \"message\": \"this get-trail-status output names no trail: keep it "
                           "in trails/NAME/ or beside the trail's get-event-selectors output, so audit "
                           "cannot use it\",\n"
                           "      \"file\": \"f/q/get-trail-status.json\",\n"
                           "      \"pointer\": \"\",\n"
                           "      \"line\": 1,\n"
                           "      \"column\": 1\n"
                           "    },\n"));
    cwf_buf_free(&t);
    done(r);
}

/* cwf_json_locate on text that is not well-formed JSON, or pointers it
 * cannot follow: false, never a read past the text. */
static void test_locate_malformed(void **state)
{
    (void)state;
    static const struct {
        const char *text, *ptr, *found; /* found: the value's text, NULL for false */
    } cases[] = {
        {"{\"x\":{},\"a\":1}", "/a", "1"},
        {"{\"x\": [ ]\t,\r\n\"a\":[1]}", "/a/0", "1"},
        {"{\"x\":{\"k\":[1,{\"j\":\"}\"}],\"l\":\"a\\\"b\"},\"a\":2}", "/a", "2"},
        {"{\"abc\":1,\"ab\":2}", "/ab", "2"},
        {"{\"a\\/b\":1}", "/a~1b", "1"},
        {"{\"a\\\"\":1}", "/a\"", "1"},
        {"{\"a\\u0062\":1,\"ab\":2}", "/ab", "2"},
        {"{\"a\\q\":1,\"a\":2}", "/a", "2"},
        {"[1,2", "/1", "2"},
        {"{\"x\":{\"k\" 1},\"a\":2}", "/a", NULL},
        {"{\"x\":{1:2},\"a\":2}", "/a", NULL},
        {"{\"x\":{\"k", "/a", NULL},
        {"{\"x\":{\"k\":1", "/a", NULL},
        {"{\"x\":{\"k\":1 \"a\":2}}", "/a", NULL},
        {"{\"x\":[1 2],\"a\":1}", "/a", NULL},
        {"{\"x\":\"abc", "/a", NULL},
        {"{\"a\" 1}", "/a", NULL},
        {"{\"b\":1 \"a\":2}", "/a", NULL},
        {"{\"b\":}", "/a", NULL},
        {"{\"b\":1", "/a", NULL},
        {"{", "/a", NULL},
        {"", "/a", NULL},
        {"[1,2", "/5", NULL},
        {"[1 2]", "/1", NULL},
        {"[1,2]", "/", NULL},
        {"[1,2]", "/-1", NULL},
        {"[1,2]", "/1x", NULL},
        {"[1,2]", "/99999999999999999999999", NULL},
        {"{\"a\":1}", "/a/b", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *t = cases[i].text;
        cwf_span s = {0, 0};
        bool ok = cwf_json_locate(t, strlen(t), cases[i].ptr, &s);
        if (ok != (cases[i].found != NULL))
            fail_msg("case %zu: %s", i, ok ? "found" : "not found");
        if (ok && (s.end - s.start != strlen(cases[i].found) ||
                   memcmp(t + s.start, cases[i].found, s.end - s.start) != 0))
            fail_msg("case %zu: %.*s", i, (int)(s.end - s.start), t + s.start);
    }
    /* A pointer token longer than 255 bytes, and arrays nested deeper than
     * 256 on the way. */
    char ptr[300];
    ptr[0] = '/';
    memset(ptr + 1, 'k', 280);
    ptr[281] = '\0';
    cwf_span s;
    assert_false(cwf_json_locate("{\"k\":1}", 7, ptr, &s));
    char deep[320];
    strcpy(deep, "{\"x\":");
    memset(deep + 5, '[', 300);
    deep[305] = '\0';
    assert_false(cwf_json_locate(deep, strlen(deep), "/a", &s));
}

/* A filter listed on two pages counts once; a covering filter on another
 * log group is a note on the failing step 5. */
static void test_filter_elsewhere(void **state)
{
    (void)state;
    cwf_bundle b = CWF_BUNDLE_INIT;
    add(&b, "x/" A "/us-east-1/describe-trails.json", TRAILS);
    add(&b, "x/" A "/us-east-1/trails/t/get-trail-status.json", STATUS);
    add(&b, "x/" A "/us-east-1/trails/t/get-event-selectors.json", ALL_SEL);
    add(&b, "x/" A "/us-east-1/log-groups/lg/describe-metric-filters.json",
        FILTERS("\"filterName\":\"e\",\"filterPattern\":\"ERROR\"," XF));
    add(&b, "x/" A "/us-east-1/log-groups/lg/page2.json",
        FILTERS("\"filterName\":\"e\",\"filterPattern\":\"ERROR\"," XF));
    add(&b, "x/" A "/us-east-1/log-groups/other/describe-metric-filters.json",
        "{\"metricFilters\":[{\"logGroupName\":\"other\"," F_OK "}]}");
    add(&b, "x/" A "/us-east-1/describe-alarms.json", STD_ALARM);
    add(&b, "x/" A "/us-east-1/topics/tp/subs.json", CONFIRMED);
    run *r = audit_built(&b);
    const cwf_audit_result *x = result(r, A, IAM);
    assert_int_equal(x->verdict, CWF_AUDIT_FAIL);
    assert_int_equal(x->step, 5);
    assert_string_equal(x->message, "the pattern of filter e covers 0 of 16 event names: "
                                    "DeleteGroupPolicy, DeleteRolePolicy, DeleteUserPolicy and 13 "
                                    "more are missing");
    assert_int_equal(x->nnotes, 1);
    assert_int_equal(x->notes[0].rule, CWF_R_AUDIT_NOTE);
    assert_string_equal(x->notes[0].text, "filter f on log group other covers the control, but "
                                          "trail t sends its events to lg");
    done(r);
}

/* Folder names that are not accounts or regions place nothing; names are
 * decoded (%2f, %25) but a cut escape is kept; alarms in two accounts and
 * regions name neither. */
static void test_places_edges(void **state)
{
    (void)state;
    static const struct {
        const char *path, *account, *region, *object;
    } cases[] = {
        {"d/11112222333/us-east-1/trails/a/get-trail-status.json", "", "us-east-1", "a"},
        {"d/11112222333x/us-east-1/trails/a/get-trail-status.json", "", "us-east-1", "a"},
        {"d/" A "/us-east/trails/a/get-trail-status.json", A, "", "a"},
        {"d/" A "/useast-1/trails/a/get-trail-status.json", A, "", "a"},
        {"d/" A "/us-1/trails/a/get-trail-status.json", A, "", "a"},
        {"d/" A "/us-east-1x/trails/a/get-trail-status.json", A, "", "a"},
        {"d/" A "/us-gov-west-1/trails/a/get-trail-status.json", A, "us-gov-west-1", "a"},
        {"d/" A "/US-east-1/trails/a/get-trail-status.json", A, "", "a"},
        {"d/" A "/us-east-1/trails/a%2fb%2/get-trail-status.json", A, "us-east-1", "a/b%2"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cwf_bundle b = CWF_BUNDLE_INIT;
        add(&b, cases[i].path, "{\"IsLogging\": true}");
        cwf_bundle_place(&b);
        if (strcmp(b.v[0].account, cases[i].account) != 0 || strcmp(b.v[0].region, cases[i].region) != 0 ||
            strcmp(b.v[0].object, cases[i].object) != 0)
            fail_msg("case %zu: <%s> <%s> <%s>", i, b.v[0].account, b.v[0].region, b.v[0].object);
        cwf_bundle_free(&b);
    }
    cwf_bundle b = CWF_BUNDLE_INIT;
    add(&b, "flat/alarms.json",
        "{\"MetricAlarms\":[{\"AlarmArn\":\"arn:aws:cloudwatch:us-east-1:" A ":alarm:x\"},"
        "{\"AlarmArn\":\"not an arn\"},"
        "{\"AlarmArn\":\"arn:aws:cloudwatch:eu-west-1:" B ":alarm:y\"}]}");
    add(&b, "flat2/alarms.json",
        "{\"MetricAlarms\":[{\"AlarmArn\":\"arn:aws:cloudwatch:us-east-1:" A ":alarm:x\"},"
        "{\"AlarmArn\":\"arn:aws:cloudwatch:us-east-1:" B ":alarm:y\"}]}");
    cwf_bundle_place(&b);
    assert_string_equal(b.v[0].account, "");
    assert_string_equal(b.v[0].region, "");
    assert_string_equal(b.v[1].account, "");
    assert_string_equal(b.v[1].region, "us-east-1");
    cwf_bundle_free(&b);
}

/* Step 4 over several selectors: the first that records everything, the
 * first read-only and write-only pair, a type audit does not know, and
 * advanced selectors where a narrowed one comes before whole ones. */
static void test_selector_lists(void **state)
{
    (void)state;
    static const struct {
        const char *sel;
        cwf_audit_verdict v;
        const char *text;
    } cases[] = {
        {SEL("\"EventSelectors\":[{\"ReadWriteType\":\"All\",\"IncludeManagementEvents\":false},"
             "{\"ReadWriteType\":\"All\"},{\"ReadWriteType\":\"All\"}]"),
         CWF_AUDIT_PASS, "it records all management events (event selector 2: ReadWriteType All)"},
        {SEL("\"EventSelectors\":[{\"ReadWriteType\":\"ReadOnly\"},{\"ReadWriteType\":\"ReadOnly\"},"
             "{\"ReadWriteType\":\"WriteOnly\"},{\"ReadWriteType\":\"WriteOnly\"}]"),
         CWF_AUDIT_PASS, "it records all management events (event selectors 1 and 3: ReadOnly and "
                         "WriteOnly)"},
        {SEL("\"EventSelectors\":[{\"ReadWriteType\":\"Bogus\"}]"),
         CWF_AUDIT_FAIL, "trail t records no management events (IncludeManagementEvents false)"},
        {SEL("\"AdvancedEventSelectors\":[{\"FieldSelectors\":[{\"Field\":\"eventCategory\","
             "\"Equals\":[\"Management\"]},{\"Field\":\"eventName\",\"Equals\":[\"X\"]}]},"
             "{\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":[\"Management\"]},"
             "{\"Field\":\"eventName\",\"Equals\":[\"Y\"]}]},"
             "{\"Name\":\"r\",\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":[\"Management\"]},"
             "{\"Field\":\"readOnly\",\"Equals\":[\"true\"]}]},"
             "{\"Name\":\"w\",\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":[\"Management\"]},"
             "{\"Field\":\"readOnly\",\"Equals\":[\"false\"]}]}]"),
         CWF_AUDIT_PASS, "it records all management events (advanced event selector \"r\": "
                         "eventCategory Management, read and write)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *t;
        cwf_audit_verdict v = iam_step(cases[i].sel, STD_ALARM, CONFIRMED, 4, &t);
        if (v != cases[i].v || strcmp(t, cases[i].text) != 0)
            fail_msg("case %zu: %s: %s", i, cwf_audit_verdict_name(v), t);
        free(t);
    }
}

/* The nearest get-caller-identity above an export names its account, also
 * one at the top of a relative tree (never for an absolute path); a status
 * beside two selectors outputs names no trail, beside one whose ARN has no
 * "trail/" the whole resource. */
static void test_places_identity(void **state)
{
    (void)state;
    cwf_bundle b = CWF_BUNDLE_INIT;
    add(&b, "a/b/get-caller-identity.json",
        "{\"UserId\":\"X\",\"Account\":\"" B "\",\"Arn\":\"arn:aws:iam::" B ":user/a\"}");
    add(&b, "a/get-caller-identity.json",
        "{\"UserId\":\"X\",\"Account\":\"" A "\",\"Arn\":\"arn:aws:iam::" A ":user/a\"}");
    add(&b, "get-caller-identity.json",
        "{\"UserId\":\"X\",\"Account\":\"999988887777\",\"Arn\":\"arn:aws:iam::999988887777:user/a\"}");
    add(&b, "a/b/c/status.json", "{\"IsLogging\": true}");
    add(&b, "a/x/status.json", "{\"IsLogging\": true}");
    add(&b, "top/status.json", "{\"IsLogging\": true}");
    add(&b, "/abs/status.json", "{\"IsLogging\": true}");
    add(&b, "two/s1.json", "{\"TrailARN\":\"arn:aws:cloudtrail:us-east-1:" A ":trail/t1\",\"EventSelectors\":[]}");
    add(&b, "two/s2.json", "{\"TrailARN\":\"arn:aws:cloudtrail:us-east-1:" A ":trail/t2\",\"EventSelectors\":[]}");
    add(&b, "two/status.json", "{\"IsLogging\": true}");
    add(&b, "one/s.json", "{\"TrailARN\":\"arn:aws:cloudtrail:us-east-1:" A ":t3\",\"EventSelectors\":[]}");
    add(&b, "one/status.json", "{\"IsLogging\": true}");
    cwf_bundle_place(&b);
    assert_string_equal(b.v[3].account, B);
    assert_string_equal(b.v[4].account, A);
    assert_string_equal(b.v[5].account, "999988887777");
    assert_string_equal(b.v[6].account, "");
    assert_string_equal(b.v[9].object, "");
    assert_string_equal(b.v[11].object, "t3");
    assert_string_equal(b.v[11].account, A);
    assert_string_equal(b.v[11].region, "us-east-1");
    cwf_bundle_free(&b);
}

/* A topic ARN too long to read: step 6 still names the topic (it once
 * printed an uninitialised ARN, a crash at -O0), step 7 says why it cannot
 * go on. */
static void test_unreadable_topic(void **state)
{
    (void)state;
    run *r = chain_of(TRAILS, STATUS, ALL_SEL, FILTERS(F_OK),
                      "{\"MetricAlarms\":[{\"AlarmName\":\"al\",\"MetricName\":\"m\",\"Namespace\":"
                      "\"ns\",\"AlarmActions\":[\"arn:aws:sns:us-east-1-and-a-region-name-that-is-"
                      "far-too-long:" A ":tp\"]}]}",
                      CONFIRMED);
    const cwf_audit_result *x = result(r, A, IAM);
    assert_int_equal(x->steps[5].verdict, CWF_AUDIT_PASS);
    assert_string_equal(x->steps[5].text, "alarm al on metric ns/m notifies topic tp");
    assert_int_equal(x->steps[6].verdict, CWF_AUDIT_UNKNOWN);
    assert_string_equal(x->steps[6].text, "cannot read the topic ARN arn:aws:sns:us-east-1-and-a-"
                                          "region-name-that-is-far-too-long:" A ":tp");
    assert_string_equal(x->steps[6].ref.pointer, "/MetricAlarms/0/AlarmActions/0");
    done(r);
}

/* A trail whose ARN holds a 40-digit account cannot be read: step 1 says
 * so at the trail, instead of "no describe-trails output". */
static void test_unreadable_trail(void **state)
{
    (void)state;
    cwf_bundle b = CWF_BUNDLE_INIT;
    add(&b, "y/" A "/us-east-1/describe-trails.json",
        "{\"trailList\":[{\"Name\":\"t\",\"IsMultiRegionTrail\":true,\"TrailARN\":"
        "\"arn:aws:cloudtrail:us-east-1:1234567890123456789012345678901234567890:trail/t\"}]}");
    run *r = audit_built(&b);
    const cwf_audit_result *x = result(r, A, IAM);
    assert_int_equal(x->verdict, CWF_AUDIT_UNKNOWN);
    assert_int_equal(x->steps[0].verdict, CWF_AUDIT_UNKNOWN);
    assert_string_equal(x->steps[0].text, "describe-trails lists a trail that cannot be read "
                                          "(trailList[0]: its name, home region or an ARN part "
                                          "is longer than AWS makes them)");
    assert_string_equal(x->steps[0].ref.pointer, "/trailList/0");
    assert_null(x->steps[0].needs);
    done(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shapes),
        cmocka_unit_test(test_read_errors),
        cmocka_unit_test(test_read_types),
        cmocka_unit_test(test_places),
        cmocka_unit_test(test_places_edges),
        cmocka_unit_test(test_places_identity),
        cmocka_unit_test(test_arn),
        cmocka_unit_test(test_locate),
        cmocka_unit_test(test_shell_quote),
        cmocka_unit_test(test_pass),
        cmocka_unit_test(test_iam_failures),
        cmocka_unit_test(test_other_controls_unaffected),
        cmocka_unit_test(test_missing_exports),
        cmocka_unit_test(test_two_accounts),
        cmocka_unit_test(test_alarm_sanity),
        cmocka_unit_test(test_fix),
        cmocka_unit_test(test_selectors),
        cmocka_unit_test(test_selector_lists),
        cmocka_unit_test(test_kms_exclusion),
        cmocka_unit_test(test_alarms),
        cmocka_unit_test(test_alarm_notes),
        cmocka_unit_test(test_no_trails),
        cmocka_unit_test(test_fix_patterns_cover),
        cmocka_unit_test(test_fix_new_topic),
        cmocka_unit_test(test_fix_math_alarm),
        cmocka_unit_test(test_flat),
        cmocka_unit_test(test_render),
        cmocka_unit_test(test_step_edges),
        cmocka_unit_test(test_bundle_notes),
        cmocka_unit_test(test_locate_malformed),
        cmocka_unit_test(test_filter_elsewhere),
        cmocka_unit_test(test_unreadable_topic),
        cmocka_unit_test(test_unreadable_trail),
    };
    return cmocka_run_group_tests_name("audit", tests, NULL, NULL);
}
