/* test_match.c: the matcher against every documented example, the
 * CloudTrail corpus, the decisions of SPEC Part 1, and a reference.
 *
 *   - corpus/match/NAME.jsonl: {"id","pattern","event","match","extracted"?}, one
 *     case a line; every file is walked, so a new case needs no code;
 *   - corpus/events/expected.jsonl: per file, the benchmark pattern's verdict;
 *     every event of every corpus/events file is also checked against a
 *     jansson oracle (eventName among the sixteen);
 *   - unit cases for the decisions the corpus does not pin down;
 *   - a differential test: random JSON patterns x random events, the matcher
 *     against a plain evaluator over jansson's DOM (fixed seed).
 * Run from the top of the tree (the Makefile does). */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "events.h"
#include "match.h"
#include "parse.h"
#include "fixtures.h"
#include "prefilter.h"
#include "regex.h"
#include "util.h"

static const char benchmark[] = IAM_PATTERN;


/* A parsed pattern with its matcher. */
typedef struct compiled {
    cwf_arena a;
    cwf_diags d;
    cwf_pattern *p;
    cwf_matcher *m;
} compiled;

/* Parses text; NULL p when it has errors (the diagnostics stay in d). */
static void compile(compiled *c, const char *text, size_t len)
{
    memset(c, 0, sizeof *c);
    c->p = cwf_parse(text, len, &c->a, &c->d);
    if (c->p && cwf_diags_count(&c->d, CWF_ERROR) > 0)
        c->p = NULL;
    c->m = c->p ? cwf_matcher_new(c->p) : NULL;
}

static void release(compiled *c)
{
    cwf_matcher_free(c->m);
    cwf_diags_free(&c->d);
    cwf_arena_free(&c->a);
}

/* Whether pattern matches event, failing the test on a bad pattern. */
static bool matches(const char *pattern, const char *event)
{
    compiled c;
    compile(&c, pattern, strlen(pattern));
    if (!c.p)
        fail_msg("pattern does not parse: %s (%s)", pattern,
                 c.d.n ? c.d.v[0].message : "no diagnostic");
    bool r = cwf_matcher_match(c.m, event, strlen(event), NULL);
    release(&c);
    return r;
}

#define YES(p, e) do { if (!matches(p, e)) fail_msg("expected %s to match %s", p, e); } while (0)
#define NO(p, e) do { if (matches(p, e)) fail_msg("expected %s not to match %s", p, e); } while (0)

/* ---- corpus/match ------------------------------------------------------ */

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The files in dir ending in suffix, sorted; NULL-terminated, malloc'd. */
static char **list_dir(const char *dir, const char *suffix)
{
    DIR *d = opendir(dir);
    if (!d)
        fail_msg("cannot open %s (run from the top of the tree)", dir);
    char **v = NULL;
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t len = strlen(de->d_name), sl = strlen(suffix);
        if (len < sl || strcmp(de->d_name + len - sl, suffix) != 0)
            continue;
        v = realloc(v, (n + 2) * sizeof *v);
        v[n++] = cwf_xasprintf("%s/%s", dir, de->d_name);
    }
    closedir(d);
    v = realloc(v, (n + 1) * sizeof *v);
    v[n] = NULL;
    qsort(v, n, sizeof *v, by_name);
    return v;
}

static void free_list(char **v)
{
    for (size_t i = 0; v[i]; i++)
        free(v[i]);
    free(v);
}

/* Checks one case; returns false (after printing why) when it fails. */
static bool check_case(json_t *c, const char *where)
{
    const char *id = json_string_value(json_object_get(c, "id"));
    json_t *jp = json_object_get(c, "pattern"), *je = json_object_get(c, "event");
    json_t *jm = json_object_get(c, "match"), *jx = json_object_get(c, "extracted");
    if (!id || !json_is_string(jp) || !json_is_string(je) || !json_is_boolean(jm)) {
        print_error("%s: a case needs id, pattern, event and match\n", where);
        return false;
    }
    compiled k;
    compile(&k, json_string_value(jp), json_string_length(jp));
    bool ok = true;
    if (!k.p) {
        print_error("%s %s: pattern does not parse: %s\n", where, id,
                    k.d.n ? k.d.v[0].message : "?");
        release(&k);
        return false;
    }
    cwf_extracted x = CWF_EXTRACTED_INIT;
    bool got = cwf_matcher_match(k.m, json_string_value(je), json_string_length(je), &x);
    if (got != json_is_true(jm)) {
        print_error("%s %s: expected %s, got %s\n  pattern %s\n  event   %s\n", where, id,
                    json_is_true(jm) ? "match" : "no match", got ? "match" : "no match",
                    json_string_value(jp), json_string_value(je));
        ok = false;
    }
    cwf_matcher_set_prefilter(k.m, false);
    if (cwf_matcher_match(k.m, json_string_value(je), json_string_length(je), NULL) != got) {
        print_error("%s %s: the verdict changes with --no-prefilter\n", where, id);
        ok = false;
    }
    cwf_matcher_set_prefilter(k.m, true);
    if (ok && jx) {
        /* exactly the documented values: same names, same texts */
        if (json_object_size(jx) != x.n) {
            print_error("%s %s: %zu extracted values, expected %zu\n", where, id, x.n,
                        json_object_size(jx));
            ok = false;
        }
        const char *name;
        json_t *v;
        json_object_foreach(jx, name, v) {
            size_t n;
            const char *got_v = cwf_extracted_get(&x, name, &n);
            if (!got_v || n != json_string_length(v) || memcmp(got_v, json_string_value(v), n)) {
                print_error("%s %s: %s is \"%.*s\", expected \"%s\"\n", where, id, name,
                            got_v ? (int)n : 6, got_v ? got_v : "(none)", json_string_value(v));
                ok = false;
            }
        }
    }
    if (ok && k.p->kind != CWF_K_DELIM && x.n != 0) {
        print_error("%s %s: a %s pattern extracted values\n", where, id, cwf_kind_name(k.p->kind));
        ok = false;
    }
    cwf_extracted_free(&x);
    release(&k);
    return ok;
}

static void test_corpus_match(void **state)
{
    (void)state;
    char **files = list_dir("corpus/match", ".jsonl");
    size_t cases = 0, failed = 0;
    for (size_t i = 0; files[i]; i++) {
        FILE *f = fopen(files[i], "r");
        assert_non_null(f);
        char *line = NULL;
        size_t cap = 0;
        ssize_t n;
        for (int ln = 1; (n = getline(&line, &cap, f)) > 0; ln++) {
            if (strspn(line, " \t\r\n") == (size_t)n)
                continue;
            json_error_t err;
            json_t *c = json_loadb(line, (size_t)n, 0, &err);
            char where[300];
            snprintf(where, sizeof where, "%s:%d", files[i], ln);
            if (!c)
                fail_msg("%s: %s", where, err.text);
            cases++;
            failed += !check_case(c, where);
            json_decref(c);
        }
        free(line);
        fclose(f);
    }
    free_list(files);
    print_message("corpus/match: %zu cases, %zu failed\n", cases, failed);
    assert_true(cases > 0);
    assert_int_equal(failed, 0);
}

/* ---- corpus/events ----------------------------------------------------- */

/* The oracle for the benchmark pattern: eventName among the sixteen. */
static bool oracle_iam(const char *msg, size_t len)
{
    json_t *j = json_loadb(msg, len, 0, NULL);
    const char *name = json_string_value(json_object_get(j, "eventName"));
    bool in = false;
    for (size_t i = 0; name && i < CWF_COUNT(iam_names); i++)
        in |= strcmp(name, iam_names[i]) == 0;
    json_decref(j);
    return in;
}

/* Matches every event of path; returns the number of events and of
 * matches, and checks each against the oracle. */
static void run_events(cwf_matcher *m, const char *path, size_t *events, size_t *hits)
{
    char *err;
    cwf_events *ev = cwf_events_open(path, &err);
    if (!ev)
        fail_msg("%s: %s", path, err);
    const char *msg;
    size_t len;
    int r;
    *events = *hits = 0;
    while ((r = cwf_events_next(ev, &msg, &len)) == 1) {
        ++*events;
        bool got = cwf_matcher_match(m, msg, len, NULL);
        cwf_matcher_set_prefilter(m, false);
        if (cwf_matcher_match(m, msg, len, NULL) != got)
            fail_msg("%s: event %zu: the verdict changes without the prefilter", path, *events);
        cwf_matcher_set_prefilter(m, true);
        *hits += got;
        if (got != oracle_iam(msg, len))
            fail_msg("%s: event %zu: matcher says %d, the oracle disagrees", path, *events, got);
    }
    if (r < 0)
        fail_msg("%s: %s", path, cwf_events_error(ev));
    cwf_events_close(ev);
}

static void test_corpus_events(void **state)
{
    (void)state;
    compiled c;
    compile(&c, benchmark, strlen(benchmark));
    assert_non_null(c.p);
    FILE *f = fopen("corpus/events/expected.jsonl", "r");
    assert_non_null(f);
    char *line = NULL;
    size_t cap = 0, listed = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) > 0) {
        json_t *e = json_loadb(line, (size_t)n, 0, NULL);
        if (!e)
            continue;
        const char *file = json_string_value(json_object_get(e, "file"));
        json_t *want = json_object_get(e, "benchmark_match");
        assert_non_null(file);
        char *path = cwf_xasprintf("corpus/events/%s", file);
        size_t events, hits;
        run_events(c.m, path, &events, &hits);
        /* true/false: every event of the file; a number: how many match */
        if (json_is_boolean(want)) {
            if (hits != (json_is_true(want) ? events : 0) || events == 0)
                fail_msg("%s: %zu of %zu events match, expected %s", path, hits, events,
                         json_is_true(want) ? "all" : "none");
        } else if (json_is_integer(want)) {
            assert_int_equal(hits, json_integer_value(want));
        }
        free(path);
        listed++;
        json_decref(e);
    }
    free(line);
    fclose(f);
    assert_true(listed > 0);
    /* Every other file there, against the oracle alone. */
    char **files = list_dir("corpus/events", ".json");
    size_t total = 0;
    for (size_t i = 0; files[i]; i++) {
        size_t events, hits;
        run_events(c.m, files[i], &events, &hits);
        assert_true(events > 0);
        total += events;
    }
    free_list(files);
    print_message("corpus/events: %zu files listed, %zu events checked\n", listed, total);
    release(&c);
}

/* ---- unit cases: the decisions ----------------------------------------- */

static void test_json_decisions(void **state)
{
    (void)state;
    /* D9: strings and wildcards see numbers through their text as written */
    YES("{ $.code = \"400\" }", "{\"code\":400}");
    YES("{ $.code = 4* }", "{\"code\":404}");
    YES("{ $.n = \"1.50\" }", "{\"n\":1.50}");
    NO("{ $.n = \"1.5\" }", "{\"n\":1.50}");
    YES("{ $.n = * }", "{\"n\":0}");
    NO("{ $.code = 400 }", "{\"code\":\"400\"}"); /* a number never matches a string */
    NO("{ $.code != 400 }", "{\"code\":\"401\"}");
    YES("{ $.n = 1e+3 }", "{\"n\":1000}");
    YES("{ $.n = 1000 }", "{\"n\":1E3}");
    YES("{ $.n != 1e-3 }", "{\"n\":1000}");
    YES("{ $.n > 75 }", "{\"n\":80}");
    NO("{ $.n > 75 }", "{\"n\":\"80\"}");
    NO("{ $.n > 75 }", "{\"n\":75}");
    YES("{ $.n >= 75 }", "{\"n\":75.0}");
    YES("{ $.n < -1 }", "{\"n\":-1.5}");
    YES("{ $.n <= 5 }", "{\"n\":5}");
    /* D10, D11: != is false on missing, null, booleans, objects, arrays */
    NO("{ $.x != \"a\" }", "{}");
    NO("{ $.x != \"a\" }", "{\"x\":null}");
    NO("{ $.x != \"a\" }", "{\"x\":true}");
    NO("{ $.x != \"a\" }", "{\"x\":{}}");
    NO("{ $.x != \"a\" }", "{\"x\":[\"b\"]}");
    NO("{ $.x = \"a\" }", "{\"x\":[\"a\"]}");
    YES("{ $.x != \"a\" }", "{\"x\":\"b\"}");
    YES("{ $.x != \"a\" }", "{\"x\":5}");
    /* D12: [*] and .* hold when some element or member does, != included */
    YES("{ $.a[*] != \"x\" }", "{\"a\":[\"x\",\"y\"]}");
    NO("{ $.a[*] != \"x\" }", "{\"a\":[\"x\",\"x\"]}");
    NO("{ $.a[*] = \"x\" }", "{\"a\":[]}");
    NO("{ $.a[*] = \"x\" }", "{\"a\":{\"k\":\"x\"}}");
    YES("{ $.a.* = \"x\" }", "{\"a\":{\"k\":\"x\"}}");
    NO("{ $.a.* = \"x\" }", "{\"a\":[\"x\"]}");
    YES("{ $.a[*].b = 1 }", "{\"a\":[{\"b\":2},{\"b\":1}]}");
    YES("{ $.a[*].b NOT EXISTS }", "{\"a\":[{\"b\":2},{\"c\":1}]}");
    NO("{ $.a[*].b NOT EXISTS }", "{\"a\":[{\"b\":2}]}");
    NO("{ $.a[*].b NOT EXISTS }", "{}");
    NO("{ $.* = \"v\" }", "[\"v\"]"); /* .* selects members, not elements */
    /* D13 */
    YES("{ $.f IS TRUE }", "{\"f\":true}");
    NO("{ $.f IS TRUE }", "{\"f\":\"true\"}");
    YES("{ $.f IS FALSE }", "{\"f\":false}");
    NO("{ $.f IS NULL }", "{}");
    YES("{ $.f IS NULL }", "{\"f\":null}");
    NO("{ $.f = * }", "{\"f\":null}");
    YES("{ $.f = \"true\" }", "{\"f\":\"true\"}");
    NO("{ $.f = \"true\" }", "{\"f\":true}");
    /* D14: a JSON pattern never matches a non-JSON message, NOT EXISTS too */
    NO("{ $.x NOT EXISTS }", "not json");
    NO("{ $.x NOT EXISTS }", "{\"a\":1,}");
    NO("{ $.x NOT EXISTS }", "\"a string\"");
    NO("{ $.x NOT EXISTS }", "42");
    NO("{ $.x NOT EXISTS }", "{} trailing");
    YES("{ $.x NOT EXISTS }", " {} ");
    YES("{ $.x NOT EXISTS }", "[1]"); /* Q25: a root array is a JSON message */
    /* Q25: the last duplicate key wins, nested too */
    YES("{ $.a = 2 }", "{\"a\":1,\"a\":2}");
    NO("{ $.a = 1 }", "{\"a\":1,\"a\":2}");
    NO("{ $.a.b = 1 }", "{\"a\":{\"b\":1},\"a\":{\"c\":1}}");
    NO("{ $.* = 1 }", "{\"a\":1,\"a\":2}");
    /* escapes: keys and values compare decoded */
    YES("{ $.eventName = \"Put\" }", "{\"event\\u004eame\":\"P\\u0075t\"}");
    YES("{ $.['cluster.name'] = \"c\" }", "{\"cluster.name\":\"c\"}");
    /* D7: wildcards only at the ends; an inner * is literal */
    YES("{ $.e = \"Put*Policy\" }", "{\"e\":\"Put*Policy\"}");
    NO("{ $.e = \"Put*Policy\" }", "{\"e\":\"PutRolePolicy\"}");
    YES("{ $.e = *Role* }", "{\"e\":\"PutRolePolicy\"}");
    YES("{ $.e = *Policy }", "{\"e\":\"PutRolePolicy\"}");
    NO("{ $.e = *Policy }", "{\"e\":\"PolicyPut\"}");
    /* D16: a regex value searches the field's text, numbers included */
    YES("{ $.e = %Role% }", "{\"e\":\"PutRolePolicy\"}");
    NO("{ $.e = %^Role% }", "{\"e\":\"PutRolePolicy\"}");
    YES("{ $.n = %^4[0-9]{2}$% }", "{\"n\":404}");
    YES("{ $.e != %Role% }", "{\"e\":\"PutUserPolicy\"}");
    /* D3: && binds tighter than || */
    YES("{ $.a = 1 || $.b = 2 && $.c = 3 }", "{\"a\":1}");
    NO("{ ($.a = 1 || $.b = 2) && $.c = 3 }", "{\"a\":1}");
}

static void test_terms_regex_all(void **state)
{
    (void)state;
    YES("", "anything");
    YES("   ", "anything");
    YES("ERROR", "Exiting with ERRORCODE: -1");
    NO("ERROR", "error");
    YES("ERROR -ARGUMENTS", "[ERROR 400] BAD REQUEST");
    NO("ERROR -ARGUMENTS", "[ERROR 419] MISSING ARGUMENTS");
    YES("?ERROR ?ARGUMENTS REQUEST", "[INFO] REQUEST FAILED");
    NO("?ERROR ?WARN", "INFO only");
    YES("\"INTERNAL SERVER ERROR\"", "[ERROR 500] INTERNAL SERVER ERROR");
    NO("\"ERROR Exception\"", "ERROR x Exception");
    YES("-ERROR", "all good");
    YES("\" \"", "a b");
    NO("\" \"", "ab");
    YES("%AUTHORIZED%", "[ERROR 401] UNAUTHORIZED REQUEST");
    YES("%^[hc]at%", "cat on a mat");
    NO("%^[hc]at%", "a hat");
    /* a term pattern looks at the text: JSON or not */
    YES("PutRolePolicy", "{\"eventName\":\"PutRolePolicy\"}");
    YES("ERROR", "{\"a\":1,} ERROR");
}

/* The extracted values of a delimited match as "$a=x|$b=y|". */
static void delim(const char *pattern, const char *event, const char *want)
{
    compiled c;
    compile(&c, pattern, strlen(pattern));
    if (!c.p)
        fail_msg("pattern does not parse: %s", pattern);
    cwf_extracted x = CWF_EXTRACTED_INIT;
    bool ok = cwf_matcher_match(c.m, event, strlen(event), &x);
    cwf_buf got = CWF_BUF_INIT;
    if (!ok)
        cwf_buf_puts(&got, "no match");
    for (size_t i = 0; i < x.n; i++) {
        size_t n;
        const char *v = cwf_extracted_value(&x, i, &n);
        cwf_buf_printf(&got, "%s=%.*s|", cwf_extracted_name(&x, i), (int)n, v);
    }
    if (strcmp(cwf_buf_str(&got), want) != 0)
        fail_msg("%s on %s: got %s, expected %s", pattern, event, cwf_buf_str(&got), want);
    cwf_buf_free(&got);
    cwf_extracted_free(&x);
    release(&c);
}

static void test_delimited(void **state)
{
    (void)state;
    delim("[a, b]", "x y", "$a=x|$b=y|");
    delim("[a, b]", "  x    y  ", "$a=x|$b=y|");
    delim("[a, b]", "x", "no match");
    delim("[a, b]", "", "no match");
    delim("[]", "", "");
    delim("[]", "x [y z] \"q r\"", "$1=x|$2=y z|$3=q r|");
    /* the last field takes the rest of the line as written (D18) */
    delim("[w1=ERROR, w2]", "ERROR 09/25/2014 12:00:02 Failed to process request",
          "$w1=ERROR|$w2=09/25/2014 12:00:02 Failed to process request|");
    delim("[a, b]", "x \"y z\" w  ", "$a=x|$b=\"y z\" w|");
    delim("[a, b]", "x \"y z\"", "$a=x|$b=y z|");
    /* ... absorbs fields, at the start, in the middle, at the end */
    delim("[..., s]", "a b c", "$1=a|$2=b|$s=c|");
    delim("[f, ..., l]", "a b c d", "$f=a|$2=b|$3=c|$l=d|");
    delim("[f, ...]", "a b c", "$f=a|$2=b|$3=c|");
    delim("[f, ..., l]", "a b", "$f=a|$l=b|");
    delim("[f, ..., l]", "a", "no match");
    /* empty entries are unnamed fields */
    delim("[a,,c]", "x y z", "$a=x|$2=y|$c=z|");
    /* groups: an unclosed one runs to the end; a group ends at its closer */
    delim("[a, b]", "x [y z", "$a=x|$b=y z|");
    delim("[a, b, c]", "[x]y z", "$a=x|$b=y|$c=z|");
    delim("[a, b]", "\"\" y", "$a=|$b=y|");
    /* conditions: strings, wildcards, numbers, regex */
    delim("[a = 4*, b]", "404 x", "$a=404|$b=x|");
    delim("[a = 404, b]", "404 x", "$a=404|$b=x|");
    delim("[a = 404, b]", "0404.0 x", "$a=0404.0|$b=x|");
    delim("[a != 404, b]", "abc x", "no match"); /* not a number */
    delim("[a != ERROR, b]", "abc x", "$a=abc|$b=x|");
    delim("[a > 1000, b]", "1534 x", "$a=1534|$b=x|");
    delim("[a > 1000, b]", "999 x", "no match");
    delim("[a = %^[0-9]+$%, b]", "123 x", "$a=123|$b=x|");
    delim("[a = 1 || a = 2, b]", "2 x", "$a=2|$b=x|");
    delim("[a != 1 && a != 2, b]", "2 x", "no match");
    /* tabs are not delimiters (Q20: spaces only) */
    delim("[a, b]", "x\ty z", "$a=x\ty|$b=z|");
}

/* The first regex of the condition tree e, or NULL. */
static const cwf_re *first_regex(const cwf_expr *e)
{
    if (e->kind == CWF_E_AND || e->kind == CWF_E_OR) {
        const cwf_re *re = NULL;
        for (uint32_t i = 0; i < e->u.list.n && !re; i++)
            re = first_regex(e->u.list.kids[i]);
        return re;
    }
    return e->kind == CWF_E_CMP ? e->u.leaf.val.re : NULL;
}

/* The first regex of a regex, JSON or delimited pattern p (first entry). */
static const cwf_re *pattern_regex(const cwf_pattern *p)
{
    if (p->kind == CWF_K_REGEX)
        return p->u.regex.re;
    if (p->kind == CWF_K_JSON)
        return first_regex(p->u.json);
    return p->kind == CWF_K_DELIM ? first_regex(p->u.delim.v[0].cond) : NULL;
}

/* Regexes whose search DFAs are over the caps (x.{16}x would need about
 * 2^17 states) are valid, and the matcher runs them with cwf_re_search. */
static void test_big_regex(void **state)
{
    (void)state;
    static const char *const big[] = {
        "{ $.a = %x.{16}x% }", "%x.{20}x%", "[a = %x.{16}x%, b]",
        "{ $.b = 1 && $.a != %x.{16}x% }",
    };
    for (size_t i = 0; i < CWF_COUNT(big); i++) {
        compiled c;
        compile(&c, big[i], strlen(big[i]));
        if (!c.p)
            fail_msg("pattern does not parse: %s (%s)", big[i],
                     c.d.n ? c.d.v[0].message : "no diagnostic");
        const cwf_re *re = pattern_regex(c.p);
        assert_non_null(re);
        assert_null(cwf_dfa_regex(re)); /* so that the tests below use no DFA */
        release(&c);
    }
    YES("{ $.a = %x.{16}x% }", "{\"a\":\"x1234567890123456x\"}");
    YES("{ $.a = %x.{16}x% }", "{\"a\":\"<x1234567890123456x>\"}");
    YES("{ $.a = %x.{16}x% }", "{\"a\":\"x\\u0000234567890123456x\"}");
    NO("{ $.a = %x.{16}x% }", "{\"a\":\"x123456789012345x\"}");
    NO("{ $.a = %x.{16}x% }", "{\"a\":\"x12345678901234567x\"}");
    NO("{ $.a = %x.{16}x% }", "{\"b\":\"x1234567890123456x\"}");
    NO("{ $.a = %x.{16}x% }", "{\"a\":null}");
    YES("{ $.b = 1 && $.a != %x.{16}x% }", "{\"a\":\"x123456789012345x\",\"b\":1}");
    NO("{ $.b = 1 && $.a != %x.{16}x% }", "{\"a\":\"x1234567890123456x\",\"b\":1}");
    YES("{ $.a[*] = %x.{16}x% }", "{\"a\":[\"x\",\"x1234567890123456x\"]}");
    YES("%x.{20}x%", "x12345678901234567890x");
    YES("%x.{20}x%", "ERROR x12345678901234567890x done");
    YES("%x.{20}x%", "{\"m\":\"x12345678901234567890x\"}"); /* the text */
    YES("%x.{20}x%", "{\"m\":\"x\",\"n\":\"1234567890123x\"}");
    NO("%x.{20}x%", "x1234567890123456789x");
    NO("%x.{20}x%", "x123456789012345678901x");
    NO("%x.{20}x%", "");
    delim("[a = %x.{16}x%, b]", "x1234567890123456x y", "$a=x1234567890123456x|$b=y|");
    delim("[a = %x.{16}x%, b]", "x123456789012345x y", "no match");
}

/* A delimited field is a number when it has D8's form: sign, digits, a
 * fraction with digits, an exponent with digits. */
static void test_delimited_numbers(void **state)
{
    (void)state;
    YES("[a > 100]", "1.5e3");
    YES("[a > 100]", "+2E+2");
    YES("[a < 1]", "-5e-1");
    YES("[a = 1]", "001");
    NO("[a > 100]", "1e");
    NO("[a > 100]", "1e+");
    NO("[a > 0]", "1.");
    NO("[a > 0]", ".5");
    NO("[a > 0]", "-");
    NO("[a > 0]", "5x");
    NO("[a != 0]", "x"); /* != on a number needs a number */
    /* extracted values by name; a name the pattern does not have is NULL */
    compiled c;
    compile(&c, "[a, b]", 6);
    cwf_extracted x = CWF_EXTRACTED_INIT;
    assert_true(cwf_matcher_match(c.m, "1 2", 3, &x));
    size_t n = 0;
    assert_memory_equal(cwf_extracted_get(&x, "$b", &n), "2", 1);
    assert_int_equal(n, 1);
    assert_null(cwf_extracted_get(&x, "$c", &n));
    cwf_extracted_free(&x);
    release(&c);
}

/* When nearly every event is a candidate the prefilter is skipped for a
 * while; the verdicts stay those of the matcher without it. */
static void test_prefilter_sampling(void **state)
{
    (void)state;
    compiled on, off;
    compile(&on, benchmark, strlen(benchmark));
    compile(&off, benchmark, strlen(benchmark));
    cwf_matcher_set_prefilter(off.m, false);
    const char *yes = "{\"eventName\":\"PutRolePolicy\"}";
    const char *no = "{\"eventName\":\"GetObject\"}";
    size_t matched = 0;
    for (size_t i = 0; i < 20000; i++) {
        const char *ev = i % 100 == 99 ? no : yes;
        bool a = cwf_matcher_match(on.m, ev, strlen(ev), NULL);
        bool b = cwf_matcher_match(off.m, ev, strlen(ev), NULL);
        if (a != b)
            fail_msg("event %zu: %d with the prefilter, %d without", i, a, b);
        matched += a;
    }
    assert_int_equal(matched, 20000 - 200);
    release(&on);
    release(&off);
}

static void test_explain(void **state)
{
    (void)state;
    compiled c;
    const char *pat = "{ $.eventName = \"PutRolePolicy\" && $.errorCode NOT EXISTS }";
    compile(&c, pat, strlen(pat));
    cwf_explanation x;
    const char *ev = "{\"eventName\":\"PutRolePolicy\",\"errorCode\":\"AccessDenied\"}";
    assert_false(cwf_matcher_explain(c.m, ev, strlen(ev), &x));
    assert_int_equal(x.n, 2);
    assert_true(x.v[0].held);
    assert_false(x.v[1].held);
    assert_string_equal(x.v[1].detail, "$.errorCode is \"AccessDenied\"");
    assert_int_equal(x.v[1].span.start, strstr(pat, "$.errorCode") - pat);
    assert_null(x.summary);
    cwf_explanation_free(&x);
    assert_false(cwf_matcher_explain(c.m, "oops", 4, &x));
    assert_non_null(x.summary);
    assert_false(x.v[0].held);
    cwf_explanation_free(&x);
    release(&c);
    const char *dp = "[a, b = 2*]";
    compile(&c, dp, strlen(dp));
    assert_false(cwf_matcher_explain(c.m, "x", 1, &x));
    assert_string_equal(x.summary, "the message has 1 field; the pattern needs at least 2");
    cwf_explanation_free(&x);
    assert_true(cwf_matcher_explain(c.m, "x 25", 4, &x));
    assert_true(x.v[0].held);
    assert_string_equal(x.v[0].detail, "field b is \"25\"");
    cwf_explanation_free(&x);
    release(&c);
}

/* The explanation of pattern on event as one string: the verdict, the
 * summary, then each leaf as "start-end held|failed: detail". */
static char *explain_str(const char *pattern, const char *event)
{
    compiled c;
    compile(&c, pattern, strlen(pattern));
    if (!c.p)
        fail_msg("pattern does not parse: %s", pattern);
    cwf_explanation x;
    bool r = cwf_matcher_explain(c.m, event, strlen(event), &x);
    assert_int_equal(r, x.matched);
    assert_int_equal(r, cwf_matcher_match(c.m, event, strlen(event), NULL));
    cwf_buf b = CWF_BUF_INIT;
    cwf_buf_printf(&b, "%s", r ? "match" : "no match");
    if (x.summary)
        cwf_buf_printf(&b, "; %s", x.summary);
    for (size_t i = 0; i < x.n; i++)
        cwf_buf_printf(&b, "; %u-%u %s: %s", x.v[i].span.start, x.v[i].span.end,
                       x.v[i].held ? "held" : "failed", x.v[i].detail ? x.v[i].detail : "-");
    cwf_explanation_free(&x);
    release(&c);
    return cwf_buf_take(&b);
}

static void explained(const char *pattern, const char *event, const char *want)
{
    char *got = explain_str(pattern, event);
    if (strcmp(got, want) != 0)
        fail_msg("%s on %s\n  got  %s\n  want %s", pattern, event, got, want);
    free(got);
}

/* Every kind of pattern and every kind of value an explanation describes. */
static void test_explain_kinds(void **state)
{
    (void)state;
    explained("", "anything", "match; an empty pattern matches every event");
    explained("%err[0-9]%", "an err7 here", "match; 0-10 held: the regex matches somewhere in the message");
    explained("%err[0-9]%", "fine", "no match; 0-10 failed: the regex matches nowhere in the message");
    /* optional terms beside plain ones are ignored (D17) */
    explained("ERROR ?WARN -DEBUG", "ERROR x",
              "match; the ?terms are ignored: the pattern has plain or excluded terms (D17); "
              "0-5 held: \"ERROR\" occurs in the message; "
              "6-11 failed: \"WARN\" does not occur in the message; "
              "12-18 held: \"DEBUG\" does not occur in the message");
    explained("?WARN ?INFO", "INFO only",
              "match; 0-5 failed: \"WARN\" does not occur in the message; "
              "6-11 held: \"INFO\" occurs in the message");
    /* a term longer than 60 bytes is cut, never inside a UTF-8 sequence */
    explained("\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\xc3\xa9zzz\"", "x",
              "no match; 0-66 failed: "
              "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"... "
              "does not occur in the message");
    /* a JSON pattern on a JSON scalar, and on a message that is not JSON */
    explained("{ $.a = 1 }", "42",
              "no match; the message is a JSON number, not an object or array: a JSON pattern "
              "does not match it (D14); 2-9 failed: -");
    explained("{ $.a = 1 }", "{\"a\":",
              "no match; the message is not JSON (unexpected end of text at byte 6): a JSON "
              "pattern does not match it (D14); 2-9 failed: -");
    /* numbers, objects, arrays, literals and missing members */
    explained("{ $.n = 2 || $.o = 1 || $.l = 1 || $.t IS TRUE || $.z NOT EXISTS || $.m = 1 }",
              "{\"n\":2.50,\"o\":{},\"l\":[1],\"t\":true,\"z\":null}",
              "match; 2-9 failed: $.n is 2.50; 13-20 failed: $.o is an object; "
              "24-31 failed: $.l is an array; 35-46 held: $.t is true; "
              "50-64 failed: $.z is null; 68-75 failed: $.m is missing");
    explained("{ $.a.b.c = 1 }", "{\"a\":{}}", "no match; 2-13 failed: $.a.b.c is missing");
    /* wildcards: how many they select, or why they select nothing */
    explained("{ $.r[*].x = 1 }", "{\"r\":[{\"x\":1},{\"x\":2},3]}",
              "match; 2-14 held: the wildcard selects 3 elements, 1 of which satisfy it");
    explained("{ $.r.*.x = 1 }", "{\"r\":{\"a\":{\"x\":2}}}",
              "no match; 2-13 failed: the wildcard selects 1 members, 0 of which satisfy it");
    explained("{ $.r[*] = 1 }", "{\"r\":{\"a\":1}}",
              "no match; 2-12 failed: the wildcard selects nothing: an object is not an array");
    explained("{ $.q.*.x = 1 }", "{\"r\":1}",
              "no match; 2-13 failed: the wildcard selects nothing: missing is not an object");
}

/* ---- differential: the matcher against a DOM evaluator ----------------- */

static uint64_t rng = 0x2545F4914F6CDD1Du;

static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng % n);
}

/* A random event: JSON over a small vocabulary, integers written as jansson
 * prints them (so a number's text is known), sometimes not JSON at all. */
static void gen_event(cwf_buf *b, int depth)
{
    static const char *const keys[] = {"a", "b", "c", "a"}; /* "a" twice: duplicates */
    static const char *const scalars[] = {"\"x\"", "\"y\"", "\"1\"", "\"xy\"", "\"\"", "0",
                                          "1", "2", "-1", "true", "false", "null",
                                          "\"x\\u0079\""};
    uint32_t k = depth == 0 ? 3 + rnd(3) : rnd(depth >= 3 ? 3 : 6);
    if (k < 3) {
        cwf_buf_puts(b, scalars[rnd(CWF_COUNT(scalars))]);
    } else if (k < 5) {
        cwf_buf_putc(b, '{');
        for (uint32_t i = 0, n = depth == 0 ? 1 + rnd(4) : rnd(4); i < n; i++) {
            if (i)
                cwf_buf_putc(b, ',');
            cwf_buf_printf(b, "\"%s\":", keys[rnd(CWF_COUNT(keys))]);
            gen_event(b, depth + 1);
        }
        cwf_buf_putc(b, '}');
    } else {
        cwf_buf_putc(b, '[');
        for (uint32_t i = 0, n = rnd(4); i < n; i++) {
            if (i)
                cwf_buf_putc(b, ',');
            gen_event(b, depth + 1);
        }
        cwf_buf_putc(b, ']');
    }
}

static void gen_cond(cwf_buf *b)
{
    static const char *const sels[] = {"$.a", "$.b", "$.c", "$.a.b", "$.a[0]", "$.a[1]",
                                       "$.a[*]", "$.*", "$.a.*", "$.c[0].a", "$.*.a",
                                       "$.a[*].b", "$.b[*][0]", "$.['a']"};
    static const char *const strs[] = {"\"x\"", "\"y\"", "\"1\"", "x*", "*y", "*", "\"*x*\"",
                                       "\"\"", "%x|^1%", "%^$%", "xy", "\"x*y\""};
    static const char *const nums[] = {"0", "1", "2", "-1", "1.0", "1e0"};
    static const char *const ops[] = {"=", "!=", "<", ">", "<=", ">="};
    cwf_buf_puts(b, sels[rnd(CWF_COUNT(sels))]);
    switch (rnd(8)) {
    case 0: cwf_buf_puts(b, " IS NULL"); break;
    case 1: cwf_buf_puts(b, rnd(2) ? " IS TRUE" : " IS FALSE"); break;
    case 2: cwf_buf_puts(b, " NOT EXISTS"); break;
    case 3: case 4:
        cwf_buf_printf(b, " %s %s", ops[rnd(CWF_COUNT(ops))], nums[rnd(CWF_COUNT(nums))]);
        break;
    default:
        cwf_buf_printf(b, " %s %s", ops[rnd(2)], strs[rnd(CWF_COUNT(strs))]);
        break;
    }
}

static void gen_expr(cwf_buf *b, int depth)
{
    if (depth >= 2 || rnd(3) == 0) {
        gen_cond(b);
        return;
    }
    bool paren = rnd(2);
    if (paren)
        cwf_buf_putc(b, '(');
    gen_expr(b, depth + 1);
    cwf_buf_puts(b, rnd(3) ? " || " : " && ");
    gen_expr(b, depth + 1);
    if (paren)
        cwf_buf_putc(b, ')');
}

/* The reference: SPEC Part 1 over jansson's DOM, written independently of
 * match.c (only the regex automaton is shared). */
static bool ref_value(const cwf_expr *e, json_t *j)
{
    switch (e->kind) {
    case CWF_E_NOT_EXISTS: return j == NULL;
    case CWF_E_IS_NULL: return json_is_null(j);
    case CWF_E_IS_TRUE: return json_is_true(j);
    case CWF_E_IS_FALSE: return json_is_false(j);
    default: break;
    }
    const cwf_value *v = &e->u.leaf.val;
    cwf_op op = e->u.leaf.op;
    if (v->kind == CWF_V_NUMBER) {
        if (!json_is_number(j))
            return false;
        double x = json_number_value(j), y = v->num;
        switch (op) {
        case CWF_OP_EQ: return x == y;
        case CWF_OP_NE: return x != y;
        case CWF_OP_LT: return x < y;
        case CWF_OP_GT: return x > y;
        case CWF_OP_LE: return x <= y;
        case CWF_OP_GE: return x >= y;
        }
    }
    char num[64];
    const char *t;
    size_t n;
    if (json_is_string(j)) {
        t = json_string_value(j);
        n = json_string_length(j);
    } else if (json_is_integer(j)) {
        n = (size_t)snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(j));
        t = num;
    } else
        return false;
    if (op != CWF_OP_EQ && op != CWF_OP_NE)
        return false;
    bool m;
    if (v->kind == CWF_V_REGEX) {
        m = cwf_re_search(v->re, t, n);
    } else {
        const char *c = v->core.p;
        size_t cn = v->core.len;
        switch (v->wild) {
        case CWF_W_NONE: m = n == v->text.len && memcmp(t, v->text.p, n) == 0; break;
        case CWF_W_ANY: m = true; break;
        case CWF_W_PREFIX: m = n >= cn && strncmp(t, c, cn) == 0; break;
        case CWF_W_SUFFIX: m = n >= cn && memcmp(t + n - cn, c, cn) == 0; break;
        default:
            m = false;
            for (size_t i = 0; i + cn <= n && !m; i++)
                m = memcmp(t + i, c, cn) == 0;
        }
    }
    return op == CWF_OP_EQ ? m : !m;
}

static bool ref_sel(const cwf_expr *e, json_t *j, uint32_t k)
{
    const cwf_selector *s = &e->u.leaf.sel;
    for (; k < s->n; k++) {
        const cwf_seg *g = &s->segs[k];
        if (g->kind == CWF_SEG_ANY_FIELD) {
            const char *key;
            json_t *v;
            if (!json_is_object(j))
                return false;
            json_object_foreach(j, key, v) if (ref_sel(e, v, k + 1)) return true;
            return false;
        }
        if (g->kind == CWF_SEG_ANY_INDEX) {
            size_t i;
            json_t *v;
            if (!json_is_array(j))
                return false;
            json_array_foreach(j, i, v) if (ref_sel(e, v, k + 1)) return true;
            return false;
        }
        if (g->kind == CWF_SEG_FIELD)
            j = json_is_object(j) ? json_object_getn(j, g->name.p, g->name.len) : NULL;
        else
            j = json_is_array(j) ? json_array_get(j, g->index) : NULL;
    }
    return ref_value(e, j);
}

static bool ref_expr(const cwf_expr *e, json_t *root)
{
    if (e->kind == CWF_E_OR || e->kind == CWF_E_AND) {
        for (uint32_t i = 0; i < e->u.list.n; i++)
            if (ref_expr(e->u.list.kids[i], root) == (e->kind == CWF_E_OR))
                return e->kind == CWF_E_OR;
        return e->kind == CWF_E_AND;
    }
    return ref_sel(e, root, 0);
}

static void test_differential(void **state)
{
    (void)state;
    const int patterns = getenv("CWF_SOAK") ? 20000 : 1500, events = 40;
    int run = 0, matched = 0, rejected = 0;
    cwf_buf pb = CWF_BUF_INIT, eb = CWF_BUF_INIT;
    for (int i = 0; i < patterns; i++) {
        cwf_buf_reset(&pb);
        cwf_buf_puts(&pb, "{ ");
        gen_expr(&pb, 0);
        cwf_buf_puts(&pb, " }");
        compiled c;
        compile(&c, pb.p, pb.len);
        if (!c.p) { /* too many wildcards, and the like */
            rejected++;
            release(&c);
            continue;
        }
        for (int k = 0; k < events; k++) {
            cwf_buf_reset(&eb);
            if (rnd(20) == 0)
                cwf_buf_puts(&eb, "{\"a\":");
            if (rnd(30) == 0)
                gen_event(&eb, 1); /* a scalar, now and then */
            else
                gen_event(&eb, 0);
            json_t *j = json_loadb(eb.p, eb.len, JSON_DECODE_ANY, NULL);
            bool want = j && (json_is_object(j) || json_is_array(j)) && ref_expr(c.p->u.json, j);
            bool got = cwf_matcher_match(c.m, eb.p, eb.len, NULL);
            cwf_matcher_set_prefilter(c.m, false);
            if (cwf_matcher_match(c.m, eb.p, eb.len, NULL) != got)
                fail_msg("pattern %s on %s: the prefilter changes the verdict", pb.p, eb.p);
            cwf_matcher_set_prefilter(c.m, true);
            if (got != want)
                fail_msg("pattern %s on %s: matcher %d, reference %d", pb.p, eb.p, got, want);
            run++;
            matched += got;
            json_decref(j);
        }
        release(&c);
    }
    cwf_buf_free(&pb);
    cwf_buf_free(&eb);
    print_message("differential: %d pattern x event pairs, %d matched, %d patterns rejected\n",
                  run, matched, rejected);
    assert_true(matched > run / 20 && matched < run - run / 20);
}

/* ---- the prefilter ----------------------------------------------------- */

/* The literals the prefilter derives from pattern, joined with '|' ("-" for
 * none). */
static char *literals(const char *pattern)
{
    compiled c;
    compile(&c, pattern, strlen(pattern));
    if (!c.p)
        fail_msg("pattern does not parse: %s", pattern);
    cwf_prefilter *f = cwf_prefilter_new(c.p);
    cwf_buf b = CWF_BUF_INIT;
    for (size_t i = 0; i < cwf_prefilter_count(f); i++) {
        size_t n;
        const char *l = cwf_prefilter_literal(f, i, &n);
        if (i)
            cwf_buf_putc(&b, '|');
        cwf_buf_add(&b, l, n);
    }
    if (!f)
        cwf_buf_putc(&b, '-');
    cwf_prefilter_free(f);
    release(&c);
    return cwf_buf_take(&b);
}

#define LITS(p, want) do { char *got_ = literals(p); assert_string_equal(got_, want); \
                           free(got_); } while (0)

static void test_prefilter(void **state)
{
    (void)state;
    /* OR: the union; AND: one side; quotes where only a string can hold it */
    LITS("{ $.eventName = DeletePolicy || $.eventName = PutUserPolicy }",
         "\"DeletePolicy\"|\"PutUserPolicy\"");
    LITS("{ $.a = \"x\" && $.b = \"longer\" }", "\"longer\"");
    LITS("{ $.a = \"x\" && $.b != \"longer\" }", "\"x\"");
    LITS("{ $.a = \"x\" || $.b != \"y\" }", "-");
    LITS("{ $.a = Del* || $.b = *Pol || $.c = *ic* }", "\"Del|Pol\"|ic");
    LITS("{ $.a = \"123\" }", "123");
    LITS("{ $.a = 5 }", "-");
    LITS("{ $.a NOT EXISTS }", "-");
    LITS("{ $.a IS NULL || $.a = x }", "-");
    LITS("{ $.a = %Del% }", "-");
    LITS("{ $.a = \"a/b\" }", "-");  /* \/ spells / */
    LITS("{ $.a = * }", "-");
    LITS("{ $.a = \"-1.5e+3\" }", "-1.5e+3"); /* a number's text too: no quotes */
    LITS("{ $.a = \"1x\" }", "\"1x\"");
    LITS("{ $.a = \"a\\\\b\" }", "-");  /* \\ spells \ */
    LITS("ERROR Exception", "Exception");
    LITS("ERROR -DEBUG", "ERROR");
    LITS("?ERROR ?WARN", "ERROR|WARN");
    LITS("-DEBUG", "-");
    LITS("[ip, user, status = 404]", "-"); /* a number: 404.0 is equal */
    LITS("[ip, user = root, status != 404]", "root");
    LITS("%ERR.R%", "-");
    LITS("", "-");

    /* a \u escape can spell the name: a candidate, and a match */
    YES("{ $.eventName = DeleteGroupPolicy }", "{\"eventName\":\"Delete\\u0047roupPolicy\"}");
    YES("{ $.eventName = DeleteGroupPolicy }", "{\"event\\u004eame\":\"DeleteGroupPolicy\"}");
    NO("{ $.eventName = DeleteGroupPolicy }", "{\"eventName\":\"DeleteGroupPolic\"}");
    YES("{ $.a = 12 }", "{\"a\":12}");
    YES("{ $.a = \"12\" }", "{\"a\":12}");
    YES("{ $.a = Del* }", "{\"a\":\"Delete\"}");
    YES("[a, b = *ic*]", "x Topic");
    NO("[a, b = *ic*]", "x Top");

    /* four or more `sel = "text"` OR'd on one selector: one set lookup */
    const char *set = "{ $.a.b = x || $.a.b = \"1\" || $.a.b = \"y z\" || $.a.b = \"\" }";
    YES(set, "{\"a\":{\"b\":\"x\"}}");
    YES(set, "{\"a\":{\"b\":1}}");          /* a number, through its text */
    NO(set, "{\"a\":{\"b\":1.0}}");
    YES(set, "{\"a\":{\"b\":\"y\\u0020z\"}}"); /* decoded */
    YES(set, "{\"a\":{\"b\":\"\"}}");
    NO(set, "{\"a\":{\"b\":\"X\"}}");
    NO(set, "{\"a\":{\"b\":[\"x\"]}}");
    NO(set, "{\"a\":{\"c\":\"x\"}}");
    NO(set, "{\"a\":\"x\"}");
    YES(set, "{\"a\":{\"b\":\"q\",\"b\":\"x\"}}");  /* the last duplicate wins */
    NO(set, "{\"a\":{\"b\":\"x\",\"b\":\"q\"}}");
    NO(set, "{\"a\":{\"b\":\"x\"},");              /* not JSON */
    YES("{ $.a[1] = p || $.a[1] = q || $.a[1] = r || $.a[1] = s }", "{\"a\":[0,\"s\"]}");
    NO("{ $.a[1] = p || $.a[1] = q || $.a[1] = r || $.a[1] = s }", "{\"a\":[\"s\"]}");
    /* not a set: wildcards, another selector, a prefix */
    YES("{ $.a[*] = p || $.a[*] = q || $.a[*] = r || $.a[0] = s }", "{\"a\":[\"s\",0]}");
    YES("{ $.a = p || $.a = q || $.a = r || $.b = s }", "{\"b\":\"s\"}");
    YES("{ $.a = p || $.a = q || $.a = r || $.a = s* }", "{\"a\":\"sx\"}");

    /* the scan itself: literals shorter than 4 bytes, at the very end */
    compiled c;
    compile(&c, "?ab ?Policy", 11);
    assert_non_null(c.p);
    assert_true(cwf_matcher_candidate(c.m, "xxab", 4));
    assert_true(cwf_matcher_candidate(c.m, "xPolicy", 7));
    assert_false(cwf_matcher_candidate(c.m, "xPolic", 6));
    assert_false(cwf_matcher_candidate(c.m, "a", 1));
    release(&c);
    /* a one-byte literal: no pair scan, the hash scan and a byte search */
    compile(&c, "?x ?Quad ?Wolf ?Elk ?Rye ?Tuna", 30);
    assert_non_null(c.p);
    assert_true(cwf_matcher_candidate(c.m, "aax", 3));
    assert_true(cwf_matcher_candidate(c.m, "a Tuna", 6));
    assert_true(cwf_matcher_candidate(c.m, "Quad", 4));
    assert_false(cwf_matcher_candidate(c.m, "Tun Wol Qua", 11));
    release(&c);
    /* more pairs than the pair scan takes */
    compile(&c, "?Qa ?Wb ?Ec ?Rd ?Tf ?Yg", 23);
    assert_non_null(c.p);
    assert_true(cwf_matcher_candidate(c.m, "0123456789abcdefghijYg", 22));
    assert_false(cwf_matcher_candidate(c.m, "0123456789abcdefghijY", 21));
    release(&c);
}

/* The pair scan at every position across its 16-, 32- and 64-byte blocks,
 * at the SIMD level the test sets (see test_prefilter_simd). */
static void pair_scan_blocks(void)
{
    compiled c;
    /* the pair scan past 16-byte blocks, and at the last byte */
    compile(&c, "?Policy", 7);
    assert_true(cwf_matcher_candidate(c.m, "0123456789abcdefghijklmnopqrstuvwxyzPolicy", 42));
    assert_true(cwf_matcher_candidate(c.m, "0123456789abcdePolicy", 21));
    assert_false(cwf_matcher_candidate(c.m, "0123456789abcdefghijklmnopqrstuvwxyzPolic", 41));
    /* at every position across the blocks, cut or whole */
    char buf[220];
    for (size_t at = 0; at < 200; at++)
        for (size_t tail = 0; tail < 3; tail++) {
            memset(buf, 'y', sizeof buf);
            memcpy(buf + at, "Policy", 6);
            assert_true(cwf_matcher_candidate(c.m, buf, at + 6 + tail));
            assert_false(cwf_matcher_candidate(c.m, buf, at + 5));
            buf[at + 5] = 'x';
            assert_false(cwf_matcher_candidate(c.m, buf, at + 6 + tail));
        }
    release(&c);
    /* a JSON pattern: a \u at every position makes a candidate (the pair
     * scan notes the backslashes it passes); \\u, \n and a backslash as
     * the last byte do not */
    compile(&c, "{ $.eventName = DeleteGroupPolicy }", 35);
    assert_non_null(c.p);
    for (size_t at = 0; at < 200; at++)
        for (size_t tail = 0; tail < 3; tail++) {
            memset(buf, 'y', sizeof buf);
            assert_false(cwf_matcher_candidate(c.m, buf, at + 2 + tail));
            memcpy(buf + at, "\\u", 2);
            assert_true(cwf_matcher_candidate(c.m, buf, at + 2 + tail));
            assert_false(cwf_matcher_candidate(c.m, buf, at + 1));
            buf[at + 1] = 'n';
            assert_false(cwf_matcher_candidate(c.m, buf, at + 2 + tail));
            memcpy(buf + at, "\\\\u", 3);
            assert_false(cwf_matcher_candidate(c.m, buf, at + 3 + tail));
        }
    release(&c);
}

/* Every SIMD level gives the pair scan the same verdicts. */
static void test_prefilter_simd(void **state)
{
    (void)state;
    for (int level = CWF_SIMD_SSE2; level <= CWF_SIMD_AVX512; level++) {
        cwf_simd_max = level;
        pair_scan_blocks();
    }
    cwf_simd_max = CWF_SIMD_AVX512;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_corpus_match),
        cmocka_unit_test(test_corpus_events),
        cmocka_unit_test(test_json_decisions),
        cmocka_unit_test(test_terms_regex_all),
        cmocka_unit_test(test_delimited),
        cmocka_unit_test(test_big_regex),
        cmocka_unit_test(test_delimited_numbers),
        cmocka_unit_test(test_explain),
        cmocka_unit_test(test_explain_kinds),
        cmocka_unit_test(test_differential),
        cmocka_unit_test(test_prefilter),
        cmocka_unit_test(test_prefilter_simd),
        cmocka_unit_test(test_prefilter_sampling),
    };
    return cmocka_run_group_tests_name("match", tests, NULL, NULL);
}
