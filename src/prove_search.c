/* prove_search.c: the prover's engine (prove_impl.h), second half: the
 * search for a model of a formula (see prove_core.c for the cells it
 * assigns), fast answers from one path's cells, and models as JSON events.
 *
 * A search assigns a cell to every path the formula reads, a parent before
 * its children; small searches go in tree order, larger ones pick the path
 * with the fewest cells that keep the formula possible (a dead end shows
 * before any branching, a single cell is forced).  The formula is
 * evaluated in Kleene's three-valued logic after each step, from atom
 * values kept up to date per path.  Then, for each wildcard, the union of
 * element types its anonymous elements make.  The super cell of a path
 * (the strings that are no literal) is split into regions only when the
 * formula is not false with it. */
#include "prove_engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- evaluation ---------------------------------------------------------- */

int cwf_pv_eval3(const pv *e, int f, const uint8_t *vals)
{
    const fnode *x = &e->f[f];
    switch (x->op) {
    case PV_OP_TRUE: return PV_T;
    case PV_OP_FALSE: return PV_F;
    case PV_OP_ATOM: return vals[x->a];
    case PV_OP_NOT: {
        int v = cwf_pv_eval3(e, e->fk[x->k0], vals);
        return v == PV_U ? PV_U : !v;
    }
    case PV_OP_AND: {
        int r = PV_T;
        for (int i = 0; i < x->n; i++) {
            /* An atom kid read in place: most kids are atoms, and this runs
             * at every step of every search. */
            const fnode *y = &e->f[e->fk[x->k0 + i]];
            int v = y->op == PV_OP_ATOM ? vals[y->a] : cwf_pv_eval3(e, e->fk[x->k0 + i], vals);
            if (v == PV_F)
                return PV_F;
            if (v == PV_U)
                r = PV_U;
        }
        return r;
    }
    case PV_OP_OR: {
        int r = PV_F;
        for (int i = 0; i < x->n; i++) {
            const fnode *y = &e->f[e->fk[x->k0 + i]];
            int v = y->op == PV_OP_ATOM ? vals[y->a] : cwf_pv_eval3(e, e->fk[x->k0 + i], vals);
            if (v == PV_T)
                return PV_T;
            if (v == PV_U)
                r = PV_U;
        }
        return r;
    }
    }
    return PV_U;
}

/* ---- the search ---------------------------------------------------------- */

/* A relevant wildcard group in one search: its types projected on the
 * atoms the formula reads, and the distinct unions of types (what any set
 * of anonymous elements can make true). */
typedef struct sgroup {
    int g;
    uint64_t mask;       /* the relevant atoms of the group (bits) */
    int *types;          /* projected types: an original type each */
    uint64_t *sets;
    bool *maybe;
    int ntypes;
    uint64_t *uv;        /* the unions: bits, */
    int **ut;            /* the types that make each (projected indexes), */
    int *un;             /* how many, */
    bool *um;            /* whether one of them may be empty */
    int nu;
    uint64_t all;        /* the union of every type */
    int empty;           /* a type with no bit (fills array slots), or -1 */
    int *atoms;          /* the relevant atoms of the group */
    int natoms;
    /* state */
    int chosen;          /* the union chosen, or -1 while undecided */
    uint64_t uni;        /* its bits (0 while undecided) */
} sgroup;

typedef struct search {
    pv *e;
    int f;
    uint8_t *ratom, *rtest, *rnode;
    uint8_t *ftest;      /* per test: every model makes it true (1), false
                            (2), or both: no model (3); 0: free */
    int *vars;
    int nvars;
    int **dom;
    int *ndom;
    uint8_t *done;       /* per var: assigned */
    uint64_t budget;     /* steps allowed */
    int **sub;           /* per var: its region cells, once expanded */
    int *nsub;
    int *asg;            /* per node */
    sgroup *sg;
    int nsg;
    int *sg_of;          /* per group: its sgroup, or -1 */
    uint8_t *vals;       /* per atom: its value now (kept up to date) */
    int *ratoms;         /* the relevant atoms */
    int nratoms;
    int *aff0, *aff;     /* per node: the relevant atoms its cell affects,
                            aff[aff0[n] .. aff0[n+1]) */
    int nmaybe;          /* maybe cells and types in use */
    const char *maybe_why;
    bool stop, aborted;
    bool spent;          /* aborted: the engine's budget is spent */
    const char *why;
    uint64_t steps;
    pv_model *model;     /* a definite model */
    bool want_model;     /* the caller asks for it (else found is enough) */
    int *filler;         /* record's, per sgroup */
    bool found;          /* a definite model exists */
    bool maybe_found;
    const char *maybe_found_why;
} search;

/* n zeroed bytes of scratch memory, released when cwf_pv_sat returns. */
static void *scratch(const search *s, size_t n)
{
    return cwf_arena_alloc(&s->e->scratch, n);
}

static void mark_up(const pv *e, uint8_t *rnode, int nd)
{
    for (; nd >= 0 && !rnode[nd]; nd = e->nodes[nd].parent)
        rnode[nd] = 1;
}

static void collect_atoms(const pv *e, int f, uint8_t *ratom)
{
    const fnode *x = &e->f[f];
    if (x->op == PV_OP_ATOM) {
        ratom[x->a] = 1;
        return;
    }
    for (int i = 0; i < x->n; i++)
        collect_atoms(e, e->fk[x->k0 + i], ratom);
}

/* Marks the tests that every model of f (read with polarity pol) fixes:
 * the concrete atoms f holds as conjuncts, through AND, NOT and NOT OR. */
static void forced_tests(const pv *e, int f, bool pol, uint8_t *ftest)
{
    const fnode *x = &e->f[f];
    if (x->op == PV_OP_ATOM) {
        if (e->atoms[x->a].group < 0 && !e->atoms[x->a].why)
            ftest[e->atoms[x->a].test] |= pol ? 1 : 2;
    } else if (x->op == PV_OP_NOT) {
        forced_tests(e, e->fk[x->k0], !pol, ftest);
    } else if ((x->op == PV_OP_AND && pol) || (x->op == PV_OP_OR && !pol)) {
        for (int i = 0; i < x->n; i++)
            forced_tests(e, e->fk[x->k0 + i], pol, ftest);
    }
}

static int atom_value(const search *s, int a)
{
    const pv *e = s->e;
    const atom *at = &e->atoms[a];
    if (at->group < 0) {
        const test *t = &e->tests[at->test];
        int c = s->asg[t->node];
        if (c < 0)
            return PV_U;
        return cwf_pv_test3(e, at->test, &e->nodes[t->node].cells[c]);
    }
    const group *g = &e->groups[at->group];
    int cc = s->asg[g->container];
    if (cc < 0)
        return PV_U;
    if (e->nodes[g->container].cells[cc].k != (g->index ? VK_ARRAY : VK_OBJECT))
        return PV_F;
    bool unknown = false;
    for (int i = 0; i < at->ninst; i++) {
        int ec = s->asg[at->inst[i].elem];
        if (ec < 0) {
            unknown = true;
            continue;
        }
        if (e->nodes[at->inst[i].elem].cells[ec].k == VK_MISSING)
            continue;
        int tn = e->tests[at->inst[i].test].node;
        int c = s->asg[tn];
        if (c < 0) {
            unknown = true;
            continue;
        }
        int v = cwf_pv_test3(e, at->inst[i].test, &e->nodes[tn].cells[c]);
        if (v == PV_T)
            return PV_T;
        if (v == PV_U)
            unknown = true;
    }
    const sgroup *sg = &s->sg[s->sg_of[at->group]];
    int bit = -1;
    for (int j = 0; j < g->natoms; j++)
        if (g->atoms[j] == a)
            bit = j;
    uint64_t b = (uint64_t)1 << bit;
    if (sg->uni & b)
        return PV_T;
    if (sg->chosen < 0 && (sg->all & b))
        return PV_U; /* an anonymous element may still bring it */
    return unknown ? PV_U : PV_F;
}

static int eval_now(search *s)
{
    return cwf_pv_eval3(s->e, s->f, s->vals);
}

/* Recomputes the atoms that node nd's cell affects. */
static void touch(search *s, int nd)
{
    for (int i = s->aff0[nd]; i < s->aff0[nd + 1]; i++)
        s->vals[s->aff[i]] = (uint8_t)atom_value(s, s->aff[i]);
}

static void touch_group(search *s, const sgroup *sg)
{
    for (int i = 0; i < sg->natoms; i++)
        s->vals[sg->atoms[i]] = (uint8_t)atom_value(s, sg->atoms[i]);
}

static void set_cell(search *s, int nd, int c)
{
    s->asg[nd] = c;
    touch(s, nd);
}

/* A model of e with room for ntypes chosen types in all, in one block
 * (cwf_pv_model_free frees it at once): no path assigned, no type chosen. */
static pv_model *model_new(const pv *e, size_t ntypes)
{
    size_t ng = (size_t)(e->ngroups ? e->ngroups : 1), nn = (size_t)e->nnodes;
    size_t size = sizeof(pv_model) + ng * sizeof(int *) + (nn + ng + ntypes) * sizeof(int);
    pv_model *m = cwf_xcalloc(1, size);
    m->nn = e->ngroups;
    m->gtypes = (int **)(m + 1);
    m->asg = (int *)(m->gtypes + ng);
    m->ngtypes = m->asg + nn;
    for (size_t i = 0; i < nn; i++)
        m->asg[i] = -1;
    return m;
}

void cwf_pv_model_free(pv_model *m)
{
    free(m);
}

/* The gap constraint of an array group: anonymous elements fill the
 * unnamed indexes below the array's length. */
static void gap_bounds(const search *s, const group *g, long *gmin, long *gmax)
{
    const pv *e = s->e;
    const node *c = &e->nodes[g->container];
    long maxp = -1, minm = -1;
    for (int i = 0; i < c->nkids; i++) {
        int k = c->kids[i];
        if (e->nodes[k].seg != CWF_SEG_INDEX || s->asg[k] < 0)
            continue;
        long ix = (long)e->nodes[k].index;
        if (e->nodes[k].cells[s->asg[k]].k == VK_MISSING) {
            if (minm < 0 || ix < minm)
                minm = ix;
        } else if (ix > maxp) {
            maxp = ix;
        }
    }
    long named_below_p = 0, named_below_m = 0;
    for (int i = 0; i < c->nkids; i++) {
        int k = c->kids[i];
        if (e->nodes[k].seg != CWF_SEG_INDEX || s->asg[k] < 0)
            continue;
        long ix = (long)e->nodes[k].index;
        named_below_p += ix < maxp;
        named_below_m += minm >= 0 && ix < minm;
    }
    *gmin = maxp < 0 ? 0 : maxp - named_below_p;
    *gmax = minm < 0 ? -1 : minm - named_below_m;
}

static void record(search *s)
{
    const pv *e = s->e;
    /* Array groups: the anonymous elements must fit the array's unnamed
     * slots; a slot below the last named element needs some element, and
     * a type that changes nothing decided may fill it. */
    int *filler = s->filler;
    bool filler_maybe = false;
    for (int i = 0; i < s->nsg; i++) {
        const sgroup *sg = &s->sg[i];
        const group *g = &e->groups[sg->g];
        int cc = s->asg[g->container];
        filler[i] = -1;
        if (!g->index || cc < 0 || e->nodes[g->container].cells[cc].k != VK_ARRAY)
            continue;
        long gmin, gmax;
        gap_bounds(s, g, &gmin, &gmax);
        long need = sg->chosen >= 0 ? sg->un[sg->chosen] : 0;
        if (gmin > 0 && need == 0) {
            if (sg->chosen >= 0) {
                filler[i] = sg->empty; /* must keep the chosen union as it is */
            } else {
                for (int t = 0; t < sg->ntypes && filler[i] < 0; t++)
                    if (!sg->maybe[t])
                        filler[i] = t;
                if (filler[i] < 0 && sg->ntypes > 0)
                    filler[i] = 0;
            }
            if (filler[i] < 0)
                return;
            filler_maybe |= sg->maybe[filler[i]];
            need = 1;
        }
        if (gmax >= 0 && need > gmax)
            return;
    }
    if (s->nmaybe > 0 || filler_maybe) {
        if (!s->maybe_found) {
            s->maybe_found = true;
            s->maybe_found_why = s->nmaybe > 0 ? s->maybe_why
                                               : "a wildcard element that could not be built";
        }
        return;
    }
    s->stop = true;
    if (!s->want_model) {
        s->found = true;
        return;
    }
    size_t ntypes = 0;
    for (int i = 0; i < s->nsg; i++)
        ntypes += (size_t)(s->sg[i].chosen >= 0 ? s->sg[i].un[s->sg[i].chosen] : 0) + 1;
    pv_model *m = model_new(e, ntypes);
    memcpy(m->asg, s->asg, (size_t)e->nnodes * sizeof *m->asg);
    int *room = m->ngtypes + (e->ngroups ? e->ngroups : 1);
    for (int i = 0; i < s->nsg; i++) {
        const sgroup *sg = &s->sg[i];
        int n = sg->chosen >= 0 ? sg->un[sg->chosen] : 0;
        m->gtypes[sg->g] = room;
        room += n + 1;
        for (int t = 0; t < n; t++)
            m->gtypes[sg->g][m->ngtypes[sg->g]++] = sg->types[sg->ut[sg->chosen][t]];
        if (filler[i] >= 0)
            m->gtypes[sg->g][m->ngtypes[sg->g]++] = sg->types[filler[i]];
    }
    /* Paths never assigned stay -1: absent from the event. */
    s->model = m;
}

static void step(search *s, int k);

/* The decisions after the paths: for each wildcard, which union of
 * element types its anonymous elements make. */
static void group_step(search *s, int k)
{
    int gi = k - s->nvars;
    if (gi >= s->nsg) {
        if (eval_now(s) == PV_T)
            record(s);
        return;
    }
    sgroup *sg = &s->sg[gi];
    const group *g = &s->e->groups[sg->g];
    int cc = s->asg[g->container];
    bool usable = cc >= 0 &&
                  s->e->nodes[g->container].cells[cc].k == (g->index ? VK_ARRAY : VK_OBJECT);
    long gmin = 0, gmax = -1;
    if (usable && g->index)
        gap_bounds(s, g, &gmin, &gmax);
    for (int u = 0; u < (usable ? sg->nu : 1) && !s->stop; u++) {
        if (usable && gmax >= 0 && sg->un[u] > gmax)
            continue;
        if (usable && gmin > 0 && sg->un[u] == 0 && sg->empty < 0)
            continue;
        sg->chosen = u;
        sg->uni = usable ? sg->uv[u] : 0;
        bool maybe = usable && sg->um[u];
        s->nmaybe += maybe;
        const char *saved = s->maybe_why;
        if (maybe)
            s->maybe_why = "a wildcard element that could not be built";
        touch_group(s, sg);
        step(s, k + 1);
        s->nmaybe -= maybe;
        s->maybe_why = saved;
    }
    sg->chosen = -1;
    sg->uni = 0;
    touch_group(s, sg);
}

static int *restrict_cells(const search *s, int nd, int from, int to, int *nout);

/* Assigns cell c to var k (node nd) and searches on, if the ties allow. */
static void try_cell(search *s, int k, int nd, int c)
{
    const pv *e = s->e;
    const node *n = &e->nodes[nd];
    const cell *x = &n->cells[c];
    bool maybe = x->maybe;
    const char *why = x->why;
    if (n->seg == CWF_SEG_INDEX && x->k != VK_MISSING) {
        const node *p = &e->nodes[n->parent];
        for (int j = 0; j < p->nkids; j++) {
            const node *sib = &e->nodes[p->kids[j]];
            int sc = s->asg[p->kids[j]];
            if (sib->seg == CWF_SEG_INDEX && sib->index < n->index && sc >= 0 &&
                sib->cells[sc].k == VK_MISSING)
                return; /* an index is present only when the smaller ones are */
        }
        if (n->index > MAX_INDEX) {
            maybe = true;
            why = "an array index too large to build an example for";
        }
    }
    set_cell(s, nd, c);
    s->nmaybe += maybe;
    const char *saved = s->maybe_why;
    if (maybe)
        s->maybe_why = why;
    step(s, k + 1); /* k: the number of vars assigned before this one */
    s->nmaybe -= maybe;
    s->maybe_why = saved;
    set_cell(s, nd, -1);
}

/* Whether cell c of var k's node may stand, given its parent's cell. */
static bool fits(const search *s, int nd, int c)
{
    const node *n = &s->e->nodes[nd];
    if (nd == 0 || n->cells[c].k == VK_MISSING)
        return true;
    return cwf_pv_holds_child(s->e->nodes[n->parent].cells[s->asg[n->parent]].k, n->seg);
}

/* Whether var k may be assigned now: its parent is, and for an index, so
 * are the smaller indexes (they must be present before it is). */
static bool eligible(const search *s, int k)
{
    const pv *e = s->e;
    int nd = s->vars[k];
    const node *n = &e->nodes[nd];
    if (s->done[k] || (nd != 0 && s->asg[n->parent] < 0))
        return false;
    if (n->seg != CWF_SEG_INDEX)
        return true;
    const node *p = &e->nodes[n->parent];
    for (int j = 0; j < p->nkids; j++) {
        const node *sib = &e->nodes[p->kids[j]];
        if (sib->seg == CWF_SEG_INDEX && sib->index < n->index && s->rnode[p->kids[j]] &&
            s->asg[p->kids[j]] < 0)
            return false;
    }
    return true;
}

enum { SMALL_SEARCH = 12 };

/* The var to branch on: in tree order for small searches; else the one
 * with the fewest cells that keep the formula possible (fail first), and
 * -1 when some var has none left (a dead end, known before branching). */
static int pick(search *s)
{
    int best = -1, fewest = INT32_MAX;
    for (int k = 0; k < s->nvars; k++) {
        if (!eligible(s, k))
            continue;
        if (s->nvars <= SMALL_SEARCH)
            return k;
        int nd = s->vars[k], viable = 0;
        for (int i = 0; i < s->ndom[k] && viable < fewest; i++) {
            int c = s->dom[k][i];
            if (!fits(s, nd, c))
                continue;
            set_cell(s, nd, c);
            viable += eval_now(s) != PV_F;
            set_cell(s, nd, -1);
        }
        if (viable == 0)
            return -1;
        if (viable < fewest) {
            fewest = viable;
            best = k;
            if (viable == 1)
                break;
        }
    }
    return best;
}

static void step(search *s, int depth)
{
    if (s->stop)
        return;
    if (++s->steps > s->budget) {
        s->aborted = s->stop = true;
        s->spent = true;
        return;
    }
    int v = eval_now(s);
    if (v == PV_F)
        return;
    if (v == PV_T) {
        record(s);
        return;
    }
    if (depth >= s->nvars) {
        group_step(s, depth);
        return;
    }
    int k = pick(s);
    if (k < 0)
        return;
    pv *e = s->e;
    int nd = s->vars[k];
    s->done[k] = 1;
    for (int i = 0; i < s->ndom[k] && !s->stop; i++) {
        int c = s->dom[k][i];
        if (!fits(s, nd, c))
            continue;
        if (!e->nodes[nd].cells[c].super) {
            try_cell(s, depth, nd, c);
            continue;
        }
        /* The strings that are no literal: worth their regions only when
         * the formula is not already false with them. */
        set_cell(s, nd, c);
        int sv = eval_now(s);
        set_cell(s, nd, -1);
        if (sv == PV_F)
            continue;
        if (!s->sub[k]) {
            /* Split by the languages this search reads there. */
            const node *x = &e->nodes[nd];
            uint8_t *only = scratch(s, (size_t)x->nlangs + 1);
            for (int q = 0; q < x->ntests; q++) {
                const test *t = &e->tests[x->tests[q]];
                if (s->rtest[x->tests[q]] && t->lang >= 0)
                    only[t->lang] = 1;
            }
            const struct expansion *xp = cwf_pv_expand(e, nd, only);
            if (!xp) {
                s->aborted = s->stop = true;
                s->why = e->nodes[nd].why;
                break;
            }
            s->sub[k] = restrict_cells(s, nd, xp->from, xp->to, &s->nsub[k]);
        }
        for (int j = 0; j < s->nsub[k] && !s->stop; j++)
            try_cell(s, depth, nd, s->sub[k][j]);
    }
    s->done[k] = 0;
}

/* The cells of node nd worth trying in this search: one per distinct
 * behaviour on the relevant tests and children, definite ones preferred. */
static int *restrict_cells(const search *s, int nd, int from, int to, int *nout)
{
    const pv *e = s->e;
    const node *n = &e->nodes[nd];
    bool obj = false, arr = false;
    for (int i = 0; i < n->nkids; i++) {
        int k = n->kids[i];
        cwf_seg_kind sg = e->nodes[k].seg;
        if (!s->rnode[k])
            continue;
        obj |= sg == CWF_SEG_FIELD || sg == CWF_SEG_ANY_FIELD;
        arr |= sg == CWF_SEG_INDEX || sg == CWF_SEG_ANY_INDEX;
    }
    int nt = 0, nf = 0;
    int *ts = scratch(s, (size_t)(n->ntests ? n->ntests : 1) * sizeof *ts);
    int *fs = scratch(s, (size_t)(n->ntests ? n->ntests : 1) * sizeof *fs);
    for (int i = 0; i < n->ntests; i++) {
        if (s->rtest[n->tests[i]])
            ts[nt++] = n->tests[i];
        if (s->ftest[n->tests[i]] & 1)
            fs[nf++] = n->tests[i];
    }
    for (int i = 0; i < n->ntests; i++)
        if (s->ftest[n->tests[i]] == 2)
            fs[nf++] = n->tests[i]; /* the tests that must be true first */
    int *out = scratch(s, (size_t)(n->ncells ? n->ncells : 1) * sizeof *out);
    uint8_t *keys = scratch(s, (size_t)(n->ncells ? n->ncells : 1) * (size_t)(nt + 1));
    uint64_t *hash = scratch(s, (size_t)(n->ncells ? n->ncells : 1) * sizeof *hash);
    int no = 0;
    for (int c = from; c < to; c++) {
        const cell *x = &n->cells[c];
        /* A cell on which a test every model fixes has the other value is
         * in no model (the whole formula is false there). */
        bool none = false;
        for (int i = 0; i < nf && !none; i++) {
            int v = cwf_pv_test3(e, fs[i], x);
            none = v != PV_U && (s->ftest[fs[i]] & (v == PV_T ? 2 : 1));
        }
        if (none)
            continue;
        uint8_t *key = keys + (size_t)no * (size_t)(nt + 1);
        uint8_t cls = x->k == VK_MISSING ? 0 : (x->k == VK_OBJECT && obj) ? 1
                    : (x->k == VK_ARRAY && arr) ? 2 : x->super ? 4 : 3;
        key[0] = cls;
        uint64_t h = 1469598103934665603u ^ cls;
        for (int i = 0; i < nt; i++) {
            key[1 + i] = (uint8_t)cwf_pv_test3(e, ts[i], x);
            h = (h ^ key[1 + i]) * 1099511628211u;
        }
        int dup = -1;
        for (int j = 0; j < no && dup < 0; j++)
            if (hash[j] == h &&
                memcmp(keys + (size_t)j * (size_t)(nt + 1), key, (size_t)nt + 1) == 0)
                dup = j;
        if (dup < 0) {
            hash[no] = h;
            out[no++] = c;
        } else if (n->cells[out[dup]].maybe && !x->maybe) {
            out[dup] = c;
        }
    }
    *nout = no;
    return out;
}

enum { MAX_UNIONS = 4096 };

/* The distinct unions of sg's types (and the fewest types found for each),
 * its empty type; false when there are too many.  The arrays are scratch
 * memory of search s; the type lists are malloc'd (one is replaced
 * whenever a union is reached with fewer types). */
static bool unions(const search *s, sgroup *sg)
{
    sg->empty = -1;
    sg->all = 0;
    for (int t = 0; t < sg->ntypes; t++) {
        sg->all |= sg->sets[t];
        if (sg->sets[t] == 0 && (sg->empty < 0 || (sg->maybe[sg->empty] && !sg->maybe[t])))
            sg->empty = t;
    }
    int cap = 16;
    sg->uv = scratch(s, (size_t)cap * sizeof *sg->uv);
    sg->ut = scratch(s, (size_t)cap * sizeof *sg->ut);
    sg->un = scratch(s, (size_t)cap * sizeof *sg->un);
    sg->um = scratch(s, (size_t)cap * sizeof *sg->um);
    sg->uv[0] = 0;
    sg->ut[0] = NULL;
    sg->un[0] = 0;
    sg->um[0] = false;
    sg->nu = 1;
    for (int t = 0; t < sg->ntypes; t++) {
        int n = sg->nu;
        for (int u = 0; u < n; u++) {
            uint64_t v = sg->uv[u] | sg->sets[t];
            bool maybe = sg->um[u] || sg->maybe[t];
            int at = -1;
            for (int w = 0; w < sg->nu && at < 0; w++)
                if (sg->uv[w] == v)
                    at = w;
            if (at >= 0 && !(sg->um[at] && !maybe) &&
                !(sg->um[at] == maybe && sg->un[at] > sg->un[u] + 1))
                continue;
            if (at < 0) {
                if (sg->nu == MAX_UNIONS)
                    return false;
                if (sg->nu == cap) {
                    uint64_t *uv = scratch(s, (size_t)cap * 2 * sizeof *uv);
                    int **ut = scratch(s, (size_t)cap * 2 * sizeof *ut);
                    int *un = scratch(s, (size_t)cap * 2 * sizeof *un);
                    bool *um = scratch(s, (size_t)cap * 2 * sizeof *um);
                    memcpy(uv, sg->uv, (size_t)cap * sizeof *uv);
                    memcpy(ut, sg->ut, (size_t)cap * sizeof *ut);
                    memcpy(un, sg->un, (size_t)cap * sizeof *un);
                    memcpy(um, sg->um, (size_t)cap * sizeof *um);
                    sg->uv = uv;
                    sg->ut = ut;
                    sg->un = un;
                    sg->um = um;
                    cap *= 2;
                }
                at = sg->nu++;
                sg->ut[at] = NULL;
            }
            int *types = cwf_xmalloc((size_t)(sg->un[u] + 1) * sizeof *types);
            if (sg->un[u])
                memcpy(types, sg->ut[u], (size_t)sg->un[u] * sizeof *types);
            types[sg->un[u]] = t;
            free(sg->ut[at]);
            sg->ut[at] = types;
            sg->uv[at] = v;
            sg->un[at] = sg->un[u] + 1;
            sg->um[at] = maybe;
        }
    }
    return true;
}

/* For each node, the relevant atoms whose value its cell affects. */
static void affects(search *s)
{
    const pv *e = s->e;
    int n = e->nnodes;
    int *count = scratch(s, ((size_t)n + 1) * sizeof *count);
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < s->nratoms; i++) {
            int a = s->ratoms[i];
            const atom *at = &e->atoms[a];
            int nodes[3];
            int m = 0;
            if (at->group < 0) {
                nodes[m++] = e->tests[at->test].node;
            } else {
                nodes[m++] = e->groups[at->group].container;
            }
            for (int j = 0; j < m; j++) {
                if (pass == 0)
                    count[nodes[j] + 1]++;
                else
                    s->aff[count[nodes[j]]++] = a;
            }
            for (int j = 0; at->group >= 0 && j < at->ninst; j++) {
                int x = at->inst[j].elem, y = e->tests[at->inst[j].test].node;
                if (pass == 0) {
                    count[x + 1]++;
                    if (y != x)
                        count[y + 1]++;
                } else {
                    s->aff[count[x]++] = a;
                    if (y != x)
                        s->aff[count[y]++] = a;
                }
            }
        }
        if (pass == 0) {
            for (int i = 0; i < n; i++)
                count[i + 1] += count[i];
            s->aff0 = scratch(s, ((size_t)n + 1) * sizeof *s->aff0);
            memcpy(s->aff0, count, ((size_t)n + 1) * sizeof *count);
            s->aff = scratch(s, ((size_t)count[n] + 1) * sizeof *s->aff);
        }
    }
}

pv_res cwf_pv_sat(pv *e, int f, pv_model **model, char **why)
{
    if (model)
        *model = NULL;
    if (why)
        *why = NULL;
    cwf_pv_prepare(e);
    cwf_arena_reserve(&e->scratch, 64 * 1024); /* one block for every search */
    cwf_arena_mark mark = cwf_arena_get_mark(&e->scratch);
    search s;
    memset(&s, 0, sizeof s);
    s.e = e;
    s.f = f;
    s.want_model = model != NULL;
    s.ratom = scratch(&s, (size_t)e->natoms + 1);
    s.rtest = scratch(&s, (size_t)e->ntests + 1);
    s.rnode = scratch(&s, (size_t)e->nnodes);
    s.asg = scratch(&s, (size_t)e->nnodes * sizeof *s.asg);
    for (int i = 0; i < e->nnodes; i++)
        s.asg[i] = -1;
    s.vals = scratch(&s, (size_t)e->natoms + 1);
    s.sg_of = scratch(&s, (size_t)(e->ngroups ? e->ngroups : 1) * sizeof *s.sg_of);
    s.sg = scratch(&s, (size_t)(e->ngroups ? e->ngroups : 1) * sizeof *s.sg);
    for (int i = 0; i < e->ngroups; i++)
        s.sg_of[i] = -1;
    collect_atoms(e, f, s.ratom);
    s.ftest = scratch(&s, (size_t)e->ntests + 1);
    forced_tests(e, f, true, s.ftest);
    s.ratoms = scratch(&s, (size_t)e->natoms * sizeof *s.ratoms + 1);
    const char *bad = NULL;
    s.rnode[0] = 1;
    for (int a = 0; a < e->natoms; a++) {
        if (!s.ratom[a])
            continue;
        const atom *at = &e->atoms[a];
        s.ratoms[s.nratoms++] = a;
        if (at->why)
            bad = at->why;
        if (at->group < 0) {
            s.rtest[at->test] = 1;
            mark_up(e, s.rnode, e->tests[at->test].node);
            continue;
        }
        const group *g = &e->groups[at->group];
        if (g->why)
            bad = g->why;
        mark_up(e, s.rnode, g->container);
        s.rnode[g->troot] = 1;
        for (int i = 0; i < at->ninst; i++) {
            s.rtest[at->inst[i].test] = 1;
            mark_up(e, s.rnode, e->tests[at->inst[i].test].node);
        }
        if (s.sg_of[at->group] < 0) {
            s.sg[s.nsg].g = at->group;
            s.sg_of[at->group] = s.nsg++;
        }
        for (int j = 0; j < g->natoms; j++)
            if (g->atoms[j] == a)
                s.sg[s.sg_of[at->group]].mask |= (uint64_t)1 << j;
    }
    for (int i = 0; i < e->nnodes && !bad; i++)
        if (s.rnode[i] && e->nodes[i].why && !e->nodes[i].tmpl)
            bad = e->nodes[i].why;
    pv_res res = PV_UNKNOWN;
    if (!bad) {
        /* Project the wildcard types on the relevant atoms. */
        for (int i = 0; i < s.nsg && !bad; i++) {
            sgroup *sg = &s.sg[i];
            const group *g = &e->groups[sg->g];
            sg->types = scratch(&s, (size_t)(g->ntypes ? g->ntypes : 1) * sizeof(int));
            sg->sets = scratch(&s, (size_t)(g->ntypes ? g->ntypes : 1) * sizeof(uint64_t));
            sg->maybe = scratch(&s, (size_t)(g->ntypes ? g->ntypes : 1));
            sg->chosen = -1;
            for (int t = 0; t < g->ntypes; t++) {
                uint64_t set = g->tset[t] & sg->mask;
                int dup = -1;
                for (int u = 0; u < sg->ntypes && dup < 0; u++)
                    if (sg->sets[u] == set)
                        dup = u;
                if (dup >= 0) {
                    if (sg->maybe[dup] && !g->tmaybe[t]) {
                        sg->types[dup] = t;
                        sg->maybe[dup] = false;
                    }
                    continue;
                }
                sg->types[sg->ntypes] = t;
                sg->sets[sg->ntypes] = set;
                sg->maybe[sg->ntypes++] = g->tmaybe[t];
            }
            if (!unions(&s, sg)) {
                bad = "a wildcard selector with too many kinds of elements";
                break;
            }
            sg->atoms = scratch(&s, (size_t)(s.nratoms + 1) * sizeof *sg->atoms);
            for (int j = 0; j < s.nratoms; j++)
                if (e->atoms[s.ratoms[j]].group == sg->g)
                    sg->atoms[sg->natoms++] = s.ratoms[j];
        }
    }
    if (bad) {
        res = PV_UNKNOWN;
        s.why = bad;
    } else {
        affects(&s);
        s.filler = scratch(&s, (size_t)(s.nsg ? s.nsg : 1) * sizeof *s.filler);
        for (int i = 0; i < s.nratoms; i++)
            s.vals[s.ratoms[i]] = (uint8_t)atom_value(&s, s.ratoms[i]);
        s.vars = scratch(&s, (size_t)e->nnodes * sizeof *s.vars);
        cwf_pv_tree_order(e, 0, s.rnode, false, s.vars, &s.nvars);
        s.dom = scratch(&s, (size_t)(s.nvars ? s.nvars : 1) * sizeof *s.dom);
        s.ndom = scratch(&s, (size_t)(s.nvars ? s.nvars : 1) * sizeof *s.ndom);
        s.sub = scratch(&s, (size_t)(s.nvars ? s.nvars : 1) * sizeof *s.sub);
        s.done = scratch(&s, (size_t)(s.nvars ? s.nvars : 1));
        s.budget = e->budget > e->steps ? e->budget - e->steps : 0;
        s.nsub = scratch(&s, (size_t)(s.nvars ? s.nvars : 1) * sizeof *s.nsub);
        for (int k = 0; k < s.nvars; k++)
            s.dom[k] = restrict_cells(&s, s.vars[k], 0, e->nodes[s.vars[k]].nbase, &s.ndom[k]);
        step(&s, 0);
        e->steps += s.spent ? s.budget : s.steps; /* never above the budget */
        if (s.model || s.found)
            res = PV_SAT;
        else if (s.aborted || s.maybe_found)
            res = PV_UNKNOWN;
        else
            res = PV_UNSAT;
        if (!s.model && !s.found && !s.aborted && s.maybe_found)
            s.why = s.maybe_found_why;
    }
    if (res == PV_UNKNOWN && why && s.spent)
        *why = cwf_xasprintf("the prover's budget of %llu steps was spent; the verdict is "
                             "unknown", (unsigned long long)e->budget);
    else if (res == PV_UNKNOWN && why)
        *why = cwf_xstrdup(s.why ? s.why : "undecided");
    if (model && s.model)
        *model = s.model;
    else
        cwf_pv_model_free(s.model);
    for (int i = 0; i < s.nsg; i++)
        for (int u = 0; u < s.sg[i].nu; u++)
            free(s.sg[i].ut[u]);
    cwf_arena_release(&e->scratch, mark);
    return res;
}

/* ---- fast answers -------------------------------------------------------- */

/* Whether test t accepts some value: only string tests can fail to. */
static bool test_sat(const pv *e, int ti)
{
    const test *t = &e->tests[ti];
    if (t->k == T_NEVER)
        return false;
    if (t->k != T_IN && t->k != T_NOTIN)
        return true;
    lang *l = &e->nodes[t->node].langs[t->lang];
    if (!l->regex && l->wild == CWF_W_NONE)
        return true; /* {s}, and every string but s */
    if (!l->regex) /* a wildcard form holds its core; it misses "" unless it is all */
        return t->k == T_IN || (l->wild != CWF_W_ANY && l->n > 0);
    cwf_dfa *d = cwf_pv_lang_dfa(l);
    if (t->k == T_IN)
        return !cwf_dfa_is_empty(d);
    cwf_dfa *nd = cwf_dfa_not(d);
    bool ok = !cwf_dfa_is_empty(nd);
    cwf_dfa_free(nd);
    return ok;
}

/* Whether text s[0..n) passes the string test ti (T_IN, T_NOTIN,
 * T_STRNUM); -1 for other tests. */
static int test_text(const pv *e, int ti, const char *s, size_t n)
{
    const test *t = &e->tests[ti];
    if (t->k == T_STRNUM)
        return PV_T;
    if (t->k != T_IN && t->k != T_NOTIN)
        return -1;
    lang *l = &e->nodes[t->node].langs[t->lang];
    bool in = !l->regex && l->wild == CWF_W_NONE ? l->n == n && memcmp(l->s, s, n) == 0
                                                  : cwf_pv_lang_accepts(l, s, n);
    return in == (t->k == T_IN) ? PV_T : PV_F;
}

int cwf_pv_leaf_under(const pv *e, int a, const int *conj, int n)
{
    const atom *at = &e->atoms[a];
    if (at->group >= 0 || at->why || !e->prepared)
        return -1;
    int nd = e->tests[at->test].node;
    if (e->nodes[nd].why || e->nodes[nd].tmpl || cwf_pv_root_array(e))
        return -1;
    const char *lit = NULL;
    uint32_t litn = 0;
    bool here = false;
    for (int i = 0; i < n; i++) {
        const atom *c = &e->atoms[conj[i]];
        if (c->group >= 0 || c->why)
            return -1;
        const test *ct = &e->tests[c->test];
        if (ct->node != nd) {
            if (cwf_pv_ancestor(e, ct->node, nd) || cwf_pv_ancestor(e, nd, ct->node))
                return -1;
            continue;
        }
        here = true;
        if (ct->k == T_NUM)
            return -1;
        const lang *l = ct->k == T_IN ? &e->nodes[nd].langs[ct->lang] : NULL;
        if (l && !l->regex && l->wild == CWF_W_NONE) {
            if (lit && (litn != l->n || memcmp(lit, l->s, litn) != 0))
                return -1; /* two different values: contradiction */
            lit = l->s;
            litn = l->n;
        }
    }
    if (!here) /* nothing pins the path: the test alone */
        return test_sat(e, at->test) ? PV_U : PV_F;
    if (!lit || e->tests[at->test].k == T_NUM)
        return -1;
    /* The path holds the text lit (a string, or a number written so, which
     * string tests cannot tell apart). */
    for (int i = 0; i < n; i++) {
        const test *ct = &e->tests[e->atoms[conj[i]].test];
        if (ct->node == nd && test_text(e, e->atoms[conj[i]].test, lit, litn) != PV_T)
            return -1;
    }
    int v = test_text(e, at->test, lit, litn);
    return v >= 0 ? v : PV_F; /* kind tests: a string is not null, missing... */
}

/* A language test's language as a fresh automaton: L for T_IN, its
 * complement for T_NOTIN, all for T_STRNUM. */
static cwf_dfa *test_lang(const pv *e, int ti)
{
    const test *t = &e->tests[ti];
    if (t->k == T_STRNUM)
        return cwf_dfa_all();
    cwf_dfa *d = cwf_dfa_copy(cwf_pv_lang_dfa(&e->nodes[t->node].langs[t->lang]));
    if (t->k == T_IN)
        return d;
    cwf_dfa *nd = cwf_dfa_not(d);
    cwf_dfa_free(d);
    return nd;
}

int cwf_pv_leaf_implies(const pv *e, int a, int b)
{
    const atom *x = &e->atoms[a], *y = &e->atoms[b];
    if (x->group >= 0 || y->group >= 0 || x->why || y->why || !e->prepared)
        return -1;
    int nd = e->tests[x->test].node;
    if (nd != e->tests[y->test].node || e->nodes[nd].why)
        return -1;
    const test *tx = &e->tests[x->test], *ty = &e->tests[y->test];
    if (tx->k == T_NUM || ty->k == T_NUM)
        return -1;
    if (!test_sat(e, x->test))
        return PV_T;
    bool sx = tx->k == T_IN || tx->k == T_NOTIN || tx->k == T_STRNUM;
    bool sy = ty->k == T_IN || ty->k == T_NOTIN || ty->k == T_STRNUM;
    if (!sx || !sy) /* kind tests: equal kinds, or x never true */
        return sx == sy && tx->k == ty->k ? PV_T : PV_F;
    /* Both read the text: is x's language inside y's?  A literal x is one
     * text; otherwise a witness first, then a product. */
    const lang *l = tx->k == T_IN ? &e->nodes[nd].langs[tx->lang] : NULL;
    if (l && !l->regex && l->wild == CWF_W_NONE)
        return test_text(e, y->test, l->s, l->n);
    const lang *m = ty->k == T_NOTIN ? &e->nodes[nd].langs[ty->lang] : NULL;
    if (m && !m->regex && m->wild == CWF_W_NONE) /* y: all but one text */
        return test_text(e, x->test, m->s, m->n) == PV_T ? PV_F : PV_T;
    if (ty->k == T_STRNUM) /* y: every text */
        return PV_T;
    if (l && !l->regex) {
        /* x: the strings with its core where its wildcard form says (never
         * ANY, which is T_STRNUM).  Its shortest string, the one its
         * automaton's witness would be, is the core itself. */
        if (test_text(e, y->test, l->s ? l->s : "", l->n) == PV_F)
            return PV_F;
        /* y holds on the core: when y is a wildcard form that every string
         * of x's form with that core meets, x implies y.  (y CONTAINS q: q
         * is in the core, which every string of x contains; y PREFIX q:
         * the core starts with q, and so does every string of an exact or
         * PREFIX x; SUFFIX alike.) */
        const lang *ly = ty->k == T_IN ? &e->nodes[nd].langs[ty->lang] : NULL;
        if (ly && !ly->regex &&
            (ly->wild == CWF_W_CONTAINS ||
             (ly->wild == CWF_W_PREFIX && l->wild == CWF_W_PREFIX) ||
             (ly->wild == CWF_W_SUFFIX && l->wild == CWF_W_SUFFIX)))
            return PV_T;
    }
    cwf_dfa *lx = test_lang(e, x->test);
    int r = -1;
    if (!l || l->regex) {
        cwf_buf w = CWF_BUF_INIT;
        if (cwf_dfa_witness(lx, &w) && test_text(e, y->test, w.p ? w.p : "", w.len) == PV_F)
            r = PV_F;
        cwf_buf_free(&w);
    }
    if (r < 0) {
        cwf_dfa *ly = test_lang(e, y->test), *nly = cwf_dfa_not(ly), *d = cwf_dfa_and_raw(lx, nly);
        r = cwf_dfa_is_empty(d) ? PV_T : PV_F;
        cwf_dfa_free(ly);
        cwf_dfa_free(nly);
        cwf_dfa_free(d);
    }
    cwf_dfa_free(lx);
    return r;
}

/* ---- models as JSON ------------------------------------------------------- */

static void render(const pv *e, const int *asg, const pv_model *m, int nd, cwf_buf *out);

/* An anonymous element of group g, of type t. */
static void render_type(const pv *e, const pv_model *m, int g, int t, cwf_buf *out)
{
    const group *gr = &e->groups[g];
    int *asg = cwf_xmalloc((size_t)e->nnodes * sizeof *asg);
    for (int i = 0; i < e->nnodes; i++)
        asg[i] = -1;
    for (int i = 0; i < gr->ntnodes; i++)
        asg[gr->tnodes[i]] = gr->tasg[t][i];
    render(e, asg, m, gr->troot, out);
    free(asg);
}

static bool kid_named(const pv *e, const node *n, const char *s, size_t len)
{
    for (int i = 0; i < n->nkids; i++) {
        const node *k = &e->nodes[n->kids[i]];
        if (k->seg == CWF_SEG_FIELD && k->nlen == len && memcmp(k->name, s, len) == 0)
            return true;
    }
    return false;
}

static void render(const pv *e, const int *asg, const pv_model *m, int nd, cwf_buf *out)
{
    const node *n = &e->nodes[nd];
    int c = asg[nd];
    if (c < 0) {
        cwf_buf_puts(out, "null");
        return;
    }
    const cell *x = &n->cells[c];
    switch (x->k) {
    case VK_MISSING:
    case VK_NULL:   cwf_buf_puts(out, "null"); return;
    case VK_TRUE:   cwf_buf_puts(out, "true"); return;
    case VK_FALSE:  cwf_buf_puts(out, "false"); return;
    case VK_NUMBER: cwf_buf_add(out, x->txt ? x->txt : "0", x->txt ? x->tlen : 1); return;
    case VK_STRING: cwf_buf_json_str(out, x->txt ? x->txt : "", x->tlen); return;
    case VK_OBJECT: {
        cwf_buf_putc(out, '{');
        bool first = true;
        int *order = cwf_xmalloc((size_t)(n->nkids ? n->nkids : 1) * sizeof *order);
        int no = 0;
        for (int i = 0; i < n->nkids; i++)
            order[no++] = n->kids[i];
        for (int i = 0; i < no; i++) {
            const node *k = &e->nodes[order[i]];
            if (k->seg != CWF_SEG_FIELD || asg[order[i]] < 0 ||
                k->cells[asg[order[i]]].k == VK_MISSING)
                continue;
            if (!first)
                cwf_buf_putc(out, ',');
            first = false;
            cwf_buf_json_str(out, k->name, k->nlen);
            cwf_buf_putc(out, ':');
            render(e, asg, m, order[i], out);
        }
        free(order);
        int g = n->gfield;
        if (g >= 0 && m && m->gtypes && m->gtypes[g]) {
            int fresh = 0;
            for (int t = 0; t < m->ngtypes[g]; t++) {
                char name[32];
                do {
                    snprintf(name, sizeof name, fresh ? "x%d" : "x", fresh);
                    fresh++;
                } while (kid_named(e, n, name, strlen(name)));
                if (!first)
                    cwf_buf_putc(out, ',');
                first = false;
                cwf_buf_json_str(out, name, strlen(name));
                cwf_buf_putc(out, ':');
                render_type(e, m, g, m->gtypes[g][t], out);
            }
        }
        cwf_buf_putc(out, '}');
        return;
    }
    case VK_ARRAY: {
        long maxp = -1;
        for (int i = 0; i < n->nkids; i++) {
            int k = n->kids[i];
            if (e->nodes[k].seg == CWF_SEG_INDEX && asg[k] >= 0 &&
                e->nodes[k].cells[asg[k]].k != VK_MISSING && (long)e->nodes[k].index > maxp)
                maxp = (long)e->nodes[k].index;
        }
        int g = n->gindex;
        int nanon = (g >= 0 && m && m->gtypes && m->gtypes[g]) ? m->ngtypes[g] : 0;
        int used = 0;
        cwf_buf_putc(out, '[');
        for (long i = 0; i <= maxp || used < nanon; i++) {
            if (i > 0)
                cwf_buf_putc(out, ',');
            int named = -1;
            for (int j = 0; j < n->nkids && named < 0; j++) {
                int k = n->kids[j];
                if (e->nodes[k].seg == CWF_SEG_INDEX && (long)e->nodes[k].index == i &&
                    asg[k] >= 0 && e->nodes[k].cells[asg[k]].k != VK_MISSING)
                    named = k;
            }
            if (named >= 0)
                render(e, asg, m, named, out);
            else if (used < nanon)
                render_type(e, m, g, m->gtypes[g][used++], out);
            else if (nanon > 0)
                render_type(e, m, g, m->gtypes[g][0], out);
            else
                cwf_buf_puts(out, "null");
        }
        cwf_buf_putc(out, ']');
        return;
    }
    }
}

/* Atom a's value in model m. */
static int model_atom(const pv *e, const pv_model *m, int a)
{
    static const cell missing = {.k = VK_MISSING};
    const atom *at = &e->atoms[a];
    if (at->why)
        return PV_U;
    if (at->group < 0) {
        int nd = e->tests[at->test].node, c = m->asg[nd];
        return cwf_pv_test3(e, at->test, c < 0 ? &missing : &e->nodes[nd].cells[c]);
    }
    const group *g = &e->groups[at->group];
    int cc = m->asg[g->container];
    if (cc < 0 || e->nodes[g->container].cells[cc].k != (g->index ? VK_ARRAY : VK_OBJECT))
        return PV_F;
    bool unknown = false;
    for (int i = 0; i < at->ninst; i++) {
        int ec = m->asg[at->inst[i].elem];
        if (ec < 0 || e->nodes[at->inst[i].elem].cells[ec].k == VK_MISSING)
            continue;
        int tn = e->tests[at->inst[i].test].node, c = m->asg[tn];
        int v = cwf_pv_test3(e, at->inst[i].test, c < 0 ? &missing : &e->nodes[tn].cells[c]);
        if (v == PV_T)
            return PV_T;
        unknown |= v == PV_U;
    }
    int bit = -1;
    for (int j = 0; j < g->natoms; j++)
        if (g->atoms[j] == a)
            bit = j;
    for (int t = 0; m->gtypes && m->gtypes[at->group] && t < m->ngtypes[at->group]; t++)
        if (g->tset[m->gtypes[at->group][t]] & ((uint64_t)1 << bit))
            return PV_T;
    return unknown ? PV_U : PV_F;
}

/* cwf_pv_eval3 with each atom's value read from m as it is reached (a
 * formula reads few of the engine's atoms; the result is the same). */
int cwf_pv_model_eval(const pv *e, const pv_model *m, int f)
{
    const fnode *x = &e->f[f];
    switch (x->op) {
    case PV_OP_TRUE: return PV_T;
    case PV_OP_FALSE: return PV_F;
    case PV_OP_ATOM: return model_atom(e, m, x->a);
    case PV_OP_NOT: {
        int v = cwf_pv_model_eval(e, m, e->fk[x->k0]);
        return v == PV_U ? PV_U : !v;
    }
    case PV_OP_AND:
    case PV_OP_OR: {
        int stop = x->op == PV_OP_AND ? PV_F : PV_T, r = x->op == PV_OP_AND ? PV_T : PV_F;
        for (int i = 0; i < x->n; i++) {
            int v = cwf_pv_model_eval(e, m, e->fk[x->k0 + i]);
            if (v == stop)
                return stop;
            if (v == PV_U)
                r = PV_U;
        }
        return r;
    }
    }
    return PV_U;
}

pv_model *cwf_pv_model_empty(const pv *e)
{
    pv_model *m = model_new(e, 0);
    m->asg[0] = 0; /* the root's first cell is an object */
    return m;
}

void cwf_pv_model_json(const pv *e, const pv_model *m, cwf_buf *out)
{
    render(e, m->asg, m, 0, out);
}

/* ---- helpers ------------------------------------------------------------- */

unsigned cwf_pv_edit_distance(const char *a, size_t n, const char *b, size_t m, unsigned max)
{
    if ((n > m ? n - m : m - n) > max)
        return max + 1;
    unsigned *row = cwf_xmalloc((m + 1) * sizeof *row);
    for (size_t j = 0; j <= m; j++)
        row[j] = (unsigned)j;
    for (size_t i = 1; i <= n; i++) {
        unsigned diag = row[0], best;
        row[0] = (unsigned)i;
        best = row[0];
        for (size_t j = 1; j <= m; j++) {
            unsigned up = row[j];
            unsigned v = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < v)
                v = up + 1;
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            row[j] = v;
            diag = up;
            if (v < best)
                best = v;
        }
        if (best > max) {
            free(row);
            return max + 1;
        }
    }
    unsigned d = row[m];
    free(row);
    return d > max ? max + 1 : d;
}
