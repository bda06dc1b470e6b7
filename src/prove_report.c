/* prove_report.c: the record of a proof, below the provers that fill it
 * (prove.c for JSON patterns, prove_text.c for the others): its cases, the
 * replay of each counterexample through the matcher, the verdict and summary
 * drawn from the cases, and the grouping of cases that fail for one reason. */
#include <stdlib.h>
#include <string.h>

#include "match.h"
#include "prove_impl.h"

static void (*replay_hook)(cwf_buf *event, void *arg);
static void *replay_arg;

void cwf_prove_set_replay_hook(void (*hook)(cwf_buf *event, void *arg), void *arg)
{
    replay_hook = hook;
    replay_arg = arg;
}

bool cwf_pv_replay(cwf_matcher *mr, cwf_matcher *mp, cwf_buf *ev)
{
    if (replay_hook)
        replay_hook(ev, replay_arg);
    const char *t = cwf_buf_str(ev);
    return cwf_matcher_match(mr, t, ev->len, NULL) && !cwf_matcher_match(mp, t, ev->len, NULL);
}

cwf_case *cwf_pv_add_case(cwf_proof *pr, const char *label)
{
    pr->cases = cwf_xrealloc(pr->cases, (pr->ncases + 1) * sizeof *pr->cases);
    cwf_case *c = &pr->cases[pr->ncases++];
    memset(c, 0, sizeof *c);
    c->label = cwf_xstrdup(label);
    c->verdict = CWF_UNKNOWN;
    return c;
}

void cwf_pv_case_counterexample(cwf_proof *pr, cwf_case *c, cwf_matcher *mr, cwf_matcher *mp,
                            cwf_buf *ev)
{
    if (cwf_pv_replay(mr, mp, ev)) {
        c->counterexample = cwf_xstrdup(cwf_buf_str(ev));
        c->verdict = CWF_NOT_COVERED;
        return;
    }
    pr->internal_error = true;
    c->verdict = CWF_UNKNOWN;
    free(c->reason);
    c->reason = cwf_xasprintf("internal error: the matcher does not confirm the "
                              "counterexample %s (it must match the requirement and not "
                              "the pattern); please report this", cwf_buf_str(ev));
}

const char *cwf_pv_unit(const cwf_prove_options *o)
{
    return o && o->unit ? o->unit : "case";
}

const char *cwf_pv_what(const cwf_prove_options *o)
{
    return o && o->what ? o->what : "the requirement";
}

/* "name" or "names". */
void cwf_pv_plural(cwf_buf *b, const char *unit, size_t n)
{
    cwf_buf_puts(b, unit);
    if (n != 1)
        cwf_buf_puts(b, unit[strlen(unit) - 1] == 's' ? "es" : "s");
}

/* Up to max labels of the cases with the given verdict, joined by ", ". */
static void list_labels(cwf_buf *b, const cwf_proof *pr, cwf_verdict v, size_t max)
{
    size_t k = 0, n = 0;
    for (size_t i = 0; i < pr->ncases; i++)
        n += pr->cases[i].verdict == v;
    for (size_t i = 0; i < pr->ncases; i++) {
        if (pr->cases[i].verdict != v)
            continue;
        if (k == max) {
            cwf_buf_printf(b, " and %zu more", n - k);
            break;
        }
        if (k)
            cwf_buf_puts(b, ", ");
        cwf_buf_puts(b, pr->cases[i].label);
        k++;
    }
}

void cwf_pv_finish(cwf_proof *pr, const cwf_pattern *p, const cwf_prove_options *o)
{
    size_t nnot = 0, nunk = 0;
    for (size_t i = 0; i < pr->ncases; i++) {
        nnot += pr->cases[i].verdict == CWF_NOT_COVERED;
        nunk += pr->cases[i].verdict == CWF_UNKNOWN;
        if (pr->cases[i].verdict == CWF_COVERS)
            pr->cases[i].covered = true;
        else if (pr->cases[i].why == CWF_WHY_NONE)
            pr->cases[i].why = CWF_WHY_OTHER;
    }
    pr->verdict = nnot ? CWF_NOT_COVERED : nunk ? CWF_UNKNOWN : CWF_COVERS;
    if (pr->internal_error)
        pr->verdict = CWF_UNKNOWN;
    for (size_t i = 0; i < pr->ncases && !pr->counterexample; i++)
        if (pr->cases[i].counterexample)
            pr->counterexample = cwf_xstrdup(pr->cases[i].counterexample);
    cwf_buf b = CWF_BUF_INIT;
    const char *unit = cwf_pv_unit(o);
    if (pr->internal_error) {
        for (size_t i = 0; i < pr->ncases && !b.len; i++)
            if (strncmp(pr->cases[i].reason ? pr->cases[i].reason : "", "internal", 8) == 0)
                cwf_buf_puts(&b, pr->cases[i].reason);
    } else if (nnot && pr->ncases > 1) {
        cwf_buf_printf(&b, "%zu of %zu ", nnot, pr->ncases);
        cwf_pv_plural(&b, unit, pr->ncases);
        cwf_buf_printf(&b, " %s not covered: ", nnot == 1 ? "is" : "are");
        list_labels(&b, pr, CWF_NOT_COVERED, 20);
    } else if (nnot) {
        cwf_buf_puts(&b, pr->cases[0].reason ? pr->cases[0].reason : "not matched");
    } else if (nunk) {
        for (size_t i = 0; i < pr->ncases && !b.len; i++)
            if (pr->cases[i].verdict == CWF_UNKNOWN && pr->cases[i].reason)
                cwf_buf_puts(&b, pr->cases[i].reason);
    }
    if (b.len)
        pr->reason = cwf_buf_take(&b);
    cwf_buf_free(&b);
    if (o && !o->explain)
        return;
    cwf_span whole = p->span;
    if (pr->verdict == CWF_NOT_COVERED) {
        cwf_diag *g = cwf_diag_add(&pr->findings, CWF_R_NOT_COVERED, whole,
                                   "the pattern does not cover %s: %s", cwf_pv_what(o),
                                   pr->reason ? pr->reason : "not matched");
        if (pr->counterexample)
            cwf_diag_note(g, "an event that matches %s and not the pattern: %s", cwf_pv_what(o),
                          pr->counterexample);
    } else if (pr->verdict == CWF_UNKNOWN) {
        cwf_diag *g = cwf_diag_add(&pr->findings, CWF_R_UNKNOWN, whole,
                                   "cwfilter cannot decide whether the pattern covers %s: %s",
                                   cwf_pv_what(o), pr->reason ? pr->reason : "undecided");
        if (pr->internal_error)
            g->severity = CWF_ERROR;
    }
}


/* ---- groups of cases ------------------------------------------------------- */

static bool same_reason(const cwf_case *a, const cwf_case *b)
{
    if (a->why != b->why)
        return false;
    if (a->why == CWF_WHY_MISSING)
        return true;
    if (a->why == CWF_WHY_OTHER && a->cause && b->cause)
        return strcmp(a->cause, b->cause) == 0 && a->verdict == b->verdict;
    if (a->why == CWF_WHY_OTHER)
        return a->reason && b->reason && strcmp(a->reason, b->reason) == 0 &&
               a->verdict == b->verdict;
    return a->span.start == b->span.start && a->span.end == b->span.end &&
           (a->cause && b->cause ? strcmp(a->cause, b->cause) == 0 : a->cause == b->cause);
}

/* The cases of group g by name: "PutRolePolicy", "A and B", "A, B and C",
 * "3 of 16 event names (A, B, C, D, E, F and 2 more)"; *one: a single
 * subject (for "is"). */
static void subject(cwf_buf *b, const cwf_proof *pr, const cwf_case_group *g, const char *unit,
                    bool *one)
{
    *one = g->n == 1;
    if (pr->ncases == 1) {
        *one = false;
        cwf_buf_puts(b, "the required events");
        return;
    }
    if (g->n > 3) {
        cwf_buf_printf(b, "%zu of %zu ", g->n, pr->ncases);
        cwf_pv_plural(b, unit ? unit : "case", pr->ncases);
        if (g->n == pr->ncases)
            return;
        cwf_buf_puts(b, " (");
    }
    size_t k = 0, max = 6;
    for (size_t i = g->first; i < pr->ncases && k < g->n; i++) {
        const cwf_case *c = &pr->cases[i];
        if (c->verdict == CWF_COVERS || !same_reason(c, &pr->cases[g->first]))
            continue;
        if (g->n > 3 && k == max) {
            cwf_buf_printf(b, " and %zu more", g->n - k);
            break;
        }
        const char *sep = k == 0 ? "" : k + 1 == g->n || (g->n > 3 && k + 1 == max &&
                                                          g->n == max) ? " and " : ", ";
        cwf_buf_puts(b, sep);
        if (c->label[0] == '$')
            cwf_buf_printf(b, "`%s`", c->label);
        else
            cwf_buf_puts(b, c->label);
        k++;
    }
    if (g->n > 3)
        cwf_buf_putc(b, ')');
}

size_t cwf_proof_groups(const cwf_proof *pr, const char *unit, cwf_case_group **out)
{
    cwf_case_group *g = NULL;
    size_t ng = 0;
    for (size_t i = 0; i < pr->ncases; i++) {
        const cwf_case *c = &pr->cases[i];
        if (c->verdict == CWF_COVERS)
            continue;
        size_t k = 0;
        while (k < ng && !same_reason(&pr->cases[g[k].first], c))
            k++;
        if (k == ng) {
            g = cwf_xrealloc(g, (ng + 1) * sizeof *g);
            g[ng++] = (cwf_case_group){c->why, i, 0, c->span, NULL};
        }
        g[k].n++;
    }
    for (size_t k = 0; k < ng; k++) {
        const cwf_case *c = &pr->cases[g[k].first];
        cwf_buf b = CWF_BUF_INIT, who = CWF_BUF_INIT;
        bool one;
        subject(&who, pr, &g[k], unit, &one);
        const char *is = one ? "is" : "are";
        switch (g[k].why) {
        case CWF_WHY_MISSING:
            cwf_buf_printf(&b, "no term matches %s", cwf_buf_str(&who));
            break;
        case CWF_WHY_NARROWED:
            cwf_buf_puts(&b, cwf_buf_str(&who));
            cwf_buf_putc(&b, ' ');
            cwf_buf_puts(&b, is);
            cwf_buf_puts(&b, " matched only when `");
            cwf_buf_puts(&b, c->cause);
            cwf_buf_putc(&b, '`');
            break;
        case CWF_WHY_EXCLUDED:
            cwf_buf_printf(&b, "%s %s excluded by `%s`", cwf_buf_str(&who), is, c->cause);
            break;
        case CWF_WHY_NEAR:
            if (g[k].n == 1)
                cwf_buf_puts(&b, c->reason);
            else
                cwf_buf_printf(&b, "no term matches %s: %s", cwf_buf_str(&who), c->cause);
            break;
        default:
            if (c->cause) {
                cwf_buf_printf(&b, "%s %s not matched: %s", cwf_buf_str(&who), is, c->cause);
                break;
            }
            cwf_buf_puts(&b, c->reason ? c->reason : "not covered");
            if (g[k].n > 1)
                cwf_buf_printf(&b, " (and %zu more the same)", g[k].n - 1);
            break;
        }
        g[k].message = cwf_buf_take(&b);
        cwf_buf_free(&who);
    }
    *out = g;
    return ng;
}

void cwf_case_groups_free(cwf_case_group *g, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(g[i].message);
    free(g);
}

/* ---- the readings a verdict rests on ------------------------------------------ */

static void assume_expr(const cwf_expr *x, bool *lit, bool *num, cwf_buf *lits, cwf_buf *nums)
{
    if (x->kind == CWF_E_AND || x->kind == CWF_E_OR) {
        for (uint32_t i = 0; i < x->u.list.n; i++)
            assume_expr(x->u.list.kids[i], lit, num, lits, nums);
        return;
    }
    if (x->kind != CWF_E_CMP)
        return;
    const cwf_value *v = &x->u.leaf.val;
    bool eq = x->u.leaf.op == CWF_OP_EQ || x->u.leaf.op == CWF_OP_NE;
    if (!*lit && eq && v->kind == CWF_V_STRING && !v->quoted &&
        ((v->text.len == 4 && memcmp(v->text.p, "true", 4) == 0) ||
         (v->text.len == 5 && memcmp(v->text.p, "false", 5) == 0) ||
         (v->text.len == 4 && memcmp(v->text.p, "null", 4) == 0))) {
        *lit = true;
        cwf_selector_format(&x->u.leaf.sel, lits);
        cwf_buf_printf(lits, " %s %.*s", cwf_op_text(x->u.leaf.op), (int)v->text.len, v->text.p);
    }
    if (!*num && eq && v->kind == CWF_V_NUMBER) {
        *num = true;
        cwf_selector_format(&x->u.leaf.sel, nums);
        cwf_buf_printf(nums, " %s %.*s", cwf_op_text(x->u.leaf.op), (int)v->text.len, v->text.p);
    }
}

char *cwf_pattern_assumes(const cwf_pattern *p)
{
    cwf_buf b = CWF_BUF_INIT;
    if (p->kind == CWF_K_JSON) {
        bool lit = false, num = false;
        cwf_buf lits = CWF_BUF_INIT, nums = CWF_BUF_INIT;
        assume_expr(p->u.json, &lit, &num, &lits, &nums);
        if (lit) {
            const char *w = strstr(lits.p, "true") ? "true" : strstr(lits.p, "false") ? "false"
                                                                                     : "null";
            cwf_buf_printf(&b, "`%s` compares the text \"%s\" and never matches the JSON %s %s",
                           lits.p, w, strcmp(w, "null") ? "boolean" : "value", w);
        }
        if (num) {
            const char *v = strrchr(nums.p, ' ');
            cwf_buf_printf(&b, "%s`%s` compares numbers and never matches a JSON string such as "
                               "\"%s\"", b.len ? "; " : "", nums.p, v ? v + 1 : nums.p);
        }
        cwf_buf_free(&lits);
        cwf_buf_free(&nums);
    } else if (p->kind == CWF_K_DELIM && p->u.delim.n > 0 &&
               p->u.delim.v[p->u.delim.n - 1].kind != CWF_F_ELLIPSIS) {
        cwf_buf_printf(&b, "a line with more than %u space-separated fields gives the "
                           "pattern's last field the rest of the line", p->u.delim.n);
    }
    return b.len ? cwf_buf_take(&b) : NULL;
}
