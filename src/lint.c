/* lint.c: benchmark coverage over the metric filters of host files, per log
 * group, through the one judge (judge.h); findings as data (lint.h).
 *
 * Decisions:
 * - Filters are grouped by log group: its name, or a reference scoped to
 *   where it means one thing (the template; for Terraform, the module
 *   directory), a reference to a log group defined there with a literal name
 *   being that name.
 * - A group is fine when one filter covers the rule.  Otherwise: CWF304 when
 *   a filter that cannot be read offline could be the one (unknown is not
 *   absence); CWF403 when the filters together cover every case; else, when
 *   some filter is related to the rule (covers a case, nearly misses one,
 *   names one, or narrows one), CWF404 at the closest filter with check's
 *   explanation and its CWF302/CWF303 findings.
 * - When no group has anything related to the rule, one CWF404 that sits at
 *   no filter says so. */
#include "lint.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* "case" or "cases", to follow a count of n. */
#define CASES(n) ((n) == 1 ? "case" : "cases")

char *cwf_lint_filter_label(const cwf_filter *flt)
{
    if (flt->name && flt->resource && strcmp(flt->name, flt->resource) != 0)
        return cwf_xasprintf("filter %s (resource %s)", flt->name, flt->resource);
    if (flt->name)
        return cwf_xasprintf("filter %s", flt->name);
    if (flt->resource)
        return cwf_xasprintf("resource %s", flt->resource);
    return cwf_xstrdup("the filter");
}

void cwf_lint_findings_free(cwf_lint_findings *f)
{
    for (size_t i = 0; i < f->n; i++) {
        cwf_diags_free(&f->v[i].d);
        free(f->v[i].group);
    }
    free(f->v);
    memset(f, 0, sizeof *f);
}

/* ---- log groups ------------------------------------------------------------------ */

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? cwf_xstrndup(path, (size_t)(slash - path)) : cwf_xstrdup(".");
}

static bool terraform(cwf_host h)
{
    return h == CWF_HOST_TF || h == CWF_HOST_TF_JSON;
}

/* Names a Terraform reference to a log group defined in the same module
 * (directory), so that `aws_cloudwatch_log_group.x.name` and "/app/x" are
 * one group. */
static const char *tf_resolve(const cwf_lint_file *files, size_t nfiles, const char *path,
                              const char *ref)
{
    char *dir = dir_of(path);
    const char *name = NULL;
    for (size_t i = 0; i < nfiles && !name; i++) {
        const cwf_lint_file *g = &files[i];
        if (!g->x || !terraform(g->x->host))
            continue;
        char *gd = dir_of(g->path);
        if (strcmp(gd, dir) == 0)
            for (size_t k = 0; k < g->x->ndefs && !name; k++)
                if (strcmp(g->x->defs[k].ref, ref) == 0)
                    name = g->x->defs[k].name;
        free(gd);
    }
    free(dir);
    return name;
}

/* The key that identifies a filter's log group, and how it is shown. */
static char *group_key(const cwf_lint_file *files, size_t nfiles, const cwf_lint_file *f,
                       const cwf_filter *flt, char **display)
{
    const char *g = flt->log_group;
    if (!g) {
        *display = cwf_xasprintf("(unknown, in %s)", f->path);
        return cwf_xasprintf("file:%s", f->path);
    }
    if (flt->log_group_ref && terraform(f->x->host)) {
        const char *n = tf_resolve(files, nfiles, f->path, g);
        if (!n) {
            char *dir = dir_of(f->path);
            *display = cwf_xasprintf("%s (in %s)", g, dir);
            char *k = cwf_xasprintf("ref:%s:%s", dir, g);
            free(dir);
            return k;
        }
        g = n;
    } else if (flt->log_group_ref) {
        *display = cwf_xasprintf("%s (in %s)", g, f->path);
        return cwf_xasprintf("ref:%s:%s", f->path, g);
    }
    *display = cwf_xstrdup(g);
    return cwf_xasprintf("name:%s", g);
}

typedef struct group {
    char *key, *display;
    size_t *pats;
    size_t n;
} group;

/* ---- findings ---------------------------------------------------------------------- */

static cwf_lint_finding *add(cwf_lint_findings *out, size_t at, const char *grp)
{
    out->v = cwf_xrealloc(out->v, (out->n + 1) * sizeof *out->v);
    cwf_lint_finding *f = &out->v[out->n++];
    memset(f, 0, sizeof *f);
    f->at = at;
    f->group = grp ? cwf_xstrdup(grp) : NULL;
    return f;
}

static const char *hint(cwf_host h)
{
    switch (h) {
    case CWF_HOST_TF:
    case CWF_HOST_TF_JSON:
        return "lint the plan, where the pattern is resolved: terraform plan -out plan.out && "
               "terraform show -json plan.out > plan.json && cwfilter lint plan.json";
    case CWF_HOST_TF_PLAN:
        return "lint the state after apply, or a describe-metric-filters export";
    default:
        return "lint the deployed patterns: aws logs describe-metric-filters > filters.json";
    }
}

/* Whether a group's reason is said by a located finding of the proof (a
 * narrowing or excluding condition, a near miss), which lint copies. */
static bool located(cwf_reason_kind k)
{
    return k == CWF_WHY_NARROWED || k == CWF_WHY_EXCLUDED || k == CWF_WHY_NEAR;
}

/* Check's explanation of a proof as the notes of g: one sentence per group
 * of cases that fail for one reason (as check says it), except those a
 * located finding says (copy_located), one event that slips through, and
 * what the proof assumes. */
static void explain(cwf_diag *g, const cwf_proof *pb, const char *unit)
{
    cwf_case_group *gs = NULL;
    size_t ng = cwf_proof_groups(pb, unit, &gs), shown = 0;
    for (size_t i = 0; i < ng; i++) {
        if (located(gs[i].why))
            continue;
        if (shown == 4) {
            size_t more = 0;
            for (size_t k = i; k < ng; k++)
                more += !located(gs[k].why);
            cwf_diag_note(g, "%zu more %s in `cwfilter check`'s output", more,
                          more == 1 ? "reason is" : "reasons are");
            break;
        }
        if (gs[i].why == CWF_WHY_OTHER && pb->verdict == CWF_UNKNOWN && pb->reason &&
            strcmp(gs[i].message, pb->reason) == 0)
            continue; /* said below */
        cwf_diag_note(g, "%s", gs[i].message);
        shown++;
    }
    cwf_case_groups_free(gs, ng);
    if (pb->verdict == CWF_UNKNOWN && pb->reason)
        cwf_diag_note(g, "the prover could not decide: %s", pb->reason);
    if (pb->counterexample)
        cwf_diag_note(g, "this event slips through: %s", pb->counterexample);
    if (pb->assumes)
        cwf_diag_note(g, "cwfilter assumes %s", pb->assumes);
}

/* Copies the located findings of the explanation (a narrowing or excluding
 * condition, a near miss): each says its group's reason at its place. */
static void copy_located(cwf_diags *d, const cwf_proof *pb)
{
    for (size_t i = 0; i < pb->findings.n; i++) {
        const cwf_diag *x = &pb->findings.v[i];
        if (x->rule == CWF_R_NARROWED || x->rule == CWF_R_NEAR_MISS)
            cwf_diag_copy(d, x);
    }
}

/* The span a coverage finding points at: the first missing case's, else the
 * pattern. */
static cwf_span span_of(const cwf_proof *pb, const cwf_lint_filter *p)
{
    for (size_t c = 0; pb && c < pb->ncases; c++)
        if (!pb->cases[c].covered && pb->cases[c].span.end > pb->cases[c].span.start)
            return pb->cases[c].span;
    if (p->ast && p->ast->span.end > p->ast->span.start)
        return p->ast->span;
    return (cwf_span){0, (uint32_t)p->flt->src.len};
}

/* Judges one rule on one group; whether the group is covered, or related,
 * or unknown (either way no "nothing related" finding). */
static bool judge_group(const cwf_lint_file *files, const cwf_lint_filter *pats,
                        const uint64_t *hashes, const cwf_bench_rule *rule, const group *grp,
                        cwf_judge_cache *cache, cwf_lint_findings *out, bool *covered)
{
    cwf_judge_filter *jf = cwf_xcalloc(grp->n + 1, sizeof *jf);
    for (size_t i = 0; i < grp->n; i++) {
        const cwf_lint_filter *p = &pats[grp->pats[i]];
        const cwf_filter *flt = p->flt;
        /* One part that is the whole pattern: it may be anything. */
        bool opaque = !p->ast && flt->nparts == 1 &&
                      flt->parts[0].span.end - flt->parts[0].span.start + 4 >= flt->src.len;
        jf[i] = (cwf_judge_filter){p->ast, flt->src.text, flt->src.len, opaque,
                                   hashes[grp->pats[i]]};
    }
    cwf_judge_rule jr = {rule, NULL, NULL};
    cwf_judgement j;
    cwf_judge(&jr, jf, grp->n, CWF_EXPLAIN_UNLESS_COVERED, cache, &j);
    free(jf);
    bool seen = j.verdict == CWF_COVERS || j.related || j.verdict == CWF_UNKNOWN;
    *covered |= j.verdict == CWF_COVERS;
    const cwf_proof *pb = j.proof;
    size_t best = j.best == SIZE_MAX ? SIZE_MAX : grp->pats[j.best];
    if (j.verdict == CWF_COVERS && j.broader && j.broader->n) {
        /* CWF314 at the covering filter, as check reports it. */
        cwf_lint_finding *f = add(out, best, grp->display);
        const cwf_diag *b = &j.broader->v[0];
        cwf_diag *g = cwf_diag_add(&f->d, b->rule, b->span, "%s: %s", rule->id, b->message);
        g->severity = b->severity;
        for (size_t k = 0; k < b->nnotes; k++)
            cwf_diag_note(g, "%s", b->notes[k]);
    }
    if (j.verdict == CWF_UNKNOWN && j.nunknown) {
        const cwf_lint_filter *u = &pats[grp->pats[j.first_unknown]];
        const cwf_filter *flt = u->flt;
        char *label = cwf_lint_filter_label(flt);
        cwf_lint_finding *f = add(out, grp->pats[j.first_unknown], grp->display);
        cwf_diag *g = cwf_diag_add(&f->d, CWF_R_UNKNOWN,
                                   flt->nparts ? flt->parts[0].span
                                               : (cwf_span){0, (uint32_t)flt->src.len},
                                   "log group %s: cwfilter cannot tell whether %s covers %s (%s): "
                                   "its pattern depends on `%s`, which cannot be resolved offline",
                                   grp->display, label, rule->id, rule->title,
                                   flt->nparts ? flt->parts[0].what : "a value");
        if (j.nunknown > 1)
            cwf_diag_note(g, "%zu filters on this log group cannot be read offline", j.nunknown);
        if (best != SIZE_MAX && j.related) {
            char *bl = cwf_lint_filter_label(pats[best].flt);
            cwf_diag_note(g, "of the filters that can be read, none covers the rule; the "
                             "closest, %s, covers %zu of %zu %s", bl, j.covered[j.best],
                          j.ncases, CASES(j.ncases));
            free(bl);
        }
        cwf_diag_note(g, "%s", hint(files[u->file].x->host));
        free(label);
    } else if (j.verdict == CWF_UNKNOWN && best != SIZE_MAX) {
        char *bl = cwf_lint_filter_label(pats[best].flt);
        cwf_lint_finding *f = add(out, best, grp->display);
        cwf_diag *g = cwf_diag_add(&f->d, CWF_R_UNKNOWN, span_of(pb, &pats[best]),
                                   "log group %s: cwfilter cannot decide whether a metric filter "
                                   "covers %s (%s); the closest, %s, covers %zu of %zu %s",
                                   grp->display, rule->id, rule->title, bl, j.covered[j.best],
                                   j.ncases, CASES(j.ncases));
        if (j.why)
            cwf_diag_note(g, "%s", j.why);
        explain(g, pb, rule->unit);
        copy_located(&f->d, pb);
        free(bl);
    } else if (j.verdict == CWF_NOT_COVERED && j.together) {
        cwf_lint_finding *f = add(out, best, grp->display);
        cwf_diag *g = cwf_diag_add(&f->d, CWF_R_NEEDS_ONE_FILTER, span_of(pb, &pats[best]),
                                   "log group %s: only several filters together cover %s (%s); "
                                   "the benchmark needs one metric filter", grp->display,
                                   rule->id, rule->title);
        for (size_t i = 0; i < grp->n; i++) {
            const cwf_filter *flt = pats[grp->pats[i]].flt;
            if (j.covered[i] == SIZE_MAX)
                continue;
            cwf_pos at = cwf_source_pos(&flt->src, 0);
            char *l = cwf_lint_filter_label(flt);
            cwf_diag_note(g, "%s, at %s:%u:%u, covers %zu of %zu %s", l, flt->src.name,
                          at.line, at.col, j.covered[i], j.ncases, CASES(j.ncases));
            free(l);
        }
        cwf_diag_note(g, "merge the patterns with || into one filter, with one alarm on its metric");
    } else if (j.verdict == CWF_NOT_COVERED && j.related) {
        char *bl = cwf_lint_filter_label(pats[best].flt);
        cwf_lint_finding *f = add(out, best, grp->display);
        cwf_diag *g = cwf_diag_add(&f->d, CWF_R_GROUP_NOT_COVERED, span_of(pb, &pats[best]),
                                   "log group %s: no metric filter covers %s (%s); the closest, "
                                   "%s, covers %zu of %zu %s", grp->display, rule->id,
                                   rule->title, bl, j.covered[j.best], j.ncases, CASES(j.ncases));
        if (j.why)
            cwf_diag_note(g, "%s; the other %zu %s on the log group come%s %s", j.why,
                          grp->n - 1, grp->n == 2 ? "filter" : "filters", grp->n == 2 ? "s" : "",
                          j.pick == CWF_PICK_POSITION ? "no closer" : "less close");
        explain(g, pb, rule->unit);
        copy_located(&f->d, pb);
        free(bl);
    }
    cwf_judgement_free(&j);
    return seen;
}

void cwf_lint_coverage(const cwf_lint_file *files, size_t nfiles, const cwf_lint_filter *pats,
                       size_t npats, const cwf_bench_rule *const *rules, size_t nrules,
                       cwf_judge_cache *cache, cwf_lint_findings *out)
{
    cwf_judge_cache *own = cache ? NULL : cwf_judge_cache_new();
    if (!cache)
        cache = own;
    /* Groups in the order their first filter was met. */
    group *gs = NULL;
    size_t ng = 0;
    for (size_t i = 0; i < npats; i++) {
        char *display;
        char *key = group_key(files, nfiles, &files[pats[i].file], pats[i].flt, &display);
        size_t g = 0;
        while (g < ng && strcmp(gs[g].key, key) != 0)
            g++;
        if (g == ng) {
            gs = cwf_xrealloc(gs, (ng + 1) * sizeof *gs);
            gs[ng++] = (group){key, display, NULL, 0};
        } else {
            free(key);
            free(display);
        }
        gs[g].pats = cwf_xrealloc(gs[g].pats, (gs[g].n + 1) * sizeof *gs[g].pats);
        gs[g].pats[gs[g].n++] = i;
    }
    uint64_t *hashes = cwf_xcalloc(npats + 1, sizeof *hashes);
    for (size_t i = 0; i < npats && nrules; i++)
        hashes[i] = cwf_judge_hash(pats[i].flt->src.text, pats[i].flt->src.len);
    for (size_t r = 0; r < nrules; r++) {
        bool seen = false, covered = false;
        size_t first = out->n;
        for (size_t g = 0; g < ng; g++)
            seen |= judge_group(files, pats, hashes, rules[r], &gs[g], cache, out, &covered);
        if (covered) {
            /* Another log group covers the rule: what is unknown here
             * changes nothing. */
            size_t k = first;
            for (size_t i = first; i < out->n; i++) {
                if (out->v[i].d.n && out->v[i].d.v[0].rule == CWF_R_UNKNOWN) {
                    cwf_diags_free(&out->v[i].d);
                    free(out->v[i].group);
                } else {
                    out->v[k++] = out->v[i];
                }
            }
            out->n = k;
        }
        if (seen)
            continue;
        cwf_lint_finding *f = add(out, SIZE_MAX, NULL);
        cwf_diag *g = cwf_diag_add(&f->d, CWF_R_GROUP_NOT_COVERED, (cwf_span){0, 0},
                                   "no metric filter in the linted files covers %s (%s)",
                                   rules[r]->id, rules[r]->title);
        if (npats == 1)
            cwf_diag_note(g, "the one metric filter checked does not test what the rule "
                             "requires");
        else if (npats)
            cwf_diag_note(g, "none of the %zu metric filters checked tests what the rule "
                             "requires", npats);
        else
            cwf_diag_note(g, "no metric filter pattern could be checked");
    }
    for (size_t g = 0; g < ng; g++) {
        free(gs[g].key);
        free(gs[g].display);
        free(gs[g].pats);
    }
    free(gs);
    free(hashes);
    cwf_judge_cache_free(own);
}
