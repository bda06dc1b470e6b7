/* parse_build.c: what the generated lexer and parser call back: the error
 * reporter with its cascade guard, growing lists in the arena, and the AST
 * builders of the grammar's actions.  Below the lexer and the parser;
 * parse.c, which drives them, sits above. */
#include <stdlib.h>
#include <string.h>

#include "parse_impl.h"

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
