/* parse.c: cwf_parse, the AST builders of the grammar's actions, and the
 * checks that come before the grammar (backslash-newline). */
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

/* An AND or OR of a and b, flattening children of the same kind, so that
 * `A || B || C` and `(A || B) || C` are the same node (both operators are
 * associative). */
cwf_expr *cwf_mk_list(cwf_parser *ps, cwf_expr_kind k, cwf_expr *a, cwf_expr *b)
{
    uint32_t na = a->kind == k ? a->u.list.n : 1;
    uint32_t nb = b->kind == k ? b->u.list.n : 1;
    cwf_expr *e = cwf_arena_alloc(ps->arena, sizeof *e);
    e->kind = k;
    e->span = (cwf_span){a->span.start, b->span.end};
    e->u.list.n = na + nb;
    e->u.list.kids = cwf_arena_alloc(ps->arena, (na + nb) * sizeof *e->u.list.kids);
    if (a->kind == k)
        memcpy(e->u.list.kids, a->u.list.kids, na * sizeof *e->u.list.kids);
    else
        e->u.list.kids[0] = a;
    if (b->kind == k)
        memcpy(e->u.list.kids + na, b->u.list.kids, nb * sizeof *e->u.list.kids);
    else
        e->u.list.kids[na] = b;
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

cwf_pattern *cwf_parse(const char *text, size_t len, cwf_arena *a, cwf_diags *d)
{
    if (len > UINT32_MAX / 2) {
        cwf_diag_add(d, CWF_R_TOO_LONG, (cwf_span){0, 0},
                     "the pattern is %zu bytes long; CloudWatch takes at most %d characters",
                     len, CWF_MAX_PATTERN);
        return NULL;
    }
    if (backslash_newline(text, len, d))
        return NULL;

    cwf_parser ps;
    memset(&ps, 0, sizeof ps);
    unsigned char *copy = (unsigned char *)cwf_arena_strndup(a, text, len);
    ps.base = ps.cur = ps.tok = ps.mar = copy;
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
