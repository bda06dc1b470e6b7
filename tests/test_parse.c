/* test_parse.c: the lexer, the parser and validation: ASTs, precedence,
 * values, and the exact diagnostic (rule, span, message) of every mistake
 * that issue 2 names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

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
    {"ERROR - DEBUG", "CWF100", 6, 7, "`-` must be written right before its term, without a space", NULL},
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
    const char text[] = "{ $.a = \"x\0y\" }";
    cwf_pattern *p = cwf_parse(text, sizeof text - 1, &a, &d);
    assert_non_null(p);
    assert_int_equal(p->u.json->u.leaf.val.text.len, 3);
    cwf_diags_free(&d);
    cwf_arena_free(&a);

    /* A bracketed name may hold any byte but `'`: the printer keeps it. */
    const char odd[] = "{ $.['a\0b'] = \"x\0y\" }";
    p = cwf_parse(odd, sizeof odd - 1, &a, &d);
    assert_non_null(p);
    cwf_buf b = CWF_BUF_INIT;
    cwf_pattern_format(p, &b);
    assert_int_equal(b.len, sizeof odd - 1);
    assert_memory_equal(b.p, odd, sizeof odd - 1);
    cwf_buf_free(&b);
    cwf_diags_free(&d);
    cwf_arena_free(&a);

    parsed *r = parse("{ $.a = 1 \x01 }");
    assert_null(r->p);
    assert_string_equal(cwf_rules[r->d.v[0].rule].id, "CWF118");
    assert_int_equal(r->d.v[0].span.start, 10);
    done(r);
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
    };
    return cmocka_run_group_tests_name("parse", tests, NULL, NULL);
}
