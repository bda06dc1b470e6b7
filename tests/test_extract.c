/* test_extract.c: the readers of extract.h: which filters each format
 * yields, their text after unescaping, the unresolved parts, suppressions,
 * errors with positions, and above all that every byte of a pattern maps to
 * the right line and column of its host file, through JSON and YAML escapes,
 * YAML folded, literal, quoted and plain scalars, HCL escapes and heredocs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "extract.h"
#include "suppress_config.h"

/* ---- helpers -------------------------------------------------------------- */

static cwf_extract *xread(const char *path, const char *text)
{
    cwf_extract *x = calloc(1, sizeof *x);
    bool ok = cwf_extract_buf(path, text, strlen(text), x);
    if (!ok)
        fail_msg("%s: unexpected error %u:%u: %s", path, x->error_pos.line, x->error_pos.col,
                 x->error);
    return x;
}

static void xfree(cwf_extract *x)
{
    cwf_extract_free(x);
    free(x);
}

/* The byte offset in host of line:col (1-based; col in characters). */
static size_t host_off(const char *host, cwf_pos p)
{
    size_t i = 0;
    for (uint32_t l = 1; l < p.line; l++) {
        while (host[i] && host[i] != '\n')
            i++;
        if (host[i])
            i++;
    }
    for (uint32_t c = 1; c < p.col && host[i] && host[i] != '\n'; c++) {
        i++;
        while (((unsigned char)host[i] & 0xC0) == 0x80)
            i++;
    }
    return i;
}

/* Every byte of the pattern sits on the host character it came from: the
 * same byte, or the first byte of the same character, or an escape or fold
 * whose source is one of `allowed`. */
static void check_map(const char *host, const cwf_filter *f, const char *allowed)
{
    for (size_t i = 0; i < f->src.len; i++) {
        size_t o = host_off(host, f->src.map[i]);
        char want = f->src.text[i], got = host[o];
        if (want == got)
            continue;
        if (((unsigned char)want & 0x80) && ((unsigned char)got & 0x80))
            continue; /* a byte of a multi-byte character */
        if ((want == ' ' || want == '\n') && (got == '\n' || got == '\r'))
            continue; /* a folded line break */
        if (strchr(allowed, got))
            continue;
        fail_msg("byte %zu '%c' of <%s> maps to %u:%u, which holds '%c'", i, want, f->src.text,
                 f->src.map[i].line, f->src.map[i].col, got);
    }
}

/* Asserts that the pattern's byte at the first occurrence of needle in the
 * text sits at line:col. */
static void at(const cwf_filter *f, const char *needle, uint32_t line, uint32_t col)
{
    const char *p = strstr(f->src.text, needle);
    if (!p)
        fail_msg("<%s> not in <%s>", needle, f->src.text);
    cwf_pos pos = f->src.map[p - f->src.text];
    if (pos.line != line || pos.col != col)
        fail_msg("<%s> at %u:%u, expected %u:%u", needle, pos.line, pos.col, line, col);
}

/* ---- JSON ---------------------------------------------------------------- */

static void test_describe_escapes(void **state)
{
    (void)state;
    const char *host =
        "{\n"
        "  \"metricFilters\": [\n"
        "    {\"filterName\": \"a\", \"logGroupName\": \"/g\",\n"
        "     \"filterPattern\": \"{ $.a = \\\"x\\\\y\\\" && $.b = \\\"caf\\u00e9\\ud83d\\ude00\\\" && $.c == 1 }\"}\n"
        "  ]\n"
        "}\n";
    cwf_extract *x = xread("export.json", host);
    assert_int_equal(x->host, CWF_HOST_DESCRIBE);
    assert_int_equal(x->n, 1);
    const cwf_filter *f = &x->v[0];
    assert_string_equal(f->src.text,
                        "{ $.a = \"x\\y\" && $.b = \"caf\xc3\xa9\xf0\x9f\x98\x80\" && $.c == 1 }");
    assert_string_equal(f->name, "a");
    assert_string_equal(f->log_group, "/g");
    check_map(host, f, "\\");
    at(f, "{", 4, 24);
    at(f, "== 1", 4, 83);       /* after \u00e9 (6 characters) and a surrogate pair (12) */
    at(f, "\xc3\xa9", 4, 55);   /* é sits on its backslash */
    at(f, "\xf0\x9f", 4, 61);
    assert_int_equal(f->src.map[f->src.len].col, 89); /* the closing quote */
    xfree(x);
}

static void test_json_pages_and_subscriptions(void **state)
{
    (void)state;
    const char *host =
        "{\"metricFilters\": [{\"filterName\": \"m\", \"filterPattern\": \"ERROR\"}], \"nextToken\": \"t\"}\n"
        "{\"metricFilters\": [{\"filterName\": \"n\", \"filterPattern\": \"\"}]}\n"
        "{\"subscriptionFilters\": [{\"filterName\": \"s\", \"filterPattern\": \"[a, b]\"}]}\n";
    cwf_extract *x = xread("pages.json", host);
    assert_int_equal(x->n, 3);
    assert_string_equal(x->v[1].src.text, "");
    assert_int_equal(x->v[1].src.map[0].line, 2);
    assert_int_equal(x->v[2].kind, CWF_SUBSCRIPTION_FILTER);
    at(&x->v[2], "b]", 3, 68);
    xfree(x);
}

/* Numbers of every form around a filter, and a \u escape of 3 UTF-8 bytes. */
static void test_json_numbers(void **state)
{
    (void)state;
    const char *host = "{\"metricFilters\": [{\"n\": [-1.5e+3, 2E-2, 0.25, 0, -0, 7e1],"
                       " \"filterName\": \"a\", \"filterPattern\": \"\\u20ac x\"}]}";
    cwf_extract *x = xread("export.json", host);
    assert_int_equal(x->n, 1);
    assert_string_equal(x->v[0].src.text, "\xe2\x82\xac x");
    at(&x->v[0], " x", 1, 104);
    xfree(x);
}

static void test_json_errors(void **state)
{
    (void)state;
    static const struct { const char *text; uint32_t line, col; const char *msg; } cases[] = {
        {"{\"metricFilters\": [\n  {\"filterPattern\": \"a\"\n  ,]}", 3, 4, "expected a string key"},
        {"{\"metricFilters\": [{\"filterPattern\": \"a\\qb\"}]}", 1, 40, "invalid escape"},
        {"{\"metricFilters\": [{\"filterPattern\": \"\\ud800x\"}]}", 1, 39, "invalid escape"},
        {"{\"metricFilters\": [{\"filterPattern\": \"a\nb\"}]}", 1, 40, "control character"},
        {"{\"metricFilters\": [1, 2", 1, 24, "expected ',' or ']'"},
        {"{\"metricFilters\": [01]}", 1, 21, "expected ',' or ']'"},
        {"{\"metricFilters\": tru}", 1, 19, "a JSON value expected"},
        {"{\"metricFilters\": [1.]}", 1, 22, "invalid number: digits expected after '.'"},
        {"{\"metricFilters\": [1e+]}", 1, 23, "invalid number: digits expected in exponent"},
        {"{\"metricFilters\": [-x]}", 1, 20, "invalid number"},
        {"{\"metricFilters\" 1}", 1, 18, "expected ':' after the key"},
        {"{\"metricFilters\": [\"\\udc00\"]}", 1, 21, "invalid escape"},
        {"{\"metricFilters\": [\"\\ud800\\u0041\"]}", 1, 21, "invalid escape"},
        {"{\"metricFilters\": [\"\\u12\"]}", 1, 21, "invalid escape"},
        {"{\"metricFilters\": [\"abc", 1, 20, "unterminated string"},
        {"{\"metricFilters\": [\"\\ud800\\", 1, 21, "invalid escape"},
        {"{\"metricFilters\": [\"\\ud800\"]}", 1, 21, "invalid escape"},
        {"{\"metricFilters\": [-]}", 1, 20, "invalid number"},
        {"{\"metricFilters\": [-", 1, 20, "invalid number"},
        {"{\"metricFilters\": [1.", 1, 22, "invalid number: digits expected after '.'"},
        {"{\"metricFilters\": [1e", 1, 22, "invalid number: digits expected in exponent"},
        {"{\"metricFilters\": [1e-", 1, 23, "invalid number: digits expected in exponent"},
        {"{\"metricFilters\": [nul", 1, 20, "a JSON value expected"},
        {"{\"metricFilters\": {\"a\" 1}}", 1, 24, "expected ':' after the key"},
        {"{\"metricFilters\": {\"a\"", 1, 23, "expected ':' after the key"},
        {"{\"metricFilters\": {1: 2}}", 1, 20, "expected a string key"},
        {"{\"metricFilters\": {\"a\": 1 \"b\": 2}}", 1, 27, "expected ',' or '}'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cwf_extract x;
        if (cwf_extract_buf("bad.json", cases[i].text, strlen(cases[i].text), &x))
            fail_msg("case %zu: no error", i);
        if (x.error_pos.line != cases[i].line || x.error_pos.col != cases[i].col ||
            !strstr(x.error, cases[i].msg))
            fail_msg("case %zu: %u:%u %s", i, x.error_pos.line, x.error_pos.col, x.error);
        cwf_extract_free(&x);
    }
    /* Deep nesting is an error, not a crash. */
    size_t n = 100000;
    char *deep = malloc(2 * n + 32);
    strcpy(deep, "{\"metricFilters\":");
    size_t k = strlen(deep);
    for (size_t i = 0; i < n; i++)
        deep[k++] = '[';
    deep[k] = '\0';
    cwf_extract x;
    assert_false(cwf_extract_buf("deep.json", deep, k, &x));
    assert_string_equal(x.error, "arrays and objects nested deeper than 512 levels");
    assert_int_equal(x.error_pos.line, 1);
    assert_int_equal(x.error_pos.col, 18 + 511);
    cwf_extract_free(&x);
    free(deep);
}

/* Reading text as path fails with exactly msg at line:col. */
static void xfail(const char *path, const char *text, size_t len, uint32_t line, uint32_t col,
                  const char *msg)
{
    cwf_extract x;
    if (cwf_extract_buf(path, text, len, &x))
        fail_msg("%s: no error, %zu filters", path, x.n);
    if (x.error_pos.line != line || x.error_pos.col != col || strcmp(x.error, msg) != 0)
        fail_msg("%s: %u:%u: %s\nexpected %u:%u: %s", path, x.error_pos.line, x.error_pos.col,
                 x.error, line, col, msg);
    cwf_extract_free(&x);
}

/* head, then n copies of unit, then n copies of tail_unit, then end. */
static char *repeat(const char *head, const char *unit, const char *tail_unit, size_t n,
                    const char *end, size_t *len)
{
    size_t h = strlen(head), u = strlen(unit), t = strlen(tail_unit), e = strlen(end);
    char *s = malloc(h + n * (u + t) + e + 1);
    char *p = s;
    memcpy(p, head, h);
    p += h;
    for (size_t i = 0; i < n; i++, p += u)
        memcpy(p, unit, u);
    for (size_t i = 0; i < n; i++, p += t)
        memcpy(p, tail_unit, t);
    memcpy(p, end, e + 1);
    *len = (size_t)(p - s) + e;
    return s;
}

#define CFN_HEAD "Resources:\n  F:\n    Type: AWS::Logs::MetricFilter\n    Properties:\n"

/* Nesting past each reader's limit is an error at the bracket, block or
 * entry that passes it, found in milliseconds (libyaml alone took > 20 s
 * on 100,000 `[`); nesting up to the limit is read. */
static void test_depth_limits(void **state)
{
    (void)state;
    size_t len;
    /* YAML: four mappings enclose X, so the 509th `[` is the 513th level. */
    char *s = repeat(CFN_HEAD "      X: ", "[", "", 100000, "\n", &len);
    xfail("deep.yaml", s, len, 5, 10 + 508, "YAML: collections nested deeper than 512 levels");
    free(s);
    s = repeat(CFN_HEAD "      X: ", "{a: ", "", 100000, "\n", &len);
    xfail("deep.yaml", s, len, 5, 10 + 4 * 508, "YAML: collections nested deeper than 512 levels");
    free(s);
    s = repeat(CFN_HEAD "      X:\n        ", "- ", "", 100000, "x\n", &len);
    xfail("deep.yaml", s, len, 6, 9 + 2 * 508, "YAML: collections nested deeper than 512 levels");
    free(s);
    /* A YAML file past 16 MiB is refused before libyaml reads it (its
     * document costs about 25 bytes a byte). */
    s = repeat(CFN_HEAD, "      # padding padding padding padding\n", "", (16u << 20) / 38 + 1,
               "", &len);
    assert_true(len > (16u << 20));
    char msg[160];
    snprintf(msg, sizeof msg, "a YAML file of %zu bytes: cwfilter reads YAML files of at most "
             "16 MiB (CloudFormation takes templates of at most 1 MB)", len);
    xfail("big.yaml", s, len, 1, 1, msg);
    free(s);
    s = repeat(CFN_HEAD "      FilterPattern: abc\n      X: ", "[", "]", 508, "\n", &len);
    cwf_extract x;
    assert_true(cwf_extract_buf("limit.yaml", s, len, &x));
    assert_int_equal(x.n, 1);
    cwf_extract_free(&x);
    free(s);

    /* JSON: one object encloses the arrays. */
    s = repeat("{\"T\": \"AWS::Logs::MetricFilter\", \"X\": ", "[", "]", 100000, "}", &len);
    xfail("deep.json", s, len, 1, 39 + 511, "arrays and objects nested deeper than 512 levels");
    free(s);
    s = repeat("{\"T\": \"AWS::Logs::MetricFilter\", \"X\": ", "[", "]", 511, "}", &len);
    assert_true(cwf_extract_buf("limit.json", s, len, &x));
    cwf_extract_free(&x);
    free(s);

    /* HCL: brackets in an expression, blocks in blocks. */
    s = repeat("resource \"aws_cloudwatch_log_metric_filter\" \"a\" {\n  pattern = ", "[", "]",
               100000, "\n}\n", &len);
    xfail("deep.tf", s, len, 2, 13 + 512, "brackets nested deeper than 512 levels in an expression");
    free(s);
    s = repeat("resource \"aws_cloudwatch_log_metric_filter\" \"a\" {\n  pattern = ", "{a = ", "}",
               100000, "\n}\n", &len);
    xfail("deep.tf", s, len, 2, 13 + 5 * 512, "brackets nested deeper than 512 levels in an expression");
    free(s);
    s = repeat("resource \"aws_cloudwatch_log_metric_filter\" \"a\" {\n", "b {\n", "}\n", 100000, "}\n",
               &len);
    xfail("deep.tf", s, len, 65, 3, "blocks nested deeper than 64 levels");
    free(s);
    s = repeat("resource \"aws_cloudwatch_log_metric_filter\" \"a\" {\n  pattern = \"abc\"\n  x = ",
               "[", "]", 512, "\n}\n", &len);
    assert_true(cwf_extract_buf("limit.tf", s, len, &x));
    assert_int_equal(x.n, 1);
    cwf_extract_free(&x);
    free(s);
}

/* Asserts that x's dup k is the text key at line:col, first at fline:fcol. */
static void dup_at(const cwf_extract *x, size_t k, const char *key, uint32_t line, uint32_t col,
                   uint32_t fline, uint32_t fcol)
{
    assert_true(k < x->ndups);
    const cwf_dupkey *d = &x->dups[k];
    if (strcmp(d->key.text, key) != 0 || d->key.map[0].line != line || d->key.map[0].col != col ||
        d->first.line != fline || d->first.col != fcol)
        fail_msg("dup %zu: %s at %u:%u first %u:%u", k, d->key.text, d->key.map[0].line,
                 d->key.map[0].col, d->first.line, d->first.col);
}

/* A key repeated in a mapping of a template (YAML or JSON) is listed with
 * both places, and a pattern under the shadowed copy is read too: the
 * last value no longer hides the first. */
static void test_duplicate_keys(void **state)
{
    (void)state;
    cwf_extract *x = xread("d.yaml",
                           "Resources:\n"
                           "  F:\n"
                           "    Type: AWS::Logs::MetricFilter\n"
                           "    Properties:\n"
                           "      FilterPattern: '{ $.a = '\n"
                           "      'FilterPattern': ERROR\n"
                           "  G:\n"
                           "    Type: AWS::Logs::SubscriptionFilter\n"
                           "    Properties: {FilterPattern: one}\n"
                           "    Properties: {FilterPattern: two}\n"
                           "  F: {Type: AWS::Logs::MetricFilter, Properties: {FilterPattern: three}}\n");
    assert_int_equal(x->n, 5);
    assert_string_equal(x->v[0].src.text, "{ $.a = ");
    assert_string_equal(x->v[1].src.text, "ERROR");
    assert_string_equal(x->v[2].src.text, "one");
    assert_string_equal(x->v[3].src.text, "two");
    assert_string_equal(x->v[4].src.text, "three");
    assert_string_equal(x->v[0].resource, "F");
    assert_int_equal(x->ndups, 3);
    dup_at(x, 0, "'FilterPattern'", 6, 7, 5, 7);
    dup_at(x, 1, "Properties", 10, 5, 9, 5);
    dup_at(x, 2, "F", 11, 3, 2, 3);
    xfree(x);

    x = xread("d.json", "{\"Resources\": {\"F\": {\"Type\": \"AWS::Logs::MetricFilter\",\n"
                        "  \"Properties\": {\"FilterPattern\": \"a\", \"FilterPattern\": \"b\"}}},\n"
                        " \"Resources\": {}}");
    assert_int_equal(x->n, 2);
    assert_string_equal(x->v[0].src.text, "a");
    assert_string_equal(x->v[1].src.text, "b");
    assert_int_equal(x->ndups, 2);
    dup_at(x, 0, "\"FilterPattern\"", 2, 40, 2, 18);
    dup_at(x, 1, "\"Resources\"", 3, 2, 1, 2);
    xfree(x);

    /* Only templates: describe pages repeat keys legitimately elsewhere. */
    x = xread("e.json", "{\"metricFilters\": [], \"metricFilters\": [{\"filterPattern\": \"x\"}]}");
    assert_int_equal(x->ndups, 0);
    xfree(x);
}

static void test_not_a_filter_file(void **state)
{
    (void)state;
    cwf_extract x;
    /* No filter in it: not even parsed, so not an error. */
    const char *pkg = "{\"name\": \"x\", \"version\": [1,";
    assert_true(cwf_extract_buf("package.json", pkg, strlen(pkg), &x));
    assert_int_equal(x.host, CWF_HOST_NONE);
    assert_int_equal(x.n, 0);
    cwf_extract_free(&x);
}

/* ---- CloudFormation JSON ----------------------------------------------- */

static void test_cfn_json_intrinsics(void **state)
{
    (void)state;
    const char *host =
        "{\"Resources\": {\n"
        " \"G\": {\"Type\": \"AWS::Logs::LogGroup\", \"Properties\": {\"LogGroupName\": \"/app\"}},\n"
        " \"A\": {\"Type\": \"AWS::Logs::MetricFilter\", \"Properties\": {\"LogGroupName\": {\"Ref\": \"G\"},\n"
        "   \"FilterPattern\": {\"Fn::Sub\": [\"{ $.a = \\\"${X}\\\" && $.b = \\\"${Y}\\\" && $.c = \\\"${!Z}\\\" }\", {\"X\": \"x1\"}]}}},\n"
        " \"B\": {\"Type\": \"AWS::Logs::SubscriptionFilter\", \"Properties\": {\"LogGroupName\": {\"Fn::ImportValue\": \"lg\"},\n"
        "   \"FilterPattern\": {\"Fn::Join\": [\", \", [\"[a\", {\"Fn::GetAtt\": [\"R\", \"Arn\"]}, \"c]\"]]}}},\n"
        " \"C\": {\"Type\": \"AWS::Logs::MetricFilter\", \"Metadata\": {\"aws:cdk:path\": \"S/C/Resource\",\n"
        "   \"cwfilter\": {\"ignore\": [\"CWF210\", {\"id\": \"CWF211\", \"reason\": \"why\"}]}},\n"
        "   \"Properties\": {\"LogGroupName\": \"/x\", \"FilterPattern\": 404}}\n"
        "}}\n";
    cwf_extract *x = xread("t.template", host);
    assert_int_equal(x->host, CWF_HOST_CFN);
    assert_int_equal(x->n, 3);
    const cwf_filter *a = &x->v[0];
    assert_string_equal(a->resource, "A");
    assert_string_equal(a->log_group, "/app"); /* a Ref to a log group of the template */
    assert_false(a->log_group_ref);
    assert_string_equal(a->src.text, "{ $.a = \"x1\" && $.b = \"${Y}\" && $.c = \"${Z}\" }");
    assert_int_equal(a->nparts, 1);
    assert_string_equal(a->parts[0].what, "${Y}");
    at(a, "x1", 4, 100);      /* the value in the variable map */
    at(a, "${Y}", 4, 63);
    at(a, "${Z}", 4, 81);
    check_map(host, a, "\\x");

    const cwf_filter *b = &x->v[1];
    assert_int_equal(b->kind, CWF_SUBSCRIPTION_FILTER);
    assert_true(b->log_group_ref);
    assert_string_equal(b->src.text, "[a, {\"Fn::GetAtt\": [\"R\", \"Arn\"]}, c]");
    assert_int_equal(b->nparts, 1);
    assert_string_equal(b->parts[0].what, "Fn::GetAtt");
    at(b, ", {", 6, 36);     /* the delimiter */
    at(b, "c]", 6, 79);

    const cwf_filter *c = &x->v[2];
    assert_string_equal(c->resource, "S/C/Resource");
    assert_true(c->cdk_path);
    assert_string_equal(c->src.text, "404");
    assert_int_equal(x->sup.n, 2);
    assert_string_equal(x->sup.v[1].id, "CWF211");
    assert_string_equal(x->sup.v[1].reason, "why");
    assert_int_equal(x->sup.v[1].target, 2);
    assert_int_equal(x->sup.v[1].where.map[0].line, 8);
    xfree(x);
}

/* ---- YAML ---------------------------------------------------------------- */

static const char *yaml_res(const char *body)
{
    static char buf[4096];
    snprintf(buf, sizeof buf,
             "Resources:\n"
             "  F:\n"
             "    Type: AWS::Logs::MetricFilter\n"
             "    Properties:\n"
             "      LogGroupName: g\n"
             "%s", body);
    return buf;
}

static void test_yaml_styles(void **state)
{
    (void)state;
    static const struct {
        const char *body, *text, *needle;
        uint32_t line, col;
        const char *allowed;
    } cases[] = {
        /* plain, one line and folded over lines */
        {"      FilterPattern: ERROR -DEBUG\n", "ERROR -DEBUG", "-DEBUG", 6, 28, ""},
        {"      FilterPattern: ERROR\n        -DEBUG\n\n        ?x\n", "ERROR -DEBUG\n?x", "?x", 9, 9, ""},
        /* single-quoted: '' and folding */
        {"      FilterPattern: '{ $.a = ''b'' }'\n", "{ $.a = 'b' }", "'b'", 6, 31, "'"},
        {"      FilterPattern: '{ $.a = 1 &&\n         $.b = 2 }'\n", "{ $.a = 1 && $.b = 2 }", "$.b", 7, 10, ""},
        /* double-quoted: escapes, escaped line break, \t, \x, \u */
        {"      FilterPattern: \"{ $.a = \\\"\\u00e9\\\" &&\\\n        \\t$.b = 2 }\"\n",
         "{ $.a = \"\xc3\xa9\" &&\t$.b = 2 }", "$.b", 7, 11, "\\"},
        {"      FilterPattern: \"a\\x41b\\\\c\"\n", "aAb\\c", "b\\", 6, 28, "\\"},
        /* literal, folded, chomping, indentation indicator */
        {"      FilterPattern: |\n        { $.a = 1 &&\n          $.b = 2 }\n", "{ $.a = 1 &&\n  $.b = 2 }\n", "$.b", 8, 11, ""},
        {"      FilterPattern: >-\n        { $.a = 1 &&\n        $.b = 2 }\n\n", "{ $.a = 1 && $.b = 2 }", "$.b", 8, 9, ""},
        {"      FilterPattern: |+\n        x\n\n", "x\n\n", "x", 7, 9, ""},
        {"      FilterPattern: |2-\n          x\n", "  x", "x", 7, 11, ""},
        {"      FilterPattern: >\n        a\n          b\n        c\n", "a\n  b\nc\n", "c", 9, 9, ""},
        /* a tag and an anchor before the value */
        {"      FilterPattern: &p !!str 'ERROR'\n", "ERROR", "ERROR", 6, 32, ""},
        /* every escape of a double-quoted scalar, 3- and 4-byte \u and \U;
         * \0 last (the text compares up to it, the map checks it) */
        {"      FilterPattern: \"\\a\\b\\t\\n\\v\\f\\r\\e\\ \\/\\N\\_\\L\\P\\u20ac\\U0001F600 x\\0\"\n",
         "\a\b\t\n\v\f\r\x1b /\xc2\x85\xc2\xa0\xe2\x80\xa8\xe2\x80\xa9\xe2\x82\xac\xf0\x9f\x98\x80 x",
         " x", 6, 67, "\\"},
        /* a comment after the anchor; the value on the next line */
        {"      FilterPattern: &p # the pattern\n        ERROR\n", "ERROR", "ERROR", 7, 9, ""},
        /* chomping before the indentation indicator; a comment on the header */
        {"      FilterPattern: |-2\n          x\n", "  x", "x", 7, 11, ""},
        {"      FilterPattern: >  # folded\n        a\n        b\n", "a b\n", "b", 8, 9, ""},
        /* folding: blank lines, escaped breaks, trailing white space and tabs,
         * more-indented lines, leading blank lines, keeping and stripping */
        {"      FilterPattern: 'a\n\n        b'\n", "a\nb", "b", 8, 9, ""},
        {"      FilterPattern: 'a \n  \n        b'\n", "a\nb", "b", 8, 9, ""},
        {"      FilterPattern: \"a\\\n           b\"\n", "ab", "b", 7, 12, ""},
        {"      FilterPattern: \"a   \n        b\"\n", "a b", "b", 7, 9, ""},
        {"      FilterPattern: \"a\t\n        b\"\n", "a b", "b", 7, 9, ""},
        {"      FilterPattern: a\n\n\n        b\n", "a\n\nb", "b", 9, 9, ""},
        {"      FilterPattern: a\t\n        b\n", "a b", "b", 7, 9, ""},
        {"      FilterPattern: a#b\n", "a#b", "#b", 6, 23, ""},
        {"      FilterPattern: |\n\n        a\n", "\na\n", "a", 8, 9, ""},
        {"      FilterPattern: >\n        a\n\n          b\n        c\n", "a\n\n  b\nc\n", "c", 10, 9, ""},
        {"      FilterPattern: >-\n\n        a\n        b\n\n        c\n", "\na b\nc", "c", 11, 9, ""},
        {"      FilterPattern: |+\n        a\n\n\n", "a\n\n\n", "a", 7, 9, ""},
        {"      FilterPattern: |-\n        a\n\n\n", "a", "a", 7, 9, ""},
        /* a NEL in a double-quoted scalar folds to a space */
        {"      FilterPattern: \"a\xc2\x85" "b\"\n", "a b", "b", 6, 25, "\xc2"},
        /* an indentation indicator, with keeping after it */
        {"      FilterPattern: >1\n        a\n", " a\n", "a", 7, 9, ""},
        {"      FilterPattern: |+1\n        a\n", " a\n", "a", 7, 9, ""},
        /* CR LF line breaks in plain and double-quoted scalars; an escaped
         * backslash before one */
        {"      FilterPattern: a\r\n        b\r\n", "a b", "b", 7, 9, ""},
        {"      FilterPattern: \"a\r\n        b\"\n", "a b", "b", 7, 9, ""},
        {"      FilterPattern: \"a\\\\\r\n        b\"\n", "a\\ b", "b", 7, 9, "\\"},
        /* U+2028 and U+2029 are line breaks that folding keeps */
        {"      FilterPattern: 'a\xe2\x80\xa8" "b'\n", "a\xe2\x80\xa8" "b", "b", 6, 25, ""},
        {"      FilterPattern: \"a\xe2\x80\xa8  b\"\n", "a\xe2\x80\xa8" "b", "b", 6, 27, ""},
        {"      FilterPattern: a\xe2\x80\xa9\n        b\n", "a\xe2\x80\xa9\nb", "b", 7, 9, ""},
        /* a 3-byte character at the end and the start of folded lines */
        {"      FilterPattern: '\xe2\x82\xac\n         \xe2\x82\xac'\n", "\xe2\x82\xac \xe2\x82\xac",
         " \xe2", 6, 24, ""},
        /* keeping after an indentation indicator; keeping in a folded scalar */
        {"      FilterPattern: |2+\n          x\n\n", "  x\n\n", "x", 7, 11, ""},
        {"      FilterPattern: >+\n        a\n\n", "a\n\n", "a", 7, 9, ""},
        /* an alias: the bytes are those of the anchored value */
        {"      X: &p ERROR\n      FilterPattern: *p\n", "ERROR", "ERROR", 6, 13, ""},
        /* tags: the non-specific one, a verbatim one, one with a comment or
         * an anchor before a value on the next line */
        {"      FilterPattern: ! ERROR\n", "ERROR", "ERROR", 6, 24, ""},
        {"      FilterPattern: !<tag:yaml.org,2002:str> ERROR\n", "ERROR", "ERROR", 6, 47, ""},
        {"      FilterPattern: !!str # c\n        ERROR\n", "ERROR", "ERROR", 7, 9, ""},
        {"      FilterPattern: &a !!str\n        ERROR\n", "ERROR", "ERROR", 7, 9, ""},
        /* block scalars: a blank line less indented, a trailing tab, a line
         * that starts with a tab, a no-break space, a 3-byte character */
        {"      FilterPattern: >\n        a\n       \n        b\n", "a\nb\n", "b", 9, 9, ""},
        {"      FilterPattern: |\n        a\t\n        b\n", "a\t\nb\n", "b", 8, 9, ""},
        {"      FilterPattern: >\n        a\n        \tb\n", "a\n\tb\n", "\tb", 8, 9, ""},
        {"      FilterPattern: >-\n        \xc2\xa0" "a\n        b\n", "\xc2\xa0" "a b", "b", 8, 9, ""},
        {"      FilterPattern: |\n        \xe2\x82\xac\n        b\n", "\xe2\x82\xac\nb\n", "b", 8, 9, ""},
        /* two blank lines in a single-quoted scalar */
        {"      FilterPattern: 'a\n\n\n        b'\n", "a\n\nb", "b", 9, 9, ""},
        /* characters before the value on its line count as one column each */
        {"      FilterPattern: \"\xc3\xa9\xc3\xa9 x\"\n", "\xc3\xa9\xc3\xa9 x", "x", 6, 26, ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *host = yaml_res(cases[i].body);
        cwf_extract *x = xread("t.yaml", host);
        if (x->n != 1)
            fail_msg("case %zu: %zu filters", i, x->n);
        const cwf_filter *f = &x->v[0];
        if (strcmp(f->src.text, cases[i].text) != 0)
            fail_msg("case %zu: <%s>", i, f->src.text);
        at(f, cases[i].needle, cases[i].line, cases[i].col);
        check_map(host, f, cases[i].allowed);
        xfree(x);
    }
}

static void test_yaml_crlf_bom_and_tabs(void **state)
{
    (void)state;
    const char *host = "\xEF\xBB\xBFResources:\r\n  F:\r\n    Type: AWS::Logs::MetricFilter\r\n"
                       "    Properties:\r\n      FilterPattern: >-\r\n        { $.a = 1 &&\r\n"
                       "        $.b = \"\tx\" }\r\n";
    cwf_extract *x = xread("t.yaml", host);
    assert_int_equal(x->n, 1);
    assert_string_equal(x->v[0].src.text, "{ $.a = 1 && $.b = \"\tx\" }");
    at(&x->v[0], "$.b", 7, 9);
    at(&x->v[0], "x\"", 7, 17);
    xfree(x);
}

/* A byte-order mark before JSON, YAML or HCL is skipped and is not a
 * column: positions on the first line are those an editor shows. */
static void test_bom_columns(void **state)
{
    (void)state;
    static const struct { const char *path, *text; uint32_t col; } cases[] = {
        {"b.json", "\xEF\xBB\xBF{\"metricFilters\":[{\"filterPattern\":\"{ $.a = 1 }\"}]}", 39},
        {"b.tf", "\xEF\xBB\xBFresource \"aws_cloudwatch_log_metric_filter\" \"a\" { pattern = \"{ $.a = 1 }\" }\n",
         64},
        {"b.yaml", "\xEF\xBB\xBFResources: {F: {Type: AWS::Logs::MetricFilter, Properties: "
                   "{FilterPattern: \"{ $.a = 1 }\"}}}\n", 79},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cwf_extract *x = xread(cases[i].path, cases[i].text);
        assert_int_equal(x->n, 1);
        assert_string_equal(x->v[0].src.text, "{ $.a = 1 }");
        at(&x->v[0], "$.a", 1, cases[i].col);
        at(&x->v[0], "}", 1, cases[i].col + 8);
        xfree(x);
    }
}

static void test_yaml_intrinsics(void **state)
{
    (void)state;
    const char *host =
        "Resources:\n"
        "  F:\n"
        "    Type: AWS::Logs::MetricFilter\n"
        "    Properties:\n"
        "      LogGroupName: !Sub /aws/lambda/${Fn}\n"
        "      FilterPattern: !Sub\n"
        "        - '{ $.a = \"${A}\" && $.r = \"${AWS::Region}\" }'\n"
        "        - A: !Ref P\n"
        "  G:\n"
        "    Type: AWS::Logs::MetricFilter\n"
        "    Properties:\n"
        "      LogGroupName: g\n"
        "      FilterPattern: !Join ['', ['[a, ', !ImportValue x, ']']]\n"
        "  H:\n"
        "    Type: AWS::Logs::MetricFilter\n"
        "    Properties:\n"
        "      LogGroupName: g\n"
        "      FilterPattern: [ip, user]\n"
        "  I:\n"
        "    Type: AWS::Logs::MetricFilter\n"
        "    Properties:\n"
        "      LogGroupName: g\n"
        "      FilterPattern: !If [c, a, b]\n";
    cwf_extract *x = xread("t.yaml", host);
    assert_int_equal(x->n, 4);
    const cwf_filter *f = &x->v[0];
    assert_string_equal(f->log_group, "!Sub /aws/lambda/${Fn}");
    assert_true(f->log_group_ref);
    assert_string_equal(f->src.text, "{ $.a = \"!Ref P\" && $.r = \"${AWS::Region}\" }");
    /* ${AWS::Region} as the whole quoted value of `=` stands for itself
     * (test_cfn_pseudo_parameters) */
    assert_int_equal(f->nparts, 1);
    assert_string_equal(f->parts[0].what, "!Ref P");
    at(f, "!Ref P", 8, 14);
    at(f, "${AWS", 7, 37);
    const cwf_filter *g = &x->v[1];
    assert_string_equal(g->src.text, "[a, !ImportValue x]");
    assert_string_equal(g->parts[0].what, "!ImportValue x");
    at(g, "!Imp", 13, 42);
    at(g, "]", 13, 59);
    assert_true(x->v[2].not_string);
    assert_string_equal(x->v[2].src.text, "[ip, user]");
    at(&x->v[2], "[", 18, 22);
    assert_string_equal(x->v[3].parts[0].what, "!If");
    xfree(x);
}

/* ${AWS::AccountId}, ${AWS::Region}, ${AWS::Partition} stay in the pattern
 * as their own text (no unresolved part) only as the whole quoted value of
 * `=` or `!=` in a JSON pattern; elsewhere the verdict could depend on the
 * value, and they are parts. */
static void test_cfn_pseudo_parameters(void **state)
{
    (void)state;
    static const struct {
        const char *tmpl;
        size_t nparts;
    } cases[] = {
        {"{ $.recipientAccountId = \"${AWS::AccountId}\" }", 0},
        {"{ $.awsRegion != \"${AWS::Region}\" && $.p = \"${AWS::Partition}\" }", 0},
        {"{ $.awsRegion=\"${AWS::Region}\" }", 0},
        {"{ $.recipientAccountId = ${AWS::AccountId} }", 1},       /* a number */
        {"{ $.arn = \"arn:${AWS::Partition}:iam::*\" }", 1},       /* part of a value */
        {"{ $.r = \"${AWS::Region}*\" }", 1},                      /* a wildcard */
        {"{ $.n >= \"${AWS::AccountId}\" }", 1},                    /* not = */
        {"ERROR \"${AWS::Region}\"", 1},                            /* a term */
        {"{ $.s = \"${AWS::StackName}\" }", 1},                    /* another one */
        {"{ $.p == \"${AWS::Partition}\" }", 1},                  /* == is not = */
        {"[a = \"${AWS::Region}\"]", 1},                           /* not a JSON pattern */
        {"\t{ $.a =\t\"${AWS::Region}\" }", 0},                    /* tabs around */
        {"{ $.a = \"${AWS::Region}", 1},                            /* no closing quote */
        {"{ $.a = \"${AWS::Region}\"}${x", 0},                      /* an unclosed ${ */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *host = cwf_xasprintf("Resources:\n  F:\n    Type: AWS::Logs::MetricFilter\n"
                                   "    Properties:\n      LogGroupName: g\n"
                                   "      FilterPattern: !Sub '%s'\n", cases[i].tmpl);
        cwf_extract *x = xread("t.yaml", host);
        assert_int_equal(x->n, 1);
        assert_string_equal(x->v[0].src.text, cases[i].tmpl);
        if (x->v[0].nparts != cases[i].nparts)
            fail_msg("%s: %zu parts", cases[i].tmpl, x->v[0].nparts);
        check_map(host, &x->v[0], "");
        xfree(x);
        free(host);
    }
}

static void test_yaml_directives(void **state)
{
    (void)state;
    const char *host =
        "Resources:\n"
        "  # cwfilter-ignore: CWF210, infix-wildcard -- the reason\n"
        "  F:\n"
        "    Type: AWS::Logs::MetricFilter\n"
        "    Properties:\n"
        "      LogGroupName: g\n"
        "      # cwfilter-ignore: CWF211\n"
        "      FilterPattern: '# cwfilter-ignore: CWF100 -- a string, not a comment'\n"
        "  G:\n"
        "    Type: AWS::Logs::MetricFilter\n"
        "    Properties:\n"
        "      LogGroupName: g\n"
        "      FilterPattern: x  # cwfilter-ignore: all\n"
        "  # cwfilter-ignore: CWF212\n"
        "  H:\n"
        "    Type: AWS::Logs::LogGroup\n";
    cwf_extract *x = xread("t.yaml", host);
    assert_int_equal(x->n, 2);
    assert_int_equal(x->sup.n, 5);
    assert_string_equal(x->sup.v[0].id, "CWF210");
    assert_string_equal(x->sup.v[1].id, "infix-wildcard");
    assert_string_equal(x->sup.v[0].reason, "the reason");
    assert_int_equal(x->sup.v[0].target, 0);
    assert_int_equal(x->sup.v[2].target, 0);
    assert_null(x->sup.v[2].reason);
    assert_string_equal(x->sup.v[3].id, "all");
    assert_int_equal(x->sup.v[3].target, 1);
    assert_int_equal(x->sup.v[4].target, CWF_SUP_NONE);
    /* the id's span within the comment, and its position in the file */
    const cwf_suppression *s = &x->sup.v[1];
    assert_memory_equal(s->where.text + s->span.start, "infix-wildcard", 14);
    cwf_pos p = s->where.map[s->span.start];
    assert_int_equal(p.line, 2);
    assert_int_equal(p.col, 30);
    xfree(x);
}

static void test_yaml_errors(void **state)
{
    (void)state;
    const char *host = "Resources:\n  F:\n    Type: AWS::Logs::MetricFilter\n"
                       "    Properties:\n      FilterPattern: 'unterminated\n";
    cwf_extract x;
    assert_false(cwf_extract_buf("t.yaml", host, strlen(host), &x));
    assert_int_equal(x.error_pos.line, 6);
    assert_non_null(strstr(x.error, "YAML"));
    cwf_extract_free(&x);
    /* an error in a later document of the stream, and in \u escapes */
    const char *res = "Resources:\n  F:\n    Type: AWS::Logs::MetricFilter\n    Properties:\n"
                      "      LogGroupName: g\n";
    static const struct {
        const char *tail, *msg;
        uint32_t line, col;
    } later[] = {
        {"      FilterPattern: x\n---\nb: [\n",
         "YAML: did not find expected node content while parsing a flow node", 9, 1},
        {"      FilterPattern: \"a\\u00\"\n",
         "YAML: did not find expected hexdecimal number while parsing a quoted scalar", 6, 26},
        {"      FilterPattern: \"a\\ud800\"\n",
         "YAML: found invalid Unicode character escape code while parsing a quoted scalar", 6, 26},
    };
    for (size_t i = 0; i < sizeof later / sizeof later[0]; i++) {
        char *t = cwf_xasprintf("%s%s", res, later[i].tail);
        xfail("t.yaml", t, strlen(t), later[i].line, later[i].col, later[i].msg);
        free(t);
    }
    /* An alias loop and a billion laughs are not a hang. */
    const char *loop = "Resources: &a\n  F: *a\n  AWS::Logs::MetricFilter: [*a, *a]\n";
    cwf_extract *y = xread("loop.yaml", loop);
    xfree(y);
    /* Nor is a pattern that expands to 10^10 bytes through Fn::Join of
     * aliases: resolving stops, and what is left is one unresolved part. */
    cwf_buf b = CWF_BUF_INIT;
    const char *head = "D:\n  a0: &a0 !Join ['', [xxxxxxxxxx, xxxxxxxxxx]]\n";
    cwf_buf_add(&b, head, strlen(head));
    for (int i = 1; i <= 9; i++) {
        char line[200];
        int k = snprintf(line, sizeof line, "  a%d: &a%d !Join ['', [", i, i);
        for (int j = 0; j < 10; j++)
            k += snprintf(line + k, sizeof line - (size_t)k, "%s*a%d", j ? ", " : "", i - 1);
        k += snprintf(line + k, sizeof line - (size_t)k, "]]\n");
        cwf_buf_add(&b, line, (size_t)k);
    }
    const char *tail = "Resources:\n  F:\n    Type: AWS::Logs::MetricFilter\n"
                       "    Properties:\n      FilterPattern: *a9\n";
    cwf_buf_add(&b, tail, strlen(tail));
    y = xread("laughs.yaml", b.p);
    assert_int_equal(y->n, 1);
    assert_int_equal(y->v[0].nparts, 1);
    assert_string_equal(y->v[0].parts[0].what, "an expansion too large to resolve");
    assert_true(y->v[0].src.len < 2 * ((size_t)1 << 20));
    xfree(y);
    cwf_buf_free(&b);
}

/* ---- Terraform ------------------------------------------------------------ */

static void test_hcl_strings_and_heredocs(void **state)
{
    (void)state;
    const char *host =
        "# a comment with \"quotes\" and { braces\n"
        "resource \"aws_cloudwatch_log_group\" \"g\" { name = \"/app/g\" }\n"
        "/* block\n   comment */\n"
        "resource \"aws_cloudwatch_log_metric_filter\" \"q\" {\n"
        "  name           = \"q\"\n"
        "  log_group_name = aws_cloudwatch_log_group.g.name // trailing\n"
        "  pattern        = \"{ $.a = \\\"x\\\" && $.b = \\u00e9 && $.c = \\\"${lookup(var.m, \"k\", \"}\")}\\\" && $.d = \\\"$${e}\\\" }\"\n"
        "}\n"
        "resource aws_cloudwatch_log_metric_filter h {\n"
        "  pattern = <<-EOT\n"
        "      {  $.a = 1 &&\n"
        "\n"
        "        $.b = \"\\n\" }\n"
        "    EOT\n"
        "  log_group_name = \"/app/h\"\n"
        "}\n"
        "resource \"aws_cloudwatch_log_subscription_filter\" \"s\" {\n"
        "  filter_pattern = <<EOT\n"
        "  ERROR ${var.x}\n"
        "EOT\n"
        "  metric { nested = \"x\" }\n"
        "}\n"
        "resource \"aws_cloudwatch_log_metric_filter\" \"v\" {\n"
        "  pattern = var.p != \"\" ? var.p : (\n"
        "    \"ERROR\")\n"
        "}\n";
    cwf_extract *x = xread("main.tf", host);
    assert_int_equal(x->host, CWF_HOST_TF);
    assert_int_equal(x->n, 4);
    const cwf_filter *q = &x->v[0];
    assert_string_equal(q->resource, "aws_cloudwatch_log_metric_filter.q");
    assert_string_equal(q->name, "q");
    assert_string_equal(q->log_group, "aws_cloudwatch_log_group.g.name");
    assert_true(q->log_group_ref);
    assert_string_equal(q->src.text, "{ $.a = \"x\" && $.b = \xc3\xa9 && $.c = \"${lookup(var.m, \"k\", \"}\")}\" && $.d = \"${e}\" }");
    assert_int_equal(q->nparts, 1);
    assert_string_equal(q->parts[0].what, "${lookup(var.m, \"k\", \"}\")}");
    at(q, "$.b", 8, 38);
    at(q, "${lookup", 8, 62);
    at(q, "$.d", 8, 94);
    check_map(host, q, "\\");
    assert_int_equal(x->ndefs, 1);
    assert_string_equal(x->defs[0].name, "/app/g");

    const cwf_filter *h = &x->v[1];
    /* <<-: the least indentation (6, the blank line aside) is stripped;
     * backslashes are literal; the provider trims the rest */
    assert_string_equal(h->src.text, "{  $.a = 1 &&\n\n  $.b = \"\\n\" }");
    at(h, "{", 12, 7);
    at(h, "$.b", 14, 9);
    check_map(host, h, "");

    const cwf_filter *s = &x->v[2];
    assert_int_equal(s->kind, CWF_SUBSCRIPTION_FILTER);
    assert_string_equal(s->src.text, "ERROR ${var.x}");
    at(s, "ERROR", 20, 3);
    at(s, "${var", 20, 9);

    const cwf_filter *v = &x->v[3];
    assert_string_equal(v->src.text, "var.p != \"\" ? var.p : ( \"ERROR\")");
    assert_int_equal(v->nparts, 1);
    at(v, "var.p", 25, 13);
    at(v, "\"ERROR\"", 26, 5);
    xfree(x);
}

/* for_each over a literal locals map, count over a literal list, literal
 * locals and variable defaults interpolated: one filter per instance, named
 * by its address, with positions in the locals where the text is written.
 * What is not literal stays an unresolved part. */
static void test_hcl_resolve_locals(void **state)
{
    (void)state;
    const char *host =
        "variable \"lg\" { default = \"trail\" }\n"                                     /* 1 */
        "variable \"free\" { type = string }\n"                                         /* 2 */
        "locals {\n"                                                                    /* 3 */
        "  src = \"kms.amazonaws.com\"\n"                                               /* 4 */
        "  loop = \"${local.loop}${local.loop}\"\n"                                     /* 5 */
        "  m = {\n"                                                                     /* 6 */
        "    root = { pattern = \"{ $.userIdentity.type = \\\"Root\\\" }\" }\n"         /* 7 */
        "    \"kms-x\" = {\n"                                                           /* 8 */
        "      pattern = \"{ $.eventSource = ${local.src} }\"\n"                        /* 9 */
        "    }\n"                                                                       /* 10 */
        "    odd = { pattern = upper(\"x\") }\n"                                        /* 11 */
        "  }\n"                                                                         /* 12 */
        "  l = [\"{ $.a = 1 }\", <<-EOT\n"                                              /* 13 */
        "    { $.b = 2 }\n"                                                             /* 14 */
        "  EOT\n"                                                                       /* 15 */
        "  ]\n"                                                                         /* 16 */
        "}\n"                                                                           /* 17 */
        "resource \"aws_cloudwatch_log_metric_filter\" \"cis\" {\n"                     /* 18 */
        "  for_each       = local.m\n"                                                  /* 19 */
        "  name           = each.key\n"                                                 /* 20 */
        "  pattern        = each.value.pattern\n"                                       /* 21 */
        "  log_group_name = var.lg\n"                                                   /* 22 */
        "}\n"                                                                           /* 23 */
        "resource \"aws_cloudwatch_log_metric_filter\" \"n\" {\n"                       /* 24 */
        "  count   = length(local.l)\n"                                                 /* 25 */
        "  pattern = local.l[count.index]\n"                                            /* 26 */
        "}\n"                                                                           /* 27 */
        "resource \"aws_cloudwatch_log_metric_filter\" \"u\" {\n"                       /* 28 */
        "  pattern = \"{ $.a = \\\"${var.free}\\\" || $.b = \\\"${local.loop}\\\" }\"\n" /* 29 */
        "}\n";                                                                          /* 30 */
    cwf_extract *x = xread("main.tf", host);
    assert_int_equal(x->n, 6);
    const cwf_filter *f = &x->v[0];
    assert_string_equal(f->resource, "aws_cloudwatch_log_metric_filter.cis[\"root\"]");
    assert_string_equal(f->name, "root");
    assert_string_equal(f->log_group, "trail");
    assert_false(f->log_group_ref);
    assert_string_equal(f->src.text, "{ $.userIdentity.type = \"Root\" }");
    assert_int_equal(f->nparts, 0);
    at(f, "{", 7, 25);
    at(f, "Root", 7, 51);
    check_map(host, f, "\\");
    f = &x->v[1];
    assert_string_equal(f->resource, "aws_cloudwatch_log_metric_filter.cis[\"kms-x\"]");
    assert_string_equal(f->name, "kms-x");
    assert_string_equal(f->src.text, "{ $.eventSource = kms.amazonaws.com }");
    at(f, "$.eventSource", 9, 20);
    at(f, "kms", 4, 10);
    check_map(host, f, "");
    /* not literal: the reference stays, unresolved */
    f = &x->v[2];
    assert_string_equal(f->resource, "aws_cloudwatch_log_metric_filter.cis[\"odd\"]");
    assert_string_equal(f->src.text, "each.value.pattern");
    assert_int_equal(f->nparts, 1);
    f = &x->v[3];
    assert_string_equal(f->resource, "aws_cloudwatch_log_metric_filter.n[0]");
    assert_string_equal(f->src.text, "{ $.a = 1 }");
    at(f, "$.a", 13, 11);
    f = &x->v[4];
    assert_string_equal(f->resource, "aws_cloudwatch_log_metric_filter.n[1]");
    assert_string_equal(f->src.text, "{ $.b = 2 }");
    at(f, "$.b", 14, 7);
    /* a variable without a default, and a local that pastes itself */
    f = &x->v[5];
    assert_string_equal(f->resource, "aws_cloudwatch_log_metric_filter.u");
    /* (the cycle's inner references stay parts) */
    assert_int_equal(f->nparts, 3);
    assert_string_equal(f->parts[0].what, "${var.free}");
    assert_string_equal(f->parts[1].what, "${local.loop}");
    xfree(x);
}

static void test_hcl_flush_heredoc_rules(void **state)
{
    (void)state;
    /* hclsyntax: a line that starts with an interpolation counts as not
     * indented; tabs count as one character. */
    const char *host =
        "resource \"aws_cloudwatch_log_metric_filter\" \"a\" {\n"
        "  pattern = <<-EOT\n"
        "    ERROR\n"
        "${var.x}\n"
        "  EOT\n"
        "}\n"
        "resource \"aws_cloudwatch_log_metric_filter\" \"b\" {\n"
        "  pattern = <<-EOT\n"
        "\t\tERROR\n"
        "\t -DEBUG\n"
        "\tEOT\n"
        "}\n";
    cwf_extract *x = xread("h.tf", host);
    assert_int_equal(x->n, 2);
    assert_string_equal(x->v[0].src.text, "ERROR\n${var.x}");
    at(&x->v[0], "ERROR", 3, 5);
    assert_string_equal(x->v[1].src.text, "ERROR\n-DEBUG"); /* tab and space: 2 each */
    at(&x->v[1], "ERROR", 9, 3);
    at(&x->v[1], "-DEBUG", 10, 3);
    xfree(x);
}

static void test_hcl_directives(void **state)
{
    (void)state;
    const char *host =
        "# cwfilter-ignore: CWF210 -- above the resource\n"
        "resource \"aws_cloudwatch_log_metric_filter\" \"a\" {\n"
        "  // cwfilter-ignore: CWF211\n"
        "  pattern = \"x\" # cwfilter-ignore: CWF212 -- trailing\n"
        "}\n"
        "/* cwfilter-ignore: CWF100 */\n"
        "variable \"x\" {}\n";
    cwf_extract *x = xread("d.tf", host);
    assert_int_equal(x->sup.n, 4);
    assert_int_equal(x->sup.v[0].target, 0);
    assert_int_equal(x->sup.v[1].target, 0);
    assert_int_equal(x->sup.v[2].target, 0);
    assert_string_equal(x->sup.v[2].reason, "trailing");
    assert_int_equal(x->sup.v[3].target, CWF_SUP_NONE);
    xfree(x);
    /* A directive on its own line aims at the next line of code, past blank
     * lines and comments; at the end of the file, at nothing. */
    host = "# cwfilter-ignore: CWF210\n"
           "\n"
           "  # another comment\n"
           "// and another\n"
           "/* and a block */\n"
           "resource \"aws_cloudwatch_log_metric_filter\" \"a\" {\n"
           "  pattern = \"x\"\n"
           "}\n"
           "# cwfilter-ignore: CWF211 -- at the end\n"
           "\n";
    x = xread("e.tf", host);
    assert_int_equal(x->sup.n, 2);
    assert_int_equal(x->sup.v[0].target, 0);
    assert_int_equal(x->sup.v[1].target, CWF_SUP_NONE);
    assert_string_equal(x->sup.v[1].reason, "at the end");
    xfree(x);
}

static void test_hcl_errors(void **state)
{
    (void)state;
    static const struct { const char *text; uint32_t line, col; const char *msg; } cases[] = {
        {"resource \"aws_cloudwatch_log_metric_filter\" \"a\" {\n  pattern = <<EOT\n  x\n", 2, 13, "heredoc"},
        {"resource \"aws_cloudwatch_log_metric_filter\" \"a\" {\n  pattern = \"x\n}\n", 2, 13, "unterminated string"},
        {"resource \"aws_cloudwatch_log_metric_filter\" \"a\" {\n  pattern = \"\\q\"\n}\n", 2, 14, "invalid escape"},
        {"resource \"aws_cloudwatch_log_metric_filter\" \"a\" {\n  pattern = \"${x\"\n}\n", 2, 17, "unterminated string"},
        {"resource \"aws_cloudwatch_log_metric_filter\" \"a\" {\n  pattern = \"x\"\n", 1, 1, "unclosed block"},
        {"resource \"aws_cloudwatch_log_metric_filter\" \"a\" {\n  /* x\n}\n", 2, 3, "unterminated comment"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cwf_extract x;
        assert_false(cwf_extract_buf("bad.tf", cases[i].text, strlen(cases[i].text), &x));
        if (x.error_pos.line != cases[i].line || x.error_pos.col != cases[i].col ||
            !strstr(x.error, cases[i].msg))
            fail_msg("case %zu: %u:%u %s", i, x.error_pos.line, x.error_pos.col, x.error);
        cwf_extract_free(&x);
    }
}

static void test_tfjson(void **state)
{
    (void)state;
    const char *host =
        "{\"resource\": [{\"aws_cloudwatch_log_metric_filter\": {\"a\": {\n"
        "  \"//\": \"cwfilter-ignore: CWF211 -- json comment\",\n"
        "  \"name\": \"a\", \"log_group_name\": \"${aws_cloudwatch_log_group.g.name}\",\n"
        "  \"pattern\": \"  { $.a = \\\"${var.x}\\\" && $.b = \\\"$${y}\\\" }\\n\"}}}]}\n";
    cwf_extract *x = xread("f.tf.json", host);
    assert_int_equal(x->host, CWF_HOST_TF_JSON);
    assert_int_equal(x->n, 1);
    const cwf_filter *f = &x->v[0];
    assert_string_equal(f->log_group, "aws_cloudwatch_log_group.g.name");
    assert_true(f->log_group_ref);
    assert_string_equal(f->src.text, "{ $.a = \"${var.x}\" && $.b = \"${y}\" }");
    assert_int_equal(f->nparts, 1);
    at(f, "{", 4, 17);
    at(f, "${var", 4, 27);
    at(f, "${y}", 4, 49);
    assert_int_equal(x->sup.n, 1);
    assert_int_equal(x->sup.v[0].target, 0);
    assert_int_equal(x->sup.v[0].where.map[x->sup.v[0].span.start].col, 27);
    xfree(x);
}

/* .tf.json: a null pattern is no filter, a name with a variable is no
 * name, a log group with a variable inside is kept whole, template
 * sequences end at their own brace (not one inside a quoted string), %{
 * directives are parts, a number is a non-string value. */
static void test_tfjson_values(void **state)
{
    (void)state;
    const char *host =
        "{\"resource\": {\"aws_cloudwatch_log_metric_filter\": {\"a\": {\"pattern\": null}, \"b\": "
        "{\"name\": \"n-${var.e}\", \"log_group_name\": \"g-${var.e}\", \"pattern\": "
        "\"{ $.a = \\\"${lookup(var.m, \\\"}\\\")}\\\" && $.b = %{ if x }y%{ endif } }\"}},\n"
        " \"aws_cloudwatch_log_subscription_filter\": {\"s\": {\"name\": \"s\", \"log_group_name\": "
        "\"plain\", \"filter_pattern\": 42}}}}\n";
    cwf_extract *x = xread("f.tf.json", host);
    assert_int_equal(x->n, 2);
    const cwf_filter *f = &x->v[0];
    assert_string_equal(f->resource, "aws_cloudwatch_log_metric_filter.b");
    assert_null(f->name);
    assert_string_equal(f->log_group, "g-${var.e}");
    assert_true(f->log_group_ref);
    assert_string_equal(f->src.text, "{ $.a = \"${lookup(var.m, \"}\")}\" && $.b = %{ if x }y%{ endif } }");
    assert_int_equal(f->nparts, 3);
    assert_string_equal(f->parts[0].what, "${lookup(var.m, \"}\")}");
    assert_string_equal(f->parts[1].what, "%{ if x }");
    assert_string_equal(f->parts[2].what, "%{ endif }");
    f = &x->v[1];
    assert_int_equal(f->kind, CWF_SUBSCRIPTION_FILTER);
    assert_string_equal(f->name, "s");
    assert_string_equal(f->log_group, "plain");
    assert_false(f->log_group_ref);
    assert_string_equal(f->src.text, "42");
    assert_int_equal(f->nparts, 1);
    assert_string_equal(f->parts[0].what, "a non-string value");
    xfree(x);
}

/* .tf.json: "resource", a type and a name may each map to an array of
 * objects instead of an object (HCL's JSON syntax), and a name's body may
 * be an array of bodies; every shape yields its filters and chain
 * resources, at their places. */
static void test_tfjson_arrays(void **state)
{
    (void)state;
    const char *host =
        "{\"resource\": [\n"
        " {\"aws_cloudwatch_log_metric_filter\": [{\"a\": [{\"log_group_name\": \"g\",\n"
        "   \"pattern\": \"ERROR\"}]}]},\n"
        " {\"aws_cloudwatch_log_metric_filter\": {\"b\": [{\"pattern\": \"WARN\"},\n"
        "   {\"pattern\": \"INFO\"}]},\n"
        "  \"aws_cloudwatch_log_subscription_filter\": [{\"s\": {\"filter_pattern\": \"S\"}},\n"
        "   {\"t\": {\"filter_pattern\": \"T\"}}],\n"
        "  \"aws_sns_topic\": [{\"x\": [{\"name\": \"topic\"}]}], \"aws_s3_bucket\": [1, \"b\"],\n"
        "  \"aws_cloudwatch_log_group\": [{\"g\": {\"name\": \"/lg\"}}, 7]}]}\n";
    static const struct {
        const char *resource, *text;
        uint32_t line, col;
    } want[] = {
        {"aws_cloudwatch_log_metric_filter.a", "ERROR", 3, 16},
        {"aws_cloudwatch_log_metric_filter.b", "WARN", 4, 59},
        {"aws_cloudwatch_log_metric_filter.b", "INFO", 5, 17},
        {"aws_cloudwatch_log_subscription_filter.s", "S", 6, 72},
        {"aws_cloudwatch_log_subscription_filter.t", "T", 7, 30},
    };
    cwf_extract *x = xread("f.tf.json", host);
    assert_int_equal(x->host, CWF_HOST_TF_JSON);
    assert_int_equal(x->n, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < x->n; i++) {
        assert_string_equal(x->v[i].resource, want[i].resource);
        assert_string_equal(x->v[i].src.text, want[i].text);
        at(&x->v[i], want[i].text, want[i].line, want[i].col);
    }
    assert_string_equal(x->v[0].log_group, "g");
    assert_int_equal(x->v[0].line_first, 2);
    assert_int_equal(x->v[0].line_last, 3);
    /* chain resources: the three metric filters, the topic, the log group */
    assert_int_equal(x->nres, 5);
    const cwf_xres *r = &x->res[3];
    assert_string_equal(r->name, "aws_sns_topic.x");
    assert_int_equal(r->head.src.map[r->head.span.start].line, 8);
    assert_int_equal(r->head.src.map[r->head.span.start].col, 22);
    assert_int_equal(r->n, 1);
    assert_string_equal(r->v[0].key, "name");
    assert_string_equal(r->v[0].value, "topic");
    assert_int_equal(r->v[0].src.map[r->v[0].span.start].col, 38);
    assert_string_equal(x->res[4].name, "aws_cloudwatch_log_group.g");
    xfree(x);
}

/* CloudFormation intrinsics in FilterPattern, each with its exact text and
 * parts: pseudo parameters stand for their value only as the quoted value
 * of an `=`, Fn::Sub variables from its map, Fn::Join of scalars and of
 * what cannot be joined, other functions are parts. */
static void test_cfn_intrinsic_values(void **state)
{
    (void)state;
    static const struct {
        const char *pat, *text, *parts[3];
    } cases[] = {
        {"!Sub '{ $.a = \"${AWS::AccountId}\" }'", "{ $.a = \"${AWS::AccountId}\" }", {NULL}},
        {"!Sub '  { $.a = \"${AWS::Partition}\"}'", "  { $.a = \"${AWS::Partition}\"}", {NULL}},
        {"!Sub '{ $.a = ${AWS::AccountId} }'", "{ $.a = ${AWS::AccountId} }", {"${AWS::AccountId}"}},
        {"!Sub '{ $.a >= \"${AWS::Region}\" }'", "{ $.a >= \"${AWS::Region}\" }", {"${AWS::Region}"}},
        {"!Sub 'ERROR ${AWS::Region}'", "ERROR ${AWS::Region}", {"${AWS::Region}"}},
        {"!Sub '{ $.a = \"${AWS::StackName}\" }'", "{ $.a = \"${AWS::StackName}\" }",
         {"${AWS::StackName}"}},
        {"!Sub ['{ $.a = \"${X}\" }', {X: foo}]", "{ $.a = \"foo\" }", {NULL}},
        {"!Sub ['{ $.a = \"${X}\" }', {X: !Ref P}]", "{ $.a = \"!Ref P\" }", {"!Ref P"}},
        {"!Sub ['{ $.a = \"${X}\" }', {X: !Join ['-', [a, b]]}]", "{ $.a = \"a-b\" }", {NULL}},
        {"!Sub '{ $.a = \"${unclosed\" }'", "{ $.a = \"${unclosed\" }", {"${unclosed\" }"}},
        {"!Join [',', [a, 1, true, null, [x], {k: v}]]", "a,1,true,null,[x],{k: v}",
         {"null", "a list", "a mapping"}},
        {"!Join bad", "!Join bad", {"!Join"}},
        {"!GetAtt X.Y", "!GetAtt X.Y", {"!GetAtt X.Y"}},
        {"!GetAtt [R, Attr]", "!GetAtt [R, Attr]", {"!GetAtt"}},
        {"!Ref P", "!Ref P", {"!Ref P"}},
        {"!Condition C", "!Condition C", {"!Condition C"}},
        {"{Ref: P}", "{Ref: P}", {"Ref P"}},
        {"{Condition: C}", "{Condition: C}", {"Condition C"}},
        {"{'Fn::If': [c, a, b]}", "{'Fn::If': [c, a, b]}", {"Fn::If"}},
        {"{'Fn::Sub': '{ $.a = \"${X}\" }'}", "{ $.a = \"${X}\" }", {"${X}"}},
        {"{'Fn::Join': ['', [a, {Ref: P}]]}", "a{Ref: P}", {"Ref P"}},
        {"{'Fn::Sub': ['x ${Y}', {Y: {'Fn::Sub': ['${Z}', {Z: inner}]}}]}", "x inner", {NULL}},
        {"!Sub [!Ref X]", "!Sub [!Ref X]", {"!Sub"}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char host[1024];
        snprintf(host, sizeof host,
                 "Resources:\n  F:\n    Type: AWS::Logs::MetricFilter\n    Properties:\n"
                 "      LogGroupName: g\n      FilterPattern: %s\n",
                 cases[i].pat);
        cwf_extract *x = xread("t.yaml", host);
        assert_int_equal(x->n, 1);
        const cwf_filter *f = &x->v[0];
        if (strcmp(f->src.text, cases[i].text) != 0)
            fail_msg("%s: text %s", cases[i].pat, f->src.text);
        size_t np = 0;
        while (np < 3 && cases[i].parts[np])
            np++;
        if (f->nparts != np)
            fail_msg("%s: %zu parts", cases[i].pat, f->nparts);
        for (size_t k = 0; k < np; k++)
            assert_string_equal(f->parts[k].what, cases[i].parts[k]);
        xfree(x);
    }
}

/* A CloudFormation alarm's properties as the chain reads them: quoted
 * scalars without their quotes, Ref and GetAtt (both forms) as references,
 * other intrinsics as written, lists and mappings flattened, nulls dropped. */
static void test_cfn_chain_attrs(void **state)
{
    (void)state;
    const char *host = "Resources:\n  F:\n    Type: AWS::Logs::MetricFilter\n    Properties:\n"
                       "      LogGroupName: g\n      FilterPattern: ERROR\n"
                       "  A:\n    Type: AWS::CloudWatch::Alarm\n    Properties:\n"
                       "      AlarmName: \"quoted\"\n      MetricName: !GetAtt [R, Name]\n"
                       "      Namespace: !GetAtt R.Ns\n      Threshold: 1\n      AlarmActions:\n"
                       "        - !Ref Topic\n        - {\"Fn::ImportValue\": x}\n"
                       "        - !Join [\"\", [a, b]]\n      Dimensions:\n        - Name: d\n"
                       "          Value: ~\n      Extra: null\n";
    static const struct {
        const char *key, *value;
        bool literal;
    } want[] = {
        {"AlarmName", "quoted", true},
        {"MetricName", "!GetAtt R.Name", false},
        {"Namespace", "!GetAtt R.Ns", false},
        {"Threshold", "1", true},
        {"AlarmActions.0", "!Ref Topic", false},
        {"AlarmActions.1", "{\"Fn::ImportValue\": x}", false},
        {"AlarmActions.2", "!Join [\"\", [a, b]]", false},
        {"Dimensions.0.Name", "d", true},
    };
    cwf_extract *x = xread("t.yaml", host);
    assert_int_equal(x->nres, 2);
    const cwf_xres *r = &x->res[1];
    assert_string_equal(r->type, "AWS::CloudWatch::Alarm");
    assert_string_equal(r->name, "A");
    assert_int_equal(r->n, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < r->n; i++) {
        assert_string_equal(r->v[i].key, want[i].key);
        assert_string_equal(r->v[i].value, want[i].value);
        assert_int_equal(r->v[i].literal, want[i].literal);
    }
    xfree(x);
}

/* A .tf.json alarm's attributes: "${X}" the reference X, a string with a
 * template inside not literal, lists numbered, a list of objects a block. */
static void test_tfjson_chain_attrs(void **state)
{
    (void)state;
    const char *host =
        "{\"resource\": {\"aws_cloudwatch_log_metric_filter\": {\"f\": {\"log_group_name\": \"g\", "
        "\"pattern\": \"ERROR\"}}, \"aws_cloudwatch_metric_alarm\": {\"a\": {\"alarm_name\": \"x\", "
        "\"metric_name\": \"${aws_cloudwatch_log_metric_filter.f.metric_transformation[0].name}\", "
        "\"threshold\": 1, \"alarm_actions\": [\"${aws_sns_topic.t.arn}\", \"arn:aws:sns:r:1:t\"], "
        "\"actions_enabled\": false, \"dimensions\": {\"k\": \"v\"}, \"metric_query\": [{\"id\": "
        "\"m1\", \"expression\": \"m\"}], \"tags\": null, \"mix\": \"a-${var.x}\"}}}}";
    static const struct {
        const char *key, *value;
        bool literal;
    } want[] = {
        {"alarm_name", "x", true},
        {"metric_name", "aws_cloudwatch_log_metric_filter.f.metric_transformation[0].name", false},
        {"threshold", "1", true},
        {"alarm_actions.0", "aws_sns_topic.t.arn", false},
        {"alarm_actions.1", "arn:aws:sns:r:1:t", true},
        {"actions_enabled", "false", true},
        {"dimensions.k", "v", true},
        {"metric_query.id", "m1", true},
        {"metric_query.expression", "m", true},
        {"mix", "a-${var.x}", false},
    };
    cwf_extract *x = xread("t.tf.json", host);
    assert_int_equal(x->nres, 2);
    const cwf_xres *r = &x->res[1];
    assert_string_equal(r->name, "aws_cloudwatch_metric_alarm.a");
    assert_int_equal(r->n, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < r->n; i++) {
        assert_string_equal(r->v[i].key, want[i].key);
        assert_string_equal(r->v[i].value, want[i].value);
        assert_int_equal(r->v[i].literal, want[i].literal);
    }
    xfree(x);
}

static void test_plan(void **state)
{
    (void)state;
    const char *host =
        "{\"format_version\": \"1.2\", \"terraform_version\": \"1.9.5\", \"planned_values\": {\"root_module\": {"
        "\"resources\": [{\"address\": \"aws_cloudwatch_log_metric_filter.a\", \"mode\": \"managed\", "
        "\"type\": \"aws_cloudwatch_log_metric_filter\", \"values\": {\"name\": \"a\", \"log_group_name\": \"/g\", "
        "\"pattern\": \" ERROR \"}}],"
        "\"child_modules\": [{\"address\": \"module.m\", \"resources\": [{\"address\": \"module.m.aws_cloudwatch_log_subscription_filter.s\", "
        "\"mode\": \"managed\", \"type\": \"aws_cloudwatch_log_subscription_filter\", \"values\": {\"name\": \"s\"}}], "
        "\"child_modules\": [{\"resources\": [{\"address\": \"module.m.module.n.aws_cloudwatch_log_metric_filter.x\", "
        "\"mode\": \"managed\", \"type\": \"aws_cloudwatch_log_metric_filter\", \"values\": {\"pattern\": \"[a]\"}}]}]}]}},"
        "\"resource_changes\": [{\"address\": \"module.m.aws_cloudwatch_log_subscription_filter.s\", "
        "\"change\": {\"after_unknown\": {\"filter_pattern\": true}}}]}";
    cwf_extract *x = xread("plan.json", host);
    assert_int_equal(x->host, CWF_HOST_TF_PLAN);
    assert_int_equal(x->n, 3);
    assert_string_equal(x->v[0].src.text, "ERROR");
    assert_string_equal(x->v[0].resource, "aws_cloudwatch_log_metric_filter.a");
    assert_string_equal(x->v[1].resource, "module.m.aws_cloudwatch_log_subscription_filter.s");
    assert_int_equal(x->v[1].nparts, 1);
    assert_string_equal(x->v[2].resource, "module.m.module.n.aws_cloudwatch_log_metric_filter.x");
    xfree(x);
    const char *v2 = "{\"format_version\": \"2.0\", \"planned_values\": {}, \"x\": \"aws_cloudwatch_log_metric_filter\"}";
    cwf_extract y;
    assert_false(cwf_extract_buf("plan.json", v2, strlen(v2), &y));
    assert_non_null(strstr(y.error, "format_version"));
    assert_int_equal(y.error_pos.col, 20);
    cwf_extract_free(&y);
}

static void test_cdk_manifest(void **state)
{
    (void)state;
    const char *host =
        "{\"version\": \"36.0.0\", \"artifacts\": {"
        "\"A\": {\"type\": \"aws:cloudformation:stack\", \"properties\": {\"templateFile\": \"A.template.json\"}},"
        "\"B\": {\"type\": \"aws:cloudformation:stack\", \"properties\": {\"templateFile\": \"../x.json\"}},"
        "\"Stage\": {\"type\": \"cdk:cloud-assembly\", \"properties\": {\"directoryName\": \"assembly-Stage\"}},"
        "\"Tree\": {\"type\": \"cdk:tree\", \"properties\": {\"file\": \"tree.json\"}}}}";
    cwf_extract *x = xread("cdk.out/manifest.json", host);
    assert_int_equal(x->host, CWF_HOST_CDK);
    assert_int_equal(x->ntemplates, 2);
    assert_string_equal(x->templates[0], "cdk.out/A.template.json");
    assert_string_equal(x->stacks[0], "A");
    assert_string_equal(x->templates[1], "cdk.out/assembly-Stage/manifest.json");
    xfree(x);
}

static void test_wanted(void **state)
{
    (void)state;
    assert_true(cwf_extract_wanted("a/main.tf"));
    assert_true(cwf_extract_wanted("x.tf.json"));
    assert_true(cwf_extract_wanted("t.template"));
    assert_true(cwf_extract_wanted("t.yml"));
    assert_false(cwf_extract_wanted("README.md"));
    assert_false(cwf_extract_wanted("main.tf.bak"));
}

/* ---- suppressions --------------------------------------------------------- */

static void test_directive_parse(void **state)
{
    (void)state;
    static const char text[] = " cwfilter-ignore:CWF210,CWF211 all -- because  ";
    size_t len = sizeof text - 1;
    cwf_pos pos[sizeof text];
    for (size_t i = 0; i <= len; i++)
        pos[i] = (cwf_pos){3, (uint32_t)(10 + i)};
    cwf_suppressions s = {0};
    assert_true(cwf_sup_directive(text, len, pos, "f", 7, &s));
    assert_int_equal(s.n, 3);
    assert_string_equal(s.v[2].id, "all");
    assert_string_equal(s.v[0].reason, "because");
    assert_int_equal(s.v[1].span.start, 24);
    assert_int_equal(s.v[1].target, 7);
    assert_false(cwf_sup_directive(" cwfilter-ignored: x", 20, pos, "f", 0, &s));
    assert_false(cwf_sup_directive(" see cwfilter-ignore: x", 23, pos, "f", 0, &s));
    assert_int_equal(s.n, 3);
    /* spaces before the colon; "--" inside an id is not a reason; an
     * empty reason is none */
    assert_true(cwf_sup_directive("cwfilter-ignore\t : a--b -- \r", 28, pos, "f", 0, &s));
    assert_int_equal(s.n, 4);
    assert_string_equal(s.v[3].id, "a--b");
    assert_null(s.v[3].reason);
    assert_int_equal(s.v[3].span.start, 19);
    assert_int_equal(s.v[3].span.end, 23);
    /* no id at all: kept with an empty id over the whole comment, to be reported */
    assert_true(cwf_sup_directive("cwfilter-ignore: -- why", 23, pos, "f", 0, &s));
    assert_int_equal(s.n, 5);
    assert_string_equal(s.v[4].id, "");
    assert_null(s.v[4].reason);
    assert_int_equal(s.v[4].span.start, 0);
    assert_int_equal(s.v[4].span.end, 23);
    assert_false(cwf_sup_directive("cwfilter-ignore", 15, pos, "f", 0, &s));
    assert_false(cwf_sup_directive("   ", 3, pos, "f", 0, &s));
    assert_false(cwf_sup_directive(" cwf", 4, pos, "f", 0, &s));
    assert_int_equal(s.n, 5);
    assert_true(cwf_sup_names("cwf210", CWF_R_INFIX_WILDCARD));
    assert_true(cwf_sup_names("infix-wildcard", CWF_R_INFIX_WILDCARD));
    assert_true(cwf_sup_names("all", CWF_R_SYNTAX));
    assert_false(cwf_sup_names("CWF211", CWF_R_INFIX_WILDCARD));
    assert_false(cwf_sup_known("CWF999"));
    cwf_sups_free(&s);
}

static void test_config(void **state)
{
    (void)state;
    char dir[] = "/tmp/cwf-test-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256], sub[256];
    snprintf(path, sizeof path, "%s/.cwfilter.yml", dir);
    FILE *f = fopen(path, "w");
    fputs("ignore:\n  - id: [CWF210, CWF211]\n    path: exports/\n    reason: r\n"
          "  - id: CWF105\n    filter: x\n    log_group: /g\n", f);
    fclose(f);
    snprintf(sub, sizeof sub, "%s/exports", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    snprintf(sub, sizeof sub, "%s/exports/a.json", dir);
    f = fopen(sub, "w");
    fclose(f);

    char *found = cwf_config_find(sub);
    assert_non_null(found);
    cwf_config cfg;
    char *err;
    cwf_pos p;
    assert_true(cwf_config_load(found, &cfg, &err, &p));
    assert_int_equal(cfg.sup.n, 3);
    assert_string_equal(cfg.sup.v[1].id, "CWF211");
    assert_int_equal(cfg.sup.v[1].where.map[0].line, 2);
    assert_int_equal(cfg.sup.v[1].where.map[0].col, 18);
    char *rel = cwf_config_rel(&cfg, sub);
    assert_string_equal(rel, "exports/a.json");
    assert_true(cwf_config_matches(&cfg.sup.v[0], rel, NULL, NULL, NULL));
    assert_false(cwf_config_matches(&cfg.sup.v[2], rel, NULL, "x", NULL));
    assert_true(cwf_config_matches(&cfg.sup.v[2], rel, NULL, "x", "/g"));
    assert_false(cwf_config_matches(&cfg.sup.v[0], "other/a.json", NULL, NULL, NULL));
    free(rel);
    /* stdin and files outside the config's directory have no relative path */
    assert_null(cwf_config_rel(&cfg, "-"));
    assert_null(cwf_config_rel(&cfg, "/"));
    /* each key of an entry must match; a path glob does not cross '/' */
    cwf_suppression e = {0};
    e.path = "*.json";
    assert_false(cwf_config_matches(&e, NULL, NULL, NULL, NULL));
    assert_true(cwf_config_matches(&e, "a.json", NULL, NULL, NULL));
    assert_false(cwf_config_matches(&e, "d/a.json", NULL, NULL, NULL));
    e.path = NULL;
    e.resource = "R";
    assert_true(cwf_config_matches(&e, NULL, "R", NULL, NULL));
    assert_false(cwf_config_matches(&e, NULL, "Q", NULL, NULL));
    assert_false(cwf_config_matches(&e, NULL, NULL, NULL, NULL));
    e.resource = NULL;
    e.filter = "f";
    assert_false(cwf_config_matches(&e, NULL, NULL, NULL, NULL));
    assert_false(cwf_config_matches(&e, NULL, NULL, "g", NULL));
    e.filter = NULL;
    e.log_group = "/g";
    assert_false(cwf_config_matches(&e, NULL, NULL, NULL, "/h"));
    cwf_config_free(&cfg);

    f = fopen(path, "w");
    fputs("ignore:\n  - id: CWF210\n    file: x\n", f);
    fclose(f);
    assert_false(cwf_config_load(found, &cfg, &err, &p));
    assert_non_null(strstr(err, "unknown key \"file\""));
    assert_int_equal(p.line, 3);
    assert_int_equal(p.col, 5);
    free(err);
    free(found);
    remove(sub);
    snprintf(sub, sizeof sub, "%s/exports", dir);
    rmdir(sub);
    remove(path);
    rmdir(dir);
}

/* Every shape of .cwfilter.yml that is not a list of ignore entries is one
 * error at its place; an empty file or an empty list ignores nothing. */
static void test_config_errors(void **state)
{
    (void)state;
    static const struct {
        const char *text, *err;
        uint32_t line, col;
    } cases[] = {
        {"", NULL, 0, 0},
        {"ignore:\n", NULL, 0, 0},
        {"ignore: ~\n", NULL, 0, 0},
        {"ignore: null\n", NULL, 0, 0},
        {"ignore: Null\n", NULL, 0, 0},
        {"ignore: NULL\n", NULL, 0, 0},
        {"ignore: 'null'\n", "\"ignore\" must be a list of entries", 1, 9},
        {"- a\n", "expected a mapping with the key \"ignore\"", 1, 1},
        {"other: 1\n", "unknown key \"other\" (expected \"ignore\")", 1, 1},
        {"ignore: x\n", "\"ignore\" must be a list of entries", 1, 9},
        {"ignore:\n  - x\n", "an ignore entry must be a mapping with \"id\"", 2, 5},
        {"ignore:\n  - path: p\n", "an ignore entry needs an \"id\"", 2, 5},
        {"ignore:\n  - id: [CWF210, [x]]\n", "a rule id must be a string", 2, 18},
        {"ignore:\n  - id: {a: 1}\n", "\"id\" must be a rule id or a list of them", 2, 9},
        {"ignore:\n  - id: CWF210\n    path: [a]\n", "\"path\" must be a string", 3, 11},
        {"\xff\xfei\0g\0", "YAML in UTF-16 is not supported; convert it to UTF-8", 1, 1},
        {"\xfe\xff\0i\0g", "YAML in UTF-16 is not supported; convert it to UTF-8", 1, 1},
        {"ignore:\n  - id: \xff\n", "YAML: invalid leading UTF-8 octet", 2, 9},
        {"ignore: a: b\n", "YAML: mapping values are not allowed in this context", 1, 10},
        {"ignore: [a\n", "YAML: did not find expected ',' or ']' while parsing a flow sequence", 2, 1},
        {"[1]: x\n", "unknown key \"?\" (expected \"ignore\")", 1, 1},
        {"ignore:\n  - id: CWF210\n    why: x\n", "unknown key \"why\" (expected id, path, filter, "
         "resource, log_group, reason)", 3, 5},
        {"ignore:\n  - id: CWF210\n    [1]: x\n", "unknown key \"?\" (expected id, path, filter, "
         "resource, log_group, reason)", 3, 5},
        {"---\n...\n", NULL, 0, 0},
    };
    char dir[] = "/tmp/cwf-test-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/.cwfilter.yml", dir);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        FILE *f = fopen(path, "w");
        fputs(cases[i].text, f);
        fclose(f);
        cwf_config cfg;
        char *err;
        cwf_pos p;
        bool ok = cwf_config_load(path, &cfg, &err, &p);
        if (!cases[i].err) {
            if (!ok)
                fail_msg("case %zu: %s", i, err);
            assert_int_equal(cfg.sup.n, 0);
            cwf_config_free(&cfg);
            continue;
        }
        if (ok)
            fail_msg("case %zu: loaded", i);
        if (strcmp(err, cases[i].err) != 0 || p.line != cases[i].line || p.col != cases[i].col)
            fail_msg("case %zu: %u:%u %s", i, p.line, p.col, err);
        free(err);
    }
    /* a directory is not a file that can be read */
    cwf_config cfg;
    char *err;
    cwf_pos p;
    assert_false(cwf_config_load(dir, &cfg, &err, &p));
    assert_string_equal(err, "cannot read the file");
    free(err);
    remove(path);
    rmdir(dir);
}

/* Every pattern of the corpus maps byte by byte onto its source: no YAML
 * scalar fell back to coarse positions. */
/* Files of 1 MiB or more keep only what readers use: the same filters, at
 * the same places, come out of each JSON file of the corpus when a large
 * member no reader uses is added at the end of its top-level object. */
static void test_large_json_pruned(void **state)
{
    (void)state;
    static const char *const files[] = {
        "corpus/configs/cfn/payments.template.json", "corpus/configs/describe/metric-filters.json",
        "corpus/configs/terraform/filters.tf.json", "corpus/configs/plan/plan.json",
        "corpus/configs/cdk/cdk.out/AppStack.template.json", "corpus/configs/cdk/cdk.out/manifest.json",
        "corpus/configs/chain/other-metric-arrays.tf.json",
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        cwf_buf b = CWF_BUF_INIT;
        if (!cwf_read_file(files[i], &b))
            fail_msg("cannot read %s (run from the top of the tree)", files[i]);
        cwf_extract *x = xread(files[i], b.p);
        size_t end = b.len;
        while (end > 0 && b.p[end - 1] != '}')
            end--;
        assert_true(end > 0);
        cwf_buf big = CWF_BUF_INIT;
        cwf_buf_add(&big, b.p, end - 1);
        cwf_buf_add(&big, ", \"zz\": [", 9);
        for (size_t k = 0; k < 60000; k++)
            cwf_buf_add(&big, "{\"Resources\": {\"a\": [1, \"b\"]}}, ", 32);
        cwf_buf_add(&big, "0]}\n", 4);
        assert_true(big.len >= (1 << 20));
        cwf_extract *y = xread(files[i], big.p);
        assert_int_equal(y->host, x->host);
        assert_int_equal(y->n, x->n);
        assert_int_equal(y->ntemplates, x->ntemplates);
        for (size_t k = 0; k < x->n; k++) {
            const cwf_filter *f = &x->v[k], *g = &y->v[k];
            assert_string_equal(g->src.text, f->src.text);
            assert_memory_equal(g->src.map, f->src.map, (f->src.len + 1) * sizeof *f->src.map);
            assert_int_equal(g->nparts, f->nparts);
            assert_true((!f->name && !g->name) || strcmp(f->name, g->name) == 0);
            if (!((!f->log_group && !g->log_group) || strcmp(f->log_group, g->log_group) == 0))
                fail_msg("%s: log group %s, pruned %s", files[i], f->log_group, g->log_group);
            assert_true((!f->resource && !g->resource) || strcmp(f->resource, g->resource) == 0);
        }
        /* the same chain resources (less the attributes no reader uses) */
        assert_int_equal(y->nres, x->nres);
        for (size_t k = 0; k < x->nres; k++) {
            assert_string_equal(y->res[k].name, x->res[k].name);
            const cwf_xattr *hx = &x->res[k].head, *hy = &y->res[k].head;
            assert_memory_equal(&hy->src.map[hy->span.start], &hx->src.map[hx->span.start],
                                sizeof *hx->src.map);
        }
        xfree(x);
        xfree(y);
        cwf_buf_free(&big);
        cwf_buf_free(&b);
    }
}

/* A JSON file whose tree would outgrow its bound (6 times the file's size
 * plus 32 MiB) is an error, not gigabytes: here 6-byte empty objects, each
 * kept because Resources names them. */
static void test_json_memory_bound(void **state)
{
    (void)state;
    size_t n = 1000000;
    cwf_buf b = CWF_BUF_INIT;
    const char *head = "{\"T\": \"AWS::Logs::MetricFilter\", \"Resources\": {";
    cwf_buf_add(&b, head, strlen(head));
    for (size_t i = 0; i < n; i++)
        cwf_buf_add(&b, "\"\":{},", 6);
    cwf_buf_add(&b, "\"\":{}}}", 7);
    cwf_extract x;
    assert_false(cwf_extract_buf("big.json", b.p, b.len, &x));
    assert_string_equal(x.error, "too many values to hold in memory (the bound is 6 times the "
                                 "file's size, plus 32 MiB)");
    assert_int_equal(x.error_pos.line, 1);
    cwf_extract_free(&x);
    cwf_buf_free(&b);
}

static void test_corpus_maps(void **state)
{
    (void)state;
    static const char *const files[] = {
        "corpus/configs/cfn/cloudtrail-alarms.yaml", "corpus/configs/cfn/broken.yaml",
        "corpus/configs/cfn/checkout-sam.yaml", "corpus/configs/cfn/split-iam.yaml",
        "corpus/configs/cfn/payments.template.json", "corpus/configs/describe/metric-filters.json",
        "corpus/configs/terraform/main.tf", "corpus/configs/terraform/broken.tf",
        "corpus/configs/terraform/filters.tf.json",
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        cwf_buf b = CWF_BUF_INIT;
        if (!cwf_read_file(files[i], &b))
            fail_msg("cannot read %s (run from the top of the tree)", files[i]);
        cwf_extract *x = xread(files[i], b.p);
        assert_true(x->n > 0);
        for (size_t k = 0; k < x->n; k++)
            if (!x->v[k].nparts && !x->v[k].not_string)
                check_map(b.p, &x->v[k], "\\'");
        xfree(x);
        cwf_buf_free(&b);
    }
}

/* ---- which reader, and the edges of each -------------------------------- */

/* The reader is picked by the path's extension, else by the first byte and
 * whether a line starts an HCL resource block. */
static void test_host_detection(void **state)
{
    (void)state;
    static const struct {
        const char *path, *text;
        cwf_host host;
        size_t n;
    } cases[] = {
        /* describe pages collected in one JSON array; other values skipped */
        {"pages.json", "[{\"metricFilters\": [{\"filterPattern\": \"a\"}]}, 1, "
                       "{\"subscriptionFilters\": [{\"filterPattern\": \"b\"}]}]",
         CWF_HOST_DESCRIBE, 2},
        /* a top-level value that is not an object */
        {"x.json", "[\"metricFilters\", 3]", CWF_HOST_NONE, 0},
        {"x.yaml", "- metricFilters\n- 1\n", CWF_HOST_NONE, 0},
        /* JSON found by its first byte after blank lines, no extension */
        {"export", "\n\t {\"metricFilters\": [{\"filterPattern\": \"c\"}]}", CWF_HOST_DESCRIBE, 1},
        /* HCL found by an indented resource block, no extension */
        {"main", "# x\n\t resource \t\"aws_cloudwatch_log_metric_filter\" \"a\" {\n  pattern = \"d\"\n}\n",
         CWF_HOST_TF, 1},
        /* "resource" not followed by a label: YAML */
        {"notes", "resource\tx: 1\nmetricFilters: [{filterPattern: e}]\n", CWF_HOST_DESCRIBE, 1},
        {"notes", "resourceful: 1\nmetricFilters: [{filterPattern: e}]\n", CWF_HOST_DESCRIBE, 1},
        /* a plan told by its format_version and planned_values only */
        {"p.json", "{\"format_version\": \"1.0\", \"planned_values\": {\"root_module\": {\"resources\": "
                   "[{\"address\": \"aws_cloudwatch_log_metric_filter.a\", \"mode\": \"managed\", "
                   "\"type\": \"aws_cloudwatch_log_metric_filter\", \"values\": {\"pattern\": \"f\"}}]}}}",
         CWF_HOST_TF_PLAN, 1},
        /* nothing that could hold a filter: not even parsed */
        {"y.json", "{not json", CWF_HOST_NONE, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cwf_extract *x = xread(cases[i].path, cases[i].text);
        if (x->host != cases[i].host || x->n != cases[i].n)
            fail_msg("case %zu: host %d, %zu filters", i, (int)x->host, x->n);
        xfree(x);
    }
}

/* A CDK manifest: artifacts without a type, paths that climb out of the
 * assembly, and artifacts that are not an object. */
static void test_cdk_edges(void **state)
{
    (void)state;
    const char *host =
        "{\"version\": \"36.0.0\", \"artifacts\": {"
        "\"A\": {\"properties\": {\"templateFile\": \"A.template.json\"}},"
        "\"S\": {\"type\": \"cdk:cloud-assembly\", \"properties\": {\"directoryName\": \"../up\"}},"
        "\"T\": {\"type\": \"cdk:cloud-assembly\", \"properties\": {}},"
        "\"U\": {\"type\": \"aws:cloudformation:stack\", \"properties\": {\"templateFile\": \"U.json\"}}}}";
    cwf_extract *x = xread("manifest.json", host);
    assert_int_equal(x->host, CWF_HOST_CDK);
    assert_int_equal(x->ntemplates, 1);
    assert_string_equal(x->templates[0], "U.json"); /* no directory in the path */
    assert_string_equal(x->stacks[0], "U");
    xfree(x);
    const char *bad = "{\"version\": \"36.0.0\",\n \"artifacts\": [\"aws_cloudwatch_log_metric_filter\"]}";
    cwf_extract y;
    assert_false(cwf_extract_buf("cdk.out/manifest.json", bad, strlen(bad), &y));
    assert_string_equal(y.error, "CDK manifest: \"artifacts\" is not an object");
    assert_int_equal(y.error_pos.line, 1);
    assert_int_equal(y.error_pos.col, 1);
    cwf_extract_free(&y);
}

/* The forms of a resource's cwfilter ignore metadata: one id as a string,
 * a list of ids and {id, reason} maps; anything else is no suppression. */
static void test_cfn_metadata_forms(void **state)
{
    (void)state;
    const char *host =
        "Resources:\n"
        "  A:\n"
        "    Type: AWS::Logs::MetricFilter\n"
        "    Metadata: {cwfilter: {ignore: CWF210}}\n"
        "    Properties: {LogGroupName: g, FilterPattern: a}\n"
        "  B:\n"
        "    Type: AWS::Logs::MetricFilter\n"
        "    Metadata: {cwfilter: {ignore: {id: CWF211}}}\n"
        "    Properties: {LogGroupName: g, FilterPattern: b}\n"
        "  C:\n"
        "    Type: AWS::Logs::MetricFilter\n"
        "    Metadata: {cwfilter: {ignore: [[CWF212], {id: [x]}, {id: CWF213, reason: [r]}, CWF214]}}\n"
        "    Properties: {LogGroupName: g, FilterPattern: c}\n";
    cwf_extract *x = xread("t.yaml", host);
    assert_int_equal(x->n, 3);
    assert_int_equal(x->sup.n, 3);
    assert_string_equal(x->sup.v[0].id, "CWF210");
    assert_int_equal(x->sup.v[0].target, 0);
    assert_int_equal(x->sup.v[0].where.map[0].line, 4);
    assert_int_equal(x->sup.v[0].where.map[0].col, 35);
    assert_string_equal(x->sup.v[1].id, "CWF213");
    assert_null(x->sup.v[1].reason);
    assert_int_equal(x->sup.v[1].target, 2);
    assert_string_equal(x->sup.v[2].id, "CWF214");
    assert_int_equal(x->sup.v[2].target, 2);
    xfree(x);
}

/* describe output: entries without a string pattern are no filters. */
static void test_describe_skips(void **state)
{
    (void)state;
    const char *host = "{\"metricFilters\": [{\"filterName\": \"a\"}, {\"filterPattern\": 3}, 7,"
                       " {\"filterPattern\": \"x\"}], \"subscriptionFilters\": {}}";
    cwf_extract *x = xread("d.json", host);
    assert_int_equal(x->n, 1);
    assert_string_equal(x->v[0].src.text, "x");
    assert_null(x->v[0].name);
    assert_null(x->v[0].log_group);
    xfree(x);
}

/* .tf.json: blocks as arrays at each level, a type whose names are not an
 * object, $${ and %%{ escapes, a whole-value reference, a "//" comment
 * that is no directive. */
static void test_tfjson_edges(void **state)
{
    (void)state;
    const char *host =
        "{\"resource\": [\n"
        "  {\"aws_cloudwatch_log_group\": {\"g\": {\"name\": \"/app\"}, \"h\": {\"name\": \"x-${var.e}\"}}},\n"
        "  {\"aws_cloudwatch_log_metric_filter\": [1]},\n"
        "  {\"aws_cloudwatch_log_metric_filter\": {\"a\": [{\"pattern\": \"$${x} %%{y}\", \"log_group_name\": "
        "\"${aws_cloudwatch_log_group.g.name}\", \"//\": \"just a comment\"}, 3]}},\n"
        "  {\"aws_cloudwatch_log_subscription_filter\": {\"s\": {\"filter_pattern\": \"${var.p}\", "
        "\"log_group_name\": \"${aws_cloudwatch_log_group.h.name}\"}}}\n"
        "]}\n";
    cwf_extract *x = xread("f.tf.json", host);
    assert_int_equal(x->host, CWF_HOST_TF_JSON);
    assert_int_equal(x->n, 2);
    assert_int_equal(x->sup.n, 0);
    assert_int_equal(x->nres, 3);
    const cwf_filter *a = &x->v[0];
    assert_string_equal(a->resource, "aws_cloudwatch_log_metric_filter.a");
    assert_string_equal(a->src.text, "${x} %{y}");
    assert_int_equal(a->nparts, 0);
    assert_string_equal(a->log_group, "aws_cloudwatch_log_group.g.name");
    assert_true(a->log_group_ref);
    at(a, "${x}", 4, 60);
    at(a, "%{y}", 4, 66);
    const cwf_filter *s = &x->v[1];
    assert_string_equal(s->resource, "aws_cloudwatch_log_subscription_filter.s");
    assert_string_equal(s->src.text, "${var.p}");
    assert_int_equal(s->nparts, 1);
    assert_string_equal(s->parts[0].what, "${var.p}");
    at(s, "${var.p}", 5, 72);
    xfree(x);
}

/* A plan: data sources, non-string patterns and resources without an
 * address are no filters; "values" stands in for "planned_values"; a
 * format_version other than 0.x or 1.x is an error. */
static void test_plan_edges(void **state)
{
    (void)state;
    const char *host =
        "{\"format_version\": \"1.1\", \"terraform_version\": \"1.5.0\", \"planned_values\": "
        "{\"root_module\": {\"resources\": [\n"
        " {\"address\": \"data.aws_cloudwatch_log_metric_filter.d\", \"mode\": \"data\", \"type\": "
        "\"aws_cloudwatch_log_metric_filter\", \"values\": {\"pattern\": \"a\"}},\n"
        " {\"address\": \"aws_cloudwatch_log_metric_filter.n\", \"mode\": \"managed\", \"type\": "
        "\"aws_cloudwatch_log_metric_filter\", \"values\": {\"pattern\": 5}},\n"
        " {\"address\": \"aws_cloudwatch_log_metric_filter.u\", \"type\": "
        "\"aws_cloudwatch_log_metric_filter\", \"values\": {\"name\": \"u\", \"metric_transformation\": []}},\n"
        " {\"address\": \"aws_cloudwatch_log_metric_filter.k\", \"type\": "
        "\"aws_cloudwatch_log_metric_filter\", \"values\": {\"pattern\": \"k\"}},\n"
        " {\"type\": \"aws_cloudwatch_log_metric_filter\", \"values\": {\"pattern\": \"noaddr\"}}\n"
        "], \"child_modules\": {}}},\n"
        " \"resource_changes\": [\n"
        " {\"address\": \"aws_cloudwatch_log_metric_filter.k\"},\n"
        " {\"address\": \"aws_cloudwatch_log_metric_filter.u\", \"change\": {\"after_unknown\": "
        "{\"pattern\": false, \"metric_transformation\": [{\"value\": true}], \"log_group_name\": true}}}\n"
        "]}\n";
    cwf_extract *x = xread("plan.json", host);
    assert_int_equal(x->host, CWF_HOST_TF_PLAN);
    assert_int_equal(x->n, 1);
    assert_int_equal(x->nres, 3);
    assert_string_equal(x->v[0].resource, "aws_cloudwatch_log_metric_filter.k");
    assert_string_equal(x->v[0].src.text, "k");
    at(&x->v[0], "k", 5, 119);
    xfree(x);
    const char *v = "{\"format_version\": \"1.0\", \"terraform_version\": \"1\", \"values\": {\"root_module\": "
                    "{\"resources\": [{\"address\": \"aws_cloudwatch_log_metric_filter.v\", \"type\": "
                    "\"aws_cloudwatch_log_metric_filter\", \"values\": {\"pattern\": \"v\"}}]}}}";
    x = xread("plan.json", v);
    assert_int_equal(x->n, 1);
    assert_string_equal(x->v[0].src.text, "v");
    xfree(x);
    const char *bad = "{\"format_version\": \"x\", \"planned_values\": {}, \"y\": "
                      "\"aws_cloudwatch_log_metric_filter\"}";
    cwf_extract y;
    assert_false(cwf_extract_buf("plan.json", bad, strlen(bad), &y));
    assert_string_equal(y.error, "unsupported plan format_version \"x\" (1.x expected)");
    assert_int_equal(y.error_pos.line, 1);
    assert_int_equal(y.error_pos.col, 20);
    cwf_extract_free(&y);
}

/* Fn::Sub as [template, variables]: a variable that is an intrinsic or a
 * list is a part; a template that is itself an intrinsic leaves the whole
 * Fn::Sub a part. */
static void test_cfn_sub_forms(void **state)
{
    (void)state;
    const char *host =
        "Resources:\n"
        "  C:\n"
        "    Type: AWS::Logs::MetricFilter\n"
        "    Properties:\n"
        "      LogGroupName: g\n"
        "      FilterPattern: !Sub ['{ $.a = \"${X}\" && $.b = \"${Y}\" }', {X: !Ref P, Y: [1]}]\n"
        "  D:\n"
        "    Type: AWS::Logs::MetricFilter\n"
        "    Properties:\n"
        "      LogGroupName: g\n"
        "      FilterPattern: !Sub [!Ref T, {}]\n";
    cwf_extract *x = xread("t.yaml", host);
    assert_int_equal(x->n, 2);
    const cwf_filter *c = &x->v[0];
    assert_string_equal(c->src.text, "{ $.a = \"!Ref P\" && $.b = \"[1]\" }");
    assert_int_equal(c->nparts, 2);
    assert_string_equal(c->parts[0].what, "!Ref P");
    assert_string_equal(c->parts[1].what, "a list");
    at(c, "{", 6, 29);
    const cwf_filter *d = &x->v[1];
    assert_string_equal(d->src.text, "!Sub [!Ref T, {}]");
    assert_int_equal(d->nparts, 1);
    assert_string_equal(d->parts[0].what, "!Sub");
    at(d, "!Sub", 11, 22);
    xfree(x);
}

/* Resources of every shape: not a map, no Type, a log group without a
 * name or with an intrinsic one, properties that are not a map, a null
 * pattern; and a Resources that is not a map. */
static void test_cfn_resource_shapes(void **state)
{
    (void)state;
    const char *host =
        "Resources:\n"
        "  A: 1\n"
        "  B: {Properties: {}}\n"
        "  C: {Type: AWS::Logs::LogGroup}\n"
        "  D: {Type: AWS::Logs::LogGroup, Properties: {LogGroupName: !Sub x}}\n"
        "  F: {Type: AWS::Logs::MetricFilter, Properties: {LogGroupName: {Ref: D}, FilterPattern: a}}\n"
        "  G: {Type: AWS::Logs::MetricFilter, Properties: [1]}\n"
        "  H: {Type: AWS::Logs::MetricFilter, Properties: {FilterPattern: ~}}\n";
    cwf_extract *x = xread("t.yaml", host);
    assert_int_equal(x->host, CWF_HOST_CFN);
    assert_int_equal(x->n, 1);
    assert_string_equal(x->v[0].resource, "F");
    assert_string_equal(x->v[0].log_group, "x");
    assert_false(x->v[0].log_group_ref);
    assert_string_equal(x->v[0].src.text, "a");
    at(&x->v[0], "a", 6, 90);
    xfree(x);
    x = xread("t.yaml", "Resources: [1]\n# AWS::Logs::MetricFilter\n");
    assert_int_equal(x->host, CWF_HOST_CFN);
    assert_int_equal(x->n, 0);
    xfree(x);
}

/* .tf.json templates: an escaped quote inside a string inside ${...}, a
 * template never closed (a part to the end), %%{ and $${ escapes. */
static void test_tfjson_templates(void **state)
{
    (void)state;
    const char *host =
        "{\"resource\": {\"aws_cloudwatch_log_metric_filter\": {"
        "\"a\": {\"pattern\": \"x ${f(\\\"a\\\\\\\"}\\\")} y\"}, "
        "\"b\": {\"pattern\": \"x ${unclosed\"}, "
        "\"c\": {\"pattern\": \"%%{ if } $${\"}}}}";
    cwf_extract *x = xread("f.tf.json", host);
    assert_int_equal(x->n, 3);
    assert_string_equal(x->v[0].src.text, "x ${f(\"a\\\"}\")} y");
    assert_int_equal(x->v[0].nparts, 1);
    assert_string_equal(x->v[0].parts[0].what, "${f(\"a\\\"}\")}");
    assert_string_equal(x->v[1].src.text, "x ${unclosed");
    assert_int_equal(x->v[1].nparts, 1);
    assert_string_equal(x->v[1].parts[0].what, "${unclosed");
    assert_string_equal(x->v[2].src.text, "%{ if } ${");
    assert_int_equal(x->v[2].nparts, 0);
    at(&x->v[2], "${", 1, 155);
    xfree(x);
}

/* The configuration found from a directory below it, from "-" (the
 * current directory), and from the root: its path relative to the
 * current directory. */
static void test_config_find_relative(void **state)
{
    (void)state;
    char top[4096];
    assert_non_null(getcwd(top, sizeof top));
    char dir[] = "/tmp/cwf-find-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char real[PATH_MAX], p[PATH_MAX + 64];
    assert_non_null(realpath(dir, real));
    snprintf(p, sizeof p, "%s/.cwfilter.yml", real);
    FILE *f = fopen(p, "w");
    fputs("ignore: []\n", f);
    fclose(f);
    snprintf(p, sizeof p, "%s/a", real);
    assert_int_equal(mkdir(p, 0700), 0);
    snprintf(p, sizeof p, "%s/a/b", real);
    assert_int_equal(mkdir(p, 0700), 0);
    snprintf(p, sizeof p, "%s/c", real);
    assert_int_equal(mkdir(p, 0700), 0);
    /* from a/b with "-": two levels up */
    snprintf(p, sizeof p, "%s/a/b", real);
    assert_int_equal(chdir(p), 0);
    char *got = cwf_config_find("-");
    assert_string_equal(got, "../../.cwfilter.yml");
    free(got);
    /* from c, for a file in a/b: one level up */
    snprintf(p, sizeof p, "%s/c", real);
    assert_int_equal(chdir(p), 0);
    snprintf(p, sizeof p, "%s/a/b/x.json", real);
    got = cwf_config_find(p);
    assert_string_equal(got, "../.cwfilter.yml");
    free(got);
    /* from the root */
    assert_int_equal(chdir("/"), 0);
    got = cwf_config_find(p);
    char *want = cwf_xasprintf("%s/.cwfilter.yml", real + 1);
    assert_string_equal(got, want);
    free(want);
    free(got);
    assert_int_equal(chdir(top), 0);
    char *cmd = cwf_xasprintf("rm -rf '%s'", real);
    assert_int_equal(system(cmd), 0);
    free(cmd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_describe_escapes),
        cmocka_unit_test(test_json_pages_and_subscriptions),
        cmocka_unit_test(test_json_numbers),
        cmocka_unit_test(test_json_errors),
        cmocka_unit_test(test_depth_limits),
        cmocka_unit_test(test_duplicate_keys),
        cmocka_unit_test(test_not_a_filter_file),
        cmocka_unit_test(test_cfn_json_intrinsics),
        cmocka_unit_test(test_yaml_styles),
        cmocka_unit_test(test_yaml_crlf_bom_and_tabs),
        cmocka_unit_test(test_bom_columns),
        cmocka_unit_test(test_yaml_intrinsics),
        cmocka_unit_test(test_yaml_directives),
        cmocka_unit_test(test_yaml_errors),
        cmocka_unit_test(test_hcl_strings_and_heredocs),
        cmocka_unit_test(test_hcl_flush_heredoc_rules),
        cmocka_unit_test(test_hcl_resolve_locals),
        cmocka_unit_test(test_cfn_pseudo_parameters),
        cmocka_unit_test(test_hcl_directives),
        cmocka_unit_test(test_hcl_errors),
        cmocka_unit_test(test_tfjson),
        cmocka_unit_test(test_tfjson_values),
        cmocka_unit_test(test_tfjson_arrays),
        cmocka_unit_test(test_cfn_intrinsic_values),
        cmocka_unit_test(test_cfn_chain_attrs),
        cmocka_unit_test(test_tfjson_chain_attrs),
        cmocka_unit_test(test_plan),
        cmocka_unit_test(test_cdk_manifest),
        cmocka_unit_test(test_wanted),
        cmocka_unit_test(test_directive_parse),
        cmocka_unit_test(test_config),
        cmocka_unit_test(test_config_errors),
        cmocka_unit_test(test_config_find_relative),
        cmocka_unit_test(test_corpus_maps),
        cmocka_unit_test(test_large_json_pruned),
        cmocka_unit_test(test_json_memory_bound),
        cmocka_unit_test(test_host_detection),
        cmocka_unit_test(test_cdk_edges),
        cmocka_unit_test(test_cfn_metadata_forms),
        cmocka_unit_test(test_describe_skips),
        cmocka_unit_test(test_tfjson_edges),
        cmocka_unit_test(test_tfjson_templates),
        cmocka_unit_test(test_plan_edges),
        cmocka_unit_test(test_cfn_sub_forms),
        cmocka_unit_test(test_cfn_resource_shapes),
    };
    return cmocka_run_group_tests_name("extract", tests, NULL, NULL);
}
