/* test_judge.c: the one judge of a rule over a log group's filters
 * (judge.h): the first covering filter wins and stops the proving, the
 * closest is picked by cases covered, then cases named, then near misses,
 * then position; unknown filters make the verdict unknown, never absent;
 * proofs are cached by text; benchmark versions select their variants. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "judge.h"
#include "parse.h"

/* Parsed filters for one test. */
typedef struct set {
    cwf_arena arena;
    cwf_judge_filter f[8];
    size_t n;
} set;

static void add(set *s, const char *text)
{
    cwf_diags d = CWF_DIAGS_INIT;
    cwf_pattern *p = cwf_parse(text, strlen(text), &s->arena, &d);
    assert_non_null(p);
    assert_int_equal(cwf_diags_count(&d, CWF_ERROR), 0);
    cwf_diags_free(&d);
    s->f[s->n++] = (cwf_judge_filter){p, text, strlen(text), false, 0};
}

static void add_unread(set *s, const char *text, bool opaque)
{
    s->f[s->n++] = (cwf_judge_filter){NULL, text, strlen(text), opaque, 0};
}

static cwf_judge_rule rule(const char *id)
{
    const cwf_bench_rule *r = cwf_bench_rule_find(id);
    assert_non_null(r);
    return (cwf_judge_rule){r, NULL, NULL};
}

static const char iam_all[] =
    "{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)"
    "||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)"
    "||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)"
    "||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)"
    "||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)"
    "||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)"
    "||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}";

/* The same sixteen, each only for root: covers none, names all. */
static const char iam_root[] =
    "{(($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)"
    "||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)"
    "||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)"
    "||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)"
    "||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)"
    "||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)"
    "||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy))"
    " && ($.userIdentity.type = \"Root\")}";

static const char unauthorized[] =
    "{ ($.errorCode = \"*UnauthorizedOperation\") || ($.errorCode = \"AccessDenied*\") }";

static void test_first_cover_wins_and_stops(void **state)
{
    (void)state;
    set s = {CWF_ARENA_INIT, {{0}}, 0};
    add(&s, unauthorized);
    add(&s, iam_all);
    add(&s, iam_all);
    cwf_judge_rule r = rule("cis-4.4");
    cwf_judgement j;
    assert_int_equal(cwf_judge(&r, s.f, s.n, CWF_EXPLAIN_UNLESS_COVERED, NULL, &j), CWF_COVERS);
    assert_int_equal(j.best, 1);
    assert_int_equal(j.pick, CWF_PICK_COVERS);
    assert_int_equal(j.covered[0], 0);
    assert_int_equal(j.covered[1], 16);
    assert_int_equal(j.covered[2], SIZE_MAX); /* not proved: the search stopped */
    assert_non_null(j.proof);
    assert_int_equal(j.proof->verdict, CWF_COVERS);
    assert_int_equal(j.proof->findings.n, 0); /* verdict only: nothing to explain */
    cwf_judgement_free(&j);
    cwf_arena_free(&s.arena);
}

/* Issue 13 item 2: a filter that names all sixteen but narrows them to
 * root comes closer than one about another control (both cover 0). */
static void test_closest_names_the_cases(void **state)
{
    (void)state;
    set s = {CWF_ARENA_INIT, {{0}}, 0};
    add(&s, unauthorized);
    add(&s, "{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS && "
            "$.eventType != \"AwsServiceEvent\" }");
    add(&s, iam_root);
    cwf_judge_rule r = rule("cis-4.4");
    cwf_judgement j;
    assert_int_equal(cwf_judge(&r, s.f, s.n, CWF_EXPLAIN_UNLESS_COVERED, NULL, &j),
                     CWF_NOT_COVERED);
    assert_int_equal(j.best, 2);
    assert_int_equal(j.pick, CWF_PICK_NAMED);
    assert_true(j.related);
    assert_false(j.together);
    assert_int_equal(j.ncases, 16);
    assert_non_null(j.why);
    assert_string_equal(j.proof->cases[0].reason,
                        "DeleteGroupPolicy is matched only when `$.userIdentity.type = \"Root\"`");
    /* The explanation is check's: a CWF302 at the condition. */
    size_t narrowed = 0;
    for (size_t i = 0; i < j.proof->findings.n; i++)
        if (j.proof->findings.v[i].rule == CWF_R_NARROWED) {
            narrowed++;
            const cwf_diag *g = &j.proof->findings.v[i];
            assert_memory_equal(iam_root + g->span.start, "$.userIdentity.type = \"Root\"",
                                g->span.end - g->span.start);
        }
    assert_int_equal(narrowed, 1);
    cwf_judgement_free(&j);
    cwf_arena_free(&s.arena);
}

/* On a tie of cases covered and named, a near miss (CWF303) wins. */
static void test_tie_near_miss_wins(void **state)
{
    (void)state;
    set s = {CWF_ARENA_INIT, {{0}}, 0};
    add(&s, "{ $.eventName = \"ConsoleLogin\" && $.errorMessage = \"x\" }");
    add(&s, "{ $.eventName = \"consolelogin\" }");
    cwf_judge_rule r = rule("cis-console-signin-without-mfa");
    cwf_judgement j;
    assert_int_equal(cwf_judge(&r, s.f, s.n, CWF_EXPLAIN_UNLESS_COVERED, NULL, &j),
                     CWF_NOT_COVERED);
    /* the first names ConsoleLogin, so it comes first on names; the
     * second is not even explained */
    assert_int_equal(j.near[1], 0);
    assert_int_equal(j.best, 0);
    assert_int_equal(j.pick, CWF_PICK_NAMED);
    cwf_judgement_free(&j);

    set t = {CWF_ARENA_INIT, {{0}}, 0};
    add(&t, "{ $.eventName = \"ConsoleLogin\" && $.errorMessage = \"x\" }");
    add(&t, "{ $.eventName = \"ConsoleLogin\" && $.eventSource = \"signin.amazonaws.co\" }");
    assert_int_equal(cwf_judge(&r, t.f, t.n, CWF_EXPLAIN_UNLESS_COVERED, NULL, &j),
                     CWF_NOT_COVERED);
    assert_int_equal(j.near[0], 0);
    assert_int_equal(j.near[1], 1);
    assert_int_equal(j.best, 1);
    assert_int_equal(j.pick, CWF_PICK_NEAR);
    cwf_judgement_free(&j);
    cwf_arena_free(&s.arena);
    cwf_arena_free(&t.arena);
}

/* Issue 13 item 1: a narrowed filter is related (it catches some of the
 * required events), so lint explains it instead of saying "catches none". */
static void test_narrowed_is_related(void **state)
{
    (void)state;
    set s = {CWF_ARENA_INIT, {{0}}, 0};
    add(&s, "{ ($.additionalEventData.MFAUsed = \"No\") && ($.eventName = \"ConsoleLogin\") }");
    cwf_judge_rule r = rule("cis-console-signin-without-mfa");
    cwf_judgement j;
    assert_int_equal(cwf_judge(&r, s.f, s.n, CWF_EXPLAIN_UNLESS_COVERED, NULL, &j),
                     CWF_NOT_COVERED);
    assert_true(j.related);
    assert_int_equal(j.best, 0);
    assert_int_equal(j.pick, CWF_PICK_ONLY);
    assert_null(j.why);
    assert_int_equal(j.proof->findings.n, 2); /* CWF301 and CWF302 */
    assert_int_equal(j.proof->findings.v[1].rule, CWF_R_NARROWED);
    assert_int_equal(j.proof->findings.v[1].span.start, 3);
    assert_int_equal(j.proof->findings.v[1].span.end, 39);
    cwf_judgement_free(&j);

    /* A filter about something else is not. */
    set t = {CWF_ARENA_INIT, {{0}}, 0};
    add(&t, "{ $.level = \"ERROR\" }");
    assert_int_equal(cwf_judge(&r, t.f, t.n, CWF_EXPLAIN_UNLESS_COVERED, NULL, &j),
                     CWF_NOT_COVERED);
    assert_false(j.related);
    cwf_judgement_free(&j);
    cwf_arena_free(&s.arena);
    cwf_arena_free(&t.arena);
}

/* Issue 13 item 3: unknown is not absence. */
static void test_unknown_filter(void **state)
{
    (void)state;
    set s = {CWF_ARENA_INIT, {{0}}, 0};
    add(&s, "{ $.level = \"ERROR\" }");
    add_unread(&s, "{ $.userIdentity.type = \"Root\" && $.recipientAccountId = \"${AWS::AccountId}\" }",
               false);
    cwf_judge_rule r = rule("cis-root-account-usage");
    cwf_judgement j;
    assert_int_equal(cwf_judge(&r, s.f, s.n, CWF_EXPLAIN_UNLESS_COVERED, NULL, &j), CWF_UNKNOWN);
    assert_int_equal(j.nunknown, 1);
    assert_int_equal(j.first_unknown, 1);
    assert_int_equal(j.covered[1], SIZE_MAX);
    cwf_judgement_free(&j);

    /* An unreadable filter that mentions nothing the rule tests cannot be
     * the one; an opaque one (a variable) can. */
    set t = {CWF_ARENA_INIT, {{0}}, 0};
    add_unread(&t, "[ip, status = ${var.code}]", false);
    assert_int_equal(cwf_judge(&r, t.f, t.n, CWF_EXPLAIN_UNLESS_COVERED, NULL, &j),
                     CWF_NOT_COVERED);
    assert_int_equal(j.nunknown, 0);
    assert_int_equal(j.best, SIZE_MAX);
    cwf_judgement_free(&j);
    t.n = 0;
    add_unread(&t, "${var.pattern}", true);
    assert_int_equal(cwf_judge(&r, t.f, t.n, CWF_EXPLAIN_UNLESS_COVERED, NULL, &j), CWF_UNKNOWN);
    cwf_judgement_free(&j);
    cwf_arena_free(&s.arena);
    cwf_arena_free(&t.arena);
}

/* Proofs are cached by text per rule: one proof object for equal texts. */
static void test_cache_by_text(void **state)
{
    (void)state;
    cwf_judge_cache *c = cwf_judge_cache_new();
    set s = {CWF_ARENA_INIT, {{0}}, 0};
    char *copy = strdup(unauthorized);
    add(&s, unauthorized);
    add(&s, copy);
    cwf_judge_rule r = rule("cis-4.4"), r2 = rule("cis-4.1");
    const cwf_proof *a = cwf_judge_prove(c, &r, s.f[0].ast, s.f[0].text, s.f[0].len, false);
    const cwf_proof *b = cwf_judge_prove(c, &r, s.f[1].ast, s.f[1].text, s.f[1].len, false);
    assert_ptr_equal(a, b);
    const cwf_proof *e = cwf_judge_prove(c, &r, s.f[1].ast, s.f[1].text, s.f[1].len, true);
    assert_ptr_not_equal(a, e);
    /* once explained, the explained proof answers verdict-only asks */
    assert_ptr_equal(cwf_judge_prove(c, &r, s.f[0].ast, s.f[0].text, s.f[0].len, false), e);
    const cwf_proof *o = cwf_judge_prove(c, &r2, s.f[0].ast, s.f[0].text, s.f[0].len, false);
    assert_ptr_not_equal(o, a);
    assert_int_equal(o->verdict, CWF_COVERS);
    /* Many groups sharing texts: each text proved once. */
    for (int k = 0; k < 100; k++) {
        cwf_judgement j;
        cwf_judge(&r, s.f, s.n, CWF_EXPLAIN_UNLESS_COVERED, c, &j);
        assert_ptr_equal(j.proof, e);
        cwf_judgement_free(&j);
    }
    cwf_judge_cache_free(c);
    free(copy);
    cwf_arena_free(&s.arena);
}

/* A requirement pattern instead of a rule (check --requirement). */
static void test_requirement(void **state)
{
    (void)state;
    set s = {CWF_ARENA_INIT, {{0}}, 0};
    add(&s, "{ $.a = 1 }");
    add(&s, "{ $.a = 1 || $.a = 2 }");
    cwf_judge_rule r = {NULL, s.f[1].ast, "B"};
    cwf_judgement j;
    assert_int_equal(cwf_judge(&r, s.f, 1, CWF_EXPLAIN_ALWAYS, NULL, &j), CWF_NOT_COVERED);
    assert_non_null(j.proof->counterexample);
    cwf_judgement_free(&j);
    assert_int_equal(cwf_judge(&r, s.f + 1, 1, CWF_EXPLAIN_ALWAYS, NULL, &j), CWF_COVERS);
    cwf_judgement_free(&j);
    assert_int_equal(cwf_judge(&r, s.f, 0, CWF_EXPLAIN_ALWAYS, NULL, &j), CWF_NOT_COVERED);
    assert_int_equal(j.best, SIZE_MAX);
    assert_null(j.proof);
    cwf_judgement_free(&j);
    cwf_arena_free(&s.arena);
}

static bool has(const cwf_bench_rule **v, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i]->id, id) == 0)
            return true;
    return false;
}

static void test_versions(void **state)
{
    (void)state;
    const cwf_bench_rule **v = calloc(cwf_bench_nrules + 1, sizeof *v);
    const char *label = NULL;
    size_t n = cwf_bench_version("cis", v, &label);
    assert_string_equal(label, "CIS 7.0");
    assert_int_equal(n, 15);
    assert_true(has(v, n, "cis-unauthorized-api-calls-v1.4"));
    assert_false(has(v, n, "cis-unauthorized-api-calls"));
    assert_true(has(v, n, "cis-security-group-changes-v5"));
    n = cwf_bench_version("cis-1.2", v, &label);
    assert_string_equal(label, "CIS 1.2");
    assert_int_equal(n, 14);
    assert_true(has(v, n, "cis-unauthorized-api-calls"));
    assert_false(has(v, n, "cis-organizations-changes"));
    n = cwf_bench_version("cis-1.4", v, &label);
    assert_int_equal(n, 15);
    assert_true(has(v, n, "cis-console-signin-without-mfa-v1.4"));
    assert_true(has(v, n, "cis-security-group-changes"));
    n = cwf_bench_version("securityhub", v, &label);
    assert_string_equal(label, "Security Hub");
    assert_int_equal(n, 14);
    assert_int_equal(cwf_bench_version("cis-9.9", v, &label), 0);
    assert_int_equal(cwf_bench_version("", v, &label), 0);
    free(v);
}

/* ---- CWF314 broader-than-required ------------------------------------------ */

/* Judges one pattern against a rule; returns the CWF314 diagnostic's
 * severity, message and notes joined, or "" when there is none. */
static char *broader(const char *id, const char *text, cwf_verdict *v)
{
    set s = {CWF_ARENA_INIT, {{0}}, 0};
    add(&s, text);
    cwf_judge_rule r = rule(id);
    cwf_judgement j;
    *v = cwf_judge(&r, s.f, 1, CWF_EXPLAIN_NEVER, NULL, &j);
    cwf_buf b = CWF_BUF_INIT;
    if (j.broader && j.broader->n) {
        assert_int_equal(j.broader->n, 1);
        const cwf_diag *g = &j.broader->v[0];
        assert_int_equal(g->rule, CWF_R_BROADER);
        assert_int_equal(g->span.start, 0);
        assert_int_equal(g->span.end, strlen(text));
        cwf_buf_printf(&b, "%s: %s", cwf_severity_name(g->severity), g->message);
        for (size_t k = 0; k < g->nnotes; k++)
            cwf_buf_printf(&b, "\n%s", g->notes[k]);
    }
    if (*v != CWF_COVERS)
        assert_null(j.broader);
    cwf_judgement_free(&j);
    cwf_arena_free(&s.arena);
    return cwf_buf_take(&b);
}

static void expect_broader(const char *id, const char *text, const char *want)
{
    cwf_verdict v;
    char *got = broader(id, text, &v);
    assert_int_equal(v, CWF_COVERS); /* a superset still passes */
    assert_string_equal(got, want);
    free(got);
}

static void test_broader_root_any_caller(void **state)
{
    (void)state;
    expect_broader(
        "cis-root-account-usage",
        "{ $.userIdentity.invokedBy NOT EXISTS && $.eventType != \"AwsServiceEvent\" }",
        "warning: the pattern covers root account usage but also matches events unrelated to "
        "it (another caller)\n"
        "an event the pattern matches and the benchmark does not: "
        "{\"eventType\":\"x\",\"userIdentity\":{\"type\":\"IAMUser\"}}\n"
        "to keep to the control's events, add `$.userIdentity.type = \"Root\"` with &&");
    /* Only the root user, also when a service acts for it: close kin. */
    expect_broader("cis-root-account-usage", "{ $.userIdentity.type = \"Root\" }",
                   "note: the pattern covers root account usage and also matches close kin of "
                   "its events (the same caller)\n"
                   "an event the pattern matches and the benchmark does not: "
                   "{\"userIdentity\":{\"type\":\"Root\"}}");
}

static void test_broader_or_for_and(void **state)
{
    (void)state;
    expect_broader(
        "cis-console-signin-without-mfa",
        "{ ($.eventName = \"ConsoleLogin\") || ($.additionalEventData.MFAUsed != \"Yes\") }",
        "warning: the pattern covers console sign-in without MFA but also matches events "
        "unrelated to it (another event name)\n"
        "an event the pattern matches and the benchmark does not: "
        "{\"eventName\":\"x\",\"additionalEventData\":{\"MFAUsed\":\"x\"}}");
}

static void test_broader_whole_service(void **state)
{
    (void)state;
    expect_broader("cis-s3-bucket-policy-changes", "{ $.eventSource = \"s3.amazonaws.com\" }",
                   "warning: the pattern covers S3 bucket policy changes but also matches "
                   "events unrelated to it (another event name)\n"
                   "an event the pattern matches and the benchmark does not: "
                   "{\"eventSource\":\"s3.amazonaws.com\",\"eventName\":"
                   "\"DescribeInstances\"}");
    /* Another service than the benchmark's. */
    expect_broader("cis-iam-policy-changes",
                   "{ $.eventSource = \"iam.amazonaws.com\" || "
                   "$.eventSource = \"organizations.amazonaws.com\" }",
                   "warning: the pattern covers IAM policy changes but also matches events "
                   "unrelated to it (another service)\n"
                   "an event the pattern matches and the benchmark does not: "
                   "{\"eventSource\":\"organizations.amazonaws.com\"}\n"
                   "to keep to the control's events, add `$.eventSource = "
                   "\"iam.amazonaws.com\"` with &&");
}

static void test_broader_close_kin(void **state)
{
    (void)state;
    expect_broader("cis-iam-policy-changes",
                   "{ $.eventSource = \"iam.amazonaws.com\" && $.eventName = \"*Policy*\" }",
                   "note: the pattern covers IAM policy changes and also matches close kin of "
                   "its events (the same service, event-name stem)\n"
                   "an event the pattern matches and the benchmark does not: "
                   "{\"eventSource\":\"iam.amazonaws.com\",\"eventName\":\"Policy\"}");
    /* Without the service, as the benchmark's own text: the added names
     * are kin by their stem. */
    expect_broader("cis-iam-policy-changes", "{ $.eventName = \"*Policy*\" }",
                   "note: the pattern covers IAM policy changes and also matches close kin of "
                   "its events (the same event-name stem)\n"
                   "an event the pattern matches and the benchmark does not: "
                   "{\"eventName\":\"Policy\"}");
    /* Exactly the requirement, and a narrower pattern: nothing. */
    expect_broader("cis-cmk-disable-or-deletion",
                   "{ $.eventSource = \"kms.amazonaws.com\" && ($.eventName = \"DisableKey\" || "
                   "$.eventName = \"ScheduleKeyDeletion\") }",
                   "");
    cwf_verdict v;
    char *got = broader("cis-cmk-disable-or-deletion", "{ $.eventName = \"DisableKey\" }", &v);
    assert_int_equal(v, CWF_NOT_COVERED);
    assert_string_equal(got, "");
    free(got);
}

/* A broader filter first and the precise one after it: the log group has
 * the precise one, and nothing is reported; without it, the broad one. */
static void test_broader_prefers_exact(void **state)
{
    (void)state;
    set s = {CWF_ARENA_INIT, {{0}}, 0};
    add(&s, "{ $.eventName = \"*\" }");
    add(&s, "{ $.eventName = \"ConsoleLogin\" && $.errorMessage = \"Failed authentication\" }");
    add(&s, iam_all);
    cwf_judge_rule r = rule("cis-iam-policy-changes");
    cwf_judgement j;
    assert_int_equal(cwf_judge(&r, s.f, 3, CWF_EXPLAIN_NEVER, NULL, &j), CWF_COVERS);
    assert_int_equal(j.best, 2);
    assert_int_equal(j.pick, CWF_PICK_COVERS);
    assert_non_null(j.broader);
    assert_int_equal(j.broader->n, 0);
    cwf_judgement_free(&j);
    assert_int_equal(cwf_judge(&r, s.f, 2, CWF_EXPLAIN_NEVER, NULL, &j), CWF_COVERS);
    assert_int_equal(j.best, 0);
    assert_int_equal(j.broader->n, 1);
    assert_int_equal(j.broader->v[0].severity, CWF_WARNING);
    assert_string_equal(j.broader->v[0].message,
                        "the pattern covers IAM policy changes but also matches events unrelated "
                        "to it (another event name)");
    cwf_judgement_free(&j);
    cwf_arena_free(&s.arena);
}

/* The benchmark's own texts, of every built-in rule, are never broader than
 * required; and the requirement itself is not either. */
static void test_broader_not_the_benchmark(void **state)
{
    (void)state;
    for (size_t i = 0; i < cwf_bench_nrules; i++) {
        const cwf_bench_rule *r = &cwf_bench_rules[i];
        for (size_t t = 0; t <= r->ntexts; t++) {
            const char *text = t < r->ntexts ? r->texts[t].text : r->requirement;
            cwf_verdict v;
            char *got = broader(r->id, text, &v);
            if (strcmp(got, "") != 0)
                fail_msg("%s, text %zu: %s", r->id, t, got);
            free(got);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_cover_wins_and_stops),
        cmocka_unit_test(test_closest_names_the_cases),
        cmocka_unit_test(test_tie_near_miss_wins),
        cmocka_unit_test(test_narrowed_is_related),
        cmocka_unit_test(test_unknown_filter),
        cmocka_unit_test(test_cache_by_text),
        cmocka_unit_test(test_requirement),
        cmocka_unit_test(test_versions),
        cmocka_unit_test(test_broader_root_any_caller),
        cmocka_unit_test(test_broader_or_for_and),
        cmocka_unit_test(test_broader_whole_service),
        cmocka_unit_test(test_broader_close_kin),
        cmocka_unit_test(test_broader_not_the_benchmark),
        cmocka_unit_test(test_broader_prefers_exact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
