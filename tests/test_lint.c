/* test_lint.c: lint's coverage engine (lint.h) over host files read by
 * extract.h: the findings of issue 13 items 1-3 at their place in the host
 * file, and the differential test that `lint` and `check` agree: every valid
 * pattern of corpus/ and the real-world patterns of
 * ${CWF_SHARED:-../shared}/realworld/patterns.jsonl (skipped when absent),
 * placed in a Terraform file and in a CloudFormation template and linted
 * with a rule, get the verdict and the case reasons that the judge gives
 * the bare pattern (what `check` prints). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "extract.h"
#include "lint.h"
#include "parse.h"
#include "prove.h"
#include "util.h"

/* ---- linting one host text ---------------------------------------------------- */

typedef struct linted {
    cwf_extract x;
    cwf_arena arena;
    cwf_lint_filter *pats;
    size_t npats;
    cwf_lint_findings out;
} linted;

static void lint_text(const char *path, const char *text, const char *rule_id, linted *L)
{
    memset(L, 0, sizeof *L);
    assert_true(cwf_extract_buf(path, text, strlen(text), &L->x));
    L->pats = calloc(L->x.n + 1, sizeof *L->pats);
    for (size_t i = 0; i < L->x.n; i++) {
        const cwf_filter *f = &L->x.v[i];
        if (f->kind != CWF_METRIC_FILTER)
            continue;
        cwf_pattern *p = NULL;
        if (!f->nparts) {
            cwf_diags d = CWF_DIAGS_INIT;
            p = cwf_parse(f->src.text, f->src.len, &L->arena, &d);
            if (!p || cwf_diags_count(&d, CWF_ERROR) > 0)
                p = NULL;
            cwf_diags_free(&d);
            if (!p)
                continue;
        }
        L->pats[L->npats++] = (cwf_lint_filter){0, f, p};
    }
    cwf_lint_file file = {path, &L->x};
    const cwf_bench_rule *r = cwf_bench_rule_find(rule_id);
    assert_non_null(r);
    cwf_lint_coverage(&file, 1, L->pats, L->npats, &r, 1, NULL, &L->out);
}

static void linted_free(linted *L)
{
    cwf_lint_findings_free(&L->out);
    free(L->pats);
    cwf_arena_free(&L->arena);
    cwf_extract_free(&L->x);
}

static const cwf_diag *find_rule(const cwf_lint_finding *f, cwf_rule_id r)
{
    for (size_t i = 0; i < f->d.n; i++)
        if (f->d.v[i].rule == r)
            return &f->d.v[i];
    return NULL;
}

/* ---- issue 13, items 1-3 --------------------------------------------------------- */

static const char mfa_tf[] =
    "resource \"aws_cloudwatch_log_metric_filter\" \"no_mfa\" {\n"
    "  name           = \"ConsoleSigninWithoutMFA\"\n"
    "  log_group_name = \"cloudtrail\"\n"
    "  pattern        = \"{ ($.additionalEventData.MFAUsed = \\\"No\\\") && "
    "($.eventName = \\\"ConsoleLogin\\\") }\"\n"
    "}\n";

static void test_narrowed_at_condition(void **state)
{
    (void)state;
    linted L;
    lint_text("main.tf", mfa_tf, "cis-console-signin-without-mfa", &L);
    assert_int_equal(L.out.n, 1);
    const cwf_lint_finding *f = &L.out.v[0];
    assert_int_equal(f->at, 0);
    assert_string_equal(f->group, "cloudtrail");
    const cwf_diag *g = &f->d.v[0];
    assert_int_equal(g->rule, CWF_R_GROUP_NOT_COVERED);
    assert_string_equal(g->message,
                        "log group cloudtrail: no metric filter covers "
                        "cis-console-signin-without-mfa (console sign-in without MFA); the "
                        "closest, filter ConsoleSigninWithoutMFA (resource "
                        "aws_cloudwatch_log_metric_filter.no_mfa), covers 0 of 1 case");
    const cwf_diag *n = find_rule(f, CWF_R_NARROWED);
    assert_non_null(n);
    /* the span is the condition, which the position map puts at 4:24 */
    assert_int_equal(n->span.start, 3);
    assert_int_equal(n->span.end, 39);
    cwf_pos at = cwf_source_pos(&L.x.v[0].src, n->span.start);
    assert_int_equal(at.line, 4);
    assert_int_equal(at.col, 24);
    linted_free(&L);
}

/* Where AWS's documentation is silent, lint says the reading it assumes. */
static void test_assumes_note(void **state)
{
    (void)state;
    static const char tf[] =
        "resource \"aws_cloudwatch_log_metric_filter\" \"iam\" {\n"
        "  name           = \"IAMChanges\"\n"
        "  log_group_name = \"cloudtrail\"\n"
        "  pattern        = \"{ ($.eventName = PutRolePolicy) && ($.readOnly = false) }\"\n"
        "}\n";
    linted L;
    lint_text("main.tf", tf, "cis-4.4", &L);
    assert_int_equal(L.out.n, 1);
    const cwf_diag *g = &L.out.v[0].d.v[0];
    assert_int_equal(g->rule, CWF_R_GROUP_NOT_COVERED);
    bool found = false;
    for (size_t i = 0; i < g->nnotes && !found; i++)
        found = strcmp(g->notes[i], "cwfilter assumes `$.readOnly = false` compares the text "
                                    "\"false\" and never matches the JSON boolean false") == 0;
    assert_true(found);
    linted_free(&L);
}

static void test_unknown_not_absent(void **state)
{
    (void)state;
    static const char yaml[] =
        "Parameters:\n  Account: {Type: String}\n"
        "Resources:\n"
        "  RootUsage:\n"
        "    Type: AWS::Logs::MetricFilter\n"
        "    Properties:\n"
        "      LogGroupName: cloudtrail\n"
        "      FilterPattern: !Sub '{ $.userIdentity.type = \"Root\" && "
        "$.recipientAccountId = ${Account} }'\n";
    linted L;
    lint_text("t.yaml", yaml, "cis-root-account-usage", &L);
    assert_int_equal(L.out.n, 1);
    const cwf_diag *g = &L.out.v[0].d.v[0];
    assert_int_equal(g->rule, CWF_R_UNKNOWN);
    assert_int_equal(g->severity, CWF_WARNING);
    assert_string_equal(g->message,
                        "log group cloudtrail: cwfilter cannot tell whether resource RootUsage "
                        "covers cis-root-account-usage (root account usage): its pattern depends "
                        "on `${Account}`, which cannot be resolved offline");
    assert_string_equal(g->notes[g->nnotes - 1],
                        "lint the deployed patterns: aws logs describe-metric-filters > "
                        "filters.json");
    linted_free(&L);
}

/* A pseudo parameter that no value of changes the verdict is judged: here
 * its condition narrows the filter, whatever the account. */
static void test_pseudo_parameter_judged(void **state)
{
    (void)state;
    static const char yaml[] =
        "Resources:\n"
        "  RootUsage:\n"
        "    Type: AWS::Logs::MetricFilter\n"
        "    Properties:\n"
        "      LogGroupName: cloudtrail\n"
        "      FilterPattern: !Sub '{ $.userIdentity.type = \"Root\" && "
        "$.recipientAccountId = \"${AWS::AccountId}\" }'\n";
    linted L;
    lint_text("t.yaml", yaml, "cis-root-account-usage", &L);
    assert_int_equal(L.out.n, 1);
    assert_int_equal(L.out.v[0].at, 0);
    const cwf_diag *g = &L.out.v[0].d.v[0];
    assert_int_equal(g->rule, CWF_R_GROUP_NOT_COVERED);
    assert_string_equal(g->message,
                        "log group cloudtrail: no metric filter covers cis-root-account-usage "
                        "(root account usage); the closest, resource RootUsage, covers 0 of 1 "
                        "case");
    assert_int_equal(L.out.v[0].d.v[1].rule, CWF_R_NARROWED);
    linted_free(&L);
}

static void test_nothing_related_has_no_filter(void **state)
{
    (void)state;
    static const char tf[] =
        "resource \"aws_cloudwatch_log_metric_filter\" \"e\" {\n"
        "  name = \"Errors\"\n  log_group_name = \"app\"\n"
        "  pattern = \"{ $.level = \\\"ERROR\\\" }\"\n}\n";
    linted L;
    lint_text("main.tf", tf, "cis-4.4", &L);
    assert_int_equal(L.out.n, 1);
    assert_int_equal(L.out.v[0].at, SIZE_MAX);
    assert_null(L.out.v[0].group);
    linted_free(&L);
}

/* ---- the differential test ------------------------------------------------------- */

static char *hcl_string(const char *s)
{
    cwf_buf b = CWF_BUF_INIT;
    cwf_buf_putc(&b, '"');
    for (const char *p = s; *p; p++) {
        if (*p == '"' || *p == '\\')
            cwf_buf_printf(&b, "\\%c", *p);
        else if (*p == '\n')
            cwf_buf_puts(&b, "\\n");
        else if (*p == '\t')
            cwf_buf_puts(&b, "\\t");
        else if (*p == '\r')
            cwf_buf_puts(&b, "\\r");
        else if ((*p == '$' || *p == '%') && p[1] == '{')
            cwf_buf_printf(&b, "%c%c", *p, *p);
        else
            cwf_buf_putc(&b, *p);
    }
    cwf_buf_putc(&b, '"');
    return cwf_buf_take(&b);
}

static char *tf_file(const char *pattern)
{
    char *q = hcl_string(pattern);
    char *t = cwf_xasprintf("resource \"aws_cloudwatch_log_metric_filter\" \"f\" {\n"
                            "  name           = \"F\"\n"
                            "  log_group_name = \"cloudtrail\"\n"
                            "  pattern        = %s\n"
                            "}\n", q);
    free(q);
    return t;
}

static char *cfn_file(const char *pattern)
{
    json_t *s = json_string(pattern);
    char *q = json_dumps(s, JSON_ENCODE_ANY);
    json_decref(s);
    char *t = cwf_xasprintf("{\"Resources\": {\"F\": {\"Type\": \"AWS::Logs::MetricFilter\",\n"
                            "  \"Properties\": {\"FilterName\": \"F\", \"LogGroupName\": "
                            "\"cloudtrail\",\n  \"FilterPattern\": %s}}}}\n", q);
    free(q);
    return t;
}

typedef struct tally {
    size_t patterns, compared, covers, not_covered, unknown, unrelated, broader;
} tally;

/* The judge on the bare pattern (what check prints) and lint on the pattern
 * in host: the same verdict, the same reasons. */
static void same_as_check(const char *pattern, const char *rule_id, const char *path,
                          char *text, tally *t)
{
    cwf_arena a = CWF_ARENA_INIT;
    cwf_diags d = CWF_DIAGS_INIT;
    cwf_pattern *p = cwf_parse(pattern, strlen(pattern), &a, &d);
    bool ok = p && cwf_diags_count(&d, CWF_ERROR) == 0;
    cwf_diags_free(&d);
    if (!ok) {
        cwf_arena_free(&a);
        free(text);
        return;
    }
    /* What check prints, proved directly (prove.h), not through the judge. */
    cwf_proof pr;
    cwf_check_rule(p, cwf_bench_rule_find(rule_id), &pr);
    cwf_judge_rule jr = {cwf_bench_rule_find(rule_id), NULL, NULL};
    cwf_judge_filter jf = {p, pattern, strlen(pattern), false, 0};
    cwf_judgement j;
    cwf_judge(&jr, &jf, 1, CWF_EXPLAIN_UNLESS_COVERED, NULL, &j);

    linted L;
    lint_text(path, text, rule_id, &L);
    /* Terraform trims white space around the pattern, as the AWS provider
     * does: spans then move by what was cut in front. */
    size_t lead = 0, len = strlen(pattern);
    if (strstr(path, ".tf")) {
        while (len > 0 && strchr(" \t\n\r\v\f", pattern[len - 1]))
            len--;
        while (lead < len && strchr(" \t\n\r\v\f", pattern[lead]))
            lead++;
    }
    if (L.x.n != 1 || L.x.v[0].src.len != len - lead ||
        memcmp(L.x.v[0].src.text, pattern + lead, len - lead) != 0) {
        print_error("%s: the pattern does not survive the host file: [%s] -> %zu [%.*s]\n", path,
                    pattern, L.x.n, L.x.n ? (int)L.x.v[0].src.len : 0,
                    L.x.n ? L.x.v[0].src.text : "");
        fail();
    }
    t->compared++;
    if (pr.verdict != j.verdict) {
        print_error("%s %s: check says %s, the judge %s: %s\n", path, rule_id,
                    cwf_verdict_name(pr.verdict), cwf_verdict_name(j.verdict), pattern);
        fail();
    }
    if (j.verdict == CWF_COVERS) {
        t->covers++;
        /* nothing, or check's CWF314 at the filter */
        size_t nb = j.broader ? j.broader->n : 0;
        assert_int_equal(L.out.n, nb);
        if (nb) {
            t->broader++;
            const cwf_diag *g = &L.out.v[0].d.v[0], *b = &j.broader->v[0];
            assert_int_equal(L.out.v[0].at, 0);
            assert_int_equal(g->rule, CWF_R_BROADER);
            assert_int_equal(g->severity, b->severity);
            char *want = cwf_xasprintf("%s: %s", cwf_bench_rule_find(rule_id)->id, b->message);
            assert_string_equal(g->message, want);
            free(want);
            assert_int_equal(g->nnotes, b->nnotes);
            for (size_t i = 0; i < b->nnotes; i++)
                assert_string_equal(g->notes[i], b->notes[i]);
            assert_int_equal(g->span.start, b->span.start);
            assert_int_equal(g->span.end, b->span.end);
        }
    } else if (j.verdict == CWF_UNKNOWN) {
        t->unknown++;
        assert_int_equal(L.out.n, 1);
        assert_int_equal(L.out.v[0].at, 0);
        assert_int_equal(L.out.v[0].d.v[0].rule, CWF_R_UNKNOWN);
    } else if (!j.related) {
        t->unrelated++;
        assert_int_equal(L.out.n, 1);
        assert_int_equal(L.out.v[0].at, SIZE_MAX);
    } else {
        t->not_covered++;
        assert_int_equal(L.out.n, 1);
        const cwf_lint_finding *f = &L.out.v[0];
        assert_int_equal(f->at, 0);
        const cwf_diag *g = &f->d.v[0];
        assert_int_equal(g->rule, CWF_R_GROUP_NOT_COVERED);
        /* the reasons of the groups of missing cases, in order, as check
         * gives them, except those a located finding (below) says */
        cwf_case_group *gs = NULL;
        size_t ng = cwf_proof_groups(&pr, cwf_bench_rule_find(rule_id)->unit, &gs), k = 0;
        for (size_t c = 0; c < ng && k < 4; c++) {
            if (gs[c].why == CWF_WHY_NARROWED || gs[c].why == CWF_WHY_EXCLUDED ||
                gs[c].why == CWF_WHY_NEAR)
                continue;
            bool found = false;
            for (size_t i = 0; i < g->nnotes && !found; i++)
                found = strcmp(g->notes[i], gs[c].message) == 0;
            if (!found)
                print_error("%s %s: no note [%s]\n", path, rule_id, gs[c].message);
            assert_true(found);
            k++;
        }
        cwf_case_groups_free(gs, ng);
        if (pr.counterexample) {
            char *want = cwf_xasprintf("this event slips through: %s", pr.counterexample);
            bool found = false;
            for (size_t i = 0; i < g->nnotes && !found; i++)
                found = strcmp(g->notes[i], want) == 0;
            assert_true(found);
            free(want);
        }
        /* check's CWF302/CWF303, at the same place of the pattern */
        size_t m = 1;
        for (size_t i = 0; i < pr.findings.n; i++) {
            const cwf_diag *w = &pr.findings.v[i];
            if (w->rule != CWF_R_NARROWED && w->rule != CWF_R_NEAR_MISS)
                continue;
            assert_true(m < f->d.n);
            assert_int_equal(f->d.v[m].rule, w->rule);
            assert_int_equal(f->d.v[m].span.start + lead, w->span.start);
            assert_int_equal(f->d.v[m].span.end + lead, w->span.end);
            assert_string_equal(f->d.v[m].message, w->message);
            m++;
        }
        assert_int_equal(m, f->d.n);
    }
    linted_free(&L);
    cwf_judgement_free(&j);
    cwf_proof_free(&pr);
    cwf_arena_free(&a);
    free(text);
}

static const char *const rules[] = {
    "cis-4.4", "cis-console-signin-without-mfa", "cis-root-account-usage",
    "cis-unauthorized-api-calls-v1.4",
};

static void differential(const char *pattern, tally *t)
{
    t->patterns++;
    for (size_t r = 0; r < sizeof rules / sizeof *rules; r++) {
        same_as_check(pattern, rules[r], "main.tf", tf_file(pattern), t);
        same_as_check(pattern, rules[r], "template.json", cfn_file(pattern), t);
    }
}

/* Every "pattern" of a JSON Lines file (with "expect" "ok" when it has one). */
/* Lints every valid pattern of the JSON Lines file at path, placed in host
 * files, against check.  Under valgrind (`make valgrind` sets CWF_VALGRIND),
 * every tenth: the same code paths, in minutes rather than a quarter hour;
 * the un-instrumented and ASan runs take them all. */
static bool each_pattern(const char *path, tally *t)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    size_t stride = getenv("CWF_VALGRIND") ? 10 : 1, k = 0;
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0) {
        json_t *o = json_loads(line, 0, NULL);
        if (!o)
            continue;
        const char *p = json_string_value(json_object_get(o, "pattern"));
        const char *e = json_string_value(json_object_get(o, "expect"));
        if (p && (!e || strcmp(e, "ok") == 0) && strlen(p) == json_string_length(
                                                      json_object_get(o, "pattern"))) {
            if (k++ % stride == 0)
                differential(p, t);
            else
                t->patterns++;
        }
        json_decref(o);
    }
    free(line);
    fclose(f);
    return true;
}

static void test_differential_corpus(void **state)
{
    (void)state;
    tally t = {0};
    assert_true(each_pattern("corpus/spec/parse.jsonl", &t));
    static const char *const match[] = {"corpus/match/json.jsonl", "corpus/match/terms.jsonl",
                                        "corpus/match/regex.jsonl",
                                        "corpus/match/delimited.jsonl"};
    for (size_t i = 0; i < 4; i++)
        assert_true(each_pattern(match[i], &t));
    print_message("lint = check on corpus/: %zu patterns, %zu comparisons: %zu covers, %zu not "
                  "covered, %zu unknown, %zu unrelated; %zu broader than required\n", t.patterns,
                  t.compared, t.covers, t.not_covered, t.unknown, t.unrelated, t.broader);
    assert_true(t.patterns > 500);
    assert_true(t.covers > 0 && t.not_covered > 0);
}

static void test_differential_realworld(void **state)
{
    (void)state;
    const char *dir = getenv("CWF_SHARED");
    char *path = cwf_xasprintf("%s/realworld/patterns.jsonl", dir && *dir ? dir : "../shared");
    tally t = {0};
    if (!each_pattern(path, &t)) {
        print_message("test_differential_realworld: %s is absent, skipped\n", path);
        free(path);
        skip();
    }
    print_message("lint = check on the real-world patterns: %zu patterns, %zu comparisons: %zu "
                  "covers, %zu not covered, %zu unknown, %zu unrelated; %zu broader than "
                  "required\n", t.patterns, t.compared, t.covers, t.not_covered, t.unknown,
                  t.unrelated, t.broader);
    assert_int_equal(t.patterns, 580);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_narrowed_at_condition),
        cmocka_unit_test(test_assumes_note),
        cmocka_unit_test(test_unknown_not_absent),
        cmocka_unit_test(test_pseudo_parameter_judged),
        cmocka_unit_test(test_nothing_related_has_no_filter),
        cmocka_unit_test(test_differential_corpus),
        cmocka_unit_test(test_differential_realworld),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
