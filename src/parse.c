/* parse.c: cwf_parse, the AST builders of the grammar's actions, and the
 * checks that come before the grammar: the hard size limit, a byte-order
 * mark, control characters, backslash-newline. */
#include "parse.h"

#include <stdlib.h>
#include <string.h>

#include "parse_impl.h"
#include "parser.h"

cwf_diag *cwf_parse_error(cwf_parser *ps, cwf_rule_id r, cwf_span s,
                          const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = cwf_xvasprintf(fmt, ap);
    va_end(ap);
    cwf_diag *g = cwf_diag_add(ps->diags, r, s, "%s", msg);
    free(msg);
    if (g->severity == CWF_ERROR)
        ps->errors++;
    return g;
}

/* The capacity of a list of n elements that cwf_list_grow made: the next
 * power of two, at least 2.  It is implied by n, so no list stores it. */
static uint32_t list_cap(uint32_t n)
{
    uint32_t c = 2;
    while (c < n)
        c *= 2;
    return c;
}

void *cwf_list_grow(cwf_parser *ps, void *v, uint32_t n, uint32_t add, size_t size)
{
    if (v && n + add <= list_cap(n))
        return v;
    void *w = cwf_arena_alloc(ps->arena, list_cap(n + add) * size);
    if (n)
        memcpy(w, v, n * size);
    return w;
}

/* An AND or OR of a and b, flattening children of the same kind, so that
 * `A || B || C` and `(A || B) || C` are the same node (both operators are
 * associative).  A list of kind k on the left is extended in place (it is
 * the chain being built): a chain of n conditions costs O(n). */
cwf_expr *cwf_mk_list(cwf_parser *ps, cwf_expr_kind k, cwf_expr *a, cwf_expr *b)
{
    uint32_t nb = b->kind == k ? b->u.list.n : 1;
    cwf_expr *const *bk = b->kind == k ? b->u.list.kids : &b;
    cwf_expr *e = a;
    if (a->kind != k) {
        e = cwf_arena_alloc(ps->arena, sizeof *e);
        e->kind = k;
        e->u.list.kids = cwf_list_grow(ps, NULL, 0, 1, sizeof *e->u.list.kids);
        e->u.list.kids[0] = a;
        e->u.list.n = 1;
    }
    e->u.list.kids = cwf_list_grow(ps, e->u.list.kids, e->u.list.n, nb, sizeof *e->u.list.kids);
    memcpy(e->u.list.kids + e->u.list.n, bk, nb * sizeof *e->u.list.kids);
    e->u.list.n += nb;
    e->span = (cwf_span){a->span.start, b->span.end};
    return e;
}

cwf_expr *cwf_mk_leaf(cwf_parser *ps, cwf_expr_kind k, cwf_selector *sel,
                      cwf_op op, const cwf_value *val, cwf_span span)
{
    cwf_expr *e = cwf_arena_alloc(ps->arena, sizeof *e);
    e->kind = k;
    e->span = span;
    e->u.leaf.sel = *sel;
    e->u.leaf.op = op;
    if (val)
        e->u.leaf.val = *val;
    return e;
}

/* A selector from a plain dotted name (a delimited field, or a JSON
 * selector written without `$.`, for recovery). */
cwf_selector *cwf_mk_name_selector(cwf_parser *ps, cwf_str name, cwf_span span)
{
    cwf_selector *s = cwf_arena_alloc(ps->arena, sizeof *s);
    uint32_t n = 1;
    for (uint32_t i = 0; i < name.len; i++)
        n += name.p[i] == '.';
    s->segs = cwf_arena_alloc(ps->arena, n * sizeof *s->segs);
    s->span = span;
    uint32_t start = 0;
    for (uint32_t i = 0; i <= name.len; i++) {
        if (i < name.len && name.p[i] != '.')
            continue;
        cwf_seg *g = &s->segs[s->n++];
        g->kind = CWF_SEG_FIELD;
        g->name = (cwf_str){cwf_arena_strndup(ps->arena, name.p + start, i - start), i - start};
        g->span = span;
        start = i + 1;
    }
    return s;
}

/* D-note in SPEC Part 1: the benchmark's remediation command splits the
 * pattern with `|| \` and a newline inside single quotes; the backslash and
 * newline then stay in the pattern.  Found before lexing, wherever it is
 * (inside a quoted value too), and explained once. */
static bool backslash_newline(const char *t, size_t len, cwf_diags *d)
{
    size_t first = len, count = 0;
    for (size_t i = 0; i + 1 < len; i++) {
        if (t[i] != '\\')
            continue;
        size_t j = i + 1 + (t[i + 1] == '\r' && i + 2 < len);
        if (t[j] == '\n') {
            if (count++ == 0)
                first = i;
        }
    }
    if (count == 0)
        return false;
    cwf_diag *g = cwf_diag_add(d, CWF_R_BACKSLASH_NEWLINE, (cwf_span){(uint32_t)first, (uint32_t)first + 1},
                               "a backslash and a line break are inside the pattern");
    cwf_diag_note(g, "a shell line continuation (`\\` at the end of a line) inside single quotes "
                     "is not a continuation: the backslash and the newline stay in the pattern");
    cwf_diag_note(g, "the CIS benchmark's own remediation command splits the pattern this way; "
                     "remove the backslash and the line break, or put the pattern on one line");
    if (count > 1)
        cwf_diag_note(g, "the pattern has %zu such line breaks", count);
    return true;
}

/* The ASCII name of control character c. */
static const char *control_name(unsigned char c)
{
    static const char *const names[32] = {
        "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF",
        "VT", "FF", "CR", "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK",
        "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US",
    };
    return c < 32 ? names[c] : "DEL";
}

/* NUL, DEL and the C0 control characters other than tab, line feed and
 * carriage return have no place anywhere in a pattern, quoted or not (a NUL
 * in a string used to be kept, and then cut the printed pattern short).
 * Found before lexing; the first one is reported. */
static bool control_char(const char *t, size_t len, cwf_diags *d)
{
    size_t first = len, count = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)t[i];
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
            if (count++ == 0)
                first = i;
        }
    }
    if (count == 0)
        return false;
    unsigned char c = (unsigned char)t[first];
    cwf_diag *g = cwf_diag_add(d, CWF_R_BAD_CHAR, (cwf_span){(uint32_t)first, (uint32_t)first + 1},
                               "the control character U+%04X (%s) is not allowed in a filter pattern",
                               c, control_name(c));
    cwf_diag_note(g, "a pattern may hold tabs and line breaks, but no other control character");
    if (count > 1)
        cwf_diag_note(g, "the pattern has %zu control characters", count);
    return true;
}

/* Moves the diagnostics of one parse from own to d: at most CWF_MAX_DIAGS,
 * the last one noting how many were left out. */
static void take_diags(cwf_diags *d, cwf_diags *own)
{
    size_t keep = own->n < CWF_MAX_DIAGS ? own->n : CWF_MAX_DIAGS;
    for (size_t i = 0; i < keep; i++) {
        if (d->n == d->cap) {
            d->cap = d->cap ? 2 * d->cap : 8;
            d->v = cwf_xrealloc(d->v, d->cap * sizeof *d->v);
        }
        d->v[d->n++] = own->v[i];
    }
    if (own->n > keep) {
        cwf_diag_note(&d->v[d->n - 1], "%zu more diagnostics are not shown: cwfilter reports at most %d per pattern",
                      own->n - keep, CWF_MAX_DIAGS);
        memmove(own->v, own->v + keep, (own->n - keep) * sizeof *own->v);
    }
    own->n -= keep; /* the moved ones are d's now; free the rest */
    cwf_diags_free(own);
}

static cwf_pattern *parse(const char *text, size_t len, cwf_arena *a, cwf_diags *d)
{
    if (len > CWF_MAX_INPUT) {
        /* Not read at all: a bound on time, memory and diagnostics. */
        cwf_diag *g = cwf_diag_add(d, CWF_R_TOO_LONG, (cwf_span){0, 0},
                                   "the pattern is %zu bytes long; CloudWatch takes at most %d characters",
                                   len, CWF_MAX_PATTERN);
        cwf_diag_note(g, "cwfilter does not read a pattern longer than %d bytes", CWF_MAX_INPUT);
        return NULL;
    }
    /* A byte-order mark is an editor's encoding marker, not pattern text:
     * one warning, then the rest is read (spans stay offsets into text). */
    size_t skip = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        cwf_diag *g = cwf_diag_add(d, CWF_R_BYTE_ORDER_MARK, (cwf_span){0, 3},
                                   "the byte-order mark at the start of the pattern is ignored");
        cwf_diag_note(g, "CloudWatch receives it as part of the pattern: save the file as UTF-8 without a byte-order mark");
        skip = 3;
    }
    if (control_char(text, len, d))
        return NULL;
    if (backslash_newline(text, len, d))
        return NULL;

    cwf_parser ps;
    memset(&ps, 0, sizeof ps);
    unsigned char *copy = (unsigned char *)cwf_arena_strndup(a, text, len);
    ps.base = ps.tok = ps.mar = copy;
    ps.cur = copy + skip;
    ps.lim = copy + len;
    ps.cond = cwf_lexer_init_cond();
    ps.arena = a;
    ps.diags = d;
    ps.last_tok = ps.prev_tok = -1;

    int rc = cwf_yyparse(&ps);
    free(ps.parens);
    if (rc != 0 || ps.errors > 0 || !ps.result)
        return NULL;
    cwf_validate(ps.result, text, len, d);
    return ps.result;
}

cwf_pattern *cwf_parse(const char *text, size_t len, cwf_arena *a, cwf_diags *d)
{
    cwf_diags own = CWF_DIAGS_INIT;
    cwf_pattern *p = parse(text, len, a, &own);
    take_diags(d, &own);
    return p;
}
