/* sql.c: a filter pattern as an SQL query for DuckDB or Athena (see sql.h).
 *
 * Each construct becomes an expression that is never SQL NULL, so that NOT,
 * AND and OR keep their two-valued meaning:
 *   - a JSON condition reads its selector's value with the dialect's JSON
 *     functions and tests its JSON type first (D9-D11: a string value tests
 *     strings, a number value numbers, IS NULL / TRUE / FALSE and NOT EXISTS
 *     the kind of value or its absence);
 *   - a wildcard segment (.*, [*]) is "some member or element satisfies the
 *     rest", a lambda over the members or elements (D12);
 *   - string and regex values test JSON numbers through the number's text as
 *     written, which neither engine keeps: a value is translated only when it
 *     matches the text of no number or of every number (decided with the
 *     regex automata), else refused;
 *   - a space-delimited pattern cuts the fields with one regex whose
 *     leftmost-first alternatives are match.c's split(), and binds them to
 *     the entries as delim_bind() does;
 *   - a %regex% is rewritten into the dialect's syntax byte class by byte
 *     class; CloudWatch reads bytes where both engines read characters, so a
 *     piece that can match a non-ASCII byte must be X* or, alone in its
 *     alternative, X+ (the only forms where the two readings agree). */
#include "sql.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "regex.h"

typedef struct sqlx {
    const cwf_sql_options *o;
    cwf_diags *d;
    bool failed;
    unsigned lambda; /* the next lambda variable: x1, x2, ... */
} sqlx;

static void refuse(sqlx *x, cwf_span span, const char *fmt, ...) CWF_PRINTF(3, 4);
static void refuse(sqlx *x, cwf_span span, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cwf_diag_add(x->d, CWF_R_SQL_UNSUPPORTED, span, "%s", msg);
    x->failed = true;
}

static bool duck(const sqlx *x)
{
    return x->o->dialect == CWF_SQL_DUCKDB;
}

static const char *dialect_name(const sqlx *x)
{
    return duck(x) ? "DuckDB" : "Athena";
}

/* Whether s[0..n) is valid UTF-8 without NUL (an SQL literal can hold it). */
static bool sql_text_ok(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned c = u[i];
        size_t k;
        unsigned lo = 0x80, hi = 0xBF; /* the bounds of the second byte */
        if (c == 0)
            return false;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF)
            k = 1;
        else if (c >= 0xE0 && c <= 0xEF)
            k = 2, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        else if (c >= 0xF0 && c <= 0xF4)
            k = 3, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        else
            return false;
        if (n - i <= k || u[i + 1] < lo || u[i + 1] > hi)
            return false;
        for (size_t j = 2; j <= k; j++)
            if ((u[i + j] & 0xC0) != 0x80)
                return false;
        i += k + 1;
    }
    return true;
}

/* An SQL string literal: 'it''s'. */
static void lit(cwf_buf *b, const char *s, size_t n)
{
    cwf_buf_putc(b, '\'');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\'')
            cwf_buf_putc(b, '\'');
        cwf_buf_putc(b, s[i]);
    }
    cwf_buf_putc(b, '\'');
}

/* A LIKE pattern literal with escape character \: pre % core % post. */
static void like(cwf_buf *b, const cwf_str *core, bool pre, bool post)
{
    cwf_buf t = CWF_BUF_INIT;
    if (pre)
        cwf_buf_putc(&t, '%');
    for (uint32_t i = 0; i < core->len; i++) {
        char c = core->p[i];
        if (c == '%' || c == '_' || c == '\\')
            cwf_buf_putc(&t, '\\');
        cwf_buf_putc(&t, c);
    }
    if (post)
        cwf_buf_putc(&t, '%');
    cwf_buf_puts(b, " LIKE ");
    lit(b, t.p ? t.p : "", t.len);
    cwf_buf_puts(b, " ESCAPE '\\'");
    cwf_buf_free(&t);
}

/* ---- regexes ------------------------------------------------------------ */

typedef struct bset {
    uint64_t w[4];
} bset;

static void bs_add(bset *s, unsigned c) { s->w[c >> 6] |= 1ull << (c & 63); }
static bool bs_has(const bset *s, unsigned c) { return s->w[c >> 6] >> (c & 63) & 1; }
static void bs_range(bset *s, unsigned lo, unsigned hi)
{
    for (unsigned c = lo; c <= hi; c++)
        bs_add(s, c);
}
static void bs_not(bset *s)
{
    for (int i = 0; i < 4; i++)
        s->w[i] = ~s->w[i];
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* One escape at s[*i] == '\\' (validated by cwf_re_parse) into set; the
 * byte it stands for, or -1 for a class escape. */
static int escape(const char *s, size_t *i, bset *set)
{
    char c = s[*i + 1];
    *i += 2;
    bset t = {{0}};
    int byte = -1;
    switch (c) {
    case 'd': case 'D': bs_range(&t, '0', '9'); break;
    case 's': case 'S': bs_add(&t, ' '); bs_range(&t, '\t', '\r'); break;
    case 'w': case 'W':
        bs_range(&t, 'a', 'z'); bs_range(&t, 'A', 'Z'); bs_range(&t, '0', '9'); bs_add(&t, '_');
        break;
    case 'x':
        byte = hexval(s[*i]) * 16 + hexval(s[*i + 1]);
        *i += 2;
        bs_add(&t, (unsigned)byte);
        break;
    default:
        byte = (unsigned char)c;
        bs_add(&t, (unsigned)byte);
    }
    if (c == 'D' || c == 'S' || c == 'W')
        bs_not(&t);
    for (int k = 0; k < 4; k++)
        set->w[k] |= t.w[k];
    return byte;
}

/* Appends one byte of a class: a letter or digit as itself, else \xHH. */
static void item(cwf_buf *b, unsigned c)
{
    if ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
        cwf_buf_putc(b, (char)c);
    else
        cwf_buf_printf(b, "\\x%02X", c);
}

/* Appends the ASCII bytes of set (all below 0x80) as class items. */
static void class_items(cwf_buf *b, const bset *set)
{
    for (unsigned c = 0; c < 0x80; c++) {
        if (!bs_has(set, c))
            continue;
        unsigned e = c;
        while (e + 1 < 0x80 && bs_has(set, e + 1))
            e++;
        item(b, c);
        if (e > c) {
            cwf_buf_putc(b, '-');
            item(b, e);
        }
        c = e;
    }
}

typedef enum { SET_ASCII, SET_HIGH, SET_MIXED } set_kind;

/* Emits a byte set as a dialect class; its kind: only ASCII bytes, every
 * non-ASCII byte (matches one whole character in the engine), or some. */
static set_kind emit_set(cwf_buf *b, const bset *set)
{
    unsigned high = 0;
    for (unsigned c = 0x80; c < 0x100; c++)
        high += bs_has(set, c);
    if (high != 0 && high != 0x80)
        return SET_MIXED;
    if (high == 0) {
        unsigned n = 0, only = 0;
        for (unsigned c = 0; c < 0x80; c++)
            if (bs_has(set, c))
                n++, only = c;
        if (n == 1 && (only < 0x80 && (strchr("_:#=@/;, ", (int)only) || (only >= '0' &&
                       only <= '9') || ((only | 0x20) >= 'a' && (only | 0x20) <= 'z'))) && only)
            cwf_buf_putc(b, (char)only); /* literal in both dialects */
        else if (n == 1)
            cwf_buf_printf(b, "\\x%02X", only);
        else {
            cwf_buf_putc(b, '[');
            class_items(b, set);
            cwf_buf_putc(b, ']');
        }
        return SET_ASCII;
    }
    bset inv = *set;
    bs_not(&inv);
    bool none = true;
    for (unsigned c = 0; c < 0x80 && none; c++)
        none = !bs_has(&inv, c);
    if (none)
        cwf_buf_putc(b, '.');
    else {
        cwf_buf_puts(b, "[^");
        class_items(b, &inv);
        cwf_buf_putc(b, ']');
    }
    return SET_HIGH;
}

/* Rewrites the validated CloudWatch regex body s[0..n) (at offset base of
 * the pattern) for the dialect into b; false after refusing. */
static bool regex_sql(sqlx *x, const char *s, size_t n, uint32_t base, cwf_buf *b)
{
    cwf_buf_puts(b, "(?s)");
    size_t i = 0;
    unsigned high_plus = 0, high_total = 0; /* in the current alternative */
    cwf_span first_plus = {0, 0};
    bool ok = true;
    for (;;) {
        if (i >= n || s[i] == '|') {
            if (high_plus > 0 && high_total > 1) {
                refuse(x, first_plus, "this regex piece repeats a class that matches non-ASCII "
                       "bytes with a minimum of one next to another such piece: CloudWatch "
                       "counts bytes where %s counts characters, so the two can disagree on "
                       "a non-ASCII character", dialect_name(x));
                ok = false;
            }
            if (i >= n)
                break;
            cwf_buf_putc(b, '|');
            i++;
            high_plus = high_total = 0;
            continue;
        }
        size_t at = i;
        char c = s[i];
        if (c == '^' || c == '$') {
            cwf_buf_puts(b, c == '^' ? "^" : "\\z");
            i++;
            continue;
        }
        bset set = {{0}};
        if (c == '[') {
            i++;
            bool neg = s[i] == '^';
            i += neg;
            while (s[i] != ']') {
                int lo;
                if (s[i] == '\\')
                    lo = escape(s, &i, &set);
                else
                    bs_add(&set, (unsigned char)s[i]), lo = (unsigned char)s[i++];
                if (i + 1 < n && s[i] == '-' && s[i + 1] != ']') {
                    i++;
                    bset hi_set = {{0}};
                    int hi = s[i] == '\\' ? escape(s, &i, &hi_set) : (unsigned char)s[i++];
                    bs_range(&set, (unsigned)lo, (unsigned)hi);
                }
            }
            i++;
            if (neg)
                bs_not(&set);
        } else if (c == '\\') {
            escape(s, &i, &set);
        } else if (c == '.') {
            bs_not(&set);
            i++;
        } else {
            bs_add(&set, (unsigned char)c);
            i++;
        }
        cwf_span span = {base + (uint32_t)at, base + (uint32_t)i};
        set_kind k = emit_set(b, &set);
        /* the quantifier */
        long lo = 1, hi = 1;
        if (i < n && (s[i] == '*' || s[i] == '+' || s[i] == '?' || s[i] == '{')) {
            size_t q = i;
            if (s[i] == '*')
                lo = 0, hi = -1, i++;
            else if (s[i] == '+')
                lo = 1, hi = -1, i++;
            else if (s[i] == '?')
                lo = 0, hi = 1, i++;
            else {
                i++;
                lo = -1;
                for (; s[i] >= '0' && s[i] <= '9'; i++)
                    lo = (lo < 0 ? 0 : lo) * 10 + (s[i] - '0');
                hi = lo;
                if (s[i] == ',') {
                    i++;
                    hi = -1;
                    for (; s[i] >= '0' && s[i] <= '9'; i++)
                        hi = (hi < 0 ? 0 : hi) * 10 + (s[i] - '0');
                }
                i++; /* } */
                if (lo < 0)
                    lo = 0;
            }
            (void)q;
            if (hi < 0 && lo <= 1)
                cwf_buf_putc(b, lo ? '+' : '*');
            else if (hi == 1 && lo == 0)
                cwf_buf_putc(b, '?');
            else if (hi < 0)
                cwf_buf_printf(b, "{%ld,}", lo);
            else if (hi == lo)
                cwf_buf_printf(b, "{%ld}", lo);
            else
                cwf_buf_printf(b, "{%ld,%ld}", lo, hi);
            span.end = base + (uint32_t)i;
        }
        if (k == SET_MIXED) {
            refuse(x, span, "this regex class holds some non-ASCII bytes but not all: %s reads "
                   "characters, not bytes", dialect_name(x));
            ok = false;
        } else if (k == SET_HIGH) {
            high_total++;
            if (hi >= 0 || lo > 1) {
                refuse(x, span, "`%.*s` matches one byte in CloudWatch but one character in %s; "
                       "only its forms X* and X+ mean the same in both",
                       (int)(span.end - span.start), s + (span.start - base), dialect_name(x));
                ok = false;
            } else if (lo == 1 && high_plus++ == 0) {
                first_plus = span;
            }
        }
    }
    return ok;
}

/* ---- values that may test a number's text -------------------------------- */

typedef enum { NUM_NONE, NUM_ALL, NUM_SOME } num_reach;

/* Which JSON numbers' texts (as written) the value v matches: none, all, or
 * some; NUM_SOME also when undecidable (a regex DFA over the caps). */
static num_reach number_reach(const cwf_value *v)
{
    cwf_dfa *val;
    if (v->kind == CWF_V_REGEX)
        val = v->re ? cwf_dfa_regex(v->re) : NULL;
    else if (v->wild == CWF_W_NONE)
        val = cwf_dfa_string(v->text.p, v->text.len, CWF_W_NONE);
    else
        val = cwf_dfa_string(v->core.p, v->core.len, v->wild);
    if (!val)
        return NUM_SOME;
    /* A superset of the JSON number texts: a digit, or - and a digit, then
     * any of 0-9 . e E + -. */
    static const char numberish[] = "^-?[0-9][0-9eE.+\\-]*$";
    cwf_arena a = CWF_ARENA_INIT;
    cwf_diags d = CWF_DIAGS_INIT;
    cwf_re *re = cwf_re_parse(numberish, sizeof numberish - 1, 0, &a, &d);
    cwf_dfa *num = re ? cwf_dfa_regex(re) : NULL;
    num_reach r = NUM_SOME;
    if (num) {
        cwf_dfa *both = cwf_dfa_and(val, num);
        cwf_dfa *notv = cwf_dfa_not(val);
        cwf_dfa *missed = cwf_dfa_and(num, notv);
        if (cwf_dfa_is_empty(both))
            r = NUM_NONE;
        else if (cwf_dfa_is_empty(missed))
            r = NUM_ALL;
        cwf_dfa_free(both);
        cwf_dfa_free(notv);
        cwf_dfa_free(missed);
        cwf_dfa_free(num);
    }
    cwf_dfa_free(val);
    cwf_diags_free(&d);
    cwf_arena_free(&a);
    return r;
}

/* ---- JSON paths ------------------------------------------------------------ */

/* Appends the JSON path of segments [k, e) (no wildcard among them) plus
 * tail ("", "[*]" or ".*") as an SQL literal; false after refusing. */
static bool path(sqlx *x, cwf_buf *b, const cwf_seg *segs, uint32_t k, uint32_t e,
                 const char *tail)
{
    cwf_buf t = CWF_BUF_INIT;
    cwf_buf_putc(&t, '$');
    bool ok = true;
    for (uint32_t i = k; i < e; i++) {
        const cwf_seg *g = &segs[i];
        if (g->kind == CWF_SEG_INDEX) {
            cwf_buf_printf(&t, "[%u]", g->index);
            continue;
        }
        bool plain = g->name.len > 0 && sql_text_ok(g->name.p, g->name.len);
        for (uint32_t j = 0; j < g->name.len && plain; j++) {
            unsigned char c = (unsigned char)g->name.p[j];
            plain = c >= 0x20 && c != '"' && c != '\\' && c != 0x7F;
        }
        if (!plain) {
            refuse(x, g->span, "this field name cannot be written in a %s JSON path (it is "
                   "empty, or holds a quote, a backslash or a control character)",
                   dialect_name(x));
            ok = false;
            break;
        }
        cwf_buf_printf(&t, duck(x) ? ".\"%.*s\"" : "[\"%.*s\"]", (int)g->name.len, g->name.p);
    }
    cwf_buf_puts(&t, tail);
    lit(b, t.p, t.len);
    cwf_buf_free(&t);
    return ok;
}

/* Appends the test that the SQL text s matches re (regex_sql's output). */
static void regex_call(const sqlx *x, cwf_buf *b, const char *s, const cwf_buf *re)
{
    cwf_buf_printf(b, duck(x) ? "regexp_matches(%s, " : "regexp_like(%s, ", s);
    lit(b, re->p, re->len);
    cwf_buf_putc(b, ')');
}

/* Appends to t the test that the SQL text s is string value v: equal to
 * it, LIKE its wildcards, or matched by its regex.  A lone `*` holds for
 * any s that is not NULL ("true" where the caller knows s is a string).
 * False after refusing a regex that SQL cannot hold. */
static bool text_test(sqlx *x, cwf_buf *t, const char *s, bool is_string, const cwf_value *v)
{
    if (v->kind == CWF_V_REGEX) {
        cwf_buf re = CWF_BUF_INIT;
        if (!v->re || !regex_sql(x, v->text.p, v->text.len, v->span.start + 1, &re)) {
            cwf_buf_free(&re);
            return false;
        }
        regex_call(x, t, s, &re);
        cwf_buf_free(&re);
    } else if (v->wild == CWF_W_NONE) {
        cwf_buf_printf(t, "%s = ", s);
        lit(t, v->text.p, v->text.len);
    } else if (v->wild == CWF_W_ANY) {
        if (is_string)
            cwf_buf_puts(t, "true");
        else
            cwf_buf_printf(t, "%s IS NOT NULL", s);
    } else {
        cwf_buf_puts(t, s);
        like(t, &v->core, v->wild != CWF_W_PREFIX, v->wild != CWF_W_SUFFIX);
    }
    return true;
}

/* The leaf condition at the value of path [k, n) of j (no wildcard left). */
static void json_value(sqlx *x, cwf_buf *b, const char *j, const cwf_expr *e, uint32_t k)
{
    const cwf_selector *sel = &e->u.leaf.sel;
    cwf_buf p = CWF_BUF_INIT;
    if (!path(x, &p, sel->segs, k, sel->n, "")) {
        cwf_buf_free(&p);
        cwf_buf_puts(b, "false");
        return;
    }
    const char *P = p.p;
    /* DuckDB: json_type names the kind; Athena: the first byte of the value's
     * JSON text does ("..." string, digit or - number, t f n, { [). */
    char *T, *S, *num_test;
    if (duck(x)) {
        T = cwf_xasprintf("json_type(%s, %s)", j, P);
        S = cwf_xasprintf("json_extract_string(%s, %s)", j, P);
        num_test = cwf_xasprintf("%s IN ('BIGINT', 'UBIGINT', 'DOUBLE', 'HUGEINT')", T);
    } else {
        T = cwf_xasprintf("json_format(json_extract(%s, %s))", j, P);
        S = cwf_xasprintf("json_extract_scalar(%s, %s)", j, P);
        num_test = cwf_xasprintf("%s NOT IN ('null', 'true', 'false') AND substr(%s, 1, 1) "
                                 "NOT IN ('\"', '{', '[')", T, T);
    }
    const char *is_str = duck(x) ? "= 'VARCHAR'" : "LIKE '\"%'";
    switch (e->kind) {
    case CWF_E_NOT_EXISTS:
        if (duck(x))
            cwf_buf_printf(b, "(%s IS NULL)", T);
        else
            cwf_buf_printf(b, "(json_extract(%s, %s) IS NULL)", j, P);
        break;
    case CWF_E_IS_NULL:
        cwf_buf_printf(b, "coalesce(%s = %s, false)", T, duck(x) ? "'NULL'" : "'null'");
        break;
    case CWF_E_IS_TRUE:
    case CWF_E_IS_FALSE: {
        const char *want = e->kind == CWF_E_IS_TRUE ? "true" : "false";
        if (duck(x))
            cwf_buf_printf(b, "coalesce(%s = 'BOOLEAN' AND %s = '%s', false)", T, S, want);
        else
            cwf_buf_printf(b, "coalesce(%s = '%s', false)", T, want);
        break;
    }
    case CWF_E_CMP: {
        const cwf_value *v = &e->u.leaf.val;
        cwf_op op = e->u.leaf.op;
        if (v->kind == CWF_V_NUMBER) {
            if (!isfinite(v->num)) {
                refuse(x, v->span, "this number is out of the range of a double");
                break;
            }
            char num[64];
            snprintf(num, sizeof num, "%.17g", v->num);
            if (!strpbrk(num, "eE"))
                strcat(num, "e0");
            const char *sop = op == CWF_OP_NE ? "<>" : cwf_op_text(op);
            if (duck(x))
                cwf_buf_printf(b, "coalesce(%s AND TRY_CAST(%s AS DOUBLE) %s %s, false)",
                               num_test, S, sop, num);
            else
                cwf_buf_printf(b, "coalesce(%s AND TRY_CAST(json_extract(%s, %s) AS DOUBLE) "
                               "%s %s, false)", num_test, j, P, sop, num);
            break;
        }
        if (op != CWF_OP_EQ && op != CWF_OP_NE) {
            cwf_buf_puts(b, "false"); /* a string value with < > <= >=: never */
            break;
        }
        if (v->kind == CWF_V_STRING && !sql_text_ok(v->text.p, v->text.len)) {
            refuse(x, v->span, "this value is not UTF-8 text (or holds a NUL byte): an SQL "
                   "literal cannot hold it");
            break;
        }
        num_reach r = number_reach(v);
        if (r == NUM_SOME) {
            refuse(x, v->span, "this value tests a JSON number through its text as written "
                   "(%s), which %s does not keep (it reads 1.50 as 1.5); only values that "
                   "match no number's text, or every number's, translate",
                   v->kind == CWF_V_REGEX ? "a regex" : "a string", dialect_name(x));
            break;
        }
        cwf_buf t = CWF_BUF_INIT;
        if (!text_test(x, &t, S, true, v)) {
            cwf_buf_free(&t);
            break;
        }
        bool numbers = op == CWF_OP_EQ ? r == NUM_ALL : r == NUM_NONE;
        cwf_buf_printf(b, "coalesce((%s %s AND %s%s)", T, is_str, op == CWF_OP_NE ? "NOT " : "",
                       t.p);
        if (numbers)
            cwf_buf_printf(b, " OR (%s)", num_test);
        cwf_buf_puts(b, ", false)");
        cwf_buf_free(&t);
        break;
    }
    default:
        cwf_buf_puts(b, "false");
    }
    free(T);
    free(S);
    free(num_test);
    cwf_buf_free(&p);
}

/* The leaf e at the JSON j (an SQL expression), from segment k on. */
static void json_leaf(sqlx *x, cwf_buf *b, const char *j, const cwf_expr *e, uint32_t k)
{
    const cwf_selector *sel = &e->u.leaf.sel;
    uint32_t w = k;
    while (w < sel->n && sel->segs[w].kind != CWF_SEG_ANY_FIELD &&
           sel->segs[w].kind != CWF_SEG_ANY_INDEX)
        w++;
    if (w == sel->n) {
        json_value(x, b, j, e, k);
        return;
    }
    bool arr = sel->segs[w].kind == CWF_SEG_ANY_INDEX;
    char var[16];
    snprintf(var, sizeof var, "x%u", ++x->lambda);
    cwf_buf inner = CWF_BUF_INIT, p = CWF_BUF_INIT;
    json_leaf(x, &inner, var, e, w + 1);
    if (duck(x)) {
        path(x, &p, sel->segs, k, w, "");
        cwf_buf_printf(b, "coalesce(json_type(%s, %s) = '%s' AND list_bool_or(list_transform("
                       "json_extract(%s, ", j, p.p, arr ? "ARRAY" : "OBJECT", j);
        path(x, b, sel->segs, k, w, arr ? "[*]" : ".*");
        cwf_buf_printf(b, "), lambda %s: %s)), false)", var, inner.p);
    } else {
        path(x, &p, sel->segs, k, w, "");
        if (arr)
            cwf_buf_printf(b, "coalesce(any_match(TRY_CAST(json_extract(%s, %s) AS ARRAY(JSON)), "
                           "%s -> %s), false)", j, p.p, var, inner.p);
        else
            cwf_buf_printf(b, "coalesce(any_match(map_values(TRY_CAST(json_extract(%s, %s) AS "
                           "MAP(VARCHAR, JSON))), %s -> %s), false)", j, p.p, var, inner.p);
    }
    cwf_buf_free(&inner);
    cwf_buf_free(&p);
}

/* ---- the CloudTrail table ---------------------------------------------------- */

/* A field of a CloudTrail record as the documented table holds it. */
typedef struct ct_field {
    const char *json;   /* the name in the record */
    const char *column; /* the column or struct field */
    char kind;          /* 's' string, 'b' boolean (held as a string), 'j' JSON
                           text, 'r' struct (children follow, up to the 0 entry) */
} ct_field;

/* ORDER: each struct is followed by its fields, then a {NULL} entry. */
static const ct_field ct_fields[] = {
    {"eventVersion", "eventversion", 's'},
    {"userIdentity", "useridentity", 'r'},
      {"type", "type", 's'}, {"principalId", "principalid", 's'}, {"arn", "arn", 's'},
      {"accountId", "accountid", 's'}, {"invokedBy", "invokedby", 's'},
      {"accessKeyId", "accesskeyid", 's'}, {"userName", "username", 's'},
      {"onBehalfOf", "onbehalfof", 'r'},
        {"userId", "userid", 's'}, {"identityStoreArn", "identitystorearn", 's'},
      {NULL, NULL, 0},
      {"sessionContext", "sessioncontext", 'r'},
        {"attributes", "attributes", 'r'},
          {"mfaAuthenticated", "mfaauthenticated", 's'}, {"creationDate", "creationdate", 's'},
        {NULL, NULL, 0},
        {"sessionIssuer", "sessionissuer", 'r'},
          {"type", "type", 's'}, {"principalId", "principalid", 's'}, {"arn", "arn", 's'},
          {"accountId", "accountid", 's'}, {"userName", "username", 's'},
        {NULL, NULL, 0},
        {"ec2RoleDelivery", "ec2roledelivery", 's'},
      {NULL, NULL, 0},
    {NULL, NULL, 0},
    {"eventTime", "eventtime", 's'},
    {"eventSource", "eventsource", 's'},
    {"eventName", "eventname", 's'},
    {"awsRegion", "awsregion", 's'},
    {"sourceIPAddress", "sourceipaddress", 's'},
    {"userAgent", "useragent", 's'},
    {"errorCode", "errorcode", 's'},
    {"errorMessage", "errormessage", 's'},
    {"requestParameters", "requestparameters", 'j'},
    {"responseElements", "responseelements", 'j'},
    {"additionalEventData", "additionaleventdata", 'j'},
    {"requestID", "requestid", 's'},
    {"eventID", "eventid", 's'},
    {"eventType", "eventtype", 's'},
    {"apiVersion", "apiversion", 's'},
    {"readOnly", "readonly", 'b'},
    {"recipientAccountId", "recipientaccountid", 's'},
    {"serviceEventDetails", "serviceeventdetails", 'j'},
    {"sharedEventID", "sharedeventid", 's'},
    {"vpcEndpointId", "vpcendpointid", 's'},
    {"vpcEndpointAccountId", "vpcendpointaccountid", 's'},
    {"eventCategory", "eventcategory", 's'},
    {"sessionCredentialFromConsole", "sessioncredentialfromconsole", 's'},
    {NULL, NULL, 0},
};

/* The index after the struct whose fields start at i (its {NULL} entry + 1). */
static size_t ct_skip(size_t i)
{
    while (ct_fields[i].json) {
        if (ct_fields[i].kind == 'r')
            i = ct_skip(i + 1);
        else
            i++;
    }
    return i + 1;
}

/* Resolves the leading segments of sel against the table: sets *col to the
 * column expression, *kind to its kind, and returns how many segments it
 * used; 0 (after refusing) when the table has no column for them. */
static uint32_t ct_resolve(sqlx *x, const cwf_selector *sel, cwf_buf *col, char *kind)
{
    size_t i = 0;
    for (uint32_t k = 0; k < sel->n; k++) {
        const cwf_seg *g = &sel->segs[k];
        size_t f = i;
        bool found = false;
        if (g->kind == CWF_SEG_FIELD)
            for (; ct_fields[f].json; f = ct_fields[f].kind == 'r' ? ct_skip(f + 1) : f + 1)
                if (strlen(ct_fields[f].json) == g->name.len &&
                    memcmp(ct_fields[f].json, g->name.p, g->name.len) == 0) {
                    found = true;
                    break;
                }
        if (!found) {
            refuse(x, g->span, "the CloudTrail table has no column for this part of the "
                   "selector (struct fields are typed; use --source json-text for any field)");
            return 0;
        }
        if (k > 0)
            cwf_buf_putc(col, '.');
        cwf_buf_puts(col, ct_fields[f].column);
        *kind = ct_fields[f].kind;
        if (*kind != 'r')
            return k + 1;
        i = f + 1;
    }
    refuse(x, sel->span, "this selector names a struct of the CloudTrail table, not a value");
    return 0;
}

/* A condition on a typed (string or boolean) column col. */
static void ct_typed(sqlx *x, cwf_buf *b, const char *col, char kind, const cwf_expr *e)
{
    switch (e->kind) {
    case CWF_E_NOT_EXISTS:
        cwf_buf_printf(b, "(%s IS NULL)", col);
        return;
    case CWF_E_IS_NULL:
        refuse(x, e->span, "IS NULL: the CloudTrail table holds a null and an absent field "
               "alike (NULL); use --source json-text");
        return;
    case CWF_E_IS_TRUE:
    case CWF_E_IS_FALSE:
        if (kind == 'b')
            cwf_buf_printf(b, "coalesce(%s = '%s', false)", col,
                           e->kind == CWF_E_IS_TRUE ? "true" : "false");
        else
            cwf_buf_puts(b, "false");
        return;
    case CWF_E_CMP:
        break;
    default:
        cwf_buf_puts(b, "false");
        return;
    }
    const cwf_value *v = &e->u.leaf.val;
    cwf_op op = e->u.leaf.op;
    /* a string field: number values and ordering never hold (D10) */
    if (kind == 'b' || v->kind == CWF_V_NUMBER || (op != CWF_OP_EQ && op != CWF_OP_NE)) {
        cwf_buf_puts(b, "false");
        return;
    }
    if (v->kind == CWF_V_STRING && !sql_text_ok(v->text.p, v->text.len)) {
        refuse(x, v->span, "this value is not UTF-8 text (or holds a NUL byte)");
        return;
    }
    cwf_buf t = CWF_BUF_INIT;
    if (!text_test(x, &t, col, false, v)) {
        cwf_buf_free(&t);
        return;
    }
    if (op == CWF_OP_NE)
        cwf_buf_printf(b, "coalesce(NOT %s, false)", t.p);
    else
        cwf_buf_printf(b, "coalesce(%s, false)", t.p);
    cwf_buf_free(&t);
}

/* ---- the JSON tree ---------------------------------------------------------------- */

static void expr(sqlx *x, cwf_buf *b, const char *j, const cwf_expr *e)
{
    if (e->kind == CWF_E_OR || e->kind == CWF_E_AND) {
        cwf_buf_putc(b, '(');
        for (uint32_t i = 0; i < e->u.list.n; i++) {
            if (i)
                cwf_buf_puts(b, e->kind == CWF_E_OR ? " OR " : " AND ");
            expr(x, b, j, e->u.list.kids[i]);
        }
        cwf_buf_putc(b, ')');
        return;
    }
    if (x->o->source == CWF_SQL_JSON_TEXT) {
        json_leaf(x, b, j, e, 0);
        return;
    }
    cwf_buf col = CWF_BUF_INIT;
    char kind = 0;
    uint32_t used = ct_resolve(x, &e->u.leaf.sel, &col, &kind);
    if (used == 0) {
        cwf_buf_puts(b, "false");
    } else if (kind == 'j') {
        /* below a JSON text column: the JSON translation, from segment used on;
         * a NULL column (absent or null) holds nothing below it. */
        cwf_buf inner = CWF_BUF_INIT;
        if (used == e->u.leaf.sel.n) {
            refuse(x, e->span, "this condition tests a JSON text column of the CloudTrail "
                   "table as a whole; test a field below it");
        } else {
            json_leaf(x, &inner, col.p, e, used);
            cwf_buf_printf(b, "coalesce(%s, false)", inner.p);
        }
        cwf_buf_free(&inner);
    } else if (used < e->u.leaf.sel.n) {
        /* below a string: missing (D13) */
        if (e->kind == CWF_E_NOT_EXISTS)
            cwf_buf_puts(b, "true");
        else
            cwf_buf_puts(b, "false");
    } else {
        ct_typed(x, b, col.p, kind, e);
    }
    cwf_buf_free(&col);
}

/* ---- space-delimited patterns (D18, SPEC 5.1) ------------------------------ */

/* One field of the message, as split() in match.c cuts it: a [ or " field
 * runs to its closing ] or " (an unclosed one to the end), any other to the
 * next space.  Both engines' regexes are leftmost-first, so a global match
 * of these alternatives, tried in this order, cuts the same fields. */
#define NO_ENTRY UINT32_MAX
#define FIELD_RE "\\[[^\\]]*\\]?|\"[^\"]*\"?|[^ ]+"

/* The fields of column c, an SQL array. */
static void fields(const sqlx *x, cwf_buf *b, const char *c)
{
    cwf_buf_printf(b, "regexp_extract_all(%s, '%s')", c, FIELD_RE);
    (void)x;
}

/* The value of raw field t (an SQL string): without its [ ] or " " (the
 * closing one only when there is one). */
static void field_value(const sqlx *x, cwf_buf *b, const char *t)
{
    (void)x;
    cwf_buf_printf(b, "CASE WHEN substr(%s, 1, 1) IN ('[', '\"') THEN substr(%s, 2, length(%s) - "
                   "CASE WHEN length(%s) >= 2 AND substr(%s, length(%s), 1) = CASE WHEN "
                   "substr(%s, 1, 1) = '[' THEN ']' ELSE '\"' END THEN 2 ELSE 1 END) ELSE %s END",
                   t, t, t, t, t, t, t, t);
}

/* The value that entry e of pattern p binds (an SQL string), given the
 * fields F, their number N and the first ellipsis ell (or NO_ENTRY). */
static void entry_value(const sqlx *x, cwf_buf *b, const cwf_pattern *p, uint32_t e,
                        uint32_t ell, const char *c, const char *F, const char *N)
{
    uint32_t k = p->u.delim.n;
    cwf_buf t = CWF_BUF_INIT;
    if (ell == NO_ENTRY || e < ell)
        cwf_buf_printf(&t, duck(x) ? "%s[%u]" : "element_at(%s, %u)", F, e + 1);
    else /* after the ellipsis: counted from the end */
        cwf_buf_printf(&t, duck(x) ? "%s[%d]" : "element_at(%s, %d)", F, -(int)(k - e));
    if (ell == NO_ENTRY && e == k - 1) {
        /* more fields than entries: the last entry takes the rest of the line
         * from its field on, as written, less trailing spaces */
        cwf_buf_printf(b, "CASE WHEN %s > %u THEN rtrim(regexp_extract(%s, '(?s)^(?: *(?:%s)){%u} *(.*)\\z', "
                       "1), ' ') ELSE ", N, k, c, FIELD_RE, k - 1);
        field_value(x, b, t.p);
        cwf_buf_puts(b, " END");
    } else {
        field_value(x, b, t.p);
    }
    cwf_buf_free(&t);
}

/* The delimited entry named name, or NO_ENTRY (as in match.c). */
static uint32_t entry_named(const cwf_pattern *p, const cwf_str *name)
{
    for (uint32_t i = 0; i < p->u.delim.n; i++) {
        const cwf_field *f = &p->u.delim.v[i];
        if ((f->kind == CWF_F_NAME || f->kind == CWF_F_COND) && f->name.len == name->len &&
            memcmp(f->name.p, name->p, name->len) == 0)
            return i;
    }
    return NO_ENTRY;
}

/* A condition tree of entry own over the values the pattern binds. */
static void delim_expr(sqlx *x, cwf_buf *b, const cwf_pattern *p, const cwf_expr *e, uint32_t own,
                       uint32_t ell, const char *c, const char *F, const char *N)
{
    if (e->kind == CWF_E_OR || e->kind == CWF_E_AND) {
        cwf_buf_putc(b, '(');
        for (uint32_t i = 0; i < e->u.list.n; i++) {
            if (i)
                cwf_buf_puts(b, e->kind == CWF_E_OR ? " OR " : " AND ");
            delim_expr(x, b, p, e->u.list.kids[i], own, ell, c, F, N);
        }
        cwf_buf_putc(b, ')');
        return;
    }
    const cwf_selector *sel = &e->u.leaf.sel;
    uint32_t at = sel->n ? entry_named(p, &sel->segs[0].name) : NO_ENTRY;
    cwf_buf v = CWF_BUF_INIT, t = CWF_BUF_INIT;
    entry_value(x, &v, p, at != NO_ENTRY ? at : own, ell, c, F, N);
    const cwf_value *val = &e->u.leaf.val;
    cwf_op op = e->u.leaf.op;
    if (e->kind != CWF_E_CMP) {
        cwf_buf_puts(b, "false");
    } else if (val->kind == CWF_V_NUMBER) {
        if (!isfinite(val->num)) {
            refuse(x, val->span, "this number is out of the range of a double");
        } else {
            char num[64];
            snprintf(num, sizeof num, "%.17g", val->num);
            if (!strpbrk(num, "eE"))
                strcat(num, "e0");
            /* D8: the field must be a number; + and leading zeros allowed */
            cwf_buf_printf(b, "coalesce(%s(%s, '^[+-]?[0-9]+(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?\\z') "
                           "AND TRY_CAST(%s AS DOUBLE) %s %s, false)",
                           duck(x) ? "regexp_matches" : "regexp_like", v.p, v.p,
                           op == CWF_OP_NE ? "<>" : cwf_op_text(op), num);
        }
    } else if (op != CWF_OP_EQ && op != CWF_OP_NE) {
        cwf_buf_puts(b, "false");
    } else if (val->kind == CWF_V_STRING && !sql_text_ok(val->text.p, val->text.len)) {
        refuse(x, val->span, "this value is not UTF-8 text (or holds a NUL byte)");
    } else {
        if (val->kind == CWF_V_REGEX) {
            cwf_buf re = CWF_BUF_INIT;
            if (val->re && regex_sql(x, val->text.p, val->text.len, val->span.start + 1, &re)) {
                cwf_buf_printf(&t, duck(x) ? "regexp_matches(%s, " : "regexp_like(%s, ", v.p);
                lit(&t, re.p, re.len);
                cwf_buf_putc(&t, ')');
            }
            cwf_buf_free(&re);
        } else if (val->wild == CWF_W_NONE) {
            cwf_buf_printf(&t, "%s = ", v.p);
            lit(&t, val->text.p, val->text.len);
        } else if (val->wild == CWF_W_ANY) {
            cwf_buf_puts(&t, "true");
        } else {
            cwf_buf_puts(&t, v.p);
            like(&t, &val->core, val->wild != CWF_W_PREFIX, val->wild != CWF_W_SUFFIX);
        }
        if (t.p)
            cwf_buf_printf(b, "coalesce(%s%s, false)", op == CWF_OP_NE ? "NOT " : "", t.p);
        else
            cwf_buf_puts(b, "false");
    }
    cwf_buf_free(&v);
    cwf_buf_free(&t);
}

/* D18: enough fields, then every entry's conditions on the values bound. */
static void delim_where(sqlx *x, cwf_buf *out, const char *c, const cwf_pattern *p)
{
    uint32_t k = p->u.delim.n, ell = NO_ENTRY;
    if (k == 0) {
        cwf_buf_puts(out, "true");
        return;
    }
    for (uint32_t i = 0; i < k && ell == NO_ENTRY; i++)
        if (p->u.delim.v[i].kind == CWF_F_ELLIPSIS)
            ell = i;
    cwf_buf F = CWF_BUF_INIT, N = CWF_BUF_INIT;
    fields(x, &F, c);
    cwf_buf_printf(&N, duck(x) ? "len(%s)" : "cardinality(%s)", F.p);
    cwf_buf_printf(out, "(%s >= %u", N.p, ell == NO_ENTRY ? k : k - 1);
    for (uint32_t i = 0; i < k; i++) {
        const cwf_field *f = &p->u.delim.v[i];
        if (f->kind != CWF_F_COND || !f->cond)
            continue;
        cwf_buf_puts(out, " AND ");
        delim_expr(x, out, p, f->cond, i, ell, c, F.p, N.p);
    }
    cwf_buf_putc(out, ')');
    cwf_buf_free(&F);
    cwf_buf_free(&N);
}

static const char *column(const cwf_sql_options *o)
{
    return o->column ? o->column : "message";
}

/* Appends an SQL identifier, double-quoted where it is not a plain name. */
static void ident(cwf_buf *b, const char *s)
{
    bool plain = (*s >= 'a' && *s <= 'z') || *s == '_';
    for (const char *c = s; *c && plain; c++)
        plain = (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_';
    if (plain) {
        cwf_buf_puts(b, s);
        return;
    }
    cwf_buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"')
            cwf_buf_putc(b, '"');
        cwf_buf_putc(b, *s);
    }
    cwf_buf_putc(b, '"');
}

/* Whether the source holds the raw event text (json-text); if not,
 * refuses pattern p, which `does` ("a term pattern searches") that text. */
static bool raw_text(sqlx *x, const cwf_pattern *p, const char *does)
{
    if (x->o->source == CWF_SQL_JSON_TEXT)
        return true;
    refuse(x, p->span, "%s the raw event text, which the CloudTrail table does not hold; use "
           "--source json-text", does);
    return false;
}

bool cwf_sql_where(const cwf_pattern *p, const cwf_sql_options *o, cwf_buf *out, cwf_diags *d)
{
    sqlx x = {o, d, false, 0};
    cwf_buf col = CWF_BUF_INIT;
    ident(&col, column(o));
    const char *c = col.p;
    switch (p->kind) {
    case CWF_K_ALL:
        cwf_buf_puts(out, "true");
        break;
    case CWF_K_TERMS: {
        if (!raw_text(&x, p, "a term pattern searches"))
            break;
        bool strict = false;
        for (uint32_t i = 0; i < p->u.terms.n; i++)
            strict |= p->u.terms.v[i].kind != CWF_T_OPTIONAL;
        cwf_buf_putc(out, '(');
        bool first = true;
        for (uint32_t i = 0; i < p->u.terms.n; i++) {
            const cwf_term *t = &p->u.terms.v[i];
            if (strict == (t->kind == CWF_T_OPTIONAL))
                continue;
            if (!sql_text_ok(t->text.p, t->text.len)) {
                refuse(&x, t->span, "this term is not UTF-8 text (or holds a NUL byte)");
                continue;
            }
            if (!first)
                cwf_buf_puts(out, strict ? " AND " : " OR ");
            first = false;
            if (t->kind == CWF_T_EXCLUDE)
                cwf_buf_puts(out, "NOT ");
            cwf_buf_printf(out, duck(&x) ? "contains(%s, " : "strpos(%s, ", c);
            lit(out, t->text.p, t->text.len);
            cwf_buf_puts(out, duck(&x) ? ")" : ") > 0");
        }
        if (first)
            cwf_buf_puts(out, "true");
        cwf_buf_putc(out, ')');
        break;
    }
    case CWF_K_REGEX: {
        if (!raw_text(&x, p, "a regex pattern searches"))
            break;
        cwf_buf re = CWF_BUF_INIT;
        const cwf_value *v = &p->u.regex;
        if (v->re && regex_sql(&x, v->text.p, v->text.len, v->span.start + 1, &re))
            regex_call(&x, out, c, &re);
        else if (!v->re)
            cwf_buf_puts(out, "false"); /* never holds (match.h) */
        cwf_buf_free(&re);
        break;
    }
    case CWF_K_JSON:
        if (o->source != CWF_SQL_JSON_TEXT) {
            expr(&x, out, c, p->u.json);
            break;
        }
        /* D14: the event must be a JSON object or array */
        if (duck(&x))
            cwf_buf_printf(out, "CASE WHEN json_valid(%s) THEN json_type(%s) IN ('OBJECT', "
                           "'ARRAY') AND ", c, c);
        else
            cwf_buf_printf(out, "CASE WHEN try(json_parse(%s)) IS NULL THEN false ELSE "
                           "substr(json_format(json_parse(%s)), 1, 1) IN ('{', '[') AND ", c, c);
        expr(&x, out, c, p->u.json);
        cwf_buf_puts(out, duck(&x) ? " ELSE false END" : " END");
        break;
    case CWF_K_DELIM:
        if (!raw_text(&x, p, "a space-delimited pattern splits"))
            break;
        delim_where(&x, out, c, p);
        break;
    }
    cwf_buf_free(&col);
    return !x.failed;
}

/* The selector of count_by as a parsed pattern `{ SEL NOT EXISTS }`, or
 * NULL. */
static const cwf_selector *count_selector(const char *s, cwf_arena *a)
{
    cwf_buf t = CWF_BUF_INIT;
    cwf_buf_printf(&t, "{ %s NOT EXISTS }", s);
    cwf_diags d = CWF_DIAGS_INIT;
    cwf_pattern *p = strlen(s) < 512 ? cwf_parse(t.p, t.len, a, &d) : NULL;
    const cwf_selector *sel = NULL;
    if (p && cwf_diags_count(&d, CWF_ERROR) == 0 && p->kind == CWF_K_JSON &&
        p->u.json->kind == CWF_E_NOT_EXISTS)
        sel = &p->u.json->u.leaf.sel;
    cwf_diags_free(&d);
    cwf_buf_free(&t);
    return sel;
}

/* The SQL text of a selector's string value (json-text) or column. */
static bool value_of(sqlx *x, const cwf_selector *sel, const char *c, cwf_buf *b)
{
    for (uint32_t i = 0; i < sel->n; i++)
        if (sel->segs[i].kind != CWF_SEG_FIELD && sel->segs[i].kind != CWF_SEG_INDEX) {
            cwf_diag_add(x->d, CWF_R_SQL_UNSUPPORTED, (cwf_span){0, 0},
                         "--count-by and the time field take a selector without wildcards");
            x->failed = true;
            return false;
        }
    if (x->o->source == CWF_SQL_JSON_TEXT) {
        cwf_buf_printf(b, duck(x) ? "json_extract_string(%s, " : "json_extract_scalar(%s, ", c);
        return path(x, b, sel->segs, 0, sel->n, "") && (cwf_buf_putc(b, ')'), true);
    }
    char kind = 0;
    cwf_buf col = CWF_BUF_INIT;
    uint32_t used = ct_resolve(x, sel, &col, &kind);
    bool ok = used > 0;
    if (ok && kind == 'j' && used < sel->n) {
        cwf_buf_printf(b, duck(x) ? "json_extract_string(%s, " : "json_extract_scalar(%s, ",
                       col.p);
        ok = path(x, b, sel->segs, used, sel->n, "");
        cwf_buf_putc(b, ')');
    } else if (ok && used == sel->n) {
        cwf_buf_puts(b, col.p);
    } else if (ok) {
        cwf_diag_add(x->d, CWF_R_SQL_UNSUPPORTED, (cwf_span){0, 0},
                     "--count-by: the CloudTrail table has no column for this selector");
        x->failed = ok = false;
    }
    cwf_buf_free(&col);
    return ok;
}

bool cwf_sql_query(const cwf_pattern *p, const cwf_sql_options *o, cwf_buf *out, cwf_diags *d)
{
    sqlx x = {o, d, false, 0};
    bool raw = o->source == CWF_SQL_JSON_TEXT;
    const char *table = o->table ? o->table : raw ? "events" : "cloudtrail_logs";
    cwf_buf where = CWF_BUF_INIT, col = CWF_BUF_INIT, by = CWF_BUF_INIT, when = CWF_BUF_INIT;
    cwf_arena a = CWF_ARENA_INIT;
    bool ok = cwf_sql_where(p, o, &where, d);
    ident(&col, raw ? column(o) : "eventtime");
    if (o->count_by) {
        const cwf_selector *sel = count_selector(o->count_by, &a);
        if (!sel) {
            cwf_diag_add(d, CWF_R_SQL_UNSUPPORTED, (cwf_span){0, 0},
                         "--count-by %s is not a JSON selector such as $.userIdentity.arn",
                         o->count_by);
            ok = false;
        } else {
            size_t first = d->n;
            ok &= value_of(&x, sel, col.p, &by);
            /* their spans are in the count_by text, not in the pattern */
            for (size_t i = first; i < d->n; i++)
                d->v[i].span = (cwf_span){0, 0};
        }
    }
    if (o->period) {
        cwf_buf ts = CWF_BUF_INIT;
        if (raw)
            cwf_buf_printf(&ts, duck(&x) ? "json_extract_string(%s, '$.\"eventTime\"')"
                                         : "json_extract_scalar(%s, '$[\"eventTime\"]')", col.p);
        else
            cwf_buf_puts(&ts, "eventtime");
        if (duck(&x))
            cwf_buf_printf(&when, "to_timestamp(floor(epoch(TRY_CAST(%s AS TIMESTAMPTZ)) / %u) "
                           "* %u)", ts.p, o->period, o->period);
        else
            cwf_buf_printf(&when, "from_unixtime(floor(to_unixtime(from_iso8601_timestamp(%s)) "
                           "/ %u) * %u)", ts.p, o->period, o->period);
        cwf_buf_free(&ts);
    }
    ok &= !x.failed;
    if (ok) {
        cwf_buf tb = CWF_BUF_INIT;
        cwf_buf_puts(&tb, table); /* any FROM item, as the caller wrote it */
        if (!o->count_by && !o->period) {
            cwf_buf_printf(out, "SELECT *\nFROM %s\nWHERE %s;\n", tb.p, where.p);
        } else {
            cwf_buf_puts(out, "SELECT ");
            if (o->period)
                cwf_buf_printf(out, "%s AS period_start, ", when.p);
            if (o->count_by)
                cwf_buf_printf(out, "%s AS value, ", by.p);
            cwf_buf_printf(out, "count(*) AS events\nFROM %s\nWHERE %s\nGROUP BY %s\n"
                           "ORDER BY %s;\n", tb.p, where.p,
                           o->period && o->count_by ? "1, 2" : "1",
                           o->period && o->count_by ? "1, 2" : "1");
        }
        cwf_buf_free(&tb);
    }
    cwf_buf_free(&where);
    cwf_buf_free(&col);
    cwf_buf_free(&by);
    cwf_buf_free(&when);
    cwf_arena_free(&a);
    return ok;
}
