/* test_fix.c: fixes as data (fix.h) and byte-exact host edits (hostedit.h).
 *
 * Exact fixes for each class (edits, title, safety), fixes that must be
 * dropped, host edits in each scalar style, and a property test over the
 * corpus patterns and, when ../shared is there, the 580 real-world ones,
 * each placed in host files of six styles (CloudFormation JSON; YAML
 * double-quoted, single-quoted and literal; Terraform quoted and <<-):
 * after fixing with --unsafe the pattern parses, every rule that got a
 * coverage fix is covered, every safe fix is equivalent (or adds only the
 * rule's cases), a second run changes nothing, and no byte outside the
 * edits changes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "shared.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "extract.h"
#include "fix.h"
#include "hostedit.h"
#include "judge.h"
#include "parse.h"

#define REALWORLD shared_path("realworld/patterns.jsonl")

/* ---- helpers ---------------------------------------------------------------------- */

typedef struct pat {
    cwf_arena a;
    cwf_diags d;
    cwf_pattern *p;
} pat;

static bool pparse(pat *x, const char *s, size_t n)
{
    memset(x, 0, sizeof *x);
    x->p = cwf_parse(s, n, &x->a, &x->d);
    return x->p && cwf_diags_count(&x->d, CWF_ERROR) == 0;
}

static void pfree(pat *x)
{
    cwf_diags_free(&x->d);
    cwf_arena_free(&x->a);
}

static bool covers(const cwf_pattern *a, const cwf_pattern *b)
{
    cwf_prove_options o = {0};
    cwf_proof pr = {0};
    bool y = cwf_prove_with(a, b, &o, &pr) == CWF_COVERS;
    cwf_proof_free(&pr);
    return y;
}

static bool rule_covered(const cwf_pattern *p, const cwf_bench_rule *r)
{
    cwf_proof pr = {0};
    bool y = cwf_check_rule(p, r, &pr) == CWF_COVERS;
    cwf_proof_free(&pr);
    return y;
}

/* The fixes of text for rule (or none). */
static void gen(const char *text, const char *rule, cwf_fixes *fs)
{
    const cwf_bench_rule *r = rule ? cwf_bench_rule_find(rule) : NULL;
    cwf_fix_generate(text, strlen(text), &r, r ? 1 : 0, fs);
}

/* The fix with this rule id, or NULL. */
static const cwf_fix *find(const cwf_fixes *fs, cwf_rule_id rule)
{
    for (size_t i = 0; i < fs->n; i++)
        if (fs->v[i].rule == rule)
            return &fs->v[i];
    return NULL;
}

/* ---- fixes as data ------------------------------------------------------------------ */

static void test_double_equals(void **state)
{
    (void)state;
    cwf_fixes fs = CWF_FIXES_INIT;
    gen("{ $.a == 1 }", NULL, &fs);
    assert_int_equal(fs.n, 1);
    assert_int_equal(fs.v[0].rule, CWF_R_DOUBLE_EQUALS);
    assert_int_equal(fs.v[0].safety, CWF_FIX_SAFE);
    assert_int_equal(fs.v[0].nedits, 1);
    assert_int_equal(fs.v[0].edits[0].span.start, 6);
    assert_int_equal(fs.v[0].edits[0].span.end, 8);
    assert_string_equal(fs.v[0].edits[0].text, "=");
    assert_string_equal(fs.v[0].title, "replace `==` with `=`");
    assert_string_equal(fs.v[0].fixed, "{ $.a = 1 }");
    cwf_fixes_free(&fs);
}

static void test_single_quotes_and_exclusion(void **state)
{
    (void)state;
    cwf_fixes fs = CWF_FIXES_INIT;
    gen("{ $.a = 'x' }", NULL, &fs);
    const cwf_fix *f = find(&fs, CWF_R_SINGLE_QUOTES);
    assert_non_null(f);
    assert_string_equal(f->fixed, "{ $.a = \"x\" }");
    cwf_fixes_free(&fs);
    gen("ERROR - \"Exiting\"", NULL, &fs);
    f = find(&fs, CWF_R_SPACED_EXCLUSION);
    assert_non_null(f);
    assert_int_equal(f->safety, CWF_FIX_SAFE);
    assert_string_equal(f->fixed, "ERROR -\"Exiting\"");
    cwf_fixes_free(&fs);
}

static void test_parens_and_duplicates(void **state)
{
    (void)state;
    cwf_fixes fs = CWF_FIXES_INIT;
    gen("{ (($.a = 1)) || ($.b = 2) }", NULL, &fs);
    assert_int_equal(fs.n, 1);
    assert_string_equal(fs.v[0].title, "remove doubled parentheses");
    assert_string_equal(fs.v[0].fixed, "{ ($.a = 1) || ($.b = 2) }");
    cwf_fixes_free(&fs);
    gen("{ ($.a = 1) || ($.b = 2) || ($.a = 1) }", NULL, &fs);
    assert_int_equal(fs.n, 1);
    assert_string_equal(fs.v[0].title, "remove the duplicate disjunct `$.a = 1`");
    assert_string_equal(fs.v[0].fixed, "{ ($.a = 1) || ($.b = 2) }");
    cwf_fixes_free(&fs);
    /* parentheses that group are not doubled */
    gen("{ (($.a = 1) || ($.b = 2)) && $.c = 3 }", NULL, &fs);
    assert_int_equal(fs.n, 0);
    cwf_fixes_free(&fs);
}

static void test_missing_names_style(void **state)
{
    (void)state;
    cwf_fixes fs = CWF_FIXES_INIT;
    /* sorted, multi-line, quoted: the names go in order, one per line */
    const char *p = "{\n  ($.eventName = \"CreateTrail\") ||\n  ($.eventName = \"DeleteTrail\") ||\n"
                    "  ($.eventName = \"UpdateTrail\")\n}";
    gen(p, "cis-cloudtrail-config-changes", &fs);
    assert_int_equal(fs.n, 1);
    const cwf_fix *f = &fs.v[0];
    assert_int_equal(f->rule, CWF_R_NOT_COVERED);
    assert_int_equal(f->safety, CWF_FIX_SAFE);
    assert_string_equal(f->fixed,
                        "{\n  ($.eventName = \"CreateTrail\") ||\n  ($.eventName = \"DeleteTrail\") ||\n"
                        "  ($.eventName = \"StartLogging\") ||\n  ($.eventName = \"StopLogging\") ||\n"
                        "  ($.eventName = \"UpdateTrail\")\n}");
    /* the separator is a copy of the pattern's own */
    bool copied = false;
    for (size_t i = 0; i < f->nedits; i++)
        copied |= f->edits[i].copy.end > f->edits[i].copy.start &&
                  strcmp(f->edits[i].text, ") ||\n  (") == 0;
    assert_true(copied);
    cwf_fixes_free(&fs);
    /* not sorted, unquoted, no spaces: appended in the rule's order */
    gen("{($.eventName=UpdateTrail)||($.eventName=CreateTrail)}", "cis-cloudtrail-config-changes",
        &fs);
    assert_int_equal(fs.n, 1);
    assert_string_equal(fs.v[0].fixed,
                        "{($.eventName=UpdateTrail)||($.eventName=CreateTrail)||($.eventName=DeleteTrail)"
                        "||($.eventName=StartLogging)||($.eventName=StopLogging)}");
    cwf_fixes_free(&fs);
    /* one equality inside an && gets parentheses */
    gen("{ $.eventSource = cloudtrail.amazonaws.com && $.eventName = CreateTrail }",
        "cis-cloudtrail-config-changes", &fs);
    assert_int_equal(fs.n, 1);
    assert_string_equal(fs.v[0].fixed,
                        "{ $.eventSource = cloudtrail.amazonaws.com && ($.eventName = CreateTrail || "
                        "$.eventName = UpdateTrail || $.eventName = DeleteTrail || $.eventName = "
                        "StartLogging || $.eventName = StopLogging) }");
    cwf_fixes_free(&fs);
}

static void test_narrowing_unsafe(void **state)
{
    (void)state;
    cwf_fixes fs = CWF_FIXES_INIT;
    const char *p = "{ (($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || "
                    "($.eventName = DeleteTrail) || ($.eventName = StartLogging) || "
                    "($.eventName = StopLogging)) && ($.userIdentity.type = Root) }";
    gen(p, "cis-cloudtrail-config-changes", &fs);
    assert_int_equal(fs.n, 1);
    const cwf_fix *f = &fs.v[0];
    assert_int_equal(f->safety, CWF_FIX_UNSAFE);
    assert_int_equal(f->rule, CWF_R_NARROWED);
    assert_string_equal(f->title, "remove the narrowing condition");
    assert_string_equal(f->why, "it changes what matches: `$.userIdentity.type = Root` no longer "
                                "restricts the matches");
    /* just that condition and its operator */
    assert_string_equal(f->fixed, "{ (($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || "
                                  "($.eventName = DeleteTrail) || ($.eventName = StartLogging) || "
                                  "($.eventName = StopLogging)) }");
    cwf_fixes_free(&fs);
}

/* The CIS IAM pattern, as the benchmark writes it. */
#define IAM                                                                                        \
    "(($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName="              \
    "DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName="  \
    "PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName="        \
    "CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||("   \
    "$.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName="                 \
    "DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy))"
#define ROOT "$.userIdentity.type = \"Root\""
#define IP "$.sourceIPAddress != \"1.2.3.4\""

/* The one fix of in for cis-iam-policy-changes: unsafe, CWF302, with this
 * title, reason and text. */
static void narrowed(const char *in, const char *title, const char *why, const char *fixed)
{
    cwf_fixes fs = CWF_FIXES_INIT;
    gen(in, "cis-iam-policy-changes", &fs);
    if (fs.n != 1)
        fail_msg("%s: %zu fixes", in, fs.n);
    assert_int_equal(fs.v[0].safety, CWF_FIX_UNSAFE);
    assert_int_equal(fs.v[0].rule, CWF_R_NARROWED);
    assert_string_equal(fs.v[0].title, title);
    assert_string_equal(fs.v[0].why, why);
    assert_string_equal(fs.v[0].fixed, fixed);
    cwf_fixes_free(&fs);
}

/* Several narrowing conditions (one CWF302 finding quotes them all): one
 * fix removes each with its operator, wherever they are and however they
 * are grouped, and names each; everything else stays as written. */
static void test_narrowing_several(void **state)
{
    (void)state;
    const char *t = "remove the narrowing conditions";
    const char *two = "it changes what matches: `" ROOT "` and `" IP "` no longer restrict the matches";
    narrowed("{ " IAM " && " ROOT " && " IP " }", t, two, "{ " IAM " }");
    /* before and after the event names */
    narrowed("{ " ROOT " && " IAM " && " IP " }", t, two, "{ " IAM " }");
    /* each in parentheses; both in one group; the names in a group with one */
    narrowed("{ " IAM " && (" ROOT ") && (" IP ") }", t, two, "{ " IAM " }");
    narrowed("{ " IAM " && ((" ROOT ") && (" IP ")) }", t, two, "{ " IAM " }");
    narrowed("{ (" IAM " && " ROOT ") && " IP " }", t, two, "{ " IAM " }");
    narrowed("{ " IAM " &&\n  " ROOT " &&\n  " IP "\n}", t, two, "{ " IAM "\n}");
    /* three */
    narrowed("{ " IAM " && (" ROOT ") && (" IP ") && ($.userAgent NOT EXISTS) }", t,
             "it changes what matches: `" ROOT "`, `" IP "` and `$.userAgent NOT EXISTS` no "
             "longer restrict the matches",
             "{ " IAM " }");
    /* one, inside the group that holds the names */
    narrowed("{ (" IAM " && (" ROOT ")) }", "remove the narrowing condition",
             "it changes what matches: `" ROOT "` no longer restricts the matches", "{ " IAM " }");
    /* parentheses around more than the `&&` (`||` binds looser) stay */
    narrowed("{ (" IAM " && (" ROOT ") || $.c = 3) }", "remove the narrowing condition",
             "it changes what matches: `" ROOT "` no longer restricts the matches",
             "{ (" IAM " || $.c = 3) }");
    /* a condition whose text is part of another's (`$.x = 1`, `$.x = 12`) */
    narrowed("{ " IAM " && ($.x = 12 || $.y = 2) && $.x = 1 }", t,
             "it changes what matches: `$.x = 12 || $.y = 2` and `$.x = 1` no longer restrict the "
             "matches",
             "{ " IAM " }");
    /* a condition that narrows two groups of events (two findings) is named once */
    narrowed("{ ((($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||"
             "($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||"
             "($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||"
             "($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||"
             "($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||"
             "($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||"
             "($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)) || "
             "($.eventName = PutRolePolicy && $.a = 2)) && " ROOT " }",
             t, "it changes what matches: `" ROOT "` and `$.a = 2` no longer restrict the matches",
             "{ ((($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||"
             "($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||"
             "($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||"
             "($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||"
             "($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||"
             "($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||"
             "($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)) || "
             "($.eventName = PutRolePolicy)) }");
    /* a condition that is itself a disjunction goes whole */
    narrowed("{ " IAM " && (" ROOT " || $.userIdentity.type = IAMUser) }",
             "remove the narrowing condition",
             "it changes what matches: `" ROOT " || $.userIdentity.type = IAMUser` no longer "
             "restricts the matches",
             "{ " IAM " }");
    /* one per disjunct (two findings), then the names still missing, in
     * the pattern's order and style */
    cwf_fixes fs = CWF_FIXES_INIT;
    gen("{ (" ROOT " && $.eventName=DeleteGroupPolicy) || (" IP " && $.eventName=DeleteRolePolicy) }",
        "cis-iam-policy-changes", &fs);
    assert_int_equal(fs.n, 1);
    assert_int_equal(fs.v[0].safety, CWF_FIX_UNSAFE);
    assert_string_equal(fs.v[0].title, "remove the narrowing conditions, add 14 missing event names");
    assert_string_equal(fs.v[0].why, two);
    assert_string_equal(fs.v[0].fixed,
                        "{ ($.eventName=AttachGroupPolicy) || ($.eventName=AttachRolePolicy) || "
                        "($.eventName=AttachUserPolicy) || ($.eventName=CreatePolicy) || "
                        "($.eventName=CreatePolicyVersion) || ($.eventName=DeleteGroupPolicy) || "
                        "($.eventName=DeletePolicy) || ($.eventName=DeletePolicyVersion) || "
                        "($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || "
                        "($.eventName=DetachGroupPolicy) || ($.eventName=DetachRolePolicy) || "
                        "($.eventName=DetachUserPolicy) || ($.eventName=PutGroupPolicy) || "
                        "($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) }");
    cwf_fixes_free(&fs);
    /* a condition in a disjunct that has no event name is not narrowing */
    gen("{ (" IAM " && " ROOT ") || ($.a = 1 && $.b = 2) }", "cis-iam-policy-changes", &fs);
    assert_int_equal(fs.n, 1);
    assert_string_equal(fs.v[0].fixed, "{ " IAM " || ($.a = 1 && $.b = 2) }");
    cwf_fixes_free(&fs);
    /* --unsafe fixes it in one round, and a second run changes nothing */
    const cwf_bench_rule *r = cwf_bench_rule_find("cis-iam-policy-changes");
    const char *p = "{ " IAM " && (" ROOT ") && " IP " }";
    cwf_buf out = CWF_BUF_INIT;
    size_t applied, more;
    cwf_fix_all(p, strlen(p), &r, 1, false, NULL, NULL, &out, &applied, &more);
    assert_int_equal(applied, 0);
    assert_int_equal(more, 1);
    cwf_buf_reset(&out);
    cwf_fix_all(p, strlen(p), &r, 1, true, NULL, NULL, &out, &applied, &more);
    assert_int_equal(applied, 1);
    assert_string_equal(cwf_buf_str(&out), "{ " IAM " }");
    cwf_buf_free(&out);
}

static void test_near_miss(void **state)
{
    (void)state;
    cwf_fixes fs = CWF_FIXES_INIT;
    const char *p = "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || "
                    "($.eventName = DeleteTrial) || ($.eventName = StartLogging) || "
                    "($.eventName = StopLogging) }";
    gen(p, "cis-4.5", &fs);
    assert_int_equal(fs.n, 2);
    /* safe: the right name added, the wrong one kept */
    assert_int_equal(fs.v[0].safety, CWF_FIX_SAFE);
    assert_false(fs.v[0].preferred);
    assert_string_equal(fs.v[0].title, "add the missing event name DeleteTrail (cis-cloudtrail-config-changes)");
    /* unsafe and preferred: the wrong one corrected */
    assert_int_equal(fs.v[1].safety, CWF_FIX_UNSAFE);
    assert_int_equal(fs.v[1].rule, CWF_R_NEAR_MISS);
    assert_true(fs.v[1].preferred);
    assert_string_equal(fs.v[1].why, "it changes what matches: `DeleteTrial` becomes `DeleteTrail`");
    assert_int_equal(fs.v[1].nedits, 1);
    assert_int_equal(fs.v[1].edits[0].span.start, 79);
    assert_int_equal(fs.v[1].edits[0].span.end, 90);
    cwf_fixes_free(&fs);
    cwf_buf out = CWF_BUF_INIT;
    size_t applied, more;
    const cwf_bench_rule *r = cwf_bench_rule_find("cis-4.5");
    cwf_fix_all(p, strlen(p), &r, 1, true, NULL, NULL, &out, &applied, &more);
    assert_int_equal(applied, 1);
    assert_non_null(strstr(cwf_buf_str(&out), "($.eventName = DeleteTrail) || ($.eventName = StartLogging)"));
    assert_null(strstr(cwf_buf_str(&out), "DeleteTrial"));
    cwf_buf_free(&out);
}

static void test_narrow_to_benchmark(void **state)
{
    (void)state;
    const cwf_bench_rule *r = cwf_bench_rule_find("cis-4.5");
    cwf_fixes fs = CWF_FIXES_INIT;
    /* covered only through the event source: the benchmark's pattern */
    gen("{ $.eventSource = cloudtrail.amazonaws.com }", "cis-4.5", &fs);
    assert_int_equal(fs.n, 1);
    assert_int_equal(fs.v[0].safety, CWF_FIX_UNSAFE);
    assert_int_equal(fs.v[0].rule, CWF_R_MATCHES_ALL);
    assert_string_equal(fs.v[0].title, "narrow the pattern to the benchmark's (cis-cloudtrail-config-changes)");
    assert_string_equal(fs.v[0].why, "it no longer matches events the benchmark does not ask for, "
                                     "such as {\"eventSource\":\"cloudtrail.amazonaws.com\"}");
    assert_string_equal(fs.v[0].fixed, r->prescribed);
    cwf_fixes_free(&fs);
    /* a wildcard */
    gen("{ $.eventName = \"*Trail\" || $.eventName = \"*Logging\" }", "cis-4.5", &fs);
    assert_int_equal(fs.n, 1);
    assert_string_equal(fs.v[0].fixed, r->prescribed);
    cwf_fixes_free(&fs);
    /* the rule's names and one more, written out: deliberate, left alone */
    gen("{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) "
        "|| ($.eventName = StartLogging) || ($.eventName = StopLogging) || ($.eventName = CreateUser) }",
        "cis-4.5", &fs);
    assert_int_equal(fs.n, 0);
    cwf_fixes_free(&fs);
}

static void test_unrelated_and_covered(void **state)
{
    (void)state;
    cwf_fixes fs = CWF_FIXES_INIT;
    /* a filter about something else gets no coverage fix */
    gen("{ $.level = \"error\" }", "cis-cloudtrail-config-changes", &fs);
    assert_int_equal(fs.n, 0);
    /* a covering filter gets none */
    gen("{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) "
        "|| ($.eventName = StartLogging) || ($.eventName = StopLogging) }",
        "cis-cloudtrail-config-changes", &fs);
    assert_int_equal(fs.n, 0);
    /* a delimited pattern has no place for names: nothing is offered */
    gen("[a, b = CreateTrail]", "cis-cloudtrail-config-changes", &fs);
    assert_int_equal(fs.n, 0);
    cwf_fixes_free(&fs);
}

static void test_fix_all_and_select(void **state)
{
    (void)state;
    cwf_buf out = CWF_BUF_INIT;
    size_t applied, more;
    const cwf_bench_rule *r = cwf_bench_rule_find("cis-4.5");
    const char *p = "{ (($.eventName == CreateTrail)) && ($.userIdentity.type = Root) }";
    cwf_fix_all(p, strlen(p), &r, 1, false, NULL, NULL, &out, &applied, &more);
    assert_string_equal(cwf_buf_str(&out), "{ ($.eventName = CreateTrail) && ($.userIdentity.type = Root) }");
    assert_int_equal(applied, 2);
    assert_int_equal(more, 1);
    cwf_buf_reset(&out);
    cwf_fix_all(p, strlen(p), &r, 1, true, NULL, NULL, &out, &applied, &more);
    assert_int_equal(applied, 3);
    assert_int_equal(more, 0);
    pat x;
    assert_true(pparse(&x, out.p, out.len));
    assert_true(rule_covered(x.p, r));
    pfree(&x);
    cwf_buf_reset(&out);
    cwf_fix_all(p, strlen(p), &r, 1, true, "CWF108", NULL, &out, &applied, &more);
    assert_string_equal(cwf_buf_str(&out), "{ (($.eventName = CreateTrail)) && ($.userIdentity.type = Root) }");
    cwf_buf_reset(&out);
    cwf_fix_all(p, strlen(p), &r, 1, true, NULL, "CWF3", &out, &applied, &more);
    assert_string_equal(cwf_buf_str(&out), "{ (($.eventName = CreateTrail)) && ($.userIdentity.type = Root) }");
    cwf_buf_free(&out);
    assert_true(cwf_fix_selected(CWF_R_DOUBLE_EQUALS, "cwf1", NULL));
    assert_false(cwf_fix_selected(CWF_R_DOUBLE_EQUALS, "CWF3", NULL));
    assert_false(cwf_fix_selected(CWF_R_DOUBLE_EQUALS, NULL, "CWF108"));
}

/* The one fix of text (no rule), its rule and its fixed text. */
static void one_fix(const char *text, cwf_rule_id rule, const char *title, const char *fixed)
{
    cwf_fixes fs = CWF_FIXES_INIT;
    gen(text, NULL, &fs);
    if (fs.n != 1)
        fail_msg("%s: %zu fixes", text, fs.n);
    assert_int_equal(fs.v[0].rule, rule);
    assert_int_equal(fs.v[0].safety, CWF_FIX_SAFE);
    assert_string_equal(fs.v[0].title, title);
    assert_string_equal(fs.v[0].fixed, fixed);
    cwf_fixes_free(&fs);
}

static void no_fix(const char *text)
{
    cwf_fixes fs = CWF_FIXES_INIT;
    gen(text, NULL, &fs);
    if (fs.n != 0)
        fail_msg("%s: %zu fixes, first %s", text, fs.n, fs.v[0].fixed);
    cwf_fixes_free(&fs);
}

static void test_parens_blanks_strings_dups(void **state)
{
    (void)state;
    const char *dp = "remove doubled parentheses";
    /* blanks between the parentheses; a `)` and an escaped quote in a string */
    one_fix("{ ( ( $.a = 1 ) ) }", CWF_R_REDUNDANT, dp, "{ ( $.a = 1 ) }");
    one_fix("{ (($.a = \"x)\\\"y\")) }", CWF_R_REDUNDANT, dp, "{ ($.a = \"x)\\\"y\") }");
    /* one pair at a time */
    one_fix("{ ((($.a = 1))) }", CWF_R_REDUNDANT, dp, "{ (($.a = 1)) }");
    /* an outer pair around two groups is not doubled; text patterns are not JSON */
    no_fix("{ (($.a = 1) && ($.b = 2)) }");
    no_fix("[a, ((b = 1))]");
    no_fix("{ $.a = 1 ");
    no_fix("\"x\" -\"y\"");
    one_fix("\"x\" - \"y\"", CWF_R_SPACED_EXCLUSION, "replace `- \"y\"` with `-\"y\"`", "\"x\" -\"y\"");
    /* duplicate disjuncts: bare, grouped, the first of two pairs */
    one_fix("{ ($.a = 1) || ($.a = 1) }", CWF_R_REDUNDANT, "remove the duplicate disjunct `$.a = 1`",
            "{ ($.a = 1) }");
    one_fix("{ $.a = 1 || $.a = 1 }", CWF_R_REDUNDANT, "remove the duplicate disjunct `$.a = 1`",
            "{ $.a = 1 }");
    one_fix("{ ($.a = 1 && $.b = 2) || ($.a = 1 && $.b = 2) }", CWF_R_REDUNDANT,
            "remove the duplicate disjunct `$.a = 1 && $.b = 2`", "{ ($.a = 1 && $.b = 2) }");
    one_fix("{ ($.a = 1) || ($.b = 2) || ($.a = 1) || ($.b = 2) }", CWF_R_REDUNDANT,
            "remove the duplicate disjunct `$.a = 1`", "{ ($.a = 1) || ($.b = 2) || ($.b = 2) }");
    /* --select and --ignore lists: blanks, empty items, case, prefixes */
    assert_true(cwf_fix_selected(CWF_R_DOUBLE_EQUALS, " CWF3, ,cwf108", NULL));
    assert_false(cwf_fix_selected(CWF_R_DOUBLE_EQUALS, "CWF3,", NULL));
    assert_true(cwf_fix_selected(CWF_R_DOUBLE_EQUALS, "CWF3,cwf1,", NULL));
    assert_false(cwf_fix_selected(CWF_R_DOUBLE_EQUALS, ",,", NULL));
    assert_false(cwf_fix_selected(CWF_R_DOUBLE_EQUALS, "", NULL));
    assert_false(cwf_fix_selected(CWF_R_DOUBLE_EQUALS, NULL, "CWF3, cwf10"));
    assert_true(cwf_fix_selected(CWF_R_DOUBLE_EQUALS, NULL, "CWF3,CWF2"));
}

/* A duplicate disjunct in a group of the `||` (the parser makes one flat
 * `||` of `A || (B || A)`): removed with its operator, and a group it
 * leaves with one parenthesized disjunct loses the doubled pair, in one
 * fix. */
static void test_nested_duplicates(void **state)
{
    (void)state;
    const char *da = "remove the duplicate disjunct `$.a = 1`";
    one_fix("{ ($.eventName = A) || (($.eventName = A) || ($.eventName = B)) }", CWF_R_REDUNDANT,
            "remove the duplicate disjunct `$.eventName = \"A\"`",
            "{ ($.eventName = A) || ($.eventName = B) }");
    one_fix("{ ($.eventName = A) || (($.eventName = B) || ($.eventName = A)) }", CWF_R_REDUNDANT,
            "remove the duplicate disjunct `$.eventName = \"A\"`",
            "{ ($.eventName = A) || ($.eventName = B) }");
    one_fix("{ (($.a = 1) || ($.b = 2)) || ($.a = 1) }", CWF_R_REDUNDANT, da,
            "{ (($.a = 1) || ($.b = 2)) }");
    one_fix("{ ($.a = 1) || (($.b = 2) || ($.a = 1) || ($.c = 3)) }", CWF_R_REDUNDANT, da,
            "{ ($.a = 1) || (($.b = 2) || ($.c = 3)) }");
    /* a bare disjunct keeps the group's parentheses (they are not doubled) */
    one_fix("{ $.a = 1 || ($.a = 1 || $.b = 2) }", CWF_R_REDUNDANT, da, "{ $.a = 1 || ($.b = 2) }");
    one_fix("{\n  ($.a = 1) ||\n  (($.b = 2) ||\n   ($.a = 1))\n}", CWF_R_REDUNDANT, da,
            "{\n  ($.a = 1) ||\n  ($.b = 2)\n}");
    /* inside a parenthesized `||` that is an operand of `&&` */
    one_fix("{ ($.x = 1) && (($.a = 1) || (($.a = 1) || ($.b = 2))) }", CWF_R_REDUNDANT, da,
            "{ ($.x = 1) && (($.a = 1) || ($.b = 2)) }");
    one_fix("{ $.x = 1 && (($.a = 1) || ($.a = 1)) }", CWF_R_REDUNDANT, da, "{ $.x = 1 && ($.a = 1) }");
    one_fix("{ ((($.a = 1) || ($.b = 2)) || ($.a = 1)) && $.c = 1 }", CWF_R_REDUNDANT, da,
            "{ (($.a = 1) || ($.b = 2)) && $.c = 1 }");
    one_fix("{ ($.a = 1 || $.b = 2) && (($.a = 1 || $.b = 2) || $.a = 1) }", CWF_R_REDUNDANT, da,
            "{ ($.a = 1 || $.b = 2) && ($.a = 1 || $.b = 2) }");
    /* a group that opens before the first disjunct, with blanks; a `)` and
     * an escaped quote in a string, a regex */
    one_fix("{ ( ($.a = 1) || ($.b = \")\") ) || ($.a = 1) }", CWF_R_REDUNDANT, da,
            "{ ( ($.a = 1) || ($.b = \")\") ) }");
    one_fix("{ ($.a = \"(\\\"\") || (($.b = 2) || ($.a = \"(\\\"\")) }", CWF_R_REDUNDANT,
            "remove the duplicate disjunct `$.a = \"(\\\"\"`", "{ ($.a = \"(\\\"\") || ($.b = 2) }");
    one_fix("{ ($.a = %ab%) || (($.b = 2) || ($.a = %ab%)) }", CWF_R_REDUNDANT,
            "remove the duplicate disjunct `$.a = %ab%`", "{ ($.a = %ab%) || ($.b = 2) }");
    /* a disjunct that is an `&&` with a group of its own */
    one_fix("{ ($.c = 3 && (($.a = 1) || ($.b = 2))) || ($.c = 3 && (($.a = 1) || ($.b = 2))) }",
            CWF_R_REDUNDANT, "remove the duplicate disjunct `$.c = 3 && ($.a = 1 || $.b = 2)`",
            "{ ($.c = 3 && (($.a = 1) || ($.b = 2))) }");
    /* groups in groups: two that open before the first disjunct, one
     * inside another that starts with it, one that ends before the last */
    one_fix("{ ((($.a = 1) || ($.b = 2)) || ($.c = 3)) || ($.a = 1) }", CWF_R_REDUNDANT, da,
            "{ ((($.a = 1) || ($.b = 2)) || ($.c = 3)) }");
    one_fix("{ ($.x = 0) || ((($.a = 1) || ($.a = 1)) || ($.d = 4)) }", CWF_R_REDUNDANT, da,
            "{ ($.x = 0) || (($.a = 1) || ($.d = 4)) }");
    one_fix("{ ($.a = 1) || (($.b = 2) || ($.a = 1)) || ($.d = 4) }", CWF_R_REDUNDANT, da,
            "{ ($.a = 1) || ($.b = 2) || ($.d = 4) }");
    /* doubled parentheses elsewhere are their own fix, not this one's */
    cwf_fixes fs = CWF_FIXES_INIT;
    gen("{ ($.a = 1) || ((($.b = 2) || ($.c = 3))) || ($.a = 1) }", NULL, &fs);
    assert_int_equal(fs.n, 2);
    assert_string_equal(fs.v[0].fixed, "{ ($.a = 1) || (($.b = 2) || ($.c = 3)) || ($.a = 1) }");
    assert_string_equal(fs.v[1].title, da);
    assert_string_equal(fs.v[1].fixed, "{ ($.a = 1) || ((($.b = 2) || ($.c = 3))) }");
    cwf_fixes_free(&fs);
    /* a condition twice in one `&&`, grouped or not */
    one_fix("{ (($.a = 1) || ($.b = 2)) && ($.c = 3) && (($.a = 1) || ($.b = 2)) }",
            CWF_R_REDUNDANT, "remove the duplicate condition `$.a = 1 || $.b = 2`",
            "{ (($.a = 1) || ($.b = 2)) && ($.c = 3) }");
    one_fix("{ $.a = 1 && $.b = 2 && $.a = 1 }", CWF_R_REDUNDANT,
            "remove the duplicate condition `$.a = 1`", "{ $.a = 1 && $.b = 2 }");
    one_fix("{ ($.a = 1) && (($.a = 1) && ($.b = 2)) }", CWF_R_REDUNDANT,
            "remove the duplicate condition `$.a = 1`", "{ ($.a = 1) && ($.b = 2) }");
    one_fix("{ ($.c = 3) || ($.a = 1 && $.a = 1) }", CWF_R_REDUNDANT,
            "remove the duplicate condition `$.a = 1`", "{ ($.c = 3) || ($.a = 1) }");
    /* terms: optional, required, excluded; quoted or not */
    one_fix("?A ?B ?A", CWF_R_REDUNDANT, "remove the duplicate term `?A`", "?A ?B");
    one_fix("ERROR \"ERROR\"", CWF_R_REDUNDANT, "remove the duplicate term `\"ERROR\"`", "ERROR");
    one_fix("ERROR -DEBUG  -DEBUG", CWF_R_REDUNDANT, "remove the duplicate term `-DEBUG`",
            "ERROR -DEBUG");
    no_fix("?A ?a");
    no_fix("A -A");
    /* one round, where it took two */
    cwf_buf out = CWF_BUF_INIT;
    size_t applied, more;
    const char *p = "{ ($.eventName = A) || (($.eventName = B) || ($.eventName = A)) }";
    cwf_fix_all(p, strlen(p), NULL, 0, false, NULL, NULL, &out, &applied, &more);
    assert_int_equal(applied, 1);
    assert_string_equal(cwf_buf_str(&out), "{ ($.eventName = A) || ($.eventName = B) }");
    cwf_buf_free(&out);
}

/* With several rules, a coverage fix of one that leaves another uncovered
 * is not offered: two such fixes undid each other round after round. */
static void test_rules_do_not_undo(void **state)
{
    (void)state;
    const cwf_bench_rule *r[2] = {cwf_bench_rule_find("cis-console-signin-without-mfa"),
                                  cwf_bench_rule_find("cis-console-auth-failures")};
    const char *cl = "{ ($.eventName = \"ConsoleLogin\") }";
    cwf_fixes fs = CWF_FIXES_INIT;
    /* each rule alone: the benchmark's pattern instead */
    cwf_fix_generate(cl, strlen(cl), &r[0], 1, &fs);
    assert_int_equal(fs.n, 1);
    assert_int_equal(fs.v[0].rule, CWF_R_MATCHES_ALL);
    cwf_fixes_free(&fs);
    /* both: that would leave the other uncovered */
    cwf_fix_generate(cl, strlen(cl), r, 2, &fs);
    assert_int_equal(fs.n, 0);
    cwf_fixes_free(&fs);
    const char *p = "{ ($.eventName = \"ConsoleLogin\") && ($.requestParameters.env = \"prod\") }";
    cwf_buf out = CWF_BUF_INIT;
    size_t applied, more;
    cwf_fix_all(p, strlen(p), r, 2, true, NULL, NULL, &out, &applied, &more);
    assert_int_equal(applied, 1);
    assert_string_equal(cwf_buf_str(&out), cl);
    cwf_buf_free(&out);
}

/* The missing names of cis-4.5: after a single equality in the rule's
 * order, into a sorted `||` in order, after an unsorted one at its end,
 * quoted when the template is, inside the group of a conjunction. */
static void test_missing_names_places(void **state)
{
    (void)state;
    static const struct {
        const char *in, *title, *out;
    } cases[] = {
        {"{ $.eventName = CreateTrail }",
         "add the 4 missing event names of cis-cloudtrail-config-changes: UpdateTrail, ...",
         "{ $.eventName = CreateTrail || $.eventName = UpdateTrail || $.eventName = DeleteTrail || "
         "$.eventName = StartLogging || $.eventName = StopLogging }"},
        {"{ $.eventName = \"CreateTrail\" || $.eventName = \"UpdateTrail\" }",
         "add the 3 missing event names of cis-cloudtrail-config-changes: DeleteTrail, ...",
         "{ $.eventName = \"CreateTrail\" || $.eventName = \"DeleteTrail\" || $.eventName = "
         "\"StartLogging\" || $.eventName = \"StopLogging\" || $.eventName = \"UpdateTrail\" }"},
        {"{ $.eventName = UpdateTrail || $.eventName = CreateTrail }",
         "add the 3 missing event names of cis-cloudtrail-config-changes: DeleteTrail, ...",
         "{ $.eventName = UpdateTrail || $.eventName = CreateTrail || $.eventName = DeleteTrail || "
         "$.eventName = StartLogging || $.eventName = StopLogging }"},
        {"{ ($.eventSource = cloudtrail.amazonaws.com) && (($.eventName = CreateTrail) || "
         "($.eventName = UpdateTrail)) }",
         "add the 3 missing event names of cis-cloudtrail-config-changes: DeleteTrail, ...",
         "{ ($.eventSource = cloudtrail.amazonaws.com) && (($.eventName = CreateTrail) || "
         "($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) "
         "|| ($.eventName = UpdateTrail)) }"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cwf_fixes fs = CWF_FIXES_INIT;
        gen(cases[i].in, "cis-4.5", &fs);
        if (fs.n != 1)
            fail_msg("%s: %zu fixes", cases[i].in, fs.n);
        assert_int_equal(fs.v[0].rule, CWF_R_NOT_COVERED);
        assert_int_equal(fs.v[0].safety, CWF_FIX_SAFE);
        assert_string_equal(fs.v[0].title, cases[i].title);
        assert_string_equal(fs.v[0].fixed, cases[i].out);
        cwf_fixes_free(&fs);
    }
    /* a term pattern gets no coverage fix */
    cwf_fixes fs = CWF_FIXES_INIT;
    gen("?CreateTrail ?UpdateTrail", "cis-4.5", &fs);
    assert_int_equal(fs.n, 0);
    cwf_fixes_free(&fs);
}

/* The fixes of cis-4.5 for a pattern, as rule, safety, title and text. */
typedef struct want_fix {
    cwf_rule_id rule;
    cwf_fix_safety safety;
    const char *title, *fixed;
} want_fix;

static void fixes_are(const char *in, const want_fix *w, size_t n)
{
    cwf_fixes fs = CWF_FIXES_INIT;
    gen(in, "cis-4.5", &fs);
    if (fs.n != n)
        fail_msg("%s: %zu fixes", in, fs.n);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(fs.v[i].rule, w[i].rule);
        assert_int_equal(fs.v[i].safety, w[i].safety);
        assert_string_equal(fs.v[i].title, w[i].title);
        assert_string_equal(fs.v[i].fixed, w[i].fixed);
    }
    cwf_fixes_free(&fs);
}

#define E(N) "($.eventName = " #N ")"

/* Near misses and narrowing conditions, alone and together, and the names
 * still missing after them. */
static void test_unsafe_titles(void **state)
{
    (void)state;
    const want_fix one[] = {
        {CWF_R_NOT_COVERED, CWF_FIX_SAFE,
         "add the missing event name StopLogging (cis-cloudtrail-config-changes)",
         "{ " E(CreateTrail) " || " E(UpdateTrail) " || " E(DeleteTrail) " || " E(StartLogging)
         " || " E(StopLogging) " }"}};
    fixes_are("{ " E(CreateTrail) " || " E(UpdateTrail) " || " E(DeleteTrail) " || " E(StartLogging)
              " }", one, 1);
    const want_fix two[] = {
        {CWF_R_NOT_COVERED, CWF_FIX_SAFE,
         "add the 2 missing event names of cis-cloudtrail-config-changes: CreateTrail, ...",
         "{ " E(CreateTrial) " || " E(UpdateTrial) " || " E(DeleteTrail) " || " E(StartLogging)
         " || " E(StopLogging) " || " E(CreateTrail) " || " E(UpdateTrail) " }"},
        {CWF_R_NEAR_MISS, CWF_FIX_UNSAFE, "correct the near-miss names",
         "{ " E(CreateTrail) " || " E(UpdateTrail) " || " E(DeleteTrail) " || " E(StartLogging)
         " || " E(StopLogging) " }"}};
    fixes_are("{ " E(CreateTrial) " || " E(UpdateTrial) " || " E(DeleteTrail) " || " E(StartLogging)
              " || " E(StopLogging) " }", two, 2);
    const want_fix both[] = {
        {CWF_R_NARROWED, CWF_FIX_UNSAFE,
         "remove the narrowing condition and correct the near-miss name",
         "{ (" E(CreateTrail) " || " E(UpdateTrail) " || " E(DeleteTrail) " || " E(StartLogging)
         " || " E(StopLogging) ") }"}};
    fixes_are("{ (" E(CreateTrial) " || " E(UpdateTrail) " || " E(DeleteTrail) " || " E(StartLogging)
              " || " E(StopLogging) ") && ($.userIdentity.type = Root) }", both, 1);
    const want_fix rest[] = {
        {CWF_R_NOT_COVERED, CWF_FIX_SAFE,
         "add the 4 missing event names of cis-cloudtrail-config-changes: CreateTrail, ...",
         "{ " E(CreateTrail) " || " E(CreateTrial) " || " E(DeleteTrail) " || " E(StartLogging)
         " || " E(StopLogging) " || " E(UpdateTrail) " }"},
        {CWF_R_NEAR_MISS, CWF_FIX_UNSAFE, "correct the near-miss name, add 3 missing event names",
         "{ " E(CreateTrail) " || " E(DeleteTrail) " || " E(StartLogging) " || " E(StopLogging)
         " || " E(UpdateTrail) " }"}};
    fixes_are("{ " E(CreateTrial) " || " E(UpdateTrail) " }", rest, 2);
}

#undef E

/* ---- host edits --------------------------------------------------------------------- */

/* Fixes the first filter of host text (as path) with its first fix; checks
 * the result is want. */
static void host_case(const char *path, const char *text, const char *rule, const char *want)
{
    cwf_extract x = CWF_EXTRACT_INIT;
    assert_true(cwf_extract_buf(path, text, strlen(text), &x));
    assert_true(x.n >= 1);
    cwf_fixes fs = CWF_FIXES_INIT;
    gen(x.v[0].src.text, rule, &fs);
    assert_true(fs.n >= 1);
    cwf_buf out = CWF_BUF_INIT;
    cwf_hedits he = {0};
    const char *why = NULL;
    bool ok = cwf_host_fix(text, strlen(text), &x, 0, &fs.v[0], &out, &he, NULL, &why);
    if (!want) {
        assert_false(ok);
        assert_non_null(why);
    } else {
        if (!ok)
            fail_msg("%s: not fixed: %s", path, why);
        if (out.len != strlen(want) || memcmp(out.p, want, out.len) != 0)
            fail_msg("%s: got\n%s\nwant\n%s", path, cwf_buf_str(&out), want);
    }
    cwf_buf_free(&out);
    cwf_hedits_free(&he);
    cwf_fixes_free(&fs);
    cwf_extract_free(&x);
}

#define CFN_JSON(P) "{\"Resources\": {\"F\": {\"Type\": \"AWS::Logs::MetricFilter\", \"Properties\": " \
                    "{\"LogGroupName\": \"g\", \"FilterPattern\": " P "}}}}\n"
#define CFN_YAML(P) "Resources:\n  F:\n    Type: AWS::Logs::MetricFilter\n    Properties:\n" \
                    "      LogGroupName: g # c\n      FilterPattern: " P "\n      Other: 1\n"
#define TF(P) "resource \"aws_cloudwatch_log_metric_filter\" \"f\" {\n  log_group_name = \"g\"\n" \
              "  pattern = " P "\n}\n"

static void test_host_styles(void **state)
{
    (void)state;
    /* JSON: the backslash stays escaped, the new quotes are escaped */
    host_case("t.json", CFN_JSON("\"{ $.a = \\\"x\\\\y\\\" && $.b = 'z' }\""), NULL,
              CFN_JSON("\"{ $.a = \\\"x\\\\y\\\" && $.b = \\\"z\\\" }\""));
    /* Fn::Sub: a literal ${ in the edit is written ${! */
    host_case("t.json", CFN_JSON("{\"Fn::Sub\": \"{ $.a = '${!x}' }\"}"), NULL,
              CFN_JSON("{\"Fn::Sub\": \"{ $.a = \\\"${!x}\\\" }\"}"));
    /* YAML plain, single, double */
    host_case("t.yaml", CFN_YAML("a - \"b\"  # comment"), NULL, CFN_YAML("a -\"b\"  # comment"));
    host_case("t.yaml", CFN_YAML("'{ $.a == ''x'' }'"), NULL, CFN_YAML("'{ $.a = ''x'' }'"));
    host_case("t.yaml", CFN_YAML("\"{ $.a = 'x' }\""), NULL, CFN_YAML("\"{ $.a = \\\"x\\\" }\""));
    /* a literal block keeps its indentation */
    host_case("t.yaml",
              CFN_YAML("|\n        { ($.eventName = CreateTrail) ||\n          ($.eventName = DeleteTrail) ||\n"
                       "          ($.eventName = UpdateTrail) }"),
              "cis-4.5",
              CFN_YAML("|\n        { ($.eventName = CreateTrail) ||\n          ($.eventName = DeleteTrail) ||\n"
                       "          ($.eventName = StartLogging) ||\n          ($.eventName = StopLogging) ||\n"
                       "          ($.eventName = UpdateTrail) }"));
    /* Terraform: a quoted string keeps $${ and escapes the new quotes */
    host_case("t.tf", TF("\"{ $.a = \\\"$${x}\\\" && $.b = 'y' }\" # c"), NULL,
              TF("\"{ $.a = \\\"$${x}\\\" && $.b = \\\"y\\\" }\" # c"));
    /* a <<- heredoc keeps its indentation */
    host_case("t.tf",
              TF("<<-EOT\n    {\n      ($.eventName = CreateTrail) ||\n      ($.eventName = UpdateTrail)\n"
                 "    }\n  EOT"),
              "cis-4.5",
              /* two names in order: the new ones go in order too */
              TF("<<-EOT\n    {\n      ($.eventName = CreateTrail) ||\n      ($.eventName = DeleteTrail) ||\n"
                 "      ($.eventName = StartLogging) ||\n      ($.eventName = StopLogging) ||\n"
                 "      ($.eventName = UpdateTrail)\n    }\n  EOT"));
    /* a folded block, a <<EOT heredoc (no indentation stripped), a single-quoted
     * line, escapes kept: \t in a double-quoted string, '' in a single-quoted
     * one, Terraform's %%{, Fn::Sub's ${! beside a pseudo parameter */
    host_case("t.yaml",
              CFN_YAML(">\n        { ($.eventName = CreateTrail) ||\n          ($.eventName = DeleteTrail) ||\n"
                       "          ($.eventName = UpdateTrail) }"),
              "cis-4.5",
              CFN_YAML(">\n        { ($.eventName = CreateTrail) ||\n          ($.eventName = DeleteTrail) ||\n"
                       "          ($.eventName = StartLogging) ||\n          ($.eventName = StopLogging) ||\n"
                       "          ($.eventName = UpdateTrail) }"));
    host_case("t.tf",
              TF("<<EOT\n{\n  ($.eventName = CreateTrail) ||\n  ($.eventName = UpdateTrail)\n}\nEOT"),
              "cis-4.5",
              TF("<<EOT\n{\n  ($.eventName = CreateTrail) ||\n  ($.eventName = DeleteTrail) ||\n"
                 "  ($.eventName = StartLogging) ||\n  ($.eventName = StopLogging) ||\n"
                 "  ($.eventName = UpdateTrail)\n}\nEOT"));
    host_case("t.yaml", CFN_YAML("'{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) }'"),
              "cis-4.5",
              CFN_YAML("'{ ($.eventName = CreateTrail) || ($.eventName = DeleteTrail) || "
                       "($.eventName = StartLogging) || ($.eventName = StopLogging) || "
                       "($.eventName = UpdateTrail) }'"));
    host_case("t.yaml", CFN_YAML("\"{ $.a == \\\"x\\\\ty\\\" }\""), NULL,
              CFN_YAML("\"{ $.a = \\\"x\\\\ty\\\" }\""));
    host_case("t.yaml", CFN_YAML("'{ $.a = \"it''s\" && $.b == 1 }'"), NULL,
              CFN_YAML("'{ $.a = \"it''s\" && $.b = 1 }'"));
    host_case("t.tf", TF("\"{ $.a = '%%{x}' }\""), NULL, TF("\"{ $.a = \\\"%%{x}\\\" }\""));
    host_case("t.yaml", CFN_YAML("!Sub \"{ $.a = '${!x}' && $.b = \\\"${AWS::Region}\\\" }\""), NULL,
              CFN_YAML("!Sub \"{ $.a = \\\"${!x}\\\" && $.b = \\\"${AWS::Region}\\\" }\""));
    /* a plain and a single-quoted scalar over two lines: the edit takes in the fold */
#define CFN_YAML_RAW(P) "Resources:\n  F:\n    Type: AWS::Logs::MetricFilter\n    Properties:\n" \
                        "      LogGroupName: g\n      FilterPattern: " P "\n"
    host_case("t.yaml", CFN_YAML_RAW("ERROR -\n        \"x\""), NULL, CFN_YAML_RAW("ERROR -\"x\""));
    host_case("t.yaml", CFN_YAML_RAW("'{ $.a\n        == 1 }'"), NULL, CFN_YAML_RAW("'{ $.a\n        = 1 }'"));
#undef CFN_YAML_RAW
    /* a YAML mapping is no string */
    host_case("t.yaml", CFN_YAML("{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) }"),
              "cis-4.5", NULL);
    /* not in place: a variable, a join */
    host_case("t.yaml", CFN_YAML("!Join ['', ['{ $.a ', '== 1 }']]"), NULL, NULL);
}

/* Each reason a pattern cannot be fixed in its file, exactly. */
static void editable_case(const char *path, const char *text, const char *want)
{
    cwf_extract x = CWF_EXTRACT_INIT;
    assert_true(cwf_extract_buf(path, text, strlen(text), &x));
    assert_int_equal(x.n, 1);
    const char *why = NULL;
    assert_false(cwf_host_editable(x.host, &x.v[0], &why));
    assert_string_equal(why, want);
    cwf_extract_free(&x);
}

static void test_host_not_editable(void **state)
{
    (void)state;
    editable_case("t.yaml", CFN_YAML("{ $.a = 1 }"), "the pattern is not a string");
    editable_case("t.yaml", CFN_YAML("!Sub '{ $.a = ${X} }'"), "${X}");
    editable_case("t.yaml", CFN_YAML("!Join ['', ['{ $.a ', '= 1 }']]"),
                  "the pattern is built from several values (Fn::Join, Fn::Sub variables)");
    editable_case("t.tf", TF("\"{ $.a = ${var.x} }\""), "${var.x}");
    editable_case("t.json",
                  "{\"metricFilters\": [{\"filterName\": \"n\", \"logGroupName\": \"g\", "
                  "\"filterPattern\": \"{ $.a = 1 }\"}]}\n",
                  "the pattern is in an AWS export: apply it with aws logs put-metric-filter");
}

/* ---- the property test ------------------------------------------------------------------ */

typedef struct stats {
    size_t patterns, hosts, fixes, coverage, skipped;
} stats;

/* p placed in a host file of style k, or false when the style cannot hold
 * it exactly (then skipped). */
static bool place(int k, const char *p, size_t n, cwf_buf *host, const char **path)
{
    if (memchr(p, '\0', n))
        return false;
    json_t *s = json_stringn(p, n);
    if (!s)
        return false;
    char *q = json_dumps(s, JSON_ENCODE_ANY);
    json_decref(s);
    cwf_buf_reset(host);
    bool ok = true;
    switch (k) {
    case 0: /* CloudFormation JSON */
        *path = "t.json";
        cwf_buf_printf(host, CFN_JSON("%s"), q);
        break;
    case 1: /* YAML double-quoted (JSON's escapes are YAML's) */
        *path = "t.yaml";
        cwf_buf_printf(host, CFN_YAML("%s"), q);
        break;
    case 2: { /* Terraform quoted string */
        *path = "t.tf";
        cwf_buf t = CWF_BUF_INIT;
        for (const char *c = q; *c; c++) {
            if ((*c == '$' || *c == '%') && c[1] == '{')
                cwf_buf_putc(&t, *c);
            cwf_buf_putc(&t, *c);
        }
        cwf_buf_printf(host, TF("%s"), cwf_buf_str(&t));
        cwf_buf_free(&t);
        break;
    }
    case 3: { /* Terraform <<- heredoc, four spaces of indentation */
        *path = "t.tf";
        cwf_buf t = CWF_BUF_INIT;
        cwf_buf_puts(&t, "<<-EOT\n    ");
        for (size_t i = 0; i < n && ok; i++) {
            char c = p[i];
            if (c == '\r')
                ok = false;
            if ((c == '$' || c == '%') && i + 1 < n && p[i + 1] == '{')
                cwf_buf_putc(&t, c);
            cwf_buf_putc(&t, c);
            if (c == '\n')
                cwf_buf_puts(&t, "    ");
        }
        cwf_buf_puts(&t, "\n  EOT");
        cwf_buf_printf(host, TF("%s"), cwf_buf_str(&t));
        cwf_buf_free(&t);
        break;
    }
    case 4: { /* YAML literal block, |- */
        *path = "t.yaml";
        cwf_buf t = CWF_BUF_INIT;
        cwf_buf_puts(&t, "|-\n        ");
        for (size_t i = 0; i < n; i++) {
            cwf_buf_putc(&t, p[i]);
            if (p[i] == '\n')
                cwf_buf_puts(&t, "        ");
        }
        cwf_buf_printf(host, CFN_YAML("%s"), cwf_buf_str(&t));
        cwf_buf_free(&t);
        break;
    }
    case 5: { /* YAML single-quoted */
        *path = "t.yaml";
        cwf_buf t = CWF_BUF_INIT;
        cwf_buf_putc(&t, '\'');
        for (size_t i = 0; i < n && ok; i++) {
            ok = p[i] != '\n';
            if (p[i] == '\'')
                cwf_buf_putc(&t, '\'');
            cwf_buf_putc(&t, p[i]);
        }
        cwf_buf_putc(&t, '\'');
        cwf_buf_printf(host, CFN_YAML("%s"), cwf_buf_str(&t));
        cwf_buf_free(&t);
        break;
    }
    }
    free(q);
    return ok;
}

/* Fixes filter 0 of host to the end (unsafe fixes too), checking every
 * step; returns the fixes applied. */
static size_t fix_host(const char *id, const char *path, cwf_buf *host, const cwf_bench_rule *rule,
                       stats *st)
{
    size_t applied = 0;
    for (int round = 0; round < 40; round++) {
        cwf_extract x = CWF_EXTRACT_INIT;
        if (!cwf_extract_buf(path, host->p, host->len, &x) || x.n != 1) {
            cwf_extract_free(&x);
            fail_msg("%s: %s no longer reads after %zu fixes", id, path, applied);
        }
        const cwf_filter *f = &x.v[0];
        cwf_fixes fs = CWF_FIXES_INIT;
        cwf_fix_generate(f->src.text, f->src.len, &rule, 1, &fs);
        const cwf_fix *fx = fs.n ? &fs.v[0] : NULL;
        cwf_buf nb = CWF_BUF_INIT;
        cwf_hedits he = {0};
        const char *why;
        if (!fx || !cwf_host_fix(host->p, host->len, &x, 0, fx, &nb, &he, NULL, &why)) {
            cwf_fixes_free(&fs);
            cwf_extract_free(&x);
            break;
        }
        /* byte-identity outside the edits, which stay inside the scalar */
        for (size_t i = 0; i < he.n; i++)
            if (he.v[i].start < f->hstart || he.v[i].end > f->hend)
                fail_msg("%s: %s: an edit [%u,%u) outside the scalar [%u,%u)", id, path,
                         he.v[i].start, he.v[i].end, f->hstart, f->hend);
        cwf_buf again = CWF_BUF_INIT;
        cwf_hedits_apply(host->p, host->len, &he, &again);
        assert_int_equal(again.len, nb.len);
        assert_memory_equal(again.p, nb.p, nb.len);
        cwf_buf_free(&again);
        size_t head = he.v[0].start, tail = host->len - he.v[he.n - 1].end;
        assert_true(nb.len >= head + tail);
        assert_memory_equal(nb.p, host->p, head);
        assert_memory_equal(nb.p + nb.len - tail, host->p + host->len - tail, tail);
        /* the proof, again and independently */
        pat a, b;
        bool ca = pparse(&a, f->src.text, f->src.len);
        bool cb = pparse(&b, fx->fixed, fx->fixed_len);
        if (!cb && (ca || fx->rule >= CWF_R_NOT_COVERED))
            fail_msg("%s: a fix left a pattern that does not parse: %s", id, fx->fixed);
        if (fx->bench) {
            st->coverage++;
            if (!rule_covered(b.p, rule))
                fail_msg("%s: a coverage fix that does not cover %s: %s", id, rule->id, fx->fixed);
        }
        if (fx->safety == CWF_FIX_SAFE && ca && cb) {
            if (!covers(b.p, a.p))
                fail_msg("%s: a safe fix lost events: %s -> %s", id, f->src.text, fx->fixed);
            if (fx->bench && a.p->kind == CWF_K_JSON) {
                /* fixed <= original || the rule's cases ($.eventName = L) */
                cwf_proof pr = {0};
                cwf_check_rule(a.p, rule, &pr);
                cwf_buf u = CWF_BUF_INIT;
                cwf_buf_puts(&u, "{ (");
                cwf_expr_format(a.p->u.json, &u);
                cwf_buf_puts(&u, ")");
                for (size_t c = 0; c < pr.ncases; c++)
                    if (!pr.cases[c].covered)
                        cwf_buf_printf(&u, " || $.eventName = \"%s\"", pr.cases[c].label);
                cwf_buf_puts(&u, " }");
                cwf_proof_free(&pr);
                pat ur;
                pparse(&ur, u.p, u.len); /* may be longer than AWS takes */
                if (!ur.p || !covers(ur.p, b.p))
                    fail_msg("%s: a safe coverage fix adds more than the rule's cases: %s\n"
                             "  not covered by %s", id, fx->fixed, cwf_buf_str(&u));
                pfree(&ur);
                cwf_buf_free(&u);
            } else if (!covers(a.p, b.p)) {
                fail_msg("%s: a safe fix added events: %s -> %s", id, f->src.text, fx->fixed);
            }
        }
        pfree(&a);
        pfree(&b);
        applied++;
        st->fixes++;
        cwf_buf_free(host);
        *host = nb;
        cwf_hedits_free(&he);
        cwf_fixes_free(&fs);
        cwf_extract_free(&x);
    }
    return applied;
}

static void property(const char *id, const char *p, size_t n, const cwf_bench_rule *rule, stats *st)
{
    st->patterns++;
    cwf_buf host = CWF_BUF_INIT;
    for (int k = 0; k < 6; k++) {
        const char *path;
        if (!place(k, p, n, &host, &path)) {
            st->skipped++;
            continue;
        }
        cwf_extract x = CWF_EXTRACT_INIT;
        bool exact = cwf_extract_buf(path, host.p, host.len, &x) && x.n == 1 &&
                     x.v[0].nparts == 0 && x.v[0].src.len == n &&
                     memcmp(x.v[0].src.text, p, n) == 0;
        cwf_extract_free(&x);
        if (!exact) { /* Terraform trims; a pattern with ${ is a template */
            st->skipped++;
            continue;
        }
        st->hosts++;
        pat a;
        bool clean0 = pparse(&a, p, n);
        pfree(&a);
        size_t applied = fix_host(id, path, &host, rule, st);
        /* after fix --unsafe: the pattern parses (when it did, or was fixed) */
        x = (cwf_extract)CWF_EXTRACT_INIT;
        assert_true(cwf_extract_buf(path, host.p, host.len, &x));
        pat b;
        bool clean1 = pparse(&b, x.v[0].src.text, x.v[0].src.len);
        if (clean0 && !clean1)
            fail_msg("%s: parsed before fixing, not after: %s", id, x.v[0].src.text);
        pfree(&b);
        /* idempotence: a second run finds nothing to apply */
        cwf_buf before = CWF_BUF_INIT;
        cwf_buf_add(&before, host.p, host.len);
        if (applied)
            fix_host(id, path, &host, rule, st);
        if (host.len != before.len || memcmp(host.p, before.p, host.len) != 0)
            fail_msg("%s: a second run changed %s", id, path);
        cwf_buf_free(&before);
        cwf_extract_free(&x);
    }
    cwf_buf_free(&host);
}

static const char *rule_for(const char *control)
{
    static const char *const map[][2] = {
        {"iam_policy_changes", "cis-iam-policy-changes"},
        {"unauthorized_api", "cis-unauthorized-api-calls-v1.4"},
        {"console_no_mfa", "cis-console-signin-without-mfa-v1.4"},
        {"root_usage", "cis-root-account-usage"},
        {"cloudtrail_changes", "cis-cloudtrail-config-changes"},
        {"console_auth_failures", "cis-console-auth-failures"},
        {"cmk_disable_delete", "cis-cmk-disable-or-deletion"},
        {"s3_bucket_policy_changes", "cis-s3-bucket-policy-changes"},
        {"config_changes", "cis-config-changes"},
        {"security_group_changes", "cis-security-group-changes"},
        {"nacl_changes", "cis-nacl-changes"},
        {"network_gateway_changes", "cis-network-gateway-changes"},
        {"route_table_changes", "cis-route-table-changes"},
        {"vpc_changes", "cis-vpc-changes"},
        {"organizations_changes", "cis-organizations-changes"},
    };
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (strcmp(map[i][0], control) == 0)
            return map[i][1];
    return "cis-iam-policy-changes";
}

static void test_property_corpus(void **state)
{
    (void)state;
    /* the patterns of the fix corpus and some of every fix class */
    static const char *const pats[] = {
        "{ ($.eventName = DeleteGroupPolicy) || ($.eventName == DeleteRolePolicy) }",
        "{ (($.eventName = PutRolePolicy)) && ($.userIdentity.type = Root) }",
        "{ $.level = 'error' }",
        "ERROR - \"Exiting\"",
        "{ ($.a = 1) || ($.b = 2) || ($.a = 1) }",
        "{\n  ($.eventName = \"DeleteGroupPolicy\") ||\n  ($.eventName = \"PutRolePolicy\")\n}",
        "{ $.eventSource = iam.amazonaws.com && $.eventName = PutUserPolicy }",
        "?PutRolePolicy ?DeleteRolePolicy",
        "{ $.a = \"x\\\\y\" && $.b == \"%{z}\" }",
        /* several narrowing conditions, grouped and not; nested duplicates */
        "{ (($.eventName = PutRolePolicy) || ($.eventName = DeleteRolePolicy)) && "
        "$.userIdentity.type = \"Root\" && $.sourceIPAddress != \"1.2.3.4\" }",
        "{ $.userIdentity.type = Root && (($.eventName = PutRolePolicy) && "
        "($.sourceIPAddress != \"1.2.3.4\")) }",
        "{ ($.eventName = PutRolePolicy) || (($.eventName = DeleteRolePolicy) || "
        "($.eventName = PutRolePolicy)) }",
        "{ (($.eventName = PutRolePolicy) || (($.eventName = PutRolePolicy) || $.a = 1)) && $.b = 2 }",
    };
    stats st = {0};
    const cwf_bench_rule *r = cwf_bench_rule_find("cis-iam-policy-changes");
    for (size_t i = 0; i < sizeof pats / sizeof *pats; i++)
        property(pats[i], pats[i], strlen(pats[i]), r, &st);
    assert_true(st.fixes >= 20);
    assert_true(st.coverage >= 8);
}

static void test_property_realworld(void **state)
{
    (void)state;
    FILE *fp = fopen(REALWORLD, "r");
    if (!fp) {
        print_message("test_fix: %s not found; the real-world property test is skipped\n", REALWORLD);
        skip();
    }
    char *line = NULL;
    size_t cap = 0;
    stats st = {0};
    while (getline(&line, &cap, fp) > 0) {
        json_error_t err;
        json_t *o = json_loads(line, 0, &err);
        if (!o)
            continue;
        const char *id = json_string_value(json_object_get(o, "id"));
        const char *control = json_string_value(json_object_get(o, "control"));
        json_t *jp = json_object_get(o, "pattern");
        if (id && control && json_is_string(jp))
            property(id, json_string_value(jp), json_string_length(jp),
                     cwf_bench_rule_find(rule_for(control)), &st);
        json_decref(o);
    }
    free(line);
    fclose(fp);
    print_message("test_fix: %zu real-world patterns in %zu host files (%zu skipped): %zu fixes, "
                  "%zu coverage fixes, all proved\n", st.patterns, st.hosts, st.skipped, st.fixes,
                  st.coverage);
    assert_int_equal(st.patterns, 580);
    assert_true(st.fixes > 0);
}

/* The real-world patterns against a whole benchmark, every rule at once,
 * with --unsafe: the fixes of one rule never undo another's (at most 32
 * rounds would hide a loop), and a second run changes nothing.  Under
 * valgrind (CWF_VALGRIND), one pattern in ten. */
static void test_property_benchmark(void **state)
{
    (void)state;
    FILE *fp = fopen(REALWORLD, "r");
    if (!fp) {
        print_message("test_fix: %s not found; the benchmark property test is skipped\n", REALWORLD);
        skip();
    }
    const cwf_bench_rule **r = cwf_xcalloc(cwf_bench_nrules, sizeof *r);
    static const char *const versions[] = {"cis", "securityhub"};
    size_t stride = getenv("CWF_VALGRIND") ? 10 : 1, k = 0, n = 0, applied_all = 0;
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, fp) > 0) {
        json_t *o = json_loads(line, 0, NULL);
        json_t *jp = o ? json_object_get(o, "pattern") : NULL;
        if (json_is_string(jp) && k++ % stride == 0)
            for (size_t v = 0; v < 2; v++) {
                const char *label;
                size_t nr = cwf_bench_version(versions[v], r, &label);
                cwf_buf a = CWF_BUF_INIT, b = CWF_BUF_INIT;
                size_t applied, more, again;
                cwf_fix_all(json_string_value(jp), json_string_length(jp), r, nr, true, NULL, NULL,
                            &a, &applied, &more);
                cwf_fix_all(a.p ? a.p : "", a.len, r, nr, true, NULL, NULL, &b, &again, &more);
                if (applied >= 32 || again || strcmp(cwf_buf_str(&a), cwf_buf_str(&b)) != 0)
                    fail_msg("%s, %s: %zu fixes, then %zu more: %s", json_string_value(jp),
                             versions[v], applied, again, cwf_buf_str(&b));
                applied_all += applied;
                n++;
                cwf_buf_free(&a);
                cwf_buf_free(&b);
            }
        json_decref(o);
    }
    free(line);
    fclose(fp);
    free(r);
    print_message("test_fix: %zu real-world patterns against cis and securityhub: %zu fixes, "
                  "no loop, a second run changes nothing\n", n / 2, applied_all);
    assert_true(applied_all > 0);
}

/* Random patterns of nested groups (seeded, so always the same ones): event
 * names, narrowing conditions, duplicates, blanks, line breaks and
 * parentheses around anything.  Every fix parses, and every fix but a
 * near-miss correction and the benchmark's pattern (CWF313) matches every
 * event the original matches: removing a disjunct or a condition never
 * takes anything else with it. */
static unsigned rnd_state;

static unsigned rnd(unsigned n)
{
    rnd_state = rnd_state * 1103515245u + 12345u;
    return (rnd_state >> 16) % n;
}

static void rnd_pattern(cwf_buf *b, int depth)
{
    static const char *const leaves[] = {
        "$.eventName = DeleteGroupPolicy", "$.eventName = PutRolePolicy",
        "$.eventName=DeleteRolePolicy", ROOT, IP, "$.a = 1", "$.b = \")(\"", "$.c NOT EXISTS"};
    if (depth == 0 || rnd(3) == 0) {
        unsigned p = rnd(3);
        for (unsigned i = 0; i < p; i++)
            cwf_buf_puts(b, rnd(2) ? "(" : "( ");
        cwf_buf_puts(b, leaves[rnd(sizeof leaves / sizeof *leaves)]);
        for (unsigned i = 0; i < p; i++)
            cwf_buf_puts(b, rnd(2) ? ")" : " )");
        return;
    }
    bool or = rnd(2), paren = rnd(2);
    unsigned n = 2 + rnd(3);
    cwf_buf_puts(b, paren ? "(" : "");
    for (unsigned i = 0; i < n; i++) {
        if (i)
            cwf_buf_puts(b, rnd(4) ? (or ? " || " : " && ") : (or ? " ||\n  " : "&&"));
        rnd_pattern(b, depth - 1);
    }
    cwf_buf_puts(b, paren ? ")" : "");
}

static void test_property_random(void **state)
{
    (void)state;
    const cwf_bench_rule *r = cwf_bench_rule_find("cis-iam-policy-changes");
    size_t iters = getenv("CWF_VALGRIND") ? 300 : 3000, checked = 0, narrowing = 0;
    rnd_state = 1;
    for (size_t it = 0; it < iters; it++) {
        cwf_buf b = CWF_BUF_INIT;
        cwf_buf_puts(&b, "{ ");
        rnd_pattern(&b, 3);
        cwf_buf_puts(&b, " }");
        pat x;
        if (pparse(&x, b.p, b.len)) {
            cwf_fixes fs = CWF_FIXES_INIT;
            cwf_fix_generate(b.p, b.len, &r, 1, &fs);
            for (size_t i = 0; i < fs.n; i++) {
                pat y;
                if (!pparse(&y, fs.v[i].fixed, fs.v[i].fixed_len))
                    fail_msg("%s: %s does not parse", b.p, fs.v[i].fixed);
                bool changes = fs.v[i].rule == CWF_R_NEAR_MISS || fs.v[i].rule == CWF_R_MATCHES_ALL ||
                               strstr(fs.v[i].title, "near-miss") != NULL;
                if (!changes && !covers(y.p, x.p))
                    fail_msg("%s: %s (%s) loses events", b.p, fs.v[i].fixed, fs.v[i].title);
                checked += !changes;
                narrowing += fs.v[i].rule == CWF_R_NARROWED;
                pfree(&y);
            }
            cwf_fixes_free(&fs);
        }
        pfree(&x);
        cwf_buf_free(&b);
    }
    print_message("test_fix: %zu random patterns: %zu fixes checked, %zu of them narrowing\n",
                  iters, checked, narrowing);
    assert_true(narrowing >= iters / 100);
}

/* cwf_host_scalar: a chain fix's new value in the alarm scalar's own style
 * (the value's bytes are [start, end), quotes outside). */
static void scalar_case(cwf_host host, const char *data, const char *value, const char *want)
{
    const char *q = strstr(data, "OLD");
    assert_non_null(q);
    uint32_t start = (uint32_t)(q - data), end = start + 3;
    cwf_hedits e = {0};
    bool ok = cwf_host_scalar(data, strlen(data), host, start, end, value, &e);
    if (!want) {
        assert_false(ok);
        assert_int_equal(e.n, 0);
        return;
    }
    assert_true(ok);
    cwf_buf out = CWF_BUF_INIT;
    cwf_hedits_apply(data, strlen(data), &e, &out);
    assert_string_equal(cwf_buf_str(&out), want);
    cwf_buf_free(&out);
    cwf_hedits_free(&e);
}

/* ---- proving fixes together (cwf_host_prove) ------------------------------------------ */

/* Every fix of every filter of the host file text (no coverage rules):
 * cwf_host_prove, which applies the fixes of many filters at once and halves
 * a batch that does not read back, must give each fix exactly what
 * cwf_host_fix gives it alone (proved or not, the same edits).  Returns how
 * many were proved; *failed counts those that were not. */
static size_t prove_like_alone(const char *path, const char *text, size_t *failed)
{
    size_t len = strlen(text);
    cwf_extract x = CWF_EXTRACT_INIT;
    if (!cwf_extract_buf(path, text, len, &x)) {
        cwf_extract_free(&x);
        return 0;
    }
    cwf_fixes *fs = calloc(x.n + 1, sizeof *fs);
    cwf_host_cand *c = NULL;
    size_t nc = 0, proved = 0;
    for (size_t i = 0; i < x.n; i++) {
        if (x.v[i].not_string || x.v[i].nparts)
            continue;
        cwf_fix_generate(x.v[i].src.text, x.v[i].src.len, NULL, 0, &fs[i]);
        for (size_t k = 0; k < fs[i].n; k++) {
            c = realloc(c, (nc + 1) * sizeof *c);
            c[nc++] = (cwf_host_cand){.i = i, .fx = &fs[i].v[k]};
        }
    }
    cwf_host_prove(text, len, &x, c, nc);
    for (size_t k = 0; k < nc; k++) {
        cwf_buf nb = CWF_BUF_INIT;
        cwf_hedits he = {0};
        const char *why;
        bool alone = cwf_host_fix(text, len, &x, c[k].i, c[k].fx, &nb, &he, NULL, &why);
        if (alone != c[k].ok)
            fail_msg("%s: filter %zu, fix \"%s\": %s alone, %s together", path, c[k].i,
                     c[k].fx->title, alone ? "proved" : "not proved",
                     c[k].ok ? "proved" : "not proved");
        if (alone) {
            assert_int_equal(he.n, c[k].he.n);
            for (size_t e = 0; e < he.n; e++) {
                assert_int_equal(he.v[e].start, c[k].he.v[e].start);
                assert_int_equal(he.v[e].end, c[k].he.v[e].end);
                assert_string_equal(he.v[e].text, c[k].he.v[e].text);
            }
            proved++;
        } else {
            (*failed)++;
        }
        cwf_hedits_free(&he);
        cwf_hedits_free(&c[k].he);
        cwf_buf_free(&nb);
    }
    for (size_t i = 0; i < x.n; i++)
        cwf_fixes_free(&fs[i]);
    free(fs);
    free(c);
    cwf_extract_free(&x);
    return proved;
}

static void test_prove_together(void **state)
{
    (void)state;
    size_t failed = 0;
    /* two filters that read one anchored scalar: a fix of either changes the
     * other, so neither is proved; the filters around them are */
    const char *aliases =
        "Resources:\n"
        "  A:\n    Type: AWS::Logs::MetricFilter\n    Properties:\n"
        "      LogGroupName: g\n      FilterPattern: \"{ $.a == 1 }\"\n"
        "  B:\n    Type: AWS::Logs::MetricFilter\n    Properties:\n"
        "      LogGroupName: g\n      FilterPattern: &p \"{ $.b == 'x' }\"\n"
        "  C:\n    Type: AWS::Logs::MetricFilter\n    Properties:\n"
        "      LogGroupName: g\n      FilterPattern: *p\n"
        "  D:\n    Type: AWS::Logs::MetricFilter\n    Properties:\n"
        "      LogGroupName: g\n      FilterPattern: '{ $.d == ''y'' }'\n";
    size_t proved = prove_like_alone("t.yaml", aliases, &failed);
    assert_int_equal(proved, 3); /* A's ==, D's == and '' */
    assert_int_equal(failed, 4); /* B's and C's, each ==  and '' (the four
                                    together, then in halves, then alone) */
    /* many filters of every style in one file: the fixes of all of them in
     * batches of one fix per filter */
    static const char *const pats[] = {
        "{ $.eventName == PutRolePolicy }", "{ $.level = 'error' }",
        "{ (($.a = 1)) || ($.b = 2) || ($.a = 1) }", "ERROR - \\\"Exiting\\\"",
        "{ $.a = 1 }", "{ $.x == \\\"%{y}\\\" && $.z = 'w' }",
    };
    cwf_buf tf = CWF_BUF_INIT, yaml = CWF_BUF_INIT;
    cwf_buf_puts(&yaml, "Resources:\n");
    for (size_t i = 0; i < 60; i++) {
        const char *p = pats[i % (sizeof pats / sizeof *pats)];
        cwf_buf_printf(&tf, "resource \"aws_cloudwatch_log_metric_filter\" \"f%zu\" {\n"
                            "  name = \"f%zu\"\n  log_group_name = \"g\"\n", i, i);
        if (i % 3 == 2)
            cwf_buf_printf(&tf, "  pattern = <<-EOT\n    %s\n  EOT\n}\n", p);
        else
            cwf_buf_printf(&tf, "  pattern = \"%s\"\n}\n", p);
        cwf_buf_printf(&yaml, "  F%zu:\n    Type: AWS::Logs::MetricFilter\n    Properties:\n"
                              "      LogGroupName: g\n      FilterPattern: |\n        %s\n",
                       i, p);
    }
    /* 10 fixes in every 12 filters (==, '', (()) and the duplicate, a
     * spaced -), all proved in the first batch */
    failed = 0;
    assert_int_equal(prove_like_alone("t.tf", cwf_buf_str(&tf), &failed), 50);
    assert_int_equal(failed, 0);
    assert_int_equal(prove_like_alone("t.yaml", cwf_buf_str(&yaml), &failed), 50);
    assert_int_equal(failed, 0);
    cwf_buf_free(&tf);
    cwf_buf_free(&yaml);
    /* the fix corpus's host files */
    DIR *dir = opendir("corpus/fix");
    assert_non_null(dir);
    size_t files = 0;
    for (struct dirent *e; (e = readdir(dir));) {
        char path[512];
        snprintf(path, sizeof path, "corpus/fix/%s", e->d_name);
        cwf_buf t = CWF_BUF_INIT;
        if (e->d_name[0] == '.' || !cwf_read_file(path, &t)) {
            cwf_buf_free(&t);
            continue;
        }
        failed = 0;
        prove_like_alone(path, cwf_buf_str(&t), &failed);
        files++;
        cwf_buf_free(&t);
    }
    closedir(dir);
    assert_true(files >= 10);
}

static void test_chain_scalar_styles(void **state)
{
    (void)state;
    scalar_case(CWF_HOST_TF, "metric_name = \"OLD\" # c\n", "A\"b${x}%{y}",
                "metric_name = \"A\\\"b$${x}%%{y}\" # c\n");
    scalar_case(CWF_HOST_TF_JSON, "{\"metric_name\": \"OLD\"}", "a${b}",
                "{\"metric_name\": \"a$${b}\"}");
    scalar_case(CWF_HOST_CFN, "{\"MetricName\": \"OLD\"}", "a\\b", "{\"MetricName\": \"a\\\\b\"}");
    scalar_case(CWF_HOST_CFN, "MetricName: 'OLD'\n", "it's", "MetricName: 'it''s'\n");
    scalar_case(CWF_HOST_CFN, "MetricName: \"OLD\"\n", "a\tb", "MetricName: \"a\\tb\"\n");
    scalar_case(CWF_HOST_CFN, "MetricName: OLD\n", "Iam.Policy-Changes_2",
                "MetricName: Iam.Policy-Changes_2\n");
    /* a value a plain scalar cannot hold is written double-quoted */
    scalar_case(CWF_HOST_CFN, "MetricName: OLD\n", "a: b #c", "MetricName: \"a: b #c\"\n");
    scalar_case(CWF_HOST_CFN, "MetricName: OLD\n", "-x", "MetricName: \"-x\"\n");
    /* a JSON template's unquoted value (a number) becomes a JSON string */
    scalar_case(CWF_HOST_CFN, " {\"MetricName\": OLD}", "x", " {\"MetricName\": \"x\"}");
    /* a Terraform value that is not a quoted string is not edited */
    scalar_case(CWF_HOST_TF, "metric_name = OLD\n", "x", NULL);
    /* out of the file */
    cwf_hedits e = {0};
    assert_false(cwf_host_scalar("ab", 2, CWF_HOST_CFN, 1, 5, "x", &e));
    assert_int_equal(e.n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_double_equals),
        cmocka_unit_test(test_single_quotes_and_exclusion),
        cmocka_unit_test(test_parens_and_duplicates),
        cmocka_unit_test(test_missing_names_style),
        cmocka_unit_test(test_narrowing_unsafe),
        cmocka_unit_test(test_narrowing_several),
        cmocka_unit_test(test_near_miss),
        cmocka_unit_test(test_narrow_to_benchmark),
        cmocka_unit_test(test_unrelated_and_covered),
        cmocka_unit_test(test_fix_all_and_select),
        cmocka_unit_test(test_parens_blanks_strings_dups),
        cmocka_unit_test(test_nested_duplicates),
        cmocka_unit_test(test_rules_do_not_undo),
        cmocka_unit_test(test_missing_names_places),
        cmocka_unit_test(test_unsafe_titles),
        cmocka_unit_test(test_host_styles),
        cmocka_unit_test(test_host_not_editable),
        cmocka_unit_test(test_property_corpus),
        cmocka_unit_test(test_property_realworld),
        cmocka_unit_test(test_property_benchmark),
        cmocka_unit_test(test_property_random),
        cmocka_unit_test(test_chain_scalar_styles),
        cmocka_unit_test(test_prove_together),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
