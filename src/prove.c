/* prove.c: cwf_prove and cwf_check_rule for JSON patterns, on the engine of
 * prove_core.c; the per-disjunct explanations and the warnings.
 *
 * The requirement R is put in disjunctive normal form; each disjunct D (for
 * the IAM rule: eventSource, eventType and one event name) is one case,
 * decided as "D and not P has no model".  A case that is not covered is
 * explained by the residual of P under D: every atom of P that D decides
 * (true on every event of D, or on none) is replaced by its value and the
 * rest simplified.  `false` means no term of P matches the case, unless a
 * `!=` or NOT EXISTS alone rules it out (then it is excluded by that
 * condition, shown with its span); a residual beside a part that holds is
 * the narrowing condition, shown with its span; one that does not test the
 * case is another way to match, so again no term matches.  Near misses (a
 * literal close to the required one: case, plural, transposition, typo,
 * prefix, literal `*`, key) give the text that replaces them.  The cases
 * are then grouped by reason (prove_report.c) so that each is said once. */
#include "prove.h"
#include "regex.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "match.h"
#include "parse.h"
#include "prove_impl.h"

/* ---- small things --------------------------------------------------------- */

const char *cwf_verdict_name(cwf_verdict v)
{
    switch (v) {
    case CWF_COVERS: return "covers";
    case CWF_NOT_COVERED: return "not covered";
    case CWF_UNKNOWN: return "unknown";
    }
    return "unknown";
}

void cwf_proof_free(cwf_proof *pr)
{
    free(pr->reason);
    free(pr->assumes);
    free(pr->counterexample);
    for (size_t i = 0; i < pr->ncases; i++) {
        cwf_case *c = &pr->cases[i];
        free(c->label);
        free(c->reason);
        free(c->residual);
        free(c->suggestion);
        free(c->cause);
        free(c->note);
        free(c->counterexample);
    }
    free(pr->cases);
    cwf_diags_free(&pr->warnings);
    cwf_diags_free(&pr->findings);
    memset(pr, 0, sizeof *pr);
}

/* ---- disjunctive normal form ---------------------------------------------- */

typedef struct conj {
    int *a;
    int n;
} conj;

typedef struct dnf {
    conj *v;
    int n;
    bool capped;
} dnf;

enum { MAX_DISJUNCTS = 256 };

static void dnf_free(dnf *d)
{
    for (int i = 0; i < d->n; i++)
        free(d->v[i].a);
    free(d->v);
    memset(d, 0, sizeof *d);
}

/* Whether an array of n elements is full: its room doubles from 4 (conj
 * and dnf keep no capacity, n says it). */
static bool full(int n)
{
    return n == 0 || (n >= 4 && (n & (n - 1)) == 0);
}

static void conj_add(conj *c, int a)
{
    for (int i = 0; i < c->n; i++)
        if (c->a[i] == a)
            return;
    if (full(c->n))
        c->a = cwf_xrealloc(c->a, (size_t)(c->n ? 2 * c->n : 4) * sizeof *c->a);
    c->a[c->n++] = a;
}

static void dnf_push(dnf *d, conj c)
{
    if (full(d->n))
        d->v = cwf_xrealloc(d->v, (size_t)(d->n ? 2 * d->n : 4) * sizeof *d->v);
    d->v[d->n++] = c;
}

/* The disjuncts of formula f (atoms, and, or: what cwf_pv_expr builds). */
static void to_dnf(const pv *e, int f, dnf *out)
{
    switch (cwf_pv_f_op(e, f)) {
    case PV_OP_ATOM: {
        conj c = {0};
        conj_add(&c, cwf_pv_f_atom(e, f));
        dnf_push(out, c);
        return;
    }
    case PV_OP_TRUE:
        dnf_push(out, (conj){0});
        return;
    case PV_OP_OR:
        for (int i = 0; i < cwf_pv_f_n(e, f) && !out->capped; i++) {
            dnf k = {0};
            to_dnf(e, cwf_pv_f_kid(e, f, i), &k);
            out->capped |= k.capped;
            for (int j = 0; j < k.n; j++)
                dnf_push(out, k.v[j]);
            free(k.v);
            if (out->n > MAX_DISJUNCTS)
                out->capped = true;
        }
        return;
    case PV_OP_AND: {
        dnf acc = {0};
        dnf_push(&acc, (conj){0});
        for (int i = 0; i < cwf_pv_f_n(e, f) && !acc.capped; i++) {
            dnf k = {0};
            to_dnf(e, cwf_pv_f_kid(e, f, i), &k);
            dnf next = {0};
            next.capped = k.capped;
            for (int x = 0; x < acc.n && !next.capped; x++)
                for (int y = 0; y < k.n && !next.capped; y++) {
                    conj c = {0};
                    for (int z = 0; z < acc.v[x].n; z++)
                        conj_add(&c, acc.v[x].a[z]);
                    for (int z = 0; z < k.v[y].n; z++)
                        conj_add(&c, k.v[y].a[z]);
                    dnf_push(&next, c);
                    if (next.n > MAX_DISJUNCTS)
                        next.capped = true;
                }
            dnf_free(&k);
            dnf_free(&acc);
            acc = next;
        }
        *out = acc;
        return;
    }
    default:
        out->capped = true;
        return;
    }
}

static bool conj_has(const conj *c, int a)
{
    for (int i = 0; i < c->n; i++)
        if (c->a[i] == a)
            return true;
    return false;
}

/* ---- the JSON prover ------------------------------------------------------- */

typedef struct jctx {
    pv *e;
    const cwf_pattern *p, *r;
    int fp, fr;
    dnf d;
    int *fd;              /* per disjunct: its formula */
    int *patoms;          /* the atoms of P */
    int npatoms;
    uint8_t *pseen;       /* per atom: in patoms */
    uint8_t *cval;        /* per atom: its value on its own (PV_U: depends), */
    uint8_t *cknown;      /* computed lazily */
    cwf_matcher *mr, *mp;
    const cwf_prove_options *o;
    cwf_proof *out;
    uint8_t *narrow;      /* per case: its residual narrows the pattern */
    uint8_t *fx;          /* per expression formula: sat result + 1, or 0 */
    int nfx;
    int sats;             /* cwf_pv_sat calls for explanations and warnings */
    char **atext;         /* per atom: its expression as text, once formatted
                             (every case's residual repeats them) */
} jctx;

enum { MAX_EXTRA_SATS = 20000 };

static pv_res sat(jctx *c, int f)
{
    c->sats++;
    return cwf_pv_sat(c->e, f, NULL, NULL);
}

/* Atom a's value on every event: PV_T, PV_F, or PV_U. */
static int const_value(jctx *c, int a)
{
    if (!c->cknown[a]) {
        int fast = cwf_pv_leaf_under(c->e, a, NULL, 0);
        if (fast >= 0) {
            c->cval[a] = (uint8_t)fast;
            c->cknown[a] = 1;
            return fast;
        }
        int fa = cwf_pv_atom_f(c->e, a);
        pv_res t = sat(c, fa), f = sat(c, cwf_pv_not(c->e, fa));
        c->cval[a] = t == PV_UNSAT ? PV_F : f == PV_UNSAT ? PV_T : PV_U;
        c->cknown[a] = 1;
    }
    return c->cval[a];
}

/* The value of P's atom a on every event of disjunct k. */
static int value_under(jctx *c, int k, int a)
{
    const conj *d = &c->d.v[k];
    int fast = cwf_pv_leaf_under(c->e, a, d->a, d->n);
    if (fast >= 0)
        return fast;
    bool related = false;
    for (int i = 0; i < d->n && !related; i++)
        related = cwf_pv_atoms_related(c->e, a, d->a[i]);
    if (!related || c->sats > MAX_EXTRA_SATS)
        return const_value(c, a);
    if (conj_has(d, a))
        return PV_T;
    int fa = cwf_pv_atom_f(c->e, a);
    pv_res t = sat(c, cwf_pv_and(c->e, c->fd[k], fa));
    if (t == PV_UNSAT)
        return PV_F;
    pv_res f = sat(c, cwf_pv_and(c->e, c->fd[k], cwf_pv_not(c->e, fa)));
    return f == PV_UNSAT ? PV_T : PV_U;
}

/* A residual: a truth value, or a condition (its text and span). */
typedef struct resid {
    int tv;
    cwf_buf text;
    bool is_or;
    uint32_t lo, hi;
    int natoms;           /* atoms left in it; the atom when only one */
    int atom;
    bool narrow;          /* it is left beside a part that holds: it narrows
                             the pattern (else it is only another way to
                             match, through conditions that do not test the
                             case) */
} resid;

static int atom_of(const jctx *c, const cwf_expr *x)
{
    int f = cwf_pv_f_of_expr(c->e, x);
    return f >= 0 && cwf_pv_f_op(c->e, f) == PV_OP_ATOM ? cwf_pv_f_atom(c->e, f) : -1;
}

/* The residual of x under vals, all but its text: the text is written
 * only for the residual kept at the top (resid_text), not built and
 * dropped at every level below. */
static void resid_shape(const jctx *c, const cwf_expr *x, const uint8_t *vals, resid *out)
{
    memset(out, 0, sizeof *out);
    if (x->kind != CWF_E_AND && x->kind != CWF_E_OR) {
        int a = atom_of(c, x);
        out->tv = a >= 0 ? vals[a] : PV_U;
        if (out->tv == PV_U) {
            out->lo = x->span.start;
            out->hi = x->span.end;
            out->natoms = 1;
            out->atom = a;
        }
        return;
    }
    bool and = x->kind == CWF_E_AND, any_true = false, narrow = false;
    resid one, k;
    int kept = 0, natoms = 0;
    uint32_t lo = UINT32_MAX, hi = 0;
    out->tv = and ? PV_T : PV_F;
    for (uint32_t i = 0; i < x->u.list.n; i++) {
        resid_shape(c, x->u.list.kids[i], vals, &k);
        if (k.tv == (and ? PV_F : PV_T)) {
            out->tv = k.tv;
            return;
        }
        if (k.tv != PV_U) {
            any_true |= k.tv == PV_T;
            continue;
        }
        if (kept++ == 0)
            one = k;
        narrow |= k.narrow;
        lo = k.lo < lo ? k.lo : lo;
        hi = k.hi > hi ? k.hi : hi;
        natoms += k.natoms;
    }
    bool dropped_true = and && any_true;
    if (kept == 1) {
        *out = one;
        out->narrow |= dropped_true;
    } else if (kept > 1) {
        out->narrow = dropped_true || narrow;
        out->tv = PV_U;
        out->is_or = !and;
        out->lo = lo;
        out->hi = hi;
        out->natoms = natoms;
    }
}

/* Appends the text of x's residual under vals (x's is PV_U): the
 * conditions left, joined as in x, an OR inside an AND in parentheses. */
static void resid_text(const jctx *c, const cwf_expr *x, const uint8_t *vals, cwf_buf *out)
{
    if (x->kind != CWF_E_AND && x->kind != CWF_E_OR) {
        int a = atom_of(c, x);
        if (a < 0 || cwf_pv_atom_expr(c->e, a) != x) {
            cwf_expr_format(x, out);
            return;
        }
        if (!c->atext[a]) {
            cwf_buf b = CWF_BUF_INIT;
            cwf_expr_format(x, &b);
            c->atext[a] = cwf_buf_take(&b);
        }
        cwf_buf_puts(out, c->atext[a]);
        return;
    }
    bool and = x->kind == CWF_E_AND;
    resid k;
    int kept = 0;
    uint32_t last = 0;
    for (uint32_t i = 0; i < x->u.list.n; i++) {
        resid_shape(c, x->u.list.kids[i], vals, &k);
        if (k.tv == PV_U) {
            kept++;
            last = i;
        }
    }
    if (kept == 1) {
        resid_text(c, x->u.list.kids[last], vals, out);
        return;
    }
    bool first = true;
    for (uint32_t i = 0; i < x->u.list.n; i++) {
        resid_shape(c, x->u.list.kids[i], vals, &k);
        if (k.tv != PV_U)
            continue;
        if (!first)
            cwf_buf_puts(out, and ? " && " : " || ");
        first = false;
        bool paren = and && k.is_or;
        if (paren)
            cwf_buf_putc(out, '(');
        resid_text(c, x->u.list.kids[i], vals, out);
        if (paren)
            cwf_buf_putc(out, ')');
    }
}

/* What is left of x under vals: a truth value, or the conditions still
 * open (with their text and span). */
static void simplify(const jctx *c, const cwf_expr *x, const uint8_t *vals, resid *out)
{
    resid_shape(c, x, vals, out);
    if (out->tv == PV_U)
        resid_text(c, x, vals, &out->text);
}

/* ---- near misses ------------------------------------------------------------ */

typedef struct near {
    int rank;             /* lower is better */
    int atom;             /* the atom of P it is about */
    cwf_span span;
    char *message;        /* the finding, about the span */
    char *sentence;       /* the case's reason, continued */
    char *replace;        /* the finding's suggestion, or NULL */
    char *hint;           /* the case's "did you mean" */
} near;

static void near_free(near *n)
{
    free(n->message);
    free(n->sentence);
    free(n->replace);
    free(n->hint);
    memset(n, 0, sizeof *n);
}

static bool required_value(const jctx *c, int node, const char *s, uint32_t n)
{
    for (int k = 0; k < c->d.n; k++)
        for (int i = 0; i < c->d.v[k].n; i++) {
            const char *t;
            uint32_t m;
            int nd;
            if (cwf_pv_atom_literal(c->e, c->d.v[k].a[i], &t, &m, &nd) && nd == node && m == n &&
                memcmp(s, t, n) == 0)
                return true;
        }
    return false;
}

/* Whether text t matches glob g, where every * matches any run. */
static bool glob(const char *g, size_t gn, const char *t, size_t tn)
{
    if (gn == 0)
        return tn == 0;
    if (g[0] == '*') {
        for (size_t i = 0; i <= tn; i++)
            if (glob(g + 1, gn - 1, t + i, tn - i))
                return true;
        return false;
    }
    return tn > 0 && g[0] == t[0] && glob(g + 1, gn - 1, t + 1, tn - 1);
}

/* s[0..n) for a message: control characters escaped as in JSON. */
static char *shown(const char *s, size_t n)
{
    cwf_buf b = CWF_BUF_INIT, t = CWF_BUF_INIT;
    cwf_buf_json_str(&t, s, n);
    cwf_buf_add(&b, t.p + 1, t.len - 2);
    cwf_buf_free(&t);
    return cwf_buf_take(&b);
}

static void sel_text(const cwf_expr *x, cwf_buf *b)
{
    cwf_selector_format(&x->u.leaf.sel, b);
}

/* The text that replaces a value to make it x: quoted when the value was
 * quoted or x has a character that needs quotes. */
static char *replacement(const char *x, size_t xn, bool quoted)
{
    for (size_t i = 0; i < xn && !quoted; i++)
        quoted = !(isalnum((unsigned char)x[i]) || strchr("._-:/@", x[i]));
    cwf_buf b = CWF_BUF_INIT;
    if (quoted)
        cwf_buf_json_str(&b, x, xn);
    else
        cwf_buf_add(&b, x, xn);
    return cwf_buf_take(&b);
}

/* Whether y is a plural of x ("Policies" of "Policy", "Trails" of
 * "Trail", "Accesses" of "Access"), ignoring case. */
static bool plural_of(const char *y, size_t yn, const char *x, size_t xn)
{
    if (yn == xn + 1 && (y[yn - 1] | 32) == 's' && strncasecmp(y, x, xn) == 0)
        return true;
    if (yn == xn + 2 && strncasecmp(y + xn, "es", 2) == 0 && strncasecmp(y, x, xn) == 0)
        return true;
    return xn > 1 && yn == xn + 2 && (x[xn - 1] | 32) == 'y' &&
           strncasecmp(y + xn - 1, "ies", 3) == 0 && strncasecmp(y, x, xn - 1) == 0;
}

/* Whether y is x with two adjacent characters swapped. */
static bool transposed(const char *y, size_t yn, const char *x, size_t xn)
{
    if (yn != xn || yn < 2)
        return false;
    size_t i = 0;
    while (i < xn && x[i] == y[i])
        i++;
    return i + 1 < xn && x[i] == y[i + 1] && x[i + 1] == y[i] &&
           memcmp(x + i + 2, y + i + 2, xn - i - 2) == 0;
}

/* The edits a name of n characters may be away from the one it was meant
 * to be and still be called a typo: one in a short name, two from 8
 * characters, three from 16. */
static unsigned typo_bound(size_t n)
{
    return n >= 16 ? 3 : n >= 8 ? 2 : n > 3 ? 1 : 0;
}

/* Compares P's atom a with the required `path = X` (rx: the requirement's
 * atom) and fills best when a is a near miss closer than it (lower rank:
 * wrong case of a key, wrong case of a value, the prefix trap, a literal
 * `*`, a plural, a transposition, then a typo within typo_bound). */
static void near_one(const jctx *c, int a, int rx, const char *X, uint32_t xn, int rnode,
                     near *best)
{
    const cwf_expr *px = cwf_pv_atom_expr(c->e, a), *rexpr = cwf_pv_atom_expr(c->e, rx);
    if (px->kind != CWF_E_CMP || px->u.leaf.op != CWF_OP_EQ ||
        px->u.leaf.val.kind != CWF_V_STRING)
        return;
    const cwf_value *v = &px->u.leaf.val;
    const char *Y = v->text.p;
    uint32_t yn = v->text.len;
    char *Ys = shown(Y, yn), *Xs = shown(X, xn); /* for messages */
    int pnode = cwf_pv_atom_node(c->e, a);
    near n = {0};
    n.atom = a;
    cwf_buf psel = CWF_BUF_INIT, rsel = CWF_BUF_INIT, term = CWF_BUF_INIT;
    sel_text(px, &psel);
    sel_text(rexpr, &rsel);
    cwf_expr_format(rexpr, &term);
    if (pnode != rnode) {
        /* A key spelled differently: same value (or close), path differs
         * only in case or by a typo. */
        bool same_val = (yn == xn && memcmp(Y, X, xn) == 0) ||
                        (v->wild != CWF_W_NONE && v->wild != CWF_W_ANY);
        if (!same_val || strcmp(cwf_buf_str(&psel), cwf_buf_str(&rsel)) == 0)
            goto done;
        bool ci = strcasecmp(cwf_buf_str(&psel), cwf_buf_str(&rsel)) == 0;
        if (!ci && cwf_pv_edit_distance(psel.p, psel.len, rsel.p, rsel.len, 2) > 2)
            goto done;
        n.rank = 0;
        n.span = px->u.leaf.sel.span;
        n.message = cwf_xasprintf("the key `%s` is not `%s`%s", psel.p, rsel.p,
                                  ci ? ", and keys are case-sensitive" : "");
        n.sentence = cwf_xstrdup(n.message);
        n.replace = cwf_xstrdup(rsel.p);
        goto done;
    }
    if (v->wild != CWF_W_NONE)
        goto done;
    if (yn == xn && memcmp(Y, X, xn) == 0)
        goto done;
    if (yn == xn && strncasecmp(Y, X, xn) == 0 && !required_value(c, rnode, Y, yn)) {
        n.rank = 1;
        n.span = v->span;
        n.message = cwf_xasprintf("`%s` differs from %s only in case, and values are "
                                  "case-sensitive", Ys, Xs);
        n.sentence = cwf_xasprintf("`%s` differs from it only in case, and values are "
                                   "case-sensitive", Ys);
        n.replace = replacement(X, xn, v->quoted);
    } else if (plural_of(Y, yn, X, xn) && !required_value(c, rnode, Y, yn)) {
        n.rank = 4;
        n.span = v->span;
        n.message = cwf_xasprintf("`%s` is a plural of %s", Ys, Xs);
        n.sentence = cwf_xasprintf("`%s` is a plural of it", Ys);
        n.replace = replacement(X, xn, v->quoted);
    } else if (yn > xn && memcmp(Y, X, xn) == 0) {
        n.rank = 2;
        n.span = px->span;
        n.message = cwf_xasprintf("`%s = %s` does not match %s, because `=` compares the "
                                  "whole value and %s is only a prefix of %s", psel.p, Ys, Xs,
                                  Xs, Ys);
        n.sentence = cwf_xasprintf("`%s = %s` does not match it, because `=` compares the "
                                   "whole value and %s is only a prefix of %s", psel.p, Ys, Xs,
                                   Ys);
        n.hint = cwf_xasprintf("add the term `(%s)` beside it", cwf_buf_str(&term));
    } else if (yn < xn && memcmp(Y, X, yn) == 0 && !required_value(c, rnode, Y, yn)) {
        n.rank = 2;
        n.span = px->span;
        n.message = cwf_xasprintf("`%s = %s` does not match %s, because `=` compares the "
                                  "whole value and is not a prefix match", psel.p, Ys, Xs);
        n.sentence = cwf_xasprintf("`%s = %s` does not match it, because `=` compares the "
                                   "whole value and is not a prefix match", psel.p, Ys);
        n.hint = cwf_xasprintf("add the term `(%s)` beside it", cwf_buf_str(&term));
    } else if (memchr(Y, '*', yn) && glob(Y, yn, X, xn)) {
        n.rank = 3;
        n.span = v->span;
        n.message = cwf_xasprintf("the `*` inside `%s` is a literal character, not a "
                                  "wildcard", Ys);
        n.sentence = cwf_xasprintf("the `*` inside `%s` is a literal character, not a "
                                   "wildcard", Ys);
        n.replace = replacement(X, xn, v->quoted);
    } else if (!required_value(c, rnode, Y, yn)) {
        unsigned bound = typo_bound(xn);
        unsigned dist = bound ? cwf_pv_edit_distance(Y, yn, X, xn, bound) : bound + 1;
        if (transposed(Y, yn, X, xn)) {
            n.rank = 5;
            n.message = cwf_xasprintf("`%s` is %s with two letters swapped", Ys, Xs);
            n.sentence = cwf_xasprintf("`%s` is it with two letters swapped", Ys);
        } else if (dist <= bound) {
            n.rank = 5 + (int)dist;
            n.message = cwf_xasprintf("`%s` is %u edit%s away from %s", Ys, dist,
                                      dist == 1 ? "" : "s", Xs);
            n.sentence = cwf_xasprintf("`%s` is %u edit%s away from it", Ys, dist,
                                       dist == 1 ? "" : "s");
        }
        if (n.message) {
            n.span = v->span;
            n.replace = replacement(X, xn, v->quoted);
        }
    }
done:
    free(Ys);
    free(Xs);
    cwf_buf_free(&psel);
    cwf_buf_free(&rsel);
    cwf_buf_free(&term);
    if (!n.message)
        return;
    if (!best->message || n.rank < best->rank) {
        near_free(best);
        *best = n;
    } else {
        near_free(&n);
    }
}

/* The best near miss of P for disjunct k, or none (best->message NULL). */
static void near_miss(const jctx *c, int k, const uint8_t *vals, near *best)
{
    const conj *d = &c->d.v[k];
    memset(best, 0, sizeof *best);
    for (int i = 0; i < d->n; i++) {
        const char *X;
        uint32_t xn;
        int rnode;
        if (!cwf_pv_atom_literal(c->e, d->a[i], &X, &xn, &rnode))
            continue;
        /* Nothing to explain when some condition of P on that path holds. */
        bool met = false;
        for (int j = 0; j < c->npatoms && !met; j++)
            met = vals[c->patoms[j]] == PV_T && cwf_pv_atom_node(c->e, c->patoms[j]) == rnode;
        if (met)
            continue;
        for (int j = 0; j < c->npatoms; j++)
            if (vals[c->patoms[j]] != PV_T)
                near_one(c, c->patoms[j], d->a[i], X, xn, rnode, best);
    }
}

/* ---- one case ---------------------------------------------------------------- */

/* Whether atom a of P is a condition that excludes events (`!=`, NOT
 * EXISTS): false on the case, such a condition is the reason, not a
 * missing term. */
static bool excluding(const jctx *c, int a)
{
    const cwf_expr *x = cwf_pv_atom_expr(c->e, a);
    return (x->kind == CWF_E_CMP && x->u.leaf.op == CWF_OP_NE) || x->kind == CWF_E_NOT_EXISTS;
}

/* The excluding atom of P that alone makes P false on the case (with it
 * true, P would not be false), or -1. */
static int exclusion(const jctx *c, uint8_t *vals)
{
    for (int j = 0; j < c->npatoms; j++) {
        int a = c->patoms[j];
        if (vals[a] != PV_F || !excluding(c, a))
            continue;
        vals[a] = PV_T;
        resid r;
        resid_shape(c, c->p->u.json, vals, &r);
        vals[a] = PV_F;
        if (r.tv != PV_F)
            return a;
    }
    return -1;
}

/* What a case is called in a sentence: its label, a condition label in
 * backticks, or, for a requirement of one case, its events. */
static char *who_of(const jctx *c, const cwf_case *cs)
{
    if (c->d.n == 1)
        return !strchr(cwf_pv_what(c->o), ' ')
                   ? cwf_xasprintf("the events %s matches", cwf_pv_what(c->o)) /* implies */
                   : cwf_xstrdup("the required events");
    return cs->label[0] == '$' ? cwf_xasprintf("`%s`", cs->label) : cwf_xstrdup(cs->label);
}

static void explain_case(jctx *c, int k, cwf_case *cs)
{
    uint8_t *vals = cwf_xcalloc((size_t)cwf_pv_natoms(c->e) + 1, 1);
    for (int i = 0; i < cwf_pv_natoms(c->e); i++)
        vals[i] = PV_U;
    for (int j = 0; j < c->npatoms; j++)
        vals[c->patoms[j]] = (uint8_t)value_under(c, k, c->patoms[j]);
    resid r;
    simplify(c, c->p->u.json, vals, &r);
    near nm;
    near_miss(c, k, vals, &nm);
    cwf_buf b = CWF_BUF_INIT;
    char *who = who_of(c, cs);
    const char *are = c->d.n == 1 ? "are" : "is";
    int ex = r.tv == PV_F && !nm.message ? exclusion(c, vals) : -1;
    if (ex >= 0) {
        /* `!=` or NOT EXISTS rules the case out: point at it. */
        const cwf_expr *x = cwf_pv_atom_expr(c->e, ex);
        cwf_buf t = CWF_BUF_INIT;
        cwf_expr_format(x, &t);
        cs->why = CWF_WHY_EXCLUDED;
        cs->cause = cwf_buf_take(&t);
        cs->span = x->span;
        cwf_buf_printf(&b, "%s %s excluded by `%s`", who, are, cs->cause);
    } else if (nm.message && (r.tv == PV_F || (r.tv == PV_U && !r.narrow))) {
        /* What is left, if anything, does not test the case
         * (`$.EventName = X`): the near miss says why. */
        cs->why = CWF_WHY_NEAR;
        cs->cause = cwf_xstrdup(nm.message);
        cs->span = nm.span;
        cwf_buf_printf(&b, "no term matches %s: %s", who,
                       c->d.n == 1 ? nm.message : nm.sentence);
    } else if (r.tv == PV_F || (r.tv == PV_U && !r.narrow)) {
        /* Nothing of P holds on the case; what is left, if anything, is
         * another way to match that does not test it. */
        cs->why = CWF_WHY_MISSING;
        cwf_buf_printf(&b, "no term matches %s", who);
        if (r.tv == PV_U)
            cs->residual = cwf_buf_take(&r.text);
    } else if (r.tv == PV_U) {
        cs->why = CWF_WHY_NARROWED;
        cs->residual = cwf_buf_take(&r.text);
        cs->cause = cwf_xstrdup(cs->residual);
        cs->span = (cwf_span){r.lo, r.hi};
        c->narrow[cs - c->out->cases] = 1;
        /* Written piece by piece: printf is slow on a long residual, and
         * every case of a narrowed pattern has one. */
        cwf_buf_puts(&b, who);
        cwf_buf_putc(&b, ' ');
        cwf_buf_puts(&b, are);
        cwf_buf_puts(&b, " matched only when `");
        cwf_buf_puts(&b, cs->residual);
        cwf_buf_putc(&b, '`');
    } else {
        cs->why = CWF_WHY_OTHER;
        cwf_buf_printf(&b, "the pattern does not match %s", who);
    }
    cs->reason = cwf_buf_take(&b);
    if (nm.message && cs->why == CWF_WHY_NEAR) {
        if (nm.replace)
            cs->suggestion = cwf_xstrdup(nm.replace);
        if (nm.hint)
            cs->note = cwf_xstrdup(nm.hint);
    }
    if (nm.message && cs->why == CWF_WHY_NEAR) {
        /* One finding per construct: a literal `*` that several cases
         * nearly miss is one, without a replacement (none fixes them all). */
        bool dup = false;
        for (size_t i = 0; i < c->out->findings.n && !dup; i++) {
            cwf_diag *g = &c->out->findings.v[i];
            dup = g->rule == CWF_R_NEAR_MISS && g->span.start == nm.span.start &&
                  g->span.end == nm.span.end;
            if (dup && g->suggestion && (!nm.replace || strcmp(g->suggestion, nm.replace))) {
                free(g->suggestion);
                g->suggestion = NULL;
            }
        }
        if (!dup) {
            cwf_diag *g = cwf_diag_add(&c->out->findings, CWF_R_NEAR_MISS, nm.span, "%s",
                                       nm.message);
            if (nm.replace)
                cwf_diag_suggest(g, "%s", nm.replace);
            else if (nm.hint)
                cwf_diag_note(g, "%s", nm.hint);
        }
    }
    near_free(&nm);
    cwf_buf_free(&r.text);
    free(vals);
    free(who);
}

/* CWF302: one finding per narrowing or excluding condition, naming the
 * cases it narrows, in the words check uses for the group. */
static void narrowing_findings(jctx *c)
{
    cwf_proof *pr = c->out;
    cwf_case_group *g = NULL;
    size_t ng = cwf_proof_groups(pr, cwf_pv_unit(c->o), &g);
    for (size_t i = 0; i < ng; i++) {
        if (g[i].why != CWF_WHY_NARROWED && g[i].why != CWF_WHY_EXCLUDED)
            continue;
        cwf_diag *d = cwf_diag_add(&pr->findings, CWF_R_NARROWED, g[i].span, "%s",
                                   g[i].message);
        if (g[i].why == CWF_WHY_EXCLUDED)
            cwf_diag_note(d, "%s requires the events this condition excludes",
                          cwf_pv_what(c->o));
        else
            cwf_diag_note(d, "%s requires no such condition, so events without it are missed",
                          cwf_pv_what(c->o));
    }
    cwf_case_groups_free(g, ng);
}

static bool in_every(const jctx *c, int a)
{
    for (int j = 0; j < c->d.n; j++)
        if (!conj_has(&c->d.v[j], a))
            return false;
    return true;
}

/* A label for disjunct k: what sets it apart from the others (for the IAM
 * rule, the event name). */
static char *label_of(const jctx *c, int k)
{
    if (c->d.n == 1)
        return cwf_xstrdup(cwf_pv_what(c->o));
    const conj *d = &c->d.v[k];
    int dist = 0, only = -1;
    for (int i = 0; i < d->n; i++)
        if (!in_every(c, d->a[i])) {
            dist++;
            only = d->a[i];
        }
    const char *s;
    uint32_t n;
    int nd;
    if (dist == 1 && cwf_pv_atom_literal(c->e, only, &s, &n, &nd))
        return cwf_xstrndup(s, n);
    cwf_buf b = CWF_BUF_INIT;
    for (int i = 0; i < d->n; i++) {
        if (dist > 0 && in_every(c, d->a[i]))
            continue;
        if (b.len)
            cwf_buf_puts(&b, " && ");
        cwf_expr_format(cwf_pv_atom_expr(c->e, d->a[i]), &b);
    }
    return cwf_buf_take(&b);
}

/* ---- warnings ---------------------------------------------------------------- */

/* The atoms of the leaves of each kid of list x, read once: kid i's are
 * v[off[i] .. off[i+1]).  Two kids are related when some atom of one reads
 * a path related to some atom's of the other. */
typedef struct kid_atoms {
    int *v;
    uint32_t *off;
    uint32_t n, cap;
} kid_atoms;

static void leaf_atoms(const pv *e, const cwf_expr *x, kid_atoms *k)
{
    if (x->kind == CWF_E_AND || x->kind == CWF_E_OR) {
        for (uint32_t i = 0; i < x->u.list.n; i++)
            leaf_atoms(e, x->u.list.kids[i], k);
        return;
    }
    if (k->n == k->cap) {
        k->cap = k->cap ? 2 * k->cap : 16;
        k->v = cwf_xrealloc(k->v, k->cap * sizeof *k->v);
    }
    k->v[k->n++] = cwf_pv_f_atom(e, cwf_pv_f_of_expr(e, x));
}

static void kid_atoms_init(const pv *e, const cwf_expr *x, kid_atoms *k)
{
    memset(k, 0, sizeof *k);
    k->off = cwf_xmalloc(((size_t)x->u.list.n + 1) * sizeof *k->off);
    for (uint32_t i = 0; i < x->u.list.n; i++) {
        k->off[i] = k->n;
        leaf_atoms(e, x->u.list.kids[i], k);
    }
    k->off[x->u.list.n] = k->n;
}

static void kid_atoms_free(kid_atoms *k)
{
    free(k->v);
    free(k->off);
}

/* Whether kids i and j read related paths. */
static bool kids_related(const pv *e, const kid_atoms *k, uint32_t i, uint32_t j)
{
    for (uint32_t a = k->off[i]; a < k->off[i + 1]; a++)
        for (uint32_t b = k->off[j]; b < k->off[j + 1]; b++)
            if (cwf_pv_atoms_related(e, k->v[a], k->v[b]))
                return true;
    return false;
}

/* Whether kid i of a list of n kids reads a path related to another kid's. */
static bool kids_related_any(const pv *e, const kid_atoms *k, uint32_t n, uint32_t i)
{
    for (uint32_t j = 0; j < n; j++)
        if (j != i && kids_related(e, k, i, j))
            return true;
    return false;
}

/* Whether formula b implies formula a by their structure alone, each step
 * a fast answer on one path (cwf_pv_leaf_implies), no search: b's atom
 * implies a's; a conjunct of b implies a; b implies a disjunct of a; every
 * disjunct of b implies a; b implies every conjunct of a.  True is proved;
 * false is "not shown this way".  *left bounds the nodes visited (the
 * shapes multiply), so that a question costs at most that many. */
static bool implies_fast(const pv *e, int b, int a, int *left)
{
    if (--*left < 0)
        return false;
    pv_op ob = cwf_pv_f_op(e, b), oa = cwf_pv_f_op(e, a);
    if (ob == PV_OP_FALSE || oa == PV_OP_TRUE)
        return true;
    if (ob == PV_OP_ATOM && oa == PV_OP_ATOM)
        return cwf_pv_leaf_implies(e, cwf_pv_f_atom(e, b), cwf_pv_f_atom(e, a)) == PV_T;
    if (ob == PV_OP_AND)
        for (int i = 0; i < cwf_pv_f_n(e, b); i++)
            if (implies_fast(e, cwf_pv_f_kid(e, b, i), a, left))
                return true;
    if (oa == PV_OP_OR)
        for (int i = 0; i < cwf_pv_f_n(e, a); i++)
            if (implies_fast(e, b, cwf_pv_f_kid(e, a, i), left))
                return true;
    if (ob == PV_OP_OR) {
        bool all = true;
        for (int i = 0; i < cwf_pv_f_n(e, b) && all; i++)
            all = implies_fast(e, cwf_pv_f_kid(e, b, i), a, left);
        if (all)
            return true;
    }
    if (oa == PV_OP_AND) {
        bool all = true;
        for (int i = 0; i < cwf_pv_f_n(e, a) && all; i++)
            all = implies_fast(e, b, cwf_pv_f_kid(e, a, i), left);
        if (all)
            return true;
    }
    return false;
}

enum { IMPLIES_FAST_NODES = 256 };

/* Whether some event meets formula b and not atom a, shown without a
 * search: b is a conjunction of atoms (or one atom) with a model (b_sat),
 * one of them, k, reads a path related to a's, the others read paths
 * related to neither k's nor a's (they are independent of both), and some
 * value of k's path meets k and not a (a fast answer).  False is "not
 * shown this way". */
static bool refutes_fast(const pv *e, int b, int a, bool b_sat)
{
    pv_op ob = cwf_pv_f_op(e, b);
    if (cwf_pv_f_op(e, a) != PV_OP_ATOM || (ob != PV_OP_ATOM && ob != PV_OP_AND) ||
        (ob == PV_OP_AND && !b_sat))
        return false;
    int n = ob == PV_OP_ATOM ? 1 : cwf_pv_f_n(e, b), aa = cwf_pv_f_atom(e, a), k = -1;
    for (int i = 0; i < n; i++) {
        int f = ob == PV_OP_ATOM ? b : cwf_pv_f_kid(e, b, i);
        if (cwf_pv_f_op(e, f) != PV_OP_ATOM)
            return false;
        if (cwf_pv_atoms_related(e, cwf_pv_f_atom(e, f), aa)) {
            if (k >= 0)
                return false;
            k = cwf_pv_f_atom(e, f);
        }
    }
    if (k < 0)
        return false;
    for (int i = 0; i < n; i++) {
        int f = ob == PV_OP_ATOM ? b : cwf_pv_f_kid(e, b, i), x = cwf_pv_f_atom(e, f);
        if (x != k && cwf_pv_atoms_related(e, x, k))
            return false;
    }
    return cwf_pv_leaf_implies(e, k, aa) == PV_F;
}

/* Whether every event meeting formula b meets formula a (proved); b_sat:
 * b is known to have a model. */
static bool covers(jctx *c, int a, int b, bool b_sat)
{
    pv *e = c->e;
    bool atoms = cwf_pv_f_op(e, a) == PV_OP_ATOM && cwf_pv_f_op(e, b) == PV_OP_ATOM;
    if (atoms) {
        int v = cwf_pv_leaf_implies(e, cwf_pv_f_atom(e, b), cwf_pv_f_atom(e, a));
        if (v >= 0)
            return v == PV_T;
    }
    /* Shown by the structure (`$.eventName = "*RolePolicy" && $.errorCode
     * NOT EXISTS` and `$.eventName = "*Policy*"`): no search.  Counted as
     * the search it saves, so that the cap on searches falls where it
     * did. */
    int left = IMPLIES_FAST_NODES;
    if (!atoms && implies_fast(e, b, a, &left)) {
        c->sats++;
        return true;
    }
    /* Refuted by the structure: an event of b that fails one of a's atoms
     * on one path, b's other conditions holding elsewhere
     * (`$.eventName = "Delete*" && $.errorCode NOT EXISTS` and
     * `$.eventName = "*Policy*"`); counted alike. */
    if (!atoms) {
        pv_op oa = cwf_pv_f_op(e, a);
        int n = oa == PV_OP_AND ? cwf_pv_f_n(e, a) : 1;
        for (int i = 0; i < n && (oa == PV_OP_AND || oa == PV_OP_ATOM); i++) {
            if (refutes_fast(e, b, oa == PV_OP_AND ? cwf_pv_f_kid(e, a, i) : a, b_sat)) {
                c->sats++;
                return false;
            }
        }
    }
    /* An atom b and a conjunction a: when some event meets b but not one
     * of a's atoms (a fast answer, no search), that event meets b and not
     * a.  Counted as the search it saves, so that the cap on searches
     * falls where it did. */
    if (cwf_pv_f_op(e, b) == PV_OP_ATOM && cwf_pv_f_op(e, a) == PV_OP_AND) {
        for (int i = 0; i < cwf_pv_f_n(e, a); i++) {
            int k = cwf_pv_f_kid(e, a, i);
            if (cwf_pv_f_op(e, k) == PV_OP_ATOM &&
                cwf_pv_leaf_implies(e, cwf_pv_f_atom(e, b), cwf_pv_f_atom(e, k)) == PV_F) {
                c->sats++;
                return false;
            }
        }
    }
    return sat(c, cwf_pv_and(e, b, cwf_pv_not(e, a))) == PV_UNSAT;
}

/* Satisfiability of the formulas of P's sub-expressions, computed once
 * (warn_expr asks for a node, then for its kids as alternatives, then for
 * each kid again). */
static void remember(jctx *c, int f, pv_res r)
{
    if (f < c->nfx)
        c->fx[f] = (uint8_t)(r + 1);
}

/* fx's mark for "has a model, known from its parent's": no search was made,
 * and the first use counts the one it saves. */
enum { FX_SAT_INFERRED = PV_UNKNOWN + 2 };

static pv_res sat_cached(jctx *c, int f)
{
    if (f < c->nfx && c->fx[f] == FX_SAT_INFERRED) {
        c->sats++;
        c->fx[f] = PV_SAT + 1;
    }
    if (f < c->nfx && c->fx[f])
        return (pv_res)(c->fx[f] - 1);
    pv_res r = sat(c, f);
    remember(c, f, r);
    return r;
}

static void warn_expr(jctx *c, const cwf_expr *x, bool root)
{
    if (c->sats > MAX_EXTRA_SATS)
        return;
    pv *e = c->e;
    int f = cwf_pv_f_of_expr(e, x);
    if (!root && x->kind != CWF_E_AND && x->kind != CWF_E_OR) {
        int v = cwf_pv_leaf_under(e, cwf_pv_f_atom(e, f), NULL, 0);
        if (v == PV_U)
            return; /* sometimes true, sometimes not */
    }
    pv_res t = sat_cached(c, f);
    if (t == PV_SAT && x->kind == CWF_E_AND) {
        /* A model of a conjunction is one of each conjunct. */
        for (uint32_t i = 0; i < x->u.list.n; i++) {
            int fk = cwf_pv_f_of_expr(e, x->u.list.kids[i]);
            if (fk >= 0 && fk < c->nfx && !c->fx[fk])
                c->fx[fk] = FX_SAT_INFERRED;
        }
    }
    if (t == PV_UNSAT) {
        if (root)
            cwf_diag_add(&c->out->warnings, CWF_R_NEVER_TRUE, x->span,
                         "the pattern can never match: no event meets its conditions");
        else
            cwf_diag_add(&c->out->warnings, CWF_R_NEVER_TRUE, x->span,
                         "this condition can never be true");
        return;
    }
    /* Always true means true on {} too: a cheap test first. */
    pv_model *empty = cwf_pv_model_empty(e);
    bool maybe_all = cwf_pv_model_eval(e, empty, f) != PV_F;
    cwf_pv_model_free(empty);
    pv_res n = maybe_all ? sat(c, cwf_pv_not(e, f)) : PV_SAT;
    if (n == PV_UNSAT) {
        if (root) {
            cwf_diag *g = cwf_diag_add(&c->out->warnings, CWF_R_MATCHES_ALL, x->span,
                                       "the pattern matches every JSON event");
            cwf_diag_note(g, "an alarm on its metric fires for every event in the log group");
        } else {
            cwf_diag_add(&c->out->warnings, CWF_R_ALWAYS_TRUE, x->span,
                         "this condition is always true (on every JSON event)");
        }
        return;
    }
    if (x->kind != CWF_E_AND && x->kind != CWF_E_OR)
        return;
    uint32_t nk = x->u.list.n;
    kid_atoms ka;
    kid_atoms_init(e, x, &ka);
    if (x->kind == CWF_E_OR) {
        bool *never = cwf_xcalloc(nk, 1);
        pv_model **model = cwf_xcalloc(nk, sizeof *model);
        int *coverer = cwf_xmalloc(nk * sizeof *coverer); /* the j that covers i, or -1 */
        for (uint32_t i = 0; i < nk; i++)
            coverer[i] = -1;
        for (uint32_t i = 0; i < nk; i++) {
            const cwf_expr *k = x->u.list.kids[i];
            int fk = cwf_pv_f_of_expr(e, k);
            int v = k->kind == CWF_E_AND || k->kind == CWF_E_OR
                        ? -1 : cwf_pv_leaf_under(e, cwf_pv_f_atom(e, fk), NULL, 0);
            if (v >= 0) {
                never[i] = v == PV_F;
                continue;
            }
            c->sats++;
            pv_res r = cwf_pv_sat(e, fk, &model[i], NULL);
            remember(c, fk, r);
            never[i] = r == PV_UNSAT;
        }
        for (uint32_t i = 0; i < nk && c->sats <= MAX_EXTRA_SATS; i++) {
            if (never[i])
                continue;
            int fi = cwf_pv_f_of_expr(e, x->u.list.kids[i]);
            for (uint32_t j = 0; j < nk; j++) {
                if (i == j || never[j] || !kids_related(e, &ka, i, j))
                    continue;
                int fj = cwf_pv_f_of_expr(e, x->u.list.kids[j]);
                /* j false on an event of i: j does not cover i. */
                if (model[i] && cwf_pv_model_eval(e, model[i], fj) == PV_F)
                    continue;
                if (!covers(c, fj, fi, model[i] != NULL))
                    continue;
                /* j covers i; for two equivalent disjuncts, flag the later. */
                if (j > i && covers(c, fi, fj, model[j] != NULL))
                    continue;
                coverer[i] = (int)j;
                break;
            }
        }
        /* One finding per alternative that makes others redundant: at the
         * one made redundant when it is alone, else at the one that makes
         * them so (`$.eventName = "*Policy*"` beside the sixteen names). */
        for (uint32_t j = 0; j < nk; j++) {
            uint32_t nr = 0, first = 0;
            for (uint32_t i = 0; i < nk; i++)
                if (coverer[i] == (int)j && nr++ == 0)
                    first = i;
            if (nr == 0)
                continue;
            cwf_buf b = CWF_BUF_INIT;
            cwf_expr_format(x->u.list.kids[j], &b);
            if (nr == 1) {
                cwf_diag_add(&c->out->warnings, CWF_R_REDUNDANT, x->u.list.kids[first]->span,
                             "this alternative is redundant: `%s` already matches every event "
                             "it matches", cwf_buf_str(&b));
            } else {
                cwf_diag *g = cwf_diag_add(&c->out->warnings, CWF_R_REDUNDANT,
                                           x->u.list.kids[j]->span,
                                           "this alternative makes %u others redundant: `%s` "
                                           "matches every event they match", nr,
                                           cwf_buf_str(&b));
                cwf_buf l = CWF_BUF_INIT;
                uint32_t k = 0;
                for (uint32_t i = 0; i < nk && k < 3; i++) {
                    if (coverer[i] != (int)j)
                        continue;
                    if (k)
                        cwf_buf_puts(&l, ", ");
                    cwf_buf_putc(&l, '`');
                    cwf_expr_format(x->u.list.kids[i], &l);
                    cwf_buf_putc(&l, '`');
                    k++;
                }
                if (nr > k)
                    cwf_buf_printf(&l, " and %u more", nr - k);
                cwf_diag_note(g, "the redundant alternatives are %s", cwf_buf_str(&l));
                cwf_buf_free(&l);
            }
            cwf_buf_free(&b);
        }
        free(coverer);
        for (uint32_t i = 0; i < nk; i++)
            cwf_pv_model_free(model[i]);
        free(model);
        free(never);
    }
    if (x->kind == CWF_E_AND) {
        /* A conjunct its siblings imply holds wherever it is evaluated. */
        int *v = cwf_xmalloc(nk * sizeof *v);
        for (uint32_t i = 0; i < nk && c->sats <= MAX_EXTRA_SATS; i++) {
            int fi = cwf_pv_f_of_expr(e, x->u.list.kids[i]), m = 0, by = -1;
            bool implied = false;
            for (uint32_t j = 0; j < nk && !implied; j++) {
                if (j == i)
                    continue;
                int fj = cwf_pv_f_of_expr(e, x->u.list.kids[j]);
                v[m++] = fj;
                if (cwf_pv_f_op(e, fi) == PV_OP_ATOM && cwf_pv_f_op(e, fj) == PV_OP_ATOM &&
                    cwf_pv_leaf_implies(e, cwf_pv_f_atom(e, fj), cwf_pv_f_atom(e, fi)) == PV_T) {
                    implied = true;
                    by = (int)j;
                }
            }
            if (!implied && kids_related_any(e, &ka, nk, i)) {
                /* Shown by the structure (a repeated condition), else a
                 * search; either way one search counted. */
                int others = cwf_pv_andv(e, v, m), left = IMPLIES_FAST_NODES;
                if (implies_fast(e, others, fi, &left)) {
                    c->sats++;
                    implied = true;
                } else {
                    implied = sat(c, cwf_pv_and(e, others, cwf_pv_not(e, fi))) == PV_UNSAT;
                }
            }
            if (!implied)
                continue;
            cwf_buf b = CWF_BUF_INIT;
            if (by >= 0)
                cwf_expr_format(x->u.list.kids[by], &b);
            cwf_diag *g = cwf_diag_add(&c->out->warnings, CWF_R_ALWAYS_TRUE,
                                       x->u.list.kids[i]->span,
                                       "this condition always holds here: %s%s%s implies it",
                                       by >= 0 ? "`" : "", by >= 0 ? cwf_buf_str(&b)
                                                                 : "what it is joined to by &&",
                                       by >= 0 ? "`" : "");
            (void)g;
            cwf_buf_free(&b);
        }
        free(v);
    }
    kid_atoms_free(&ka);
    for (uint32_t i = 0; i < nk; i++)
        warn_expr(c, x->u.list.kids[i], false);
}

/* ---- assumptions ------------------------------------------------------------- */

/* The selectors tested with a number, and those tested with a string. */
typedef struct selset {
    char **num, **str;
    size_t nnum, nstr;
    bool q9;
} selset;

/* With format false, only counts the selectors tested with a number (in
 * nnum) and sets q9: the selectors are written out only when some number
 * is tested (D9 compares them). */
static void scan_assumes(const cwf_expr *x, selset *ss, bool format)
{
    if (x->kind == CWF_E_AND || x->kind == CWF_E_OR) {
        for (uint32_t i = 0; i < x->u.list.n; i++)
            scan_assumes(x->u.list.kids[i], ss, format);
        return;
    }
    if (x->kind != CWF_E_CMP)
        return;
    bool wild = false;
    for (uint32_t i = 0; i < x->u.leaf.sel.n; i++)
        wild |= x->u.leaf.sel.segs[i].kind == CWF_SEG_ANY_FIELD ||
                x->u.leaf.sel.segs[i].kind == CWF_SEG_ANY_INDEX;
    if (wild && x->u.leaf.op == CWF_OP_NE)
        ss->q9 = true;
    if (!format) {
        ss->nnum += x->u.leaf.val.kind == CWF_V_NUMBER;
        return;
    }
    cwf_buf b = CWF_BUF_INIT;
    cwf_selector_format(&x->u.leaf.sel, &b);
    char ***v = x->u.leaf.val.kind == CWF_V_NUMBER ? &ss->num : &ss->str;
    size_t *n = x->u.leaf.val.kind == CWF_V_NUMBER ? &ss->nnum : &ss->nstr;
    *v = cwf_xrealloc(*v, (*n + 1) * sizeof **v);
    (*v)[(*n)++] = cwf_buf_take(&b);
}

static char *assumes_of(const cwf_pattern *p, const cwf_pattern *r)
{
    selset ss = {0};
    scan_assumes(p->u.json, &ss, false);
    scan_assumes(r->u.json, &ss, false);
    if (ss.nnum) {
        ss.nnum = 0;
        scan_assumes(p->u.json, &ss, true);
        scan_assumes(r->u.json, &ss, true);
    }
    bool d9 = false;
    for (size_t i = 0; i < ss.nnum && !d9; i++)
        for (size_t j = 0; j < ss.nstr && !d9; j++)
            d9 = strcmp(ss.num[i], ss.str[j]) == 0;
    for (size_t i = 0; i < ss.nnum; i++)
        free(ss.num[i]);
    for (size_t i = 0; i < ss.nstr; i++)
        free(ss.str[i]);
    free(ss.num);
    free(ss.str);
    cwf_buf b = CWF_BUF_INIT;
    if (d9)
        cwf_buf_puts(&b, "string values test JSON numbers through the number's text as "
                         "written, and numeric values never match JSON strings (D9)");
    if (ss.q9)
        cwf_buf_printf(&b, "%s`!=` with a wildcard selector holds when some selected element "
                           "differs (D12, Q9)", b.len ? "; " : "");
    return b.len ? cwf_buf_take(&b) : NULL;
}

/* ---- cwf_prove ------------------------------------------------------------------ */

static void collect_patoms(jctx *c, int f)
{
    switch (cwf_pv_f_op(c->e, f)) {
    case PV_OP_ATOM: {
        int a = cwf_pv_f_atom(c->e, f);
        if (c->pseen[a])
            return;
        c->pseen[a] = 1;
        c->patoms[c->npatoms++] = a;
        return;
    }
    case PV_OP_AND:
    case PV_OP_OR:
    case PV_OP_NOT:
        for (int i = 0; i < cwf_pv_f_n(c->e, f); i++)
            collect_patoms(c, cwf_pv_f_kid(c->e, f, i));
        return;
    default:
        return;
    }
}

/* The matchers of R and P that replay counterexamples, built when the
 * first one is (a pattern that covers needs none). */
static void replayers(jctx *c)
{
    if (!c->mr) {
        c->mr = cwf_matcher_new(c->r);
        c->mp = cwf_matcher_new(c->p);
    }
}

/* rsat: every disjunct of r is known to be met by some event (proved once
 * for a built-in rule), so none needs a search to be kept. */
static void prove_json(const cwf_pattern *p, const cwf_pattern *r, const cwf_prove_options *o,
                       uint64_t budget, bool rsat, cwf_proof *out)
{
    jctx c;
    memset(&c, 0, sizeof c);
    c.p = p;
    c.r = r;
    c.o = o;
    c.out = out;
    c.e = cwf_pv_new();
    cwf_pv_set_budget(c.e, budget);
    /* R first, so that the counterexample lists R's fields first. */
    bool json = p->kind == CWF_K_JSON;
    c.fr = cwf_pv_expr(c.e, r->u.json, 1);
    c.fp = json ? cwf_pv_expr(c.e, p->u.json, 0) : cwf_pv_false(c.e);
    c.nfx = c.fp + 1;
    c.fx = cwf_xcalloc((size_t)c.nfx, 1);
    cwf_pv_prepare(c.e);
    c.cval = cwf_xcalloc((size_t)cwf_pv_natoms(c.e) + 1, 1);
    c.cknown = cwf_xcalloc((size_t)cwf_pv_natoms(c.e) + 1, 1);
    c.pseen = cwf_xcalloc((size_t)cwf_pv_natoms(c.e) + 1, 1);
    c.patoms = cwf_xmalloc(((size_t)cwf_pv_natoms(c.e) + 1) * sizeof *c.patoms);
    c.atext = cwf_xcalloc((size_t)cwf_pv_natoms(c.e) + 1, sizeof *c.atext);
    collect_patoms(&c, c.fp);
    to_dnf(c.e, c.fr, &c.d);
    if (c.d.capped) {
        dnf_free(&c.d);
        conj whole = {0};
        dnf_push(&c.d, whole);
    }
    c.fd = cwf_xmalloc((size_t)(c.d.n ? c.d.n : 1) * sizeof *c.fd);
    c.narrow = cwf_xcalloc((size_t)c.d.n + 1, 1);
    int notp = cwf_pv_not(c.e, c.fp);
    bool explain = (!o || o->explain) && json;
    for (int k = 0; k < c.d.n; k++) {
        if (c.d.v[k].n == 0 && c.d.n == 1 && cwf_pv_f_op(c.e, c.fr) != PV_OP_TRUE) {
            c.fd[k] = c.fr; /* too many disjuncts: R as a whole */
        } else {
            int *v = cwf_xmalloc((size_t)(c.d.v[k].n ? c.d.v[k].n : 1) * sizeof *v);
            for (int i = 0; i < c.d.v[k].n; i++)
                v[i] = cwf_pv_atom_f(c.e, c.d.v[k].a[i]);
            c.fd[k] = cwf_pv_andv(c.e, v, c.d.v[k].n);
            free(v);
        }
    }
    /* Disjuncts no event meets impose nothing: drop them. */
    int kept = 0;
    for (int k = 0; k < c.d.n; k++) {
        if (c.d.n > 1 && !rsat && cwf_pv_sat(c.e, c.fd[k], NULL, NULL) == PV_UNSAT) {
            free(c.d.v[k].a);
            continue;
        }
        c.d.v[kept] = c.d.v[k];
        c.fd[kept++] = c.fd[k];
    }
    c.d.n = kept;
    for (int k = 0; k < c.d.n; k++) {
        char *label = label_of(&c, k);
        cwf_case *cs = cwf_pv_add_case(out, label);
        free(label);
        pv_model *m = NULL;
        char *why = NULL;
        pv_res res = cwf_pv_sat(c.e, cwf_pv_and(c.e, c.fd[k], notp), &m, &why);
        if (!json && res == PV_SAT) {
            /* m meets the disjunct: the record model decides the rest. */
            cwf_buf ev = CWF_BUF_INIT;
            cwf_pv_model_json(c.e, m, &ev);
            const cwf_expr **leaves = cwf_xmalloc((size_t)(c.d.v[k].n + 1) * sizeof *leaves);
            for (int i = 0; i < c.d.v[k].n; i++)
                leaves[i] = cwf_pv_atom_expr(c.e, c.d.v[k].a[i]);
            replayers(&c);
            cwf_pv_text_case(p, cs, leaves, c.d.v[k].n, cwf_buf_str(&ev), c.mr, c.mp);
            free(leaves);
            cwf_buf_free(&ev);
        } else if (res == PV_UNSAT) {
            cs->verdict = CWF_COVERS;
        } else if (res == PV_UNKNOWN) {
            cs->verdict = CWF_UNKNOWN;
            cs->reason = cwf_xasprintf("cannot decide %s: %s", cs->label, why);
        } else {
            cwf_buf ev = CWF_BUF_INIT;
            cwf_pv_model_json(c.e, m, &ev);
            if (explain)
                explain_case(&c, k, cs);
            else
                cs->reason = cwf_xasprintf("the pattern does not match %s", cs->label);
            replayers(&c);
            cwf_pv_case_counterexample(out, cs, c.mr, c.mp, &ev);
            cwf_buf_free(&ev);
        }
        cwf_pv_model_free(m);
        free(why);
    }
    if (c.d.n == 0) {
        cwf_case *cs = cwf_pv_add_case(out, cwf_pv_what(o));
        cs->verdict = CWF_COVERS;
        free(out->reason);
        out->reason = NULL;
    }
    if (json)
        out->assumes = assumes_of(p, r);
    else if (p->kind == CWF_K_DELIM)
        out->assumes = cwf_xasprintf("%s; the pattern reads it as fields separated by "
                                     "spaces, the last field taking the rest of the line "
                                     "(D18)", cwf_pv_text_model);
    else
        out->assumes = cwf_xstrdup(cwf_pv_text_model);
    cwf_pv_finish(out, p, o);
    if (c.d.n == 0)
        out->reason = cwf_xasprintf("%s matches no event, so every pattern covers it",
                                    cwf_pv_what(o));
    if (explain)
        narrowing_findings(&c);
    if ((!o || o->warnings) && json)
        warn_expr(&c, p->u.json, true);
    else if (!o || o->warnings)
        cwf_pv_text_warnings(p, out);
    cwf_diags_sort(&out->warnings);
    cwf_matcher_free(c.mr);
    cwf_matcher_free(c.mp);
    dnf_free(&c.d);
    free(c.fd);
    free(c.narrow);
    free(c.fx);
    free(c.patoms);
    free(c.pseen);
    free(c.cval);
    free(c.cknown);
    for (int i = 0; i < cwf_pv_natoms(c.e); i++)
        free(c.atext[i]);
    free(c.atext);
    out->steps = cwf_pv_steps(c.e);
    cwf_pv_free(c.e);
}

/* Whether v is a %regex% whose search automaton is too large to build
 * (regex.h: cwf_dfa_regex returns NULL). */
static bool undecidable_value(const cwf_value *v)
{
    if (v->kind != CWF_V_REGEX || !v->re)
        return false;
    cwf_dfa *d = cwf_dfa_regex(v->re);
    cwf_dfa_free(d);
    return d == NULL;
}

/* The first such %regex% value of e, or NULL. */
static const cwf_value *undecidable_regex_expr(const cwf_expr *e)
{
    if (!e)
        return NULL;
    if (e->kind == CWF_E_OR || e->kind == CWF_E_AND) {
        for (uint32_t i = 0; i < e->u.list.n; i++) {
            const cwf_value *v = undecidable_regex_expr(e->u.list.kids[i]);
            if (v)
                return v;
        }
        return NULL;
    }
    return e->kind == CWF_E_CMP && undecidable_value(&e->u.leaf.val) ? &e->u.leaf.val : NULL;
}

static const cwf_value *undecidable_regex(const cwf_pattern *p)
{
    switch (p->kind) {
    case CWF_K_JSON:
        return undecidable_regex_expr(p->u.json);
    case CWF_K_REGEX:
        return undecidable_value(&p->u.regex) ? &p->u.regex : NULL;
    case CWF_K_DELIM:
        for (uint32_t i = 0; i < p->u.delim.n; i++) {
            const cwf_value *v = undecidable_regex_expr(p->u.delim.v[i].cond);
            if (v)
                return v;
        }
        return NULL;
    default:
        return NULL;
    }
}

cwf_verdict cwf_prove_with(const cwf_pattern *p, const cwf_pattern *r,
                           const cwf_prove_options *o, cwf_proof *out)
{
    return cwf_prove_budget(p, r, o, 0, out);
}

static cwf_verdict prove_any(const cwf_pattern *p, const cwf_pattern *r,
                             const cwf_prove_options *o, uint64_t budget, bool rsat,
                             cwf_proof *out);

cwf_verdict cwf_prove_budget(const cwf_pattern *p, const cwf_pattern *r,
                             const cwf_prove_options *o, uint64_t budget, cwf_proof *out)
{
    return prove_any(p, r, o, budget, false, out);
}

static cwf_verdict prove_any(const cwf_pattern *p, const cwf_pattern *r,
                             const cwf_prove_options *o, uint64_t budget, bool rsat,
                             cwf_proof *out)
{
    memset(out, 0, sizeof *out);
    /* The prover decides with automata; a regex whose automaton is over the
     * cap can be matched (an NFA simulation) but not decided. */
    const cwf_value *big = undecidable_regex(p);
    if (!big)
        big = undecidable_regex(r);
    if (big) {
        out->verdict = CWF_UNKNOWN;
        out->reason = cwf_xasprintf("the regex %%%.*s%% is too large to decide exactly "
                                    "(its automaton exceeds the size cwfilter builds); "
                                    "`cwfilter match` still evaluates it",
                                    (int)big->text.len, big->text.p);
        return out->verdict;
    }
    if (r->kind == CWF_K_JSON && p->kind != CWF_K_ALL)
        prove_json(p, r, o, budget, rsat, out);
    else
        cwf_pv_prove_text(p, r, o, out);
    /* The pattern's own undocumented readings, unless said already or
     * shared by the requirement (then the reading does not decide). */
    char *more = cwf_pattern_assumes(p), *rmore = cwf_pattern_assumes(r);
    cwf_buf keep = CWF_BUF_INIT;
    static const char *const kinds[] = {"compares the text", "compares numbers", "fields"};
    for (char *c = more; c && *c;) {
        char *end = strstr(c, "; ");
        size_t n = end ? (size_t)(end - c) : strlen(c);
        bool skip = false;
        char *clause = cwf_xstrndup(c, n);
        for (size_t k = 0; k < 3; k++) {
            bool is = strstr(clause, kinds[k]) != NULL;
            skip |= is && rmore && strstr(rmore, kinds[k]);
            skip |= is && k > 0 && out->assumes &&
                    strstr(out->assumes, k == 1 ? "(D9)" : "(D18)");
        }
        if (!skip)
            cwf_buf_printf(&keep, "%s%s", keep.len ? "; " : "", clause);
        free(clause);
        c = end ? end + 2 : c + n;
    }
    if (keep.len) {
        char *all = out->assumes ? cwf_xasprintf("%s; %s", out->assumes, cwf_buf_str(&keep))
                                 : cwf_buf_take(&keep);
        free(out->assumes);
        out->assumes = all;
    }
    cwf_buf_free(&keep);
    free(more);
    free(rmore);
    return out->verdict;
}

cwf_verdict cwf_prove(const cwf_pattern *p, const cwf_pattern *r, cwf_proof *out)
{
    return cwf_prove_with(p, r, NULL, out);
}

/* The requirements of the built-in rules, parsed once per process: an
 * immutable table, written only inside pthread_once and read-only after,
 * so that cwf_check_rule stays thread-safe and the library keeps no
 * mutable global state.  Its memory lives as long as the process (one
 * arena, still reachable).  NULL where a requirement does not parse (then
 * cwf_check_rule parses it again to report why).  Beside it, per rule,
 * whether every disjunct of the requirement is satisfiable (searched once
 * here): a proof then keeps them all without a search each, which is what
 * those searches would decide (a satisfiable disjunct is never proved
 * unsatisfiable); only the steps they cost are saved. */
static pthread_once_t req_once = PTHREAD_ONCE_INIT;
static const cwf_pattern **req_parsed;
static const bool *req_allsat;

/* Whether every disjunct of the JSON requirement r is met by some event
 * (each search answers "satisfiable"), as prove_json splits r. */
static bool disjuncts_sat(const cwf_pattern *r)
{
    if (r->kind != CWF_K_JSON)
        return false;
    pv *e = cwf_pv_new();
    int fr = cwf_pv_expr(e, r->u.json, 1);
    cwf_pv_prepare(e);
    dnf d = {0};
    to_dnf(e, fr, &d);
    bool ok = !d.capped;
    for (int k = 0; k < d.n && ok; k++) {
        int *v = cwf_xmalloc((size_t)(d.v[k].n ? d.v[k].n : 1) * sizeof *v);
        for (int i = 0; i < d.v[k].n; i++)
            v[i] = cwf_pv_atom_f(e, d.v[k].a[i]);
        ok = cwf_pv_sat(e, cwf_pv_andv(e, v, d.v[k].n), NULL, NULL) == PV_SAT;
        free(v);
    }
    dnf_free(&d);
    cwf_pv_free(e);
    return ok;
}

static void req_init(void)
{
    static cwf_arena a = CWF_ARENA_INIT;
    const cwf_pattern **v = cwf_xcalloc(cwf_bench_nrules + 1, sizeof *v);
    bool *allsat = cwf_xcalloc(cwf_bench_nrules + 1, sizeof *allsat);
    for (size_t i = 0; i < cwf_bench_nrules; i++) {
        cwf_diags d = CWF_DIAGS_INIT;
        const char *req = cwf_bench_rules[i].requirement;
        cwf_pattern *r = cwf_parse(req, strlen(req), &a, &d);
        v[i] = r && cwf_diags_count(&d, CWF_ERROR) == 0 ? r : NULL;
        allsat[i] = v[i] && disjuncts_sat(v[i]);
        cwf_diags_free(&d);
    }
    req_parsed = v;
    req_allsat = allsat;
}

/* The parsed requirement of a built-in rule, or NULL for any other rule
 * (or one that does not parse); *allsat: every disjunct of it is met by
 * some event, so a proof need not search to keep it. */
static const cwf_pattern *builtin_requirement(const cwf_bench_rule *rule, bool *allsat)
{
    for (size_t i = 0; i < cwf_bench_nrules; i++)
        if (rule == &cwf_bench_rules[i]) {
            pthread_once(&req_once, req_init);
            *allsat = req_allsat[i];
            return req_parsed[i];
        }
    return NULL;
}

cwf_verdict cwf_check_rule(const cwf_pattern *p, const cwf_bench_rule *rule, cwf_proof *out)
{
    cwf_prove_options o = {true, true, rule->unit, rule->title};
    bool allsat = false;
    const cwf_pattern *cached = builtin_requirement(rule, &allsat);
    if (cached)
        return prove_any(p, cached, &o, 0, allsat, out);
    cwf_arena a = CWF_ARENA_INIT;
    cwf_diags d = CWF_DIAGS_INIT;
    const char *req = rule->requirement;
    cwf_pattern *r = cwf_parse(req, strlen(req), &a, &d);
    if (!r || cwf_diags_count(&d, CWF_ERROR) > 0) {
        memset(out, 0, sizeof *out);
        out->verdict = CWF_UNKNOWN;
        out->internal_error = true;
        out->reason = cwf_xasprintf("internal error: the requirement of rule %s does not "
                                    "parse: %s", rule->id, d.n ? d.v[0].message : "?");
    } else {
        cwf_prove_with(p, r, &o, out);
    }
    cwf_diags_free(&d);
    cwf_arena_free(&a);
    return out->verdict;
}
