/* prove_core.c: the prover's engine (prove_impl.h), first half: atoms, the
 * path tree, wildcard instances and types, and cells.  The search for a
 * model is in prove_search.c.
 *
 * The value at one path is missing, null, true, false, a number (with the
 * text it is written with), a string, an object or an array.  Each test of
 * a pattern looks at one path (D9-D13); the tests at a path split its
 * values into cells, where every test is constant:
 *   - strings: exact literals are cells of their own; the other strings are
 *     one "super" cell until a search cannot do without telling them apart
 *     (Kleene's unknown on it is not false); then the languages that search
 *     reads there (prefix, suffix, contains, regex) split them into regions
 *     by automata products, once per set of languages.  Sixteen equalities
 *     give seventeen cells, not 2^16, and no product at all;
 *   - numbers, only where a numeric test is: intervals between the
 *     constants, crossed with the string cells when both kinds of test meet
 *     (a cell whose emptiness is not proved is "maybe": a model that needs
 *     it makes the answer unknown, never wrong);
 *   - null, booleans, and objects/arrays where paths go deeper.
 * Ties between paths: a child exists only under an object (field) or an
 * array (index); an index i present means every smaller index is present.
 * A wildcard selector `$.c[*].rel` or `$.c.*.rel` quantifies over the
 * elements of c: the elements some other selector names (instances of the
 * test under each), plus any number of anonymous ones, whose possible
 * "types" (which of the wildcard's tests they satisfy) are enumerated once
 * over a template subtree. */
#include "prove_engine.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- construction ------------------------------------------------------- */

pv *cwf_pv_new(void)
{
    pv *e = cwf_xcalloc(1, sizeof *e);
    GROW(e->nodes, e->nnodes, e->cnodes);
    node *r = &e->nodes[e->nnodes++];
    memset(r, 0, sizeof *r);
    r->parent = -1;
    r->troot_of = r->gfield = r->gindex = -1;
    e->ftrue = e->ffalse = -1;
    e->budget = CWF_PROVE_BUDGET;
    return e;
}

static void cells_free(node *n)
{
    for (int i = 0; i < n->ncells; i++) {
        free(n->cells[i].txt);
        free(n->cells[i].in);
    }
    free(n->cells);
    n->cells = NULL;
    n->ncells = n->ccells = 0;
}

static void rcache_free(node *n);

void cwf_pv_free(pv *e)
{
    if (!e)
        return;
    cwf_arena_free(&e->scratch);
    for (int i = 0; i < e->nnodes; i++) {
        node *n = &e->nodes[i];
        free(n->kids);
        free(n->tests);
        for (int j = 0; j < n->nlangs; j++)
            cwf_dfa_free(n->langs[j].dfa);
        free(n->langs);
        cells_free(n);
        for (int j = 0; j < n->nexp; j++)
            free(n->exp[j].set);
        free(n->exp);
        rcache_free(n);
    }
    for (int i = 0; i < e->natoms; i++) {
        free(e->atoms[i].inst);
        free(e->atoms[i].elems);
    }
    for (int i = 0; i < e->ngroups; i++) {
        group *g = &e->groups[i];
        free(g->atoms);
        free(g->tnodes);
        free(g->tset);
        for (int t = 0; t < g->ntypes; t++)
            free(g->tasg[t]);
        free(g->tasg);
        free(g->tmaybe);
    }
    free(e->nodes);
    free(e->tests);
    free(e->atoms);
    free(e->groups);
    free(e->f);
    free(e->fk);
    free(e->xm);
    free(e->xh);
    free(e);
}

static int new_node(pv *e, int parent, cwf_seg_kind seg, const char *name,
                    uint32_t nlen, uint32_t index)
{
    GROW(e->nodes, e->nnodes, e->cnodes);
    int id = e->nnodes++;
    node *n = &e->nodes[id];
    memset(n, 0, sizeof *n);
    n->parent = parent;
    n->seg = seg;
    n->name = name;
    n->nlen = nlen;
    n->index = index;
    n->troot_of = n->gfield = n->gindex = -1;
    node *p = &e->nodes[parent];
    n->tmpl = p->tmpl || seg == CWF_SEG_ANY_FIELD || seg == CWF_SEG_ANY_INDEX;
    GROW(p->kids, p->nkids, p->ckids);
    p->kids[p->nkids++] = id;
    return id;
}

/* The child of node `parent` along one segment, created on first use. */
static int child(pv *e, int parent, cwf_seg_kind seg, const char *name,
                 uint32_t nlen, uint32_t index)
{
    node *p = &e->nodes[parent];
    for (int i = 0; i < p->nkids; i++) {
        node *k = &e->nodes[p->kids[i]];
        if (k->seg != seg)
            continue;
        if (seg == CWF_SEG_FIELD && k->nlen == nlen && memcmp(k->name, name, nlen) == 0)
            return p->kids[i];
        if (seg == CWF_SEG_INDEX && k->index == index)
            return p->kids[i];
    }
    return new_node(e, parent, seg, name, nlen, index);
}

/* The wildcard group of container c and kind, created on first use. */
static int get_group(pv *e, int c, bool index)
{
    int g = index ? e->nodes[c].gindex : e->nodes[c].gfield;
    if (g >= 0)
        return g;
    int t = new_node(e, c, index ? CWF_SEG_ANY_INDEX : CWF_SEG_ANY_FIELD, NULL, 0, 0);
    GROW(e->groups, e->ngroups, e->cgroups);
    g = e->ngroups++;
    group *gr = &e->groups[g];
    memset(gr, 0, sizeof *gr);
    gr->container = c;
    gr->index = index;
    gr->troot = t;
    e->nodes[t].troot_of = g;
    if (index)
        e->nodes[c].gindex = g;
    else
        e->nodes[c].gfield = g;
    return g;
}

static int add_lang(pv *e, int nd, bool regex, cwf_wild w, const char *s, uint32_t n,
                    const struct cwf_re *re)
{
    node *x = &e->nodes[nd];
    for (int i = 0; i < x->nlangs; i++) {
        lang *l = &x->langs[i];
        if (l->regex == regex && (regex || l->wild == w) && l->n == n &&
            memcmp(l->s, s, n) == 0)
            return i;
    }
    GROW(x->langs, x->nlangs, x->clangs);
    lang *l = &x->langs[x->nlangs];
    memset(l, 0, sizeof *l);
    l->regex = regex;
    l->wild = w;
    l->s = s;
    l->n = n;
    l->re = re;
    return x->nlangs++;
}

static int add_test(pv *e, int nd, tkind k, int lg, cwf_op op, double c)
{
    node *x = &e->nodes[nd];
    for (int i = 0; i < x->ntests; i++) {
        test *t = &e->tests[x->tests[i]];
        if (t->k == k && t->lang == lg && (k != T_NUM || (t->op == op && t->c == c)))
            return x->tests[i];
    }
    GROW(e->tests, e->ntests, e->ctests);
    int id = e->ntests++;
    e->tests[id] = (test){k, nd, lg, op, c};
    x = &e->nodes[nd];
    GROW(x->tests, x->ntests, x->ctests);
    x->tests[x->ntests++] = id;
    return id;
}

/* The test of leaf x at node nd (D9-D13 as match.c implements them). */
static int leaf_test(pv *e, int nd, const cwf_expr *x, const char **why)
{
    switch (x->kind) {
    case CWF_E_NOT_EXISTS: return add_test(e, nd, T_MISSING, -1, 0, 0);
    case CWF_E_IS_NULL:    return add_test(e, nd, T_NULL, -1, 0, 0);
    case CWF_E_IS_TRUE:    return add_test(e, nd, T_TRUE, -1, 0, 0);
    case CWF_E_IS_FALSE:   return add_test(e, nd, T_FALSE, -1, 0, 0);
    default:
        break;
    }
    const cwf_value *v = &x->u.leaf.val;
    cwf_op op = x->u.leaf.op;
    if (v->kind == CWF_V_NUMBER)
        return add_test(e, nd, T_NUM, -1, op, v->num);
    if (op != CWF_OP_EQ && op != CWF_OP_NE)
        return add_test(e, nd, T_NEVER, -1, 0, 0);
    bool eq = op == CWF_OP_EQ;
    if (v->kind == CWF_V_REGEX) {
        if (!v->re) {
            *why = "a regex that did not parse";
            return add_test(e, nd, T_NEVER, -1, 0, 0);
        }
        int lg = add_lang(e, nd, true, CWF_W_NONE, v->text.p, v->text.len, v->re);
        return add_test(e, nd, eq ? T_IN : T_NOTIN, lg, 0, 0);
    }
    if (v->wild == CWF_W_ANY)
        return add_test(e, nd, eq ? T_STRNUM : T_NEVER, -1, 0, 0);
    const cwf_str *s = v->wild == CWF_W_NONE ? &v->text : &v->core;
    int lg = add_lang(e, nd, false, v->wild, s->p, s->len, NULL);
    return add_test(e, nd, eq ? T_IN : T_NOTIN, lg, 0, 0);
}

static int new_f(pv *e, uint8_t op, int a, int k0, int n)
{
    GROW(e->f, e->nf, e->cf);
    e->f[e->nf] = (fnode){op, a, k0, n};
    return e->nf++;
}

int cwf_pv_true(pv *e)
{
    if (e->ftrue < 0)
        e->ftrue = new_f(e, PV_OP_TRUE, -1, 0, 0);
    return e->ftrue;
}

int cwf_pv_false(pv *e)
{
    if (e->ffalse < 0)
        e->ffalse = new_f(e, PV_OP_FALSE, -1, 0, 0);
    return e->ffalse;
}

static int list_f(pv *e, uint8_t op, const int *v, int n)
{
    if (n == 0)
        return op == PV_OP_AND ? cwf_pv_true(e) : cwf_pv_false(e);
    if (n == 1)
        return v[0];
    int k0 = e->nfk;
    for (int i = 0; i < n; i++) {
        GROW(e->fk, e->nfk, e->cfk);
        e->fk[e->nfk++] = v[i];
    }
    return new_f(e, op, -1, k0, n);
}

int cwf_pv_andv(pv *e, const int *v, int n) { return list_f(e, PV_OP_AND, v, n); }
int cwf_pv_orv(pv *e, const int *v, int n) { return list_f(e, PV_OP_OR, v, n); }

int cwf_pv_and(pv *e, int a, int b)
{
    int v[2] = {a, b};
    return list_f(e, PV_OP_AND, v, 2);
}

int cwf_pv_or(pv *e, int a, int b)
{
    int v[2] = {a, b};
    return list_f(e, PV_OP_OR, v, 2);
}

int cwf_pv_not(pv *e, int f)
{
    GROW(e->fk, e->nfk, e->cfk);
    e->fk[e->nfk++] = f;
    return new_f(e, PV_OP_NOT, -1, e->nfk - 1, 1);
}

int cwf_pv_atom_f(pv *e, int a)
{
    return new_f(e, PV_OP_ATOM, a, 0, 0);
}

/* The atom of leaf x: its selector walked into the tree. */
static int leaf_atom(pv *e, const cwf_expr *x, int side)
{
    const cwf_selector *sel = &x->u.leaf.sel;
    const char *why = NULL;
    int cur = 0, g = -1;
    for (uint32_t i = 0; i < sel->n; i++) {
        const cwf_seg *s = &sel->segs[i];
        if (s->kind == CWF_SEG_ANY_FIELD || s->kind == CWF_SEG_ANY_INDEX) {
            if (g >= 0) {
                why = "a selector with two wildcards";
                continue;
            }
            g = get_group(e, cur, s->kind == CWF_SEG_ANY_INDEX);
            cur = e->groups[g].troot;
        } else {
            cur = child(e, cur, s->kind, s->name.p, s->name.len, s->index);
        }
    }
    if (sel->n == 0)
        why = "a selector with no segment";
    int t = leaf_test(e, cur, x, &why);
    /* The same test on the same side is one atom; P's and R's stay apart,
     * so that each keeps its own expression (and spans). */
    for (int i = 0; i < e->natoms; i++)
        if (e->atoms[i].test == t && e->atoms[i].group == g && e->atoms[i].side == side &&
            !why && !e->atoms[i].why)
            return i;
    GROW(e->atoms, e->natoms, e->catoms);
    int a = e->natoms++;
    atom *at = &e->atoms[a];
    memset(at, 0, sizeof *at);
    at->test = t;
    at->group = g;
    at->x = x;
    at->side = side;
    at->why = why;
    if (g >= 0) {
        group *gr = &e->groups[g];
        GROW(gr->atoms, gr->natoms, gr->catoms);
        gr->atoms[gr->natoms++] = a;
    }
    return a;
}

static size_t xhash(const cwf_expr *x, int cxh)
{
    uint64_t h = (uint64_t)(uintptr_t)x * 0x9E3779B97F4A7C15u;
    return (size_t)(h >> 32) & (size_t)(cxh - 1);
}

/* The slot of x in the hash of xm: where it is, or the empty one where it
 * goes. */
static size_t xslot(const pv *e, const cwf_expr *x)
{
    size_t i = xhash(x, e->cxh);
    while (e->xh[i] >= 0 && e->xm[e->xh[i]].x != x)
        i = (i + 1) & (size_t)(e->cxh - 1);
    return i;
}

static void map_expr(pv *e, const cwf_expr *x, int f)
{
    GROW(e->xm, e->nxm, e->cxm);
    e->xm[e->nxm++] = (xmap){x, f};
    if (2 * e->nxm > e->cxh) { /* rebuild at most half full */
        free(e->xh);
        e->cxh = e->cxh ? 2 * e->cxh : 64;
        e->xh = cwf_xmalloc((size_t)e->cxh * sizeof *e->xh);
        for (int i = 0; i < e->cxh; i++)
            e->xh[i] = -1;
        for (int i = 0; i < e->nxm; i++)
            e->xh[xslot(e, e->xm[i].x)] = i; /* the latest mapping of x wins */
    } else {
        e->xh[xslot(e, x)] = e->nxm - 1;
    }
}

int cwf_pv_expr(pv *e, const cwf_expr *x, int side)
{
    int f;
    if (x->kind == CWF_E_AND || x->kind == CWF_E_OR) {
        int *v = cwf_xmalloc(x->u.list.n * sizeof *v);
        for (uint32_t i = 0; i < x->u.list.n; i++)
            v[i] = cwf_pv_expr(e, x->u.list.kids[i], side);
        f = list_f(e, x->kind == CWF_E_AND ? PV_OP_AND : PV_OP_OR, v, (int)x->u.list.n);
        free(v);
    } else {
        f = cwf_pv_atom_f(e, leaf_atom(e, x, side));
    }
    map_expr(e, x, f);
    return f;
}

pv_op cwf_pv_f_op(const pv *e, int f) { return (pv_op)e->f[f].op; }
int cwf_pv_f_n(const pv *e, int f) { return e->f[f].n; }
int cwf_pv_f_kid(const pv *e, int f, int i) { return e->fk[e->f[f].k0 + i]; }
int cwf_pv_f_atom(const pv *e, int f) { return e->f[f].a; }

int cwf_pv_f_of_expr(const pv *e, const cwf_expr *x)
{
    if (!e->cxh)
        return -1;
    int i = e->xh[xslot(e, x)];
    return i >= 0 ? e->xm[i].f : -1;
}

int cwf_pv_natoms(const pv *e) { return e->natoms; }
const cwf_expr *cwf_pv_atom_expr(const pv *e, int a) { return e->atoms[a].x; }
int cwf_pv_atom_side(const pv *e, int a) { return e->atoms[a].side; }

bool cwf_pv_atom_literal(const pv *e, int a, const char **s, uint32_t *n, int *nd)
{
    const atom *at = &e->atoms[a];
    if (at->group >= 0 || at->why)
        return false;
    const test *t = &e->tests[at->test];
    if (t->k != T_IN)
        return false;
    const lang *l = &e->nodes[t->node].langs[t->lang];
    if (l->regex || l->wild != CWF_W_NONE)
        return false;
    *s = l->s;
    *n = l->n;
    *nd = t->node;
    return true;
}

int cwf_pv_atom_node(const pv *e, int a)
{
    const atom *at = &e->atoms[a];
    return at->group >= 0 ? e->groups[at->group].container : e->tests[at->test].node;
}

bool cwf_pv_ancestor(const pv *e, int a, int b)
{
    for (; b >= 0; b = e->nodes[b].parent)
        if (a == b)
            return true;
    return false;
}

bool cwf_pv_root_array(const pv *e)
{
    if (e->prepared)
        return e->root_arr; /* kept by cwf_pv_prepare */
    const node *r = &e->nodes[0];
    if (r->gindex >= 0)
        return true;
    for (int i = 0; i < r->nkids; i++)
        if (e->nodes[r->kids[i]].seg == CWF_SEG_INDEX)
            return true;
    return false;
}

bool cwf_pv_atoms_related(const pv *e, int a, int b)
{
    int x = cwf_pv_atom_node(e, a), y = cwf_pv_atom_node(e, b);
    if (x == 0 || y == 0)
        return true;
    if (cwf_pv_ancestor(e, x, y) || cwf_pv_ancestor(e, y, x))
        return true;
    /* Below the root they share no path: dependent only through the root's
     * kind, which is a choice only when the root may be an array. */
    return cwf_pv_root_array(e);
}

uint64_t cwf_pv_steps(const pv *e) { return e->steps; }

void cwf_pv_set_budget(pv *e, uint64_t budget) { e->budget = budget ? budget : CWF_PROVE_BUDGET; }

/* ---- wildcard instances ------------------------------------------------- */

/* The node under elem along the template path from troot to t. */
static int copy_path(pv *e, int troot, int t, int elem)
{
    int depth = 0;
    for (int x = t; x != troot; x = e->nodes[x].parent)
        depth++;
    int *path = cwf_xmalloc((size_t)(depth ? depth : 1) * sizeof *path);
    int k = depth;
    for (int x = t; x != troot; x = e->nodes[x].parent)
        path[--k] = x;
    int cur = elem;
    for (int i = 0; i < depth; i++) {
        node *s = &e->nodes[path[i]];
        cur = child(e, cur, s->seg, s->name, s->nlen, s->index);
    }
    free(path);
    return cur;
}

/* Copies test t (at a template node) to node nd. */
static int copy_test(pv *e, int t, int nd)
{
    test tt = e->tests[t];
    int lg = -1;
    if (tt.lang >= 0) {
        lang l = e->nodes[tt.node].langs[tt.lang];
        lg = add_lang(e, nd, l.regex, l.wild, l.s, l.n, l.re);
    }
    return add_test(e, nd, tt.k, lg, tt.op, tt.c);
}

/* Gives every wildcard atom a copy of its test under every element that
 * another selector names, until no new path appears. */
static void instantiate(pv *e)
{
    bool changed = true;
    while (changed) {
        changed = false;
        for (int g = 0; g < e->ngroups; g++) {
            int c = e->groups[g].container;
            cwf_seg_kind want = e->groups[g].index ? CWF_SEG_INDEX : CWF_SEG_FIELD;
            for (int i = 0; i < e->nodes[c].nkids; i++) {
                int el = e->nodes[c].kids[i];
                if (e->nodes[el].seg != want)
                    continue;
                for (int j = 0; j < e->groups[g].natoms; j++) {
                    int a = e->groups[g].atoms[j];
                    atom *at = &e->atoms[a];
                    bool done = false;
                    for (int k = 0; k < at->nelems && !done; k++)
                        done = at->elems[k] == el;
                    if (done)
                        continue;
                    int nd = copy_path(e, e->groups[g].troot, e->tests[at->test].node, el);
                    int t = copy_test(e, at->test, nd);
                    at = &e->atoms[a];
                    GROW(at->elems, at->nelems, at->celems);
                    at->elems[at->nelems++] = el;
                    GROW(at->inst, at->ninst, at->cinst);
                    at->inst[at->ninst++] = (inst){t, el};
                    changed = true;
                }
            }
        }
    }
}

/* ---- cells -------------------------------------------------------------- */

/* A test on the super cell: known for literals and kinds, unknown for
 * automaton languages. */
static int test_super(const pv *e, int ti)
{
    const test *t = &e->tests[ti];
    const lang *l = t->lang >= 0 ? &e->nodes[t->node].langs[t->lang] : NULL;
    bool lit = l && !l->regex && l->wild == CWF_W_NONE;
    switch (t->k) {
    case T_STRNUM: return PV_T;
    case T_IN: return lit ? PV_F : PV_U;
    case T_NOTIN: return lit ? PV_T : PV_U;
    default: return PV_F;
    }
}


/* A test on a cell, in three values (unknown only on a super cell). */
int cwf_pv_test3(const pv *e, int ti, const cell *c)
{
    if (c->super)
        return test_super(e, ti);
    const test *t = &e->tests[ti];
    if ((t->k == T_IN || t->k == T_NOTIN) && (c->k == VK_STRING || c->k == VK_NUMBER) &&
        c->in[t->lang] == 2)
        return PV_U;
    return cwf_pv_test(e, ti, c);
}

bool cwf_pv_test(const pv *e, int ti, const cell *c)
{
    const test *t = &e->tests[ti];
    bool sn = c->k == VK_STRING || c->k == VK_NUMBER;
    switch (t->k) {
    case T_STRNUM:  return sn;
    case T_IN:      return sn && c->in[t->lang];
    case T_NOTIN:   return sn && !c->in[t->lang];
    case T_NUM:
        if (c->k != VK_NUMBER)
            return false;
        switch (t->op) {
        case CWF_OP_EQ: return c->num == t->c;
        case CWF_OP_NE: return c->num != t->c;
        case CWF_OP_LT: return c->num < t->c;
        case CWF_OP_GT: return c->num > t->c;
        case CWF_OP_LE: return c->num <= t->c;
        case CWF_OP_GE: return c->num >= t->c;
        }
        return false;
    case T_NULL:    return c->k == VK_NULL;
    case T_TRUE:    return c->k == VK_TRUE;
    case T_FALSE:   return c->k == VK_FALSE;
    case T_MISSING: return c->k == VK_MISSING;
    case T_NEVER:   return false;
    }
    return false;
}

static cell *add_cell(node *n, uint8_t k)
{
    GROW(n->cells, n->ncells, n->ccells);
    cell *c = &n->cells[n->ncells++];
    memset(c, 0, sizeof *c);
    c->k = k;
    c->in = cwf_xcalloc((size_t)(n->nlangs ? n->nlangs : 1), 1);
    return c;
}

static void set_text(cell *c, const char *s, size_t n)
{
    free(c->txt);
    c->txt = cwf_xstrndup(s, n);
    c->tlen = (uint32_t)n;
}

/* Whether s[0..n) is valid UTF-8 (what a JSON text may hold). */
static bool utf8_ok(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned c = p[i], min;
        size_t k;
        if (c < 0x80) {
            i++;
            continue;
        }
        if ((c & 0xE0) == 0xC0) {
            k = 1; min = 0x80; c &= 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            k = 2; min = 0x800; c &= 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            k = 3; min = 0x10000; c &= 0x07;
        } else {
            return false;
        }
        if (n - i <= k)
            return false;
        for (size_t j = 1; j <= k; j++) {
            if ((p[i + j] & 0xC0) != 0x80)
                return false;
            c = (c << 6) | (p[i + j] & 0x3F);
        }
        if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
            return false;
        i += k + 1;
    }
    return true;
}

/* Whether t[0..n) is a JSON number (RFC 8259). */
static bool json_number(const char *t, size_t n)
{
    size_t i = 0;
    if (i < n && t[i] == '-')
        i++;
    if (i < n && t[i] == '0')
        i++;
    else if (i < n && t[i] >= '1' && t[i] <= '9')
        while (i < n && t[i] >= '0' && t[i] <= '9')
            i++;
    else
        return false;
    if (i < n && t[i] == '.') {
        size_t d = ++i;
        while (i < n && t[i] >= '0' && t[i] <= '9')
            i++;
        if (i == d)
            return false;
    }
    if (i < n && (t[i] == 'e' || t[i] == 'E')) {
        i++;
        if (i < n && (t[i] == '+' || t[i] == '-'))
            i++;
        size_t d = i;
        while (i < n && t[i] >= '0' && t[i] <= '9')
            i++;
        if (i == d)
            return false;
    }
    return i == n;
}

/* The value of JSON number text t[0..n), as the matcher reads it. */
static double number_of(const char *t, size_t n)
{
    char buf[64];
    if (n >= sizeof buf)
        n = sizeof buf - 1;
    memcpy(buf, t, n);
    buf[n] = '\0';
    return strtod(buf, NULL);
}

/* A short JSON text for the finite double v (one that reads back as v). */
static void number_text(double v, char *buf, size_t size)
{
    /* Plain decimals read best: 400, 5.5; exponents only when needed. */
    for (int prec = 0; prec <= 6 && fabs(v) < 1e15; prec++) {
        snprintf(buf, size, "%.*f", prec, v);
        if (strtod(buf, NULL) == v)
            return;
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, size, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    /* "%g" writes exponents as e+20, which JSON takes; it never writes a
     * leading '+', nor "inf" for a finite v. */
}

static bool is_literal_of(const node *n, const char *s, size_t len)
{
    for (int i = 0; i < n->nlangs; i++) {
        const lang *l = &n->langs[i];
        if (!l->regex && l->wild == CWF_W_NONE && l->n == len && memcmp(l->s, s, len) == 0)
            return true;
    }
    return false;
}

/* A string region: a language and which automaton languages hold in it. */
typedef struct region {
    cwf_dfa *dfa;
    uint8_t *in;
} region;

/* A readable witness of region r outside the node's literals, into c;
 * false when the region has none.  Most regions hold a readable string
 * that is no literal; the automata products come only when needed. */
static bool region_witness(node *n, const region *r, cell *c)
{
    static const char *const tries[] = {"x", "y", "z", "example", "a", "b", "c"};
    for (size_t i = 0; i < CWF_COUNT(tries); i++) {
        size_t len = strlen(tries[i]);
        if (cwf_dfa_accepts(r->dfa, tries[i], len) && !is_literal_of(n, tries[i], len)) {
            set_text(c, tries[i], len);
            return true;
        }
    }
    /* Shortest witnesses: take one, and when it is a literal (or empty,
     * which reads badly), remove it and look again. */
    cwf_dfa *d = cwf_dfa_copy(r->dfa);
    cwf_buf w = CWF_BUF_INIT;
    bool ok = false, have_empty = false;
    for (int round = 0; round <= n->nlangs + 1; round++) {
        cwf_buf_reset(&w);
        if (!cwf_dfa_witness(d, &w))
            break;
        bool lit = is_literal_of(n, w.p ? w.p : "", w.len);
        if (!lit && w.len > 0) {
            ok = true;
            break;
        }
        if (!lit)
            have_empty = true;
        cwf_dfa *s = cwf_dfa_string_raw(w.p ? w.p : "", w.len, CWF_W_NONE), *ns = cwf_dfa_not(s);
        cwf_dfa *t = cwf_dfa_and_raw(d, ns);
        cwf_dfa_free(s);
        cwf_dfa_free(ns);
        cwf_dfa_free(d);
        d = t;
    }
    if (!ok && have_empty) {
        cwf_buf_reset(&w);
        cwf_buf_add(&w, "", 0);
        ok = true;
    }
    if (ok) {
        set_text(c, w.p ? w.p : "", w.len);
        if (!utf8_ok(c->txt, c->tlen)) {
            c->maybe = true;
            c->why = "a string condition that only text that is not valid UTF-8 meets";
        }
    }
    cwf_buf_free(&w);
    cwf_dfa_free(d);
    return ok;
}

cwf_dfa *cwf_pv_lang_dfa(lang *l)
{
    if (!l->dfa)
        l->dfa = l->regex ? cwf_dfa_regex(l->re) : cwf_dfa_string_raw(l->s, l->n, l->wild);
    return l->dfa;
}

bool cwf_pv_lang_accepts(lang *l, const char *s, size_t n)
{
    if (l->regex)
        return cwf_dfa_accepts(cwf_pv_lang_dfa(l), s, n);
    size_t k = l->n;
    if (l->wild == CWF_W_NONE)
        return n == k && (k == 0 || memcmp(s, l->s, k) == 0);
    if (l->wild == CWF_W_ANY || k == 0)
        return true;
    if (n < k)
        return false;
    switch (l->wild) {
    case CWF_W_PREFIX: return memcmp(s, l->s, k) == 0;
    case CWF_W_SUFFIX: return memcmp(s + n - k, l->s, k) == 0;
    default:
        for (const char *p = s; (size_t)(s + n - p) >= k; p++) {
            p = memchr(p, l->s[0], (size_t)(s + n - p) - k + 1);
            if (!p)
                return false;
            if (memcmp(p, l->s, k) == 0)
                return true;
        }
        return false;
    }
}

/* Splits strings by the automaton languages of node n into regions. */
static void regions_free(region *r, int n)
{
    for (int i = 0; i < n; i++) {
        cwf_dfa_free(r[i].dfa);
        free(r[i].in);
    }
    free(r);
}

/* The regions of a node split by a set of its languages (applied: per
 * language, split by it), kept for the engine's life: the expansions of
 * one path share their first splits, and each split is a product of
 * automata. */
struct rcache {
    uint8_t *applied;
    region *r;
    int nr;
};

static void rcache_free(node *n)
{
    for (int i = 0; i < n->nrc; i++) {
        regions_free(n->rc[i].r, n->rc[i].nr);
        free(n->rc[i].applied);
    }
    free(n->rc);
}

static int rcache_add(node *n, const uint8_t *applied, region *r, int nr)
{
    GROW(n->rc, n->nrc, n->crc);
    struct rcache *x = &n->rc[n->nrc];
    x->applied = cwf_xmalloc((size_t)n->nlangs + 1);
    memcpy(x->applied, applied, (size_t)n->nlangs);
    x->r = r;
    x->nr = nr;
    return n->nrc++;
}

static int rcache_find(const node *n, const uint8_t *applied)
{
    for (int i = 0; i < n->nrc; i++)
        if (memcmp(n->rc[i].applied, applied, (size_t)n->nlangs) == 0)
            return i;
    return -1;
}

/* The regions of n split by the automaton languages in only[] (NULL:
 * all): the cache's own array (read only), or, when there are too many
 * (*why set), a new one the caller frees (*owned). */
static const region *string_regions(node *n, const uint8_t *only, int *nout, const char **why,
                                    bool *owned)
{
    *owned = false;
    uint8_t *applied = cwf_xcalloc((size_t)n->nlangs + 1, 1);
    int cur = rcache_find(n, applied);
    if (cur < 0) {
        region *r = cwf_xmalloc(sizeof *r);
        r[0].dfa = cwf_dfa_all();
        r[0].in = cwf_xcalloc((size_t)n->nlangs + 1, 1);
        cur = rcache_add(n, applied, r, 1);
    }
    for (int i = 0; i < n->nlangs; i++) {
        lang *l = &n->langs[i];
        if ((!l->regex && l->wild == CWF_W_NONE) || (only && !only[i]))
            continue;
        applied[i] = 1;
        int next = rcache_find(n, applied);
        if (next >= 0) {
            cur = next;
            continue;
        }
        const region *r = n->rc[cur].r;
        int nr = n->rc[cur].nr;
        cwf_dfa *L = cwf_pv_lang_dfa(l), *nL = cwf_dfa_not(L);
        region *out = cwf_xmalloc((size_t)nr * 2 * sizeof *out);
        int no = 0;
        for (int j = 0; j < nr; j++) {
            /* Regions serve for their languages only (emptiness, witnesses,
             * acceptance, further splits): their tables need not be minimal. */
            cwf_dfa *a = cwf_dfa_and_raw(r[j].dfa, L);
            /* r inside L or outside it: no split, one product saved. */
            cwf_dfa *b = cwf_dfa_is_empty(a) ? cwf_dfa_copy(r[j].dfa) : cwf_dfa_and_raw(r[j].dfa, nL);
            if (!cwf_dfa_is_empty(a)) {
                out[no].dfa = a;
                out[no].in = cwf_xmalloc((size_t)n->nlangs);
                memcpy(out[no].in, r[j].in, (size_t)n->nlangs);
                out[no++].in[i] = 1;
            } else {
                cwf_dfa_free(a);
            }
            if (!cwf_dfa_is_empty(b)) {
                out[no].dfa = b;
                out[no].in = cwf_xmalloc((size_t)n->nlangs);
                memcpy(out[no].in, r[j].in, (size_t)n->nlangs);
                no++;
            } else {
                cwf_dfa_free(b);
            }
        }
        cwf_dfa_free(nL);
        if (no > MAX_REGIONS) {
            *why = "too many overlapping string conditions on one path";
            free(applied);
            *nout = no;
            *owned = true;
            return out;
        }
        cur = rcache_add(n, applied, out, no);
    }
    free(applied);
    *nout = n->rc[cur].nr;
    return n->rc[cur].r;
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* Number cells: the intervals between the numeric constants of n, crossed
 * with the string cells (literal cells lits, regions r) when string tests
 * meet numeric ones there. */
static void number_cells(pv *e, node *n, bool has_str, const region *r, int nr)
{
    double *c = NULL;
    int nc = 0, cc = 0;
    for (int i = 0; i < n->ntests; i++) {
        const test *t = &e->tests[n->tests[i]];
        if (t->k == T_NUM && isfinite(t->c)) {
            GROW(c, nc, cc);
            c[nc++] = t->c;
        }
    }
    qsort(c, (size_t)nc, sizeof *c, cmp_double);
    int k = 0;
    for (int i = 0; i < nc; i++)
        if (k == 0 || c[k - 1] != c[i])
            c[k++] = c[i];
    nc = k;
    /* Interval j (0..2nc): odd j the point c[j/2], even j the open
     * interval below constant j/2 (or above the last one). */
    for (int j = 0; j <= 2 * nc; j++) {
        double lo = j >= 2 ? c[j / 2 - 1] : -INFINITY, hi = j / 2 < nc ? c[j / 2] : INFINITY;
        double cand[4];
        int ncand = 0, nreps = 0;
        double reps[4];
        if (j % 2) {
            lo = hi = c[j / 2];
            cand[ncand++] = c[j / 2];
        } else if (isinf(lo) && isinf(hi)) {
            cand[ncand++] = 0;
            cand[ncand++] = 1;
        } else if (isinf(lo)) {
            cand[ncand++] = floor(hi) - 1;
            cand[ncand++] = hi - 1;
            cand[ncand++] = nextafter(hi, -INFINITY);
        } else if (isinf(hi)) {
            cand[ncand++] = floor(lo) + 1;
            cand[ncand++] = lo + 1;
            cand[ncand++] = nextafter(lo, INFINITY);
        } else {
            cand[ncand++] = floor(lo) + 1;
            cand[ncand++] = lo + (hi - lo) / 2;
            cand[ncand++] = nextafter(lo, INFINITY);
        }
        for (int q = 0; q < ncand; q++)
            if (isfinite(cand[q]) && ((j % 2) ? cand[q] == lo : cand[q] > lo && cand[q] < hi))
                reps[nreps++] = cand[q];
        if (nreps == 0)
            continue; /* two adjacent doubles: no number between them */
        if (!has_str) {
            char buf[40];
            number_text(reps[0], buf, sizeof buf);
            cell *x = add_cell(n, VK_NUMBER);
            set_text(x, buf, strlen(buf));
            x->num = strtod(buf, NULL);
            continue;
        }
        /* Literal string cells that are number texts. */
        for (int i = 0; i < n->nlangs; i++) {
            const lang *l = &n->langs[i];
            if (l->regex || l->wild != CWF_W_NONE || !json_number(l->s, l->n))
                continue;
            double v = number_of(l->s, l->n);
            bool inside = (j % 2) ? v == lo : v > lo && v < hi;
            if (!inside)
                continue;
            cell *x = add_cell(n, VK_NUMBER);
            set_text(x, l->s, l->n);
            x->num = v;
            x->in[i] = 1;
            for (int m = 0; m < n->nlangs; m++)
                if (n->langs[m].regex || n->langs[m].wild != CWF_W_NONE)
                    x->in[m] = cwf_pv_lang_accepts(&n->langs[m], l->s, l->n);
        }
        /* Regions: look for a number text of the interval in each. */
        for (int ri = 0; ri < nr; ri++) {
            /* The same values written differently: 5.5, 55e-1, 0.55e1, ... */
            char txt[24][48];
            int ntxt = 0;
            for (int q = 0; q < nreps; q++) {
                char m[40];  /* txt has room for m and an exponent */
                number_text(reps[q], txt[ntxt++], 48);
                snprintf(txt[ntxt++], 48, "%.1f", reps[q]);
                snprintf(txt[ntxt++], 48, "%.3e", reps[q]);
                number_text(reps[q] * 10, m, sizeof m);
                snprintf(txt[ntxt++], 48, "%se-1", m);
                number_text(reps[q] / 10, m, sizeof m);
                snprintf(txt[ntxt++], 48, "%se1", m);
            }
            cwf_buf w = CWF_BUF_INIT;
            if (cwf_dfa_witness(r[ri].dfa, &w) && w.len < 40) {
                memcpy(txt[ntxt], w.p, w.len);
                txt[ntxt++][w.len] = '\0';
            }
            cwf_buf_free(&w);
            bool found = false;
            for (int q = 0; q < ntxt && !found; q++) {
                size_t len = strlen(txt[q]);
                if (!json_number(txt[q], len) || is_literal_of(n, txt[q], len) ||
                    !cwf_dfa_accepts(r[ri].dfa, txt[q], len))
                    continue;
                double v = strtod(txt[q], NULL);
                bool inside = (j % 2) ? v == lo : v > lo && v < hi;
                if (!inside)
                    continue;
                cell *x = add_cell(n, VK_NUMBER);
                set_text(x, txt[q], len);
                x->num = v;
                memcpy(x->in, r[ri].in, (size_t)n->nlangs);
                found = true;
            }
            if (!found) {
                cell *x = add_cell(n, VK_NUMBER);
                x->maybe = true;
                x->why = "a numeric comparison and a string test on the number's text "
                         "at the same path";
                x->num = reps[0];
                memcpy(x->in, r[ri].in, (size_t)n->nlangs);
            }
        }
    }
    free(c);
}

/* Region cells of node id, split by the automaton languages in only[]
 * (NULL: all), appended after the node's own cells; returns the expansion.
 * Languages left out read as unknown on these cells. */
const struct expansion *cwf_pv_expand(pv *e, int id, const uint8_t *only)
{
    node *n = &e->nodes[id];
    for (int i = 0; i < n->nexp; i++) {
        bool same = true;
        for (int j = 0; j < n->nlangs && same; j++)
            same = n->exp[i].set[j] == (only ? only[j] : 1);
        if (same)
            return &n->exp[i];
    }
    const char *why = NULL;
    int nr = 0, from = n->ncells;
    bool owned;
    const region *r = string_regions(n, only, &nr, &why, &owned);
    n = &e->nodes[id];
    if (why) {
        n->why = why;
        if (owned)
            regions_free((region *)r, nr);
        return NULL;
    }
    for (int i = 0; i < nr; i++) {
        cell tmp;
        memset(&tmp, 0, sizeof tmp);
        if (!region_witness(n, &r[i], &tmp))
            continue;
        cell *x = add_cell(n, VK_STRING);
        x->txt = tmp.txt;
        x->tlen = tmp.tlen;
        x->maybe = tmp.maybe;
        x->why = tmp.why;
        for (int j = 0; j < n->nlangs; j++) {
            bool automaton = n->langs[j].regex || n->langs[j].wild != CWF_W_NONE;
            x->in[j] = !automaton ? 0 : (only && !only[j]) ? 2 : r[i].in[j];
        }
    }
    /* Shortest witnesses first: the first model found reads best. */
    for (int i = from + 1; i < n->ncells; i++) {
        cell t = n->cells[i];
        int j = i;
        for (; j > from && n->cells[j - 1].tlen > t.tlen; j--)
            n->cells[j] = n->cells[j - 1];
        n->cells[j] = t;
    }
    n->exp = cwf_xrealloc(n->exp, (size_t)(n->nexp + 1) * sizeof *n->exp);
    struct expansion *x = &n->exp[n->nexp++];
    x->set = cwf_xmalloc((size_t)n->nlangs + 1);
    for (int j = 0; j < n->nlangs; j++)
        x->set[j] = only ? only[j] : 1;
    x->from = from;
    x->to = n->ncells;
    return x;
}

static bool has_automata(const node *n)
{
    for (int i = 0; i < n->nlangs; i++)
        if (n->langs[i].regex || n->langs[i].wild != CWF_W_NONE)
            return true;
    return false;
}

static void compute_cells(pv *e, int id)
{
    node *n = &e->nodes[id];
    bool has_str = false, has_num = false, has_null = false, has_true = false,
         has_false = false, has_fields = n->gfield >= 0, has_index = n->gindex >= 0;
    for (int i = 0; i < n->ntests; i++) {
        switch (e->tests[n->tests[i]].k) {
        case T_STRNUM: case T_IN: case T_NOTIN: has_str = true; break;
        case T_NUM: has_num = true; break;
        case T_NULL: has_null = true; break;
        case T_TRUE: has_true = true; break;
        case T_FALSE: has_false = true; break;
        default: break;
        }
    }
    for (int i = 0; i < n->nkids; i++) {
        cwf_seg_kind s = e->nodes[n->kids[i]].seg;
        has_fields |= s == CWF_SEG_FIELD;
        has_index |= s == CWF_SEG_INDEX;
    }
    n->has_str = has_str;
    if (id == 0) {
        add_cell(n, VK_OBJECT);
        if (has_index)
            add_cell(n, VK_ARRAY);
        n->nbase = n->ncells;
        return;
    }
    if (n->troot_of < 0)
        add_cell(n, VK_MISSING);
    if (has_str) {
        for (int i = 0; i < n->nlangs; i++) {
            const lang *l = &n->langs[i];
            if (l->regex || l->wild != CWF_W_NONE)
                continue;
            cell *x = add_cell(n, VK_STRING);
            set_text(x, l->s, l->n);
            x->in[i] = 1;
            for (int m = 0; m < n->nlangs; m++)
                if (n->langs[m].regex || n->langs[m].wild != CWF_W_NONE)
                    x->in[m] = cwf_pv_lang_accepts(&n->langs[m], l->s, l->n);
            if (!utf8_ok(l->s, l->n)) {
                x->maybe = true;
                x->why = "a string value that is not valid UTF-8";
            }
        }
        if (has_automata(n) && (has_num || n->tmpl)) {
            cwf_pv_expand(e, id, NULL); /* all regions, as the node's own cells */
            n = &e->nodes[id];
            free(n->exp[0].set);
            free(n->exp);
            n->exp = NULL;
            n->nexp = 0;
        } else if (has_automata(n)) {
            /* The other strings: one super cell until a search needs more. */
            static const char *const tries[] = {"x", "y", "z", "x1", "x2", "x3"};
            cell *x = add_cell(n, VK_STRING);
            x->super = true;
            for (size_t i = 0; i < CWF_COUNT(tries) && !x->txt; i++)
                if (!is_literal_of(n, tries[i], strlen(tries[i])))
                    set_text(x, tries[i], strlen(tries[i]));
            n->lazy = true;
        } else {
            region all = {cwf_dfa_all(), cwf_xcalloc((size_t)n->nlangs + 1, 1)};
            cell tmp;
            memset(&tmp, 0, sizeof tmp);
            if (region_witness(n, &all, &tmp)) {
                cell *x = add_cell(n, VK_STRING);
                x->txt = tmp.txt;
                x->tlen = tmp.tlen;
                x->maybe = tmp.maybe;
                x->why = tmp.why;
            }
            cwf_dfa_free(all.dfa);
            free(all.in);
        }
    }
    if (has_num) {
        /* Numbers meet string tests through their text: the regions. */
        const region *r = NULL;
        int nr = 0;
        bool owned = false;
        if (has_str) {
            const char *why = NULL;
            r = string_regions(n, NULL, &nr, &why, &owned);
            n = &e->nodes[id];
            if (why)
                n->why = why;
        }
        if (!n->why)
            number_cells(e, n, has_str, r, nr);
        if (owned)
            regions_free((region *)r, nr);
    }
    add_cell(n, VK_NULL);
    if (has_true)
        add_cell(n, VK_TRUE);
    if (has_false)
        add_cell(n, VK_FALSE);
    if (has_fields || (has_null && !has_index))
        add_cell(n, VK_OBJECT);
    if (has_index)
        add_cell(n, VK_ARRAY);
    n->nbase = n->ncells;
}

/* ---- tree order --------------------------------------------------------- */

/* Appends the nodes below nd (itself first) in tree order: fields in the
 * order they were first read, indexes in increasing order.  keep: which
 * nodes to visit (NULL: all); templates are visited only when tmpl. */
void cwf_pv_tree_order(const pv *e, int nd, const uint8_t *keep, bool tmpl, int *out, int *n)
{
    out[(*n)++] = nd;
    const node *x = &e->nodes[nd];
    int small[16];
    int *idx = x->nkids <= 16 ? small : cwf_xmalloc((size_t)x->nkids * sizeof *idx);
    int ni = 0;
    for (int i = 0; i < x->nkids; i++) {
        const node *k = &e->nodes[x->kids[i]];
        if (keep && !keep[x->kids[i]])
            continue;
        if (!tmpl && (k->seg == CWF_SEG_ANY_FIELD || k->seg == CWF_SEG_ANY_INDEX))
            continue;
        if (k->seg == CWF_SEG_INDEX) {
            int j = ni++;
            for (; j > 0 && e->nodes[idx[j - 1]].index > k->index; j--)
                idx[j] = idx[j - 1];
            idx[j] = x->kids[i];
        } else if (k->seg == CWF_SEG_FIELD) {
            cwf_pv_tree_order(e, x->kids[i], keep, tmpl, out, n);
        }
    }
    for (int i = 0; i < ni; i++)
        cwf_pv_tree_order(e, idx[i], keep, tmpl, out, n);
    if (idx != small)
        free(idx);
}

/* Whether cell kind k of a parent lets a child along seg exist. */
bool cwf_pv_holds_child(uint8_t k, cwf_seg_kind seg)
{
    return (k == VK_OBJECT && seg == CWF_SEG_FIELD) || (k == VK_ARRAY && seg == CWF_SEG_INDEX);
}

/* ---- wildcard types ------------------------------------------------------ */

typedef struct tenum {
    pv *e;
    group *g;
    int *asg;        /* per template node position: a cell */
    long leaves;
} tenum;

static void record_type(tenum *t)
{
    group *g = t->g;
    pv *e = t->e;
    uint64_t set = 0;
    bool maybe = false;
    for (int i = 0; i < g->ntnodes; i++)
        maybe |= e->nodes[g->tnodes[i]].cells[t->asg[i]].maybe;
    for (int j = 0; j < g->natoms; j++) {
        const test *ts = &e->tests[e->atoms[g->atoms[j]].test];
        int pos = -1;
        for (int i = 0; i < g->ntnodes && pos < 0; i++)
            if (g->tnodes[i] == ts->node)
                pos = i;
        if (cwf_pv_test(e, e->atoms[g->atoms[j]].test, &e->nodes[ts->node].cells[t->asg[pos]]))
            set |= (uint64_t)1 << j;
    }
    for (int i = 0; i < g->ntypes; i++) {
        if (g->tset[i] != set)
            continue;
        if (g->tmaybe[i] && !maybe) {
            memcpy(g->tasg[i], t->asg, (size_t)g->ntnodes * sizeof *t->asg);
            g->tmaybe[i] = false;
        }
        return;
    }
    if (g->ntypes == g->ctypes) {
        g->ctypes = g->ctypes ? 2 * g->ctypes : 8;
        g->tset = cwf_xrealloc(g->tset, (size_t)g->ctypes * sizeof *g->tset);
        g->tasg = cwf_xrealloc(g->tasg, (size_t)g->ctypes * sizeof *g->tasg);
        g->tmaybe = cwf_xrealloc(g->tmaybe, (size_t)g->ctypes * sizeof *g->tmaybe);
    }
    g->tset[g->ntypes] = set;
    g->tasg[g->ntypes] = cwf_xmalloc((size_t)g->ntnodes * sizeof *t->asg);
    memcpy(g->tasg[g->ntypes], t->asg, (size_t)g->ntnodes * sizeof *t->asg);
    g->tmaybe[g->ntypes++] = maybe;
}

static int tpos(const group *g, int nd)
{
    for (int i = 0; i < g->ntnodes; i++)
        if (g->tnodes[i] == nd)
            return i;
    return -1;
}

static void enum_types(tenum *t, int k)
{
    group *g = t->g;
    pv *e = t->e;
    if (g->why)
        return;
    if (k == g->ntnodes) {
        if (++t->leaves > MAX_TEMPLATE) {
            g->why = "a wildcard selector with too many combinations below it";
            return;
        }
        record_type(t);
        return;
    }
    const node *n = &e->nodes[g->tnodes[k]];
    int ppos = k == 0 ? -1 : tpos(g, n->parent);
    uint8_t pk = ppos < 0 ? VK_OBJECT : e->nodes[n->parent].cells[t->asg[ppos]].k;
    for (int c = 0; c < n->ncells; c++) {
        uint8_t ck = n->cells[c].k;
        if (n->cells[c].super)
            continue; /* templates are expanded */
        if (k > 0 && !cwf_pv_holds_child(pk, n->seg) && ck != VK_MISSING)
            continue;
        if (n->seg == CWF_SEG_INDEX && ck != VK_MISSING) {
            bool bad = n->index > MAX_INDEX;
            const node *p = &e->nodes[n->parent];
            for (int i = 0; i < p->nkids && !bad; i++) {
                const node *s = &e->nodes[p->kids[i]];
                int sp = tpos(g, p->kids[i]);
                if (s->seg == CWF_SEG_INDEX && s->index < n->index && sp >= 0 && sp < k &&
                    s->cells[t->asg[sp]].k == VK_MISSING)
                    bad = true;
            }
            if (bad)
                continue;
        }
        t->asg[k] = c;
        enum_types(t, k + 1);
    }
}

static void group_types(pv *e, int gi)
{
    group *g = &e->groups[gi];
    if (g->natoms > MAX_GROUP_ATOMS) {
        g->why = "too many conditions under one wildcard selector";
        return;
    }
    g->tnodes = cwf_xmalloc((size_t)e->nnodes * sizeof *g->tnodes);
    g->ntnodes = 0;
    cwf_pv_tree_order(e, g->troot, NULL, true, g->tnodes, &g->ntnodes);
    for (int i = 0; i < g->ntnodes; i++)
        if (e->nodes[g->tnodes[i]].why) {
            g->why = e->nodes[g->tnodes[i]].why;
            return;
        }
    tenum t = {e, g, cwf_xcalloc((size_t)g->ntnodes, sizeof(int)), 0};
    enum_types(&t, 0);
    free(t.asg);
}

bool cwf_pv_prepare(pv *e)
{
    if (e->prepared)
        return true;
    e->root_arr = cwf_pv_root_array(e); /* the root's kids are all read by now */
    e->prepared = true;
    instantiate(e);
    for (int i = 0; i < e->nnodes; i++)
        compute_cells(e, i);
    for (int g = 0; g < e->ngroups; g++)
        group_types(e, g);
    return true;
}
