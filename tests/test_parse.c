/* test_parse.c: the lexer, the parser and validation: ASTs, precedence,
 * values, and the exact diagnostic (rule, span, message) of every mistake
 * that issue 2 names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

typedef struct parsed {
    cwf_arena a;
    cwf_diags d;
    cwf_pattern *p;
} parsed;

static parsed *parse(const char *text)
{
    parsed *r = calloc(1, sizeof *r);
    r->p = cwf_parse(text, strlen(text), &r->a, &r->d);
    return r;
}

static void done(parsed *r)
{
    cwf_diags_free(&r->d);
    cwf_arena_free(&r->a);
    free(r);
}

static char *fmt(const cwf_pattern *p)
{
    cwf_buf b = CWF_BUF_INIT;
    cwf_pattern_format(p, &b);
    return cwf_buf_take(&b);
}

/* ---- ASTs ---------------------------------------------------------------- */

static void test_kinds(void **state)
{
    (void)state;
    static const struct { const char *text; cwf_kind kind; } cases[] = {
        {"", CWF_K_ALL}, {"   \t\n", CWF_K_ALL}, {"ERROR", CWF_K_TERMS},
        {"\" \"", CWF_K_TERMS}, {"%AUTHORIZED%", CWF_K_REGEX}, {"  { $.a = 1 }", CWF_K_JSON},
        {"[]", CWF_K_DELIM}, {"[ip, ...]", CWF_K_DELIM},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        parsed *r = parse(cases[i].text);
        assert_non_null(r->p);
        assert_int_equal(r->p->kind, cases[i].kind);
        assert_int_equal(r->d.n, 0);
        done(r);
    }
}

/* D3: () over && over ||; SPEC 4.1's worked example `A || B && C`. */
static void test_precedence(void **state)
{
    (void)state;
    parsed *r = parse("{ $.a = 1 || $.b = 2 && $.c = 3 }");
    const cwf_expr *e = r->p->u.json;
    assert_int_equal(e->kind, CWF_E_OR);
    assert_int_equal(e->u.list.n, 2);
    assert_int_equal(e->u.list.kids[0]->kind, CWF_E_CMP);
    assert_int_equal(e->u.list.kids[1]->kind, CWF_E_AND);
    done(r);

    r = parse("{ ($.a = 1 || $.b = 2) && $.c = 3 }");
    e = r->p->u.json;
    assert_int_equal(e->kind, CWF_E_AND);
    assert_int_equal(e->u.list.kids[0]->kind, CWF_E_OR);
    char *s = fmt(r->p);
    assert_string_equal(s, "{ ($.a = 1 || $.b = 2) && $.c = 3 }");
    free(s);
    done(r);

    /* Same-operator groups flatten: one OR of three. */
    r = parse("{(($.a=1)||($.b=2))||($.c=3)}");
    e = r->p->u.json;
    assert_int_equal(e->kind, CWF_E_OR);
    assert_int_equal(e->u.list.n, 3);
    s = fmt(r->p);
    assert_string_equal(s, "{ $.a = 1 || $.b = 2 || $.c = 3 }");
    free(s);
    done(r);
}

static void test_selectors(void **state)
{
    (void)state;
    parsed *r = parse("{ $.objectList[1].id = 2 && $.['cluster.name'] = \"c\" && $.a[*] = x && $.* = y }");
    assert_non_null(r->p);
    const cwf_expr *e = r->p->u.json;
    const cwf_selector *s = &e->u.list.kids[0]->u.leaf.sel;
    assert_int_equal(s->n, 3);
    assert_int_equal(s->segs[0].kind, CWF_SEG_FIELD);
    assert_string_equal(s->segs[0].name.p, "objectList");
    assert_int_equal(s->segs[1].kind, CWF_SEG_INDEX);
    assert_int_equal(s->segs[1].index, 1);
    assert_string_equal(s->segs[2].name.p, "id");
    s = &e->u.list.kids[1]->u.leaf.sel;
    assert_int_equal(s->n, 1);
    assert_true(s->segs[0].bracket);
    assert_string_equal(s->segs[0].name.p, "cluster.name");
    assert_int_equal(e->u.list.kids[2]->u.leaf.sel.segs[1].kind, CWF_SEG_ANY_INDEX);
    assert_int_equal(e->u.list.kids[3]->u.leaf.sel.segs[0].kind, CWF_SEG_ANY_FIELD);
    done(r);
}

static void test_values(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        cwf_val_kind kind;
        cwf_wild wild;
        const char *core;
    } cases[] = {
        {"{ $.a = \"UpdateTrail\" }", CWF_V_STRING, CWF_W_NONE, "UpdateTrail"},
        {"{ $.a = 123.123.* }", CWF_V_STRING, CWF_W_PREFIX, "123.123."},
        {"{ $.a = \"*UnauthorizedOperation\" }", CWF_V_STRING, CWF_W_SUFFIX, "UnauthorizedOperation"},
        {"{ $.a = *.html* }", CWF_V_STRING, CWF_W_CONTAINS, ".html"},
        {"{ $.a = * }", CWF_V_STRING, CWF_W_ANY, ""},
        {"{ $.a = Ev*ent }", CWF_V_STRING, CWF_W_NONE, "Ev*ent"},
        {"{ $.a = \"say \\\"hi\\\" \\\\ \" }", CWF_V_STRING, CWF_W_NONE, "say \"hi\" \\ "},
        {"{ $.a = 1e+3 }", CWF_V_NUMBER, CWF_W_NONE, NULL},
        {"{ $.a = %Trail% }", CWF_V_REGEX, CWF_W_NONE, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        parsed *r = parse(cases[i].text);
        assert_non_null(r->p);
        const cwf_value *v = &r->p->u.json->u.leaf.val;
        assert_int_equal(v->kind, cases[i].kind);
        if (v->kind == CWF_V_STRING) {
            assert_int_equal(v->wild, cases[i].wild);
            assert_string_equal(v->core.p, cases[i].core);
        }
        done(r);
    }
    parsed *r = parse("{ $.n = -1.5e3 }");
    assert_true(r->p->u.json->u.leaf.val.num == -1500.0);
    done(r);
}

static void test_terms(void **state)
{
    (void)state;
    parsed *r = parse("?ERROR ?\"clean up\" -DEBUG REQUEST");
    assert_non_null(r->p);
    assert_int_equal(r->p->u.terms.n, 4);
    assert_int_equal(r->p->u.terms.v[0].kind, CWF_T_OPTIONAL);
    assert_int_equal(r->p->u.terms.v[1].kind, CWF_T_OPTIONAL);
    assert_true(r->p->u.terms.v[1].quoted);
    assert_string_equal(r->p->u.terms.v[1].text.p, "clean up");
    assert_int_equal(r->p->u.terms.v[2].kind, CWF_T_EXCLUDE);
    assert_string_equal(r->p->u.terms.v[2].text.p, "DEBUG");
    assert_int_equal(r->p->u.terms.v[3].kind, CWF_T_PLAIN);
    done(r);
}

static void test_delimited(void **state)
{
    (void)state;
    parsed *r = parse("[..., request=*.html*, status_code=4*,]");
    assert_non_null(r->p);
    assert_int_equal(r->p->u.delim.n, 4);
    assert_int_equal(r->p->u.delim.v[0].kind, CWF_F_ELLIPSIS);
    assert_int_equal(r->p->u.delim.v[1].kind, CWF_F_COND);
    assert_string_equal(r->p->u.delim.v[1].name.p, "request");
    assert_int_equal(r->p->u.delim.v[3].kind, CWF_F_EMPTY);
    done(r);

    r = parse("[w1=ERROR || w1=%WARN%, w2]");
    assert_non_null(r->p);
    assert_int_equal(r->p->u.delim.v[0].cond->kind, CWF_E_OR);
    assert_int_equal(r->p->u.delim.v[1].kind, CWF_F_NAME);
    done(r);

    r = parse("[ ]");
    assert_int_equal(r->p->u.delim.n, 0);
    done(r);
}

/* ---- diagnostics --------------------------------------------------------- */

typedef struct expect {
    const char *text;
    const char *rule;
    uint32_t start, end;
    const char *message;
    const char *suggestion; /* NULL: none expected */
} expect;

/* Every mistake of issue 2 item 4, with its exact first diagnostic. */
static const expect mistakes[] = {
    {"{ status = \"401\" }", "CWF105", 2, 8,
     "a property selector starts with `$.`: `status` is not one", "$.status"},
    {"{ $eventName = X }", "CWF105", 2, 12,
     "a property selector starts with `$.`: `$eventName` is not one", "$.eventName"},
    {"{$.userIdentity.type = 'Root'}", "CWF106", 23, 29,
     "single quotes do not make a string: CloudWatch needs double quotes", "\"Root\""},
    {"{ $.a = \xE2\x80\x9CRoot\xE2\x80\x9D }", "CWF107", 8, 18,
     "typographic quotes do not make a string: CloudWatch needs plain double quotes", "\"Root\""},
    {"{ $.a == 1 }", "CWF108", 6, 8, "`==` is not an operator: equality is a single `=`", "="},
    {"{ $.a is null }", "CWF109", 6, 8, "keywords are upper case: write `IS`", "IS"},
    {"{ $.a not exists }", "CWF109", 6, 9, "keywords are upper case: write `NOT`", "NOT"},
    {"{ $.a EXISTS }", "CWF110", 6, 12,
     "CloudWatch has no `EXISTS`: the only existence test is `NOT EXISTS`", NULL},
    {"{ $.a IS NOT NULL }", "CWF110", 6, 17,
     "CloudWatch has no `IS NOT`: the keywords are IS NULL, IS TRUE, IS FALSE and NOT EXISTS", NULL},
    {"{$.kubernetes.namespace_name=\"abc\"", "CWF101", 0, 1,
     "this `{` is never closed: a pattern that starts with `{` must end with `}`", NULL},
    {"{ ($.a = 1 }", "CWF102", 2, 3, "this `(` is never closed", NULL},
    {"{ (($.a = 1) }", "CWF102", 2, 3, "this `(` is never closed", NULL},
    {"{ $.a = 1) }", "CWF102", 9, 10, "this `)` has no matching `(`", NULL},
    {"{ $.a = 1 && }", "CWF103", 10, 12, "`&&` needs a condition on its right", NULL},
    {"{ $.a = 1 || && $.b = 2 }", "CWF103", 10, 12, "`||` needs a condition on its right", NULL},
    {"{ || $.a = 1 }", "CWF103", 2, 4, "`||` needs a condition on its left", NULL},
    {"{ () }", "CWF104", 2, 4, "empty parentheses: `()` must hold a condition", NULL},
    {"{ $.a = 1 && () }", "CWF104", 13, 15, "empty parentheses: `()` must hold a condition", NULL},
    {"{ $.a = foo bar }", "CWF111", 8, 15,
     "the unquoted value `foo bar` has characters that need double quotes", "\"foo bar\""},
    {"{ $.a = a#b }", "CWF111", 8, 11,
     "the unquoted value `a#b` has characters that need double quotes", "\"a#b\""},
    {"email@someemail.com", "CWF111", 0, 19,
     "the term `email@someemail.com` has characters that need double quotes",
     "\"email@someemail.com\""},
    {"{ $.a = 1 ||\\\n $.b = 2 }", "CWF112", 12, 13,
     "a backslash and a line break are inside the pattern", NULL},
    {"{ $.a = %(ab)+% }", "CWF113", 9, 10, NULL, NULL},
    {"{ $.a = \"abc }", "CWF114", 8, 9, "this string has no closing `\"`", NULL},
    {"{ $. = 1 }", "CWF115", 2, 4, NULL, NULL},
    {"[a, b", "CWF116", 0, 1,
     "this `[` is never closed: a space-delimited pattern must end with `]`", NULL},
    {"ERROR %foo%", "CWF117", 6, 11,
     "a regex cannot be mixed with terms: a `%regex%` pattern must stand alone", NULL},
    {"{ $.a = 1 AND $.b = 2 }", "CWF119", 10, 13, "`AND` is not an operator: write `&&`", "&&"},
    {"{ $.a = 1 & $.b = 2 }", "CWF119", 10, 11, "`&` is not an operator: write `&&`", "&&"},
    {"{ $.a = 1 } x", "CWF100", 12, 13, "unexpected text after the end of the pattern", NULL},
    {"{ $.a = }", "CWF100", 8, 9, "expected value before `}`", NULL},
    /* issue 14 item 7: the spaced exclusion of AWS's 2018-2021 user guide is
     * read (it used to be CWF100); `?` and a doubled sign still are errors */
    {"ERROR - DEBUG", "CWF120", 6, 13, "a space separates `-` from the term it excludes", "-DEBUG"},
    {"\"ERROR\" - \"Exiting\"", "CWF120", 8, 19, "a space separates `-` from the term it excludes",
     "-\"Exiting\""},
    {"ERROR -\n\t\"a b\"", "CWF120", 6, 14, "a space separates `-` from the term it excludes", "-\"a b\""},
    {"ERROR ? DEBUG", "CWF100", 6, 7, "`?` must be written right before its term, without a space", NULL},
    {"ERROR - -DEBUG", "CWF100", 6, 7, "`-` must be written right before its term, without a space", NULL},
    /* issue 14 item 3: selector typos get the selector as their suggestion */
    {"{ $.a = 1 && &.eventType = \"x\" }", "CWF105", 13, 24,
     "a property selector starts with `$.`: `&.eventType` is not one", "$.eventType"},
    {"{ &.a.b[0] = 1 }", "CWF105", 2, 10, "a property selector starts with `$.`: `&.a.b[0]` is not one", "$.a.b[0]"},
    {"{ $x = 1 }", "CWF105", 2, 4, "a property selector starts with `$.`: `$x` is not one", "$.x"},
    {"{ $..x = 1 }", "CWF115", 2, 6, "`$..x` is not a property selector: each name follows a single `.`", "$.x"},
    {"{ $.a...b = 1 }", "CWF115", 2, 9, "`$.a...b` is not a property selector: each name follows a single `.`", "$.a.b"},
    /* issue 11: control characters, anywhere; a byte-order mark; nesting */
    {"{ $.a = \"x\001y\" }", "CWF118", 10, 11,
     "the control character U+0001 (SOH) is not allowed in a filter pattern", NULL},
    {"ERROR\177", "CWF118", 5, 6, "the control character U+007F (DEL) is not allowed in a filter pattern", NULL},
    {"\f{ $.a = 1 }", "CWF118", 0, 1, "the control character U+000C (FF) is not allowed in a filter pattern", NULL},
    {"[a, b = \"\033[0m\"]", "CWF118", 9, 10,
     "the control character U+001B (ESC) is not allowed in a filter pattern", NULL},
    {"\xEF\xBB\xBF{ $.a = 1 }", "CWF121", 0, 3, "the byte-order mark at the start of the pattern is ignored", NULL},
    /* from the real-world corpus: PDF line-wrap artifacts, reversed operands */
    {"{($.eventNa me=DeleteUserPolicy)}", "CWF115", 2, 14,
     "a property selector cannot contain a space", "$.eventName"},
    {"{   $. eventName = X }", "CWF115", 4, 16,
     "a property selector cannot contain a space", "$.eventName"},
    {"{ DeleteGroupPolicy = $.eventName }", "CWF100", 2, 33,
     "the property selector goes on the left of the comparison", "$.eventName = DeleteGroupPolicy"},
    {"{ $.a NOTEXISTS }", "CWF100", 6, 15, "`NOTEXISTS` is two keywords: write `NOT EXISTS`", "NOT EXISTS"},
    /* from the review: a missing operator is not "the end of the pattern" */
    {"{ $.a = 1 $.b = 2 }", "CWF100", 10, 13,
     "expected `}`, `&&` or `||` before property selector `$.b`", NULL},
    {"[a=\"x\" bb]", "CWF100", 7, 9, "expected `]`, `,`, `&&` or `||` before `bb`", NULL},
    {"{ $.a IS }", "CWF100", 9, 10, "expected `NULL`, `TRUE` or `FALSE` before `}`", NULL},
    {"{ $[0] = 1 }", "CWF105", 2, 6, "a property selector starts with `$.`: `$[0]` is not one", NULL},
    {"{ $.a[ 0 ] = 1 }", "CWF115", 2, 10, NULL, NULL},
    {"{ $.retries => 3 }", "CWF100", 12, 14, "`=>` is not an operator: write `>=`", ">="},
    {"{ ($.errorCode\"*Unauthorized\") }", "CWF100", 14, 15,
     "an operator is missing between the selector and the value", "$.errorCode = \"*Unauthorized\""},
    {"{\"eventName\": [\"CreatePolicy\"]}", "CWF100", 1, 13,
     "this is a JSON document (an EventBridge event pattern?), not a CloudWatch Logs filter pattern", NULL},
    /* validation */
    {"{ $.*[*] = \"a\" }", "CWF203", 2, 8, "a property selector may hold at most 1 wildcard; this one has 2", NULL},
    {"{ $.a[*] = 1 || $.b[*] = 1 || $.c[*] = 1 || $.d[*] = 1 }", "CWF203", 44, 50,
     "a pattern may hold at most 3 wildcard selectors; this is the fourth", NULL},
    {"{ $.a = %a% || $.b = %b% || $.c = %c% }", "CWF202", 34, 37,
     "a pattern may hold at most 2 regular expressions; this is the third", NULL},
    {"{ $.a > \"x\" }", "CWF204", 8, 11, "`>` compares numbers, but `x` is not a number", NULL},
    {"[ip, status_code = 4* && bytes > 1000]", "CWF205", 25, 30,
     "conditions joined with `&&` or `||` must all test the same field: `bytes` is not `status_code`", NULL},
    {"[..., a, ...]", "CWF206", 9, 12, "a space-delimited pattern may hold one `...` only", NULL},
    {"[a, b, a]", "CWF207", 7, 8, "the field name `a` is used twice", NULL},
    {"{ $.eventName = Put*Policy }", "CWF210", 16, 26,
     "the `*` inside the value `Put*Policy` is a literal character, not a wildcard", NULL},
    {"{ $.a = user@example.com }", "CWF211", 8, 24,
     "the unquoted value `user@example.com` contains `@`; CloudWatch documents double quotes for values with characters other than letters, digits and `_`",
     "\"user@example.com\""},
    {"{ $.flag = true }", "CWF212", 11, 15, "`= true` compares the text \"true\", not the JSON boolean", "IS TRUE"},
};

static void test_mistakes(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof mistakes / sizeof mistakes[0]; i++) {
        const expect *x = &mistakes[i];
        parsed *r = parse(x->text);
        if (r->d.n == 0)
            fail_msg("no diagnostic for %s", x->text);
        const cwf_diag *g = &r->d.v[0];
        if (strcmp(cwf_rules[g->rule].id, x->rule) != 0 || g->span.start != x->start ||
            g->span.end != x->end)
            fail_msg("%s: got %s [%u,%u) %s, want %s [%u,%u)", x->text, cwf_rules[g->rule].id,
                     g->span.start, g->span.end, g->message, x->rule, x->start, x->end);
        if (x->message)
            assert_string_equal(g->message, x->message);
        if (x->suggestion)
            assert_string_equal(g->suggestion, x->suggestion);
        else
            assert_null(g->suggestion);
        /* Errors make the parse fail; warnings leave the pattern. */
        if (g->severity == CWF_ERROR && g->rule < CWF_R_TOO_LONG)
            assert_null(r->p);
        done(r);
    }
}

/* One mistake, one message: nothing piles up behind a syntax error. */
static void test_no_cascade(void **state)
{
    (void)state;
    static const char *const one_error[] = {
        "{ status = \"401\" }",
        "{ $.a = 'x' }",
        "{ ($.a = 1 }",
        "{ $.a = 1 && }",
        "{ $.a = 1 ) && ($.b = 2 }",
        "{$.kubernetes.namespace_name=\"abc\"",
        "{ $.a = 1 } }",
        "[a, b",
        "{ $.a == == 1 }",
        "{ $.a = \"x }",
        "{ $.a = %x }",
        "[a = \"x]",
        "[a=%x]",
        "{ $.a[ 0 ] = 1 }",
        "{ $.a['b'] = 1 }",
        "{ $.['a''b'] = 1 }",
    };
    for (size_t i = 0; i < sizeof one_error / sizeof one_error[0]; i++) {
        parsed *r = parse(one_error[i]);
        if (cwf_diags_count(&r->d, CWF_ERROR) != 1)
            fail_msg("%s: %zu errors, first: %s", one_error[i], cwf_diags_count(&r->d, CWF_ERROR),
                     r->d.n ? r->d.v[0].message : "");
        done(r);
    }
    /* Two independent mistakes are both reported. */
    parsed *r = parse("{ $.a == 1 && $.b = 'x' }");
    assert_int_equal(r->d.n, 2);
    assert_string_equal(cwf_rules[r->d.v[0].rule].id, "CWF108");
    assert_string_equal(cwf_rules[r->d.v[1].rule].id, "CWF106");
    done(r);
}

static void test_too_long(void **state)
{
    (void)state;
    cwf_buf b = CWF_BUF_INIT;
    cwf_buf_puts(&b, "{ $.eventName = \"A\"");
    while (b.len < 1030)
        cwf_buf_puts(&b, " || $.eventName = \"A\"");
    cwf_buf_puts(&b, " }");
    parsed *r = parse(b.p);
    assert_non_null(r->p);
    assert_int_equal(r->d.n, 1);
    assert_string_equal(cwf_rules[r->d.v[0].rule].id, "CWF201");
    assert_int_equal(r->d.v[0].span.start, 0);
    done(r);
    cwf_buf_free(&b);
}

/* Embedded NUL bytes and arbitrary bytes never crash, and are located. */
static void test_odd_bytes(void **state)
{
    (void)state;
    cwf_arena a = CWF_ARENA_INIT;
    cwf_diags d = CWF_DIAGS_INIT;
    /* A NUL used to be kept in the string, and `fmt` then printed
     * `{ $.a = "x`, which does not parse (issue 11): one located error. */
    const char text[] = "{ $.a = \"x\0y\" }";
    cwf_pattern *p = cwf_parse(text, sizeof text - 1, &a, &d);
    assert_null(p);
    assert_int_equal(d.n, 1);
    assert_string_equal(cwf_rules[d.v[0].rule].id, "CWF118");
    assert_int_equal(d.v[0].span.start, 10);
    assert_int_equal(d.v[0].span.end, 11);
    assert_string_equal(d.v[0].message, "the control character U+0000 (NUL) is not allowed in a filter pattern");
    assert_int_equal(d.v[0].nnotes, 1);
    cwf_diags_free(&d);
    cwf_arena_free(&a);

    /* A bracketed name may hold any byte but `'` and the control
     * characters: the printer keeps it. */
    const char odd[] = "{ $.['a\xC3\xA9" "b c'] = \"x\ty\" }";
    p = cwf_parse(odd, sizeof odd - 1, &a, &d);
    assert_non_null(p);
    cwf_buf b = CWF_BUF_INIT;
    cwf_pattern_format(p, &b);
    assert_int_equal(b.len, sizeof odd - 1);
    assert_memory_equal(b.p, odd, sizeof odd - 1);
    cwf_buf_free(&b);
    cwf_diags_free(&d);
    cwf_arena_free(&a);

    /* Several control characters: the first is reported, and counted. */
    const char two[] = "{ $.['a\0b'] = \"x\0y\" }";
    p = cwf_parse(two, sizeof two - 1, &a, &d);
    assert_null(p);
    assert_int_equal(d.n, 1);
    assert_int_equal(d.v[0].span.start, 7);
    assert_int_equal(d.v[0].nnotes, 2);
    assert_string_equal(d.v[0].notes[1], "the pattern has 2 control characters");
    cwf_diags_free(&d);
    cwf_arena_free(&a);

    parsed *r = parse("{ $.a = 1 \x01 }");
    assert_null(r->p);
    assert_string_equal(cwf_rules[r->d.v[0].rule].id, "CWF118");
    assert_int_equal(r->d.v[0].span.start, 10);
    done(r);
}

/* The spaced exclusion is an exclusion, printed in the documented form. */
static void test_spaced_exclusion(void **state)
{
    (void)state;
    parsed *r = parse("\"ERROR\" - \"Exiting\"");
    assert_non_null(r->p);
    assert_int_equal(r->d.n, 1);
    assert_int_equal(r->d.v[0].severity, CWF_WARNING);
    assert_int_equal(r->p->u.terms.n, 2);
    const cwf_term *t = &r->p->u.terms.v[1];
    assert_int_equal(t->kind, CWF_T_EXCLUDE);
    assert_true(t->quoted);
    assert_string_equal(t->text.p, "Exiting");
    assert_int_equal(t->span.start, 8);
    assert_int_equal(t->span.end, 19);
    char *s = fmt(r->p);
    assert_string_equal(s, "\"ERROR\" -\"Exiting\"");
    free(s);
    done(r);

    /* First in the pattern: the pattern starts at the `-`. */
    r = parse(" -  ERROR");
    assert_int_equal(r->p->u.terms.v[0].kind, CWF_T_EXCLUDE);
    assert_int_equal(r->p->span.start, 1);
    assert_int_equal(r->p->span.end, 9);
    assert_string_equal(r->d.v[0].suggestion, "-ERROR");
    done(r);
}

/* A byte-order mark: one warning, then the pattern after it, with spans
 * that are still offsets into the text. */
static void test_byte_order_mark(void **state)
{
    (void)state;
    parsed *r = parse("\xEF\xBB\xBF{ $.a = 1 }");
    assert_non_null(r->p);
    assert_int_equal(r->p->kind, CWF_K_JSON);
    assert_int_equal(r->d.n, 1);
    assert_int_equal(r->d.v[0].severity, CWF_WARNING);
    assert_int_equal(r->d.v[0].nnotes, 1);
    assert_string_equal(r->d.v[0].notes[0],
        "CloudWatch receives it as part of the pattern: save the file as UTF-8 without a byte-order mark");
    assert_int_equal(r->p->span.start, 3);
    assert_int_equal(r->p->u.json->span.start, 5);
    done(r);

    r = parse("\xEF\xBB\xBF" "ERROR -DEBUG");
    assert_int_equal(r->p->kind, CWF_K_TERMS);
    assert_int_equal(r->p->u.terms.v[0].span.start, 3);
    assert_int_equal(r->d.n, 1);
    done(r);

    r = parse("\xEF\xBB\xBF");
    assert_int_equal(r->p->kind, CWF_K_ALL);
    assert_int_equal(r->d.n, 1);
    done(r);

    /* Only at the start: elsewhere it is a character out of place. */
    r = parse("ERROR \xEF\xBB\xBF");
    assert_null(r->p);
    assert_string_equal(cwf_rules[r->d.v[0].rule].id, "CWF111");
    done(r);
}

static char *nested(int depth)
{
    cwf_buf b = CWF_BUF_INIT;
    cwf_buf_puts(&b, "{ ");
    for (int i = 0; i < depth; i++)
        cwf_buf_puts(&b, i % 2 ? "($.b=2||" : "($.a=1&&");
    cwf_buf_puts(&b, "$.c=3");
    for (int i = 0; i < depth; i++)
        cwf_buf_putc(&b, ')');
    cwf_buf_puts(&b, " }");
    return cwf_buf_take(&b);
}

/* cwf_pattern_equal: equal for the same pattern written with other spacing,
 * and unequal for each way two patterns can differ. */
static void test_equal(void **state)
{
    (void)state;
    static const char *const same[][2] = {
        {"{ $.a[0].* = \"x\" && ($.b > 1 || $.c NOT EXISTS) }",
         "{$.a[0].*=\"x\"&&($.b>1||$.c NOT EXISTS)}"},
        {"ERROR -x ?\"a b\"", "ERROR  -x  ?\"a b\""},
        {"[a, b = 1 || b = 2, ...]", "[a,b=1||b=2,...]"},
        {"%x[0-9]%", "%x[0-9]%"},
        {"", ""},
    };
    static const char *const differ[][2] = {
        {"ERROR", "[a]"},                        /* kind */
        {"ERROR x", "ERROR"},                    /* number of terms */
        {"ERROR", "-ERROR"},                     /* term kind */
        {"ERROR", "WARN"},                       /* term text */
        {"%a%", "%b%"},                          /* regex */
        {"[a, b]", "[a]"},                       /* number of fields */
        {"[a, b]", "[a, c]"},                    /* field name */
        {"[a, b]", "[a, ...]"},                  /* field kind */
        {"[a, b = 1]", "[a, b = 2]"},            /* field condition */
        {"{ $.a = 1 }", "{ $.a != 1 }"},         /* operator */
        {"{ $.a = 1 }", "{ $.a = 2 }"},          /* value */
        {"{ $.a = 1 }", "{ $.a = \"1\" }"},      /* value kind */
        {"{ $.a = 1 }", "{ $.a.b = 1 }"},        /* selector length */
        {"{ $.a = 1 }", "{ $.b = 1 }"},          /* segment name */
        {"{ $.a[0] = 1 }", "{ $.a[1] = 1 }"},    /* index */
        {"{ $.a[0] = 1 }", "{ $.a.* = 1 }"},     /* segment kind */
        {"{ $.a = 1 && $.b = 1 }", "{ $.a = 1 || $.b = 1 }"},            /* expression kind */
        {"{ $.a = 1 && $.b = 1 }", "{ $.a = 1 && $.b = 1 && $.c = 1 }"}, /* arity */
        {"{ $.a = 1 && $.b = 1 }", "{ $.a = 1 && $.c = 1 }"},            /* a child */
    };
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        parsed *a = parse(same[i][0]), *b = parse(same[i][1]);
        assert_int_equal(a->d.n + b->d.n, 0);
        if (!cwf_pattern_equal(a->p, b->p))
            fail_msg("not equal: %s | %s", same[i][0], same[i][1]);
        done(a);
        done(b);
    }
    for (size_t i = 0; i < sizeof differ / sizeof differ[0]; i++) {
        parsed *a = parse(differ[i][0]), *b = parse(differ[i][1]);
        assert_int_equal(a->d.n + b->d.n, 0);
        if (cwf_pattern_equal(a->p, b->p) || cwf_pattern_equal(b->p, a->p))
            fail_msg("equal: %s | %s", differ[i][0], differ[i][1]);
        done(a);
        done(b);
    }
    /* quotes and backslashes in values and terms are escaped when formatted */
    static const char *const escaped[] = {"{ $.a = \"x\\\"y\\\\z\" }", "\"a\\\"b\" x"};
    for (size_t i = 0; i < sizeof escaped / sizeof escaped[0]; i++) {
        parsed *a = parse(escaped[i]);
        char *f = fmt(a->p);
        assert_string_equal(f, escaped[i]);
        free(f);
        done(a);
    }
}

/* The arena: empty allocations are distinct, memory comes zeroed, and a
 * release to a mark frees the blocks made after it and keeps what was
 * allocated before. */
static void test_arena(void **state)
{
    (void)state;
    cwf_arena a = CWF_ARENA_INIT;
    char *x = cwf_arena_alloc(&a, 0), *y = cwf_arena_alloc(&a, 0);
    assert_ptr_not_equal(x, y);
    char *keep = cwf_arena_strndup(&a, "kept", 4);
    cwf_arena_mark m = cwf_arena_get_mark(&a);
    for (int i = 0; i < 3; i++) {
        unsigned char *big = cwf_arena_alloc(&a, 5000);
        for (size_t k = 0; k < 5000; k++)
            assert_int_equal(big[k], 0);
        memset(big, 0xAB, 5000);
    }
    cwf_arena_release(&a, m);
    assert_string_equal(keep, "kept");
    unsigned char *again = cwf_arena_alloc(&a, 64);
    for (size_t k = 0; k < 64; k++)
        assert_int_equal(again[k], 0);
    assert_string_equal(cwf_arena_strndup(&a, NULL, 0), "");
    cwf_arena_free(&a);
}

/* Parentheses nest CWF_MAX_NESTING deep; one more is one located error
 * (Bison used to say "memory exhausted"), however deep the rest goes. */
static void test_nesting(void **state)
{
    (void)state;
    char *t = nested(CWF_MAX_NESTING);
    parsed *r = parse(t);
    assert_non_null(r->p);
    assert_int_equal(r->d.n, 0);
    char *s = fmt(r->p);
    parsed *q = parse(s);
    assert_true(cwf_pattern_equal(r->p, q->p));
    done(q);
    free(s);
    done(r);
    free(t);

    static const int deeper[] = {CWF_MAX_NESTING + 1, 5000};
    for (size_t i = 0; i < 2; i++) {
        t = nested(deeper[i]);
        r = parse(t);
        assert_null(r->p);
        assert_int_equal(r->d.n, 1);
        assert_string_equal(cwf_rules[r->d.v[0].rule].id, "CWF208");
        uint32_t at = 2 + CWF_MAX_NESTING * 8; /* the 101st `(` */
        assert_int_equal(r->d.v[0].span.start, at);
        assert_int_equal(r->d.v[0].span.end, at + 1);
        assert_string_equal(r->d.v[0].message, "this `(` is nested more than 100 levels deep");
        done(r);
        free(t);
    }
}

/* n repetitions of unit (a `#` in it is the repetition's number) joined by
 * sep, between pre and post. */
static char *repeat(const char *pre, const char *unit, const char *sep, const char *post, size_t n)
{
    cwf_buf b = CWF_BUF_INIT;
    cwf_buf_puts(&b, pre);
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            cwf_buf_puts(&b, sep);
        for (const char *u = unit; *u; u++) {
            if (*u == '#')
                cwf_buf_printf(&b, "%zu", i);
            else
                cwf_buf_putc(&b, *u);
        }
    }
    cwf_buf_puts(&b, post);
    return cwf_buf_take(&b);
}

/* Past CWF_MAX_INPUT bytes the pattern is not read: one CWF201 error, for
 * 1 MB of `&&` conditions, of `||` terms, of words, of fields (they used to
 * take 10 to 20 GB of memory); at the limit it is still parsed. */
static void test_hard_limit(void **state)
{
    (void)state;
    static const char *const shapes[][4] = {
        {"{ ", "$.a# = \"v\"", " && ", " }"},
        {"{ ", "($.a# = \"v\")", " || ", " }"},
        {"", "w#", " ", ""},
        {"[", "f#", ", ", "]"},
        {"{ ", "(", "", ""},
    };
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        size_t n = (1u << 20) / (strlen(shapes[i][1]) + strlen(shapes[i][2])) + 1;
        char *t = repeat(shapes[i][0], shapes[i][1], shapes[i][2], shapes[i][3], n);
        size_t len = strlen(t);
        assert_true(len > 1u << 20);
        parsed *r = parse(t);
        assert_null(r->p);
        assert_int_equal(r->d.n, 1);
        assert_string_equal(cwf_rules[r->d.v[0].rule].id, "CWF201");
        assert_int_equal(r->d.v[0].span.start, 0);
        assert_int_equal(r->d.v[0].span.end, 0);
        char want[128];
        snprintf(want, sizeof want,
                 "the pattern is %zu bytes long; CloudWatch takes at most 1024 characters", len);
        assert_string_equal(r->d.v[0].message, want);
        assert_string_equal(r->d.v[0].notes[0], "cwfilter does not read a pattern longer than 65536 bytes");
        done(r);
        free(t);
    }

    /* One byte over, and exactly at the limit. */
    cwf_buf b = CWF_BUF_INIT;
    while (b.len < CWF_MAX_INPUT)
        cwf_buf_puts(&b, "ERROR ");
    b.len = CWF_MAX_INPUT;
    b.p[b.len - 1] = 'X';
    b.p[b.len] = '\0';
    parsed *r = parse(cwf_buf_str(&b));
    assert_non_null(r->p);
    assert_int_equal(r->d.n, 1);
    assert_string_equal(r->d.v[0].message, "the pattern is 65536 characters long; CloudWatch takes at most 1024");
    done(r);
    cwf_buf_putc(&b, 'X');
    r = parse(cwf_buf_str(&b));
    assert_null(r->p);
    assert_int_equal(r->d.n, 1);
    assert_string_equal(r->d.v[0].message,
                        "the pattern is 65537 bytes long; CloudWatch takes at most 1024 characters");
    done(r);
    cwf_buf_free(&b);
}

/* At most CWF_MAX_DIAGS diagnostics per pattern; the last says how many
 * more there were. */
static void test_diag_cap(void **state)
{
    (void)state;
    char *t = repeat("{ ", "$.a# = 'x'", " && ", " }", 3000);
    parsed *r = parse(t);
    assert_null(r->p);
    assert_int_equal(r->d.n, CWF_MAX_DIAGS);
    const cwf_diag *last = &r->d.v[CWF_MAX_DIAGS - 1];
    assert_string_equal(cwf_rules[last->rule].id, "CWF106");
    assert_int_equal(last->nnotes, 1);
    assert_string_equal(last->notes[0], "2900 more diagnostics are not shown: cwfilter reports at most 100 per pattern");
    done(r);
    free(t);

    /* Diagnostics already in the list are kept, and not counted. */
    parsed *two = calloc(1, sizeof *two);
    const char *one = "{ $.a = 'x' }";
    cwf_parse(one, strlen(one), &two->a, &two->d);
    t = repeat("{ ", "$.a# = 'x'", " && ", " }", 200);
    cwf_parse(t, strlen(t), &two->a, &two->d);
    assert_int_equal(two->d.n, 1 + CWF_MAX_DIAGS);
    assert_int_equal(two->d.v[0].nnotes, 0);
    done(two);
    free(t);
}

/* Lists are built in linear time and memory: 8,000 `&&` conditions (under
 * the hard limit), `||` terms, words and fields.  Each used to copy the list
 * so far (8,000 conditions: 284 MB); the bytes held by the arena are
 * compared for 1,000 and 8,000 elements: 8 times as many, not 64. */
static size_t held(const char *pre, const char *unit, const char *sep, const char *post, size_t n,
                   uint32_t *count)
{
    char *t = repeat(pre, unit, sep, post, n);
    assert_true(strlen(t) <= CWF_MAX_INPUT);
    size_t before = mallinfo2().uordblks;
    parsed *r = parse(t);
    size_t after = mallinfo2().uordblks;
    assert_non_null(r->p);
    switch (r->p->kind) {
    case CWF_K_JSON: *count = r->p->u.json->u.list.n; break;
    case CWF_K_TERMS: *count = r->p->u.terms.n; break;
    case CWF_K_DELIM: *count = r->p->u.delim.n; break;
    default: *count = 0; break;
    }
    done(r);
    free(t);
    return after > before ? after - before : 0;
}

static void test_linear_memory(void **state)
{
    (void)state;
    static const char *const shapes[][4] = {
        {"{", "$.a=1", "&&", "}"},
        {"{", "$.a=1", "||", "}"},
        {"", "w#", " ", ""},
        {"[", "f#", ",", "]"},
    };
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        uint32_t n1, n8;
        size_t m1 = held(shapes[i][0], shapes[i][1], shapes[i][2], shapes[i][3], 1000, &n1);
        size_t m8 = held(shapes[i][0], shapes[i][1], shapes[i][2], shapes[i][3], 8000, &n8);
        assert_int_equal(n1, 1000);
        assert_int_equal(n8, 8000);
        print_message("shape %zu: %zu bytes for 1,000 elements, %zu for 8,000\n", i, m1, m8);
        if (m1 == 0) /* a malloc that does not keep these counts (valgrind) */
            continue;
        if (m8 > 12 * m1)
            fail_msg("shape %zu: %zu bytes for 1,000 elements, %zu for 8,000", i, m1, m8);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kinds),
        cmocka_unit_test(test_precedence),
        cmocka_unit_test(test_selectors),
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_terms),
        cmocka_unit_test(test_delimited),
        cmocka_unit_test(test_mistakes),
        cmocka_unit_test(test_no_cascade),
        cmocka_unit_test(test_too_long),
        cmocka_unit_test(test_odd_bytes),
        cmocka_unit_test(test_spaced_exclusion),
        cmocka_unit_test(test_byte_order_mark),
        cmocka_unit_test(test_nesting),
        cmocka_unit_test(test_equal),
        cmocka_unit_test(test_arena),
        cmocka_unit_test(test_hard_limit),
        cmocka_unit_test(test_diag_cap),
        cmocka_unit_test(test_linear_memory),
    };
    return cmocka_run_group_tests_name("parse", tests, NULL, NULL);
}
