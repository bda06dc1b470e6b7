/* lint_run.c: one lint run (lint_run.h), moved out of cmd_lint.c so that
 * the command and cwf_lint_* share it: files walked and read, patterns
 * parsed, suppressions applied, coverage judged through lint.h, every
 * finding and problem kept as data in the order a report shows them.
 *
 * Decisions (from cmd_lint.c):
 * - A pattern with a part that cannot be resolved offline is not parsed:
 *   any syntax error in it could come from the value the part takes.
 *   CWF401 names the parts and says the syntax was not checked.
 * - Coverage is lint.h's (per log group, through the judge of judge.h that
 *   check and audit ask too): metric filters that parse without error, and
 *   those with parts that cannot be resolved offline (unknown, never
 *   absent), go to it; its findings are suppressed here.
 * - Unused suppressions (CWF402) come last; one that names a coverage rule
 *   counts only in a run that checks coverage. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chain_iac.h"
#include "lint.h"
#include "lint_run.h"
#include "suppress_config.h"
#include "parse.h"
#include "walk.h"

/* ---- state ----------------------------------------------------------------- */

typedef struct config_slot {
    char *path;          /* as found */
    cwf_config cfg;
    bool ok;
} config_slot;

typedef struct lfile {
    char *path;          /* as given or walked */
    char *real;          /* realpath, for duplicates */
    cwf_extract x;
    cwf_config *cfg;     /* the suppressions that apply, or NULL */
    char *rel;           /* path relative to the config's directory */
    bool read;           /* extracted successfully */
} lfile;

/* A parsed pattern kept for the coverage checks. */
typedef struct lpat {
    size_t file;         /* in lint.files (which may move) */
    size_t index;        /* in that file's x.v */
    cwf_arena arena;
    cwf_pattern *ast;
} lpat;

struct cwf_lint_run {
    const cwf_bench_rule **rules;
    size_t nrules;
    cwf_lint_config_mode cfg_mode;
    char *config;        /* CWF_LINT_CFG_FILE */

    lfile *files;
    size_t nfiles, capfiles;
    config_slot **cfgs;  /* one allocation each: files point into them */
    size_t ncfgs;
    lpat *pats;
    size_t npats, cappats;
    cwf_lint_item *items;
    size_t nitems, capitems;
    cwf_lint_issue *problems;
    size_t nproblems;
    size_t nread;        /* files read, */
    size_t nchecked;     /* and the filter patterns found in them */
    cwf_arena kept;      /* the patterns kept for coverage, in one arena
                            (one each would cost a 4 KB block per filter) */
    bool finished;
    bool fixes;          /* cwf_lint_run_fixes */
};
typedef struct cwf_lint_run lint;

/* Records a problem: "F: reason". */
static void CWF_PRINTF(3, 4) problem(lint *L, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text = cwf_xvasprintf(fmt, ap);
    va_end(ap);
    L->problems = cwf_xrealloc(L->problems, (L->nproblems + 1) * sizeof *L->problems);
    L->problems[L->nproblems++] = (cwf_lint_issue){text, error};
}

/* Keeps the diagnostics of d (moved out of it, d left empty) as one item
 * located through src (copied; what it points to must outlive L), or about
 * no file when src is NULL. */
static void item_add(lint *L, const cwf_source *src, const char *where, cwf_diags *d)
{
    if (d->n == 0) {
        cwf_diags_free(d);
        return;
    }
    if (L->nitems == L->capitems) {
        L->capitems = L->capitems ? 2 * L->capitems : 32;
        L->items = cwf_xrealloc(L->items, L->capitems * sizeof *L->items);
    }
    static const cwf_source none = {"", "", 0, NULL};
    L->items[L->nitems++] = (cwf_lint_item){src ? *src : none, where, *d, NULL, 0, !src};
    *d = (cwf_diags)CWF_DIAGS_INIT;
}

/* ---- collecting files -------------------------------------------------------- */

static void add_file(lint *L, const char *path)
{
    char real[PATH_MAX];
    const char *r = strcmp(path, "-") == 0 ? "-" : realpath(path, real) ? real : path;
    for (size_t i = 0; i < L->nfiles; i++)
        if (strcmp(L->files[i].real, r) == 0)
            return;
    if (L->nfiles == L->capfiles) {
        L->capfiles = L->capfiles ? 2 * L->capfiles : 32;
        L->files = cwf_xrealloc(L->files, L->capfiles * sizeof *L->files);
    }
    lfile *f = &L->files[L->nfiles++];
    memset(f, 0, sizeof *f);
    f->path = cwf_xstrdup(path);
    f->real = cwf_xstrdup(r);
}

static bool wanted(const char *name, bool is_dir)
{
    if (is_dir)
        return strcmp(name, ".git") != 0 && strcmp(name, "node_modules") != 0 &&
               strcmp(name, ".terraform") != 0;
    return cwf_extract_wanted(name);
}

/* Walks the PATHs (walk.h): files to read, skips noted as problems. */
static void walk(lint *L, const char *const *roots, size_t n, bool follow)
{
    cwf_walk w = CWF_WALK_INIT;
    cwf_walk_opts o = {.follow = follow, .want = wanted};
    cwf_walk_run(&w, roots, n, &o);
    for (size_t i = 0; i < w.n; i++) {
        const cwf_walk_entry *e = &w.v[i];
        if (e->kind == CWF_WALK_FILE) {
            add_file(L, e->path);
        } else {
            problem(L, e->kind != CWF_WALK_NOTE, "%s: %s%s", e->path,
                    e->kind == CWF_WALK_NOTE ? "skipped: " : "", e->text);
        }
    }
    cwf_walk_free(&w);
}

/* Whether the template t that the manifest (real path manifest) names lies
 * in the manifest's directory: a cloud assembly's templates do, and a
 * manifest in a pull request must not make lint read files elsewhere.  A
 * template that does not exist is let through, for the error that names it. */
static bool template_inside(const char *manifest, const char *t)
{
    char *real = realpath(t, NULL);
    if (!real)
        return true;
    const char *slash = strrchr(manifest, '/');
    char *dir = slash && slash != manifest ? cwf_xstrndup(manifest, (size_t)(slash - manifest))
                                           : cwf_xstrdup(slash ? "/" : ".");
    bool in = manifest[0] == '/' && cwf_walk_within(real, dir);
    free(dir);
    free(real);
    return in;
}

/* ---- suppressions -------------------------------------------------------------- */

static cwf_config *config_for(lint *L, const char *path)
{
    if (L->cfg_mode == CWF_LINT_CFG_NONE)
        return NULL;
    char *found = L->cfg_mode == CWF_LINT_CFG_FILE ? cwf_xstrdup(L->config)
                                                   : cwf_config_find(path);
    if (!found)
        return NULL;
    for (size_t i = 0; i < L->ncfgs; i++)
        if (strcmp(L->cfgs[i]->path, found) == 0) {
            free(found);
            return L->cfgs[i]->ok ? &L->cfgs[i]->cfg : NULL;
        }
    L->cfgs = cwf_xrealloc(L->cfgs, (L->ncfgs + 1) * sizeof *L->cfgs);
    config_slot *s = L->cfgs[L->ncfgs++] = cwf_xcalloc(1, sizeof *s);
    s->path = found;
    char *err;
    cwf_pos at;
    s->ok = cwf_config_load(found, &s->cfg, &err, &at);
    if (!s->ok) {
        if (at.line)
            problem(L, true, "%s:%u:%u: %s", found, at.line, at.col, err);
        else
            problem(L, true, "%s: %s", found, err);
        free(err);
        return NULL;
    }
    return &s->cfg;
}

/* Whether a diagnostic of rule on filter i of file f is suppressed; counts
 * the use. */
static bool suppressed(lfile *f, size_t i, cwf_rule_id rule, const char *group)
{
    for (size_t k = 0; k < f->x.sup.n; k++) {
        cwf_suppression *s = &f->x.sup.v[k];
        if ((s->target == i || s->target == CWF_SUP_FILE) && cwf_sup_names(s->id, rule)) {
            s->used++;
            return true;
        }
    }
    if (!f->cfg)
        return false;
    const cwf_filter *flt = &f->x.v[i];
    for (size_t k = 0; k < f->cfg->sup.n; k++) {
        cwf_suppression *s = &f->cfg->sup.v[k];
        if (cwf_sup_names(s->id, rule) &&
            cwf_config_matches(s, f->rel, flt->resource, flt->name, group ? group : flt->log_group)) {
            s->used++;
            return true;
        }
    }
    return false;
}

static void filter_diags(lfile *f, size_t i, cwf_diags *d, const char *group)
{
    size_t k = 0;
    for (size_t j = 0; j < d->n; j++) {
        if (suppressed(f, i, d->v[j].rule, group)) {
            cwf_diags tmp = {&d->v[j], 1, 1};
            cwf_diags_clear(&tmp);
            continue;
        }
        d->v[k++] = d->v[j];
    }
    d->n = k;
}

/* The name by which json and sarif locate a filter inside its file. */
static const char *logical(const cwf_filter *flt)
{
    return flt->resource ? flt->resource : flt->name;
}

/* ---- one file ------------------------------------------------------------------- */

static bool is_coverage_rule(cwf_rule_id r)
{
    return r == CWF_R_NOT_COVERED || r == CWF_R_NARROWED || r == CWF_R_NEAR_MISS ||
           r == CWF_R_UNKNOWN || r == CWF_R_NEVER_TRUE || r == CWF_R_ALWAYS_TRUE ||
           r == CWF_R_REDUNDANT || r == CWF_R_MATCHES_ALL || r == CWF_R_NEEDS_ONE_FILTER ||
           r == CWF_R_GROUP_NOT_COVERED;
}

static const char *hint(cwf_host h)
{
    switch (h) {
    case CWF_HOST_TF:
    case CWF_HOST_TF_JSON:
        return "lint the plan to check the resolved pattern: terraform show -json plan.out > plan.json";
    case CWF_HOST_TF_PLAN:
        return "lint the state after apply, or a describe-metric-filters export";
    default:
        return "lint the deployed pattern: aws logs describe-metric-filters > filters.json";
    }
}

static void unresolved(const lfile *f, const cwf_filter *flt, cwf_diags *d)
{
    cwf_buf list = CWF_BUF_INIT;
    for (size_t i = 0; i < flt->nparts && i < 4; i++)
        cwf_buf_printf(&list, "%s`%s`", i ? ", " : "", flt->parts[i].what);
    if (flt->nparts > 4)
        cwf_buf_printf(&list, " and %zu more", flt->nparts - 4);
    cwf_diag *g;
    if (f->x.host == CWF_HOST_TF_PLAN)
        g = cwf_diag_add(d, CWF_R_UNRESOLVED, flt->parts[0].span,
                         "the pattern is known only after apply; it is not checked");
    else
        g = cwf_diag_add(d, CWF_R_UNRESOLVED, flt->parts[0].span,
                         "the pattern depends on %s, which cannot be resolved offline; "
                         "its syntax is not checked", cwf_buf_str(&list));
    cwf_diag_note(g, "%s", hint(f->x.host));
    cwf_buf_free(&list);
}

/* A plan is one long line and a CDK logical id a hash: name the resource
 * (text shows no logical location). */
static void where_notes(const lfile *f, const cwf_filter *flt, cwf_diags *d)
{
    if (!flt->resource || (f->x.host != CWF_HOST_TF_PLAN && !flt->cdk_path))
        return;
    for (size_t k = 0; k < d->n; k++)
        cwf_diag_note(&d->v[k], "in %s %s", flt->cdk_path ? "CDK construct" : "resource",
                      flt->resource);
}

/* A key repeated in a mapping of a template (CWF406). */
static void dup_key(lint *L, const cwf_dupkey *k)
{
    cwf_diags d = CWF_DIAGS_INIT;
    cwf_diag *g = cwf_diag_add(&d, CWF_R_DUPLICATE_KEY, (cwf_span){0, (uint32_t)k->key.len},
                               "duplicate key `%.*s`: the first one is at line %u, column %u",
                               (int)k->key.len, k->key.text, k->first.line, k->first.col);
    cwf_diag_note(g, "CloudFormation's behaviour with a repeated key is undefined; keep one "
                     "(every FilterPattern under either has been checked)");
    item_add(L, &k->key, NULL, &d);
    cwf_diags_free(&d);
}

/* Lints filter i of file fi; returns the index of its item, or SIZE_MAX
 * when it has no finding. */
static size_t lint_filter(lint *L, size_t fi, size_t i)
{
    lfile *f = &L->files[fi];
    cwf_filter *flt = &f->x.v[i];
    cwf_diags d = CWF_DIAGS_INIT;
    cwf_arena arena = CWF_ARENA_INIT;
    cwf_pattern *ast = NULL;
    if (flt->not_string) {
        cwf_diag *g = cwf_diag_add(&d, CWF_R_NOT_STRING, (cwf_span){0, (uint32_t)flt->src.len},
                                   "the filter pattern is a %s, not a string", flt->found);
        if (flt->src.len && (flt->src.text[0] == '{' || flt->src.text[0] == '[') &&
            strncmp(flt->found, "YAML", 4) == 0) {
            cwf_diag_suggest(g, "'%.*s'", (int)flt->src.len, flt->src.text);
            cwf_diag_note(g, "an unquoted value that starts with `{` or `[` is YAML syntax; quote the pattern");
        } else
            cwf_diag_note(g, "FilterPattern takes a string; quote the pattern");
    } else if (flt->nparts) {
        unresolved(f, flt, &d);
    } else {
        bool keep = L->nrules && flt->kind == CWF_METRIC_FILTER;
        ast = cwf_parse(flt->src.text, flt->src.len, keep ? &L->kept : &arena, &d);
    }
    bool clean = ast && cwf_diags_count(&d, CWF_ERROR) == 0;
    filter_diags(f, i, &d, NULL);
    where_notes(f, flt, &d);
    cwf_diags_sort(&d);
    size_t before = L->nitems;
    item_add(L, &flt->src, logical(flt), &d);
    if (L->nrules && flt->kind == CWF_METRIC_FILTER && (clean || (flt->nparts && !ast))) {
        if (L->npats == L->cappats) {
            L->cappats = L->cappats ? 2 * L->cappats : 64;
            L->pats = cwf_xrealloc(L->pats, L->cappats * sizeof *L->pats);
        }
        L->pats[L->npats++] = (lpat){fi, i, arena, ast};
    } else {
        cwf_arena_free(&arena);
    }
    return L->nitems > before ? before : SIZE_MAX;
}

/* The fixes of the findings of the filters of file fi (data[0..len)): the
 * items it[0..n) of filters flt[0..n), proved together (hostedit.h). */
static void file_fixes(lint *L, size_t fi, const char *data, size_t len, const size_t *it,
                       const size_t *flt, size_t n)
{
    const cwf_diags **d = cwf_xcalloc(n + 1, sizeof *d);
    cwf_host_dfix **out = cwf_xcalloc(n + 1, sizeof *out);
    size_t *nout = cwf_xcalloc(n + 1, sizeof *nout);
    for (size_t k = 0; k < n; k++)
        d[k] = &L->items[it[k]].d;
    cwf_host_diag_fixes(data, len, &L->files[fi].x, n, flt, d, out, nout);
    for (size_t k = 0; k < n; k++) {
        L->items[it[k]].fixes = out[k];
        L->items[it[k]].nfixes = nout[k];
    }
    free(d);
    free(out);
    free(nout);
}

/* Lints data[0..len) as file fi. */
static bool lint_data(lint *L, size_t fi, const char *data, size_t len)
{
    lfile *f = &L->files[fi];
    bool ok = cwf_extract_buf(f->path, data, len, &f->x);
    if (!ok) {
        problem(L, true, "%s:%u:%u: %s", f->path, f->x.error_pos.line, f->x.error_pos.col,
                f->x.error);
        return false;
    }
    f->read = true;
    L->nread++;
    L->nchecked += f->x.n;
    if (f->x.n || f->x.sup.n) {
        f->cfg = config_for(L, f->path);
        if (f->cfg)
            f->rel = cwf_config_rel(f->cfg, f->path);
    }
    size_t *it = cwf_xcalloc(f->x.n + 1, sizeof *it), *flt = cwf_xcalloc(f->x.n + 1, sizeof *flt);
    size_t n = 0;
    for (size_t i = 0; i < f->x.n; i++) {
        size_t k = lint_filter(L, fi, i);
        if (k != SIZE_MAX) {
            it[n] = k;
            flt[n++] = i;
        }
    }
    if (L->fixes && n)
        file_fixes(L, fi, data, len, it, flt, n);
    free(it);
    free(flt);
    for (size_t i = 0; i < f->x.ndups; i++)
        dup_key(L, &f->x.dups[i]);
    return true;
}

static bool read_one(lint *L, size_t fi)
{
    lfile *f = &L->files[fi];
    cwf_buf data = CWF_BUF_INIT;
    const char *name = strcmp(f->path, "-") == 0 ? "<stdin>" : f->path;
    const char *why;
    int got = cwf_read_regular(f->path, &data, &why);
    if (got <= 0) {
        if (got == 0)
            problem(L, false, "%s: skipped: %s", name, why);
        else
            problem(L, true, "%s: %s", name, strerror(errno));
        cwf_buf_free(&data);
        return false;
    }
    if (strcmp(f->path, "-") == 0) {
        free(f->path);
        f->path = cwf_xstrdup(name);
    }
    bool ok = lint_data(L, fi, data.p ? data.p : "", data.len);
    cwf_buf_free(&data);
    return ok;
}

/* ---- coverage per log group --------------------------------------------------------- */

/* Where a finding about no filter belongs: the first trail resource of the
 * linted files (the events' origin), else the first log-group resource;
 * NULL when there is neither (the finding is then about no file). */
static const cwf_xattr *natural_place(const lint *L)
{
    static const char *const kinds[2][2] = {
        {"aws_cloudtrail", "AWS::CloudTrail::Trail"},
        {"aws_cloudwatch_log_group", "AWS::Logs::LogGroup"},
    };
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < L->nfiles; i++)
            for (size_t j = 0; L->files[i].read && j < L->files[i].x.nres; j++) {
                const cwf_xres *r = &L->files[i].x.res[j];
                if (strcmp(r->type, kinds[k][0]) == 0 || strcmp(r->type, kinds[k][1]) == 0)
                    return &r->head;
            }
    return NULL;
}

/* Adds the coverage findings of lint.h, each at its filter unless
 * suppressed there; one at no filter on the first file with a metric filter
 * (the reporters need a file). */
static void coverage(lint *L)
{
    cwf_lint_file *files = cwf_xcalloc(L->nfiles + 1, sizeof *files);
    for (size_t i = 0; i < L->nfiles; i++)
        files[i] = (cwf_lint_file){L->files[i].path, L->files[i].read ? &L->files[i].x : NULL};
    cwf_lint_filter *pats = cwf_xcalloc(L->npats + 1, sizeof *pats);
    for (size_t i = 0; i < L->npats; i++)
        pats[i] = (cwf_lint_filter){L->pats[i].file,
                                    &L->files[L->pats[i].file].x.v[L->pats[i].index],
                                    L->pats[i].ast};
    cwf_lint_findings out = {0};
    cwf_lint_coverage(files, L->nfiles, pats, L->npats, L->rules, L->nrules, NULL, &out);
    for (size_t k = 0; k < out.n; k++) {
        cwf_lint_finding *f = &out.v[k];
        if (f->at != SIZE_MAX) {
            const lpat *p = &L->pats[f->at];
            lfile *lf = &L->files[p->file];
            const cwf_filter *flt = &lf->x.v[p->index];
            filter_diags(lf, p->index, &f->d, f->group);
            where_notes(lf, flt, &f->d);
                    item_add(L, &flt->src, logical(flt), &f->d);
            continue;
        }
        const cwf_xattr *home = natural_place(L);
        for (size_t i = 0; home && i < f->d.n; i++)
            f->d.v[i].span = home->span;
        item_add(L, home ? &home->src : NULL, home ? home->value : f->group, &f->d);
    }
    cwf_lint_findings_free(&out);
    free(pats);
    free(files);
}

/* ---- the monitoring chain (chain.h) ---------------------------------------------------- */

/* Adds the chain's findings, each at the place in a file that its handle
 * (a cwf_xattr) names, the rule's id and title leading the message. */
static void chain_report(lint *L, const cwf_bench_rule *r, cwf_chain_findings *cf)
{
    for (size_t k = 0; k < cf->n; k++) {
        const cwf_chain_finding *f = &cf->v[k];
        const cwf_xattr *at = f->where;
        bool again = false; /* two log groups may lead to the same piece */
        for (size_t i = 0; i < k && !again; i++)
            again = cf->v[i].where == f->where && strcmp(cf->v[i].message, f->message) == 0;
        if (again)
            continue;
        cwf_diags d = CWF_DIAGS_INIT;
        cwf_diag *g = r ? cwf_diag_add(&d, f->rule, at->span, "%s (%s): %s", r->id, r->title,
                                       f->message)
                        : cwf_diag_add(&d, f->rule, at->span, "%s", f->message);
        g->severity = f->severity;
        for (size_t i = 0; i < f->nnotes; i++)
            cwf_diag_note(g, "%s", f->notes[i]);
        item_add(L, &at->src, NULL, &d);
    }
    cwf_chain_findings_free(cf);
}

/* Per rule, the chain from each filter that covers it on its own: alarm,
 * actions, topic, subscription; then steps 1 to 4 when a trail resource
 * is in the files.  A rule that no filter covers is coverage's (CWF404). */
static void chain(lint *L)
{
    const cwf_extract **xs = cwf_xcalloc(L->nfiles + 1, sizeof *xs);
    for (size_t i = 0; i < L->nfiles; i++)
        xs[i] = L->files[i].read ? &L->files[i].x : NULL;
    cwf_chain_iac *m = cwf_chain_iac_build(xs, L->nfiles);
    const cwf_chain *c = cwf_chain_iac_model(m);
    cwf_judge_cache *cache = cwf_judge_cache_new();
    cwf_chain_iac_filter *fs = cwf_xcalloc(L->npats + 1, sizeof *fs);
    for (size_t i = 0; i < L->npats; i++) {
        const lpat *p = &L->pats[i];
        const lfile *lf = &L->files[p->file];
        const cwf_filter *flt = &lf->x.v[p->index];
        fs[i] = (cwf_chain_iac_filter){&lf->x, flt, p->ast,
                                       p->ast ? cwf_lint_filter_label(flt) : NULL};
    }
    for (size_t k = 0; k < L->nrules; k++) {
        cwf_chain_findings cf = {0};
        cwf_chain_iac_rule(m, L->rules[k], fs, L->npats, cache, &cf, NULL, NULL);
        chain_report(L, L->rules[k], &cf);
    }
    cwf_chain_findings cf = {0};
    cwf_chain_trails(c, &cf);
    chain_report(L, NULL, &cf);
    for (size_t i = 0; i < L->npats; i++)
        free((char *)fs[i].label);
    free(fs);
    cwf_judge_cache_free(cache);
    cwf_chain_iac_free(m);
    free(xs);
}

/* ---- unused suppressions ------------------------------------------------------------- */

static void unused(lint *L, cwf_suppression *s, const char *kind)
{
    if (s->used)
        return;
    const cwf_rule *rule = s->id[0] ? cwf_rule_find(s->id) : NULL;
    if (rule && is_coverage_rule((cwf_rule_id)(rule - cwf_rules)) && !L->nrules)
        return; /* its rule was not checked in this run */
    char *what = rule ? cwf_xasprintf("%s (%s)", rule->id, rule->name) : cwf_xstrdup(s->id);
    cwf_diags d = CWF_DIAGS_INIT;
    if (!s->id[0])
        cwf_diag_add(&d, CWF_R_UNUSED_SUPPRESSION, s->span, "this %s names no rule", kind);
    else if (!cwf_sup_known(s->id))
        cwf_diag_add(&d, CWF_R_UNUSED_SUPPRESSION, s->span, "unknown rule `%s` in this %s",
                     s->id, kind);
    else if (s->origin != CWF_SUP_CONFIG && s->target == CWF_SUP_NONE)
        cwf_diag_note(cwf_diag_add(&d, CWF_R_UNUSED_SUPPRESSION, s->span,
                                   "this %s applies to no filter", kind),
                      "put it on the line just above the filter's resource or its pattern");
    else
        cwf_diag_add(&d, CWF_R_UNUSED_SUPPRESSION, s->span,
                     "unused %s: no %s diagnostic to silence", kind, what);
    free(what);
    item_add(L, &s->where, NULL, &d);
}


/* ---- the run ------------------------------------------------------------------------- */

lint *cwf_lint_run_new(void)
{
    return cwf_xcalloc(1, sizeof(lint));
}

void cwf_lint_run_config(lint *L, cwf_lint_config_mode mode, const char *path)
{
    free(L->config);
    L->cfg_mode = mode;
    L->config = mode == CWF_LINT_CFG_FILE && path ? cwf_xstrdup(path) : NULL;
    if (mode == CWF_LINT_CFG_FILE && !path)
        L->cfg_mode = CWF_LINT_CFG_NONE;
}

void cwf_lint_run_fixes(lint *L, bool on)
{
    L->fixes = on;
}

void cwf_lint_run_rule(lint *L, const cwf_bench_rule *r)
{
    for (size_t i = 0; i < L->nrules; i++)
        if (L->rules[i] == r)
            return;
    L->rules = cwf_xrealloc(L->rules, (L->nrules + 1) * sizeof *L->rules);
    L->rules[L->nrules++] = r;
}

void cwf_lint_run_paths(lint *L, const char *const *paths, size_t n, bool follow)
{
    size_t first = L->nfiles;
    walk(L, paths, n, follow);
    /* The list grows while it is read: a CDK manifest adds its templates. */
    for (size_t i = first; i < L->nfiles; i++) {
        if (!read_one(L, i))
            continue;
        for (size_t k = 0; k < L->files[i].x.ntemplates; k++) {
            char *t = cwf_xstrdup(L->files[i].x.templates[k]);
            if (!template_inside(L->files[i].real, t)) {
                problem(L, false, "%s: skipped: named by artifact %s of %s, outside "
                        "the directory of that manifest", t, L->files[i].x.stacks[k],
                        L->files[i].path);
            } else if (access(t, R_OK) != 0) {
                problem(L, true, "%s: %s, named by artifact %s, cannot be read: %s",
                        L->files[i].path, t, L->files[i].x.stacks[k], strerror(errno));
            } else {
                add_file(L, t); /* may move L->files */
            }
            free(t);
        }
    }
}

bool cwf_lint_run_buffer(lint *L, const char *name, const char *text, size_t len)
{
    if (L->nfiles == L->capfiles) {
        L->capfiles = L->capfiles ? 2 * L->capfiles : 32;
        L->files = cwf_xrealloc(L->files, L->capfiles * sizeof *L->files);
    }
    lfile *f = &L->files[L->nfiles++];
    memset(f, 0, sizeof *f);
    f->path = cwf_xstrdup(name);
    f->real = cwf_xstrdup(name);
    return lint_data(L, L->nfiles - 1, text ? text : "", len);
}

void cwf_lint_run_finish(lint *L)
{
    if (L->finished)
        return;
    L->finished = true;
    if (L->nrules) {
        coverage(L);
        chain(L);
    }
    for (size_t i = 0; i < L->nfiles; i++)
        for (size_t k = 0; k < L->files[i].x.sup.n; k++)
            unused(L, &L->files[i].x.sup.v[k],
                   L->files[i].x.sup.v[k].origin == CWF_SUP_METADATA ? "Metadata suppression"
                                                                      : "suppression comment");
    for (size_t i = 0; i < L->ncfgs; i++)
        for (size_t k = 0; L->cfgs[i]->ok && k < L->cfgs[i]->cfg.sup.n; k++)
            unused(L, &L->cfgs[i]->cfg.sup.v[k], ".cwfilter.yml entry");
}

size_t cwf_lint_run_count(const lint *L)
{
    return L->nitems;
}

const cwf_lint_item *cwf_lint_run_item(const lint *L, size_t i)
{
    return i < L->nitems ? &L->items[i] : NULL;
}

size_t cwf_lint_run_nproblems(const lint *L)
{
    return L->nproblems;
}

const cwf_lint_issue *cwf_lint_run_problem(const lint *L, size_t i)
{
    return i < L->nproblems ? &L->problems[i] : NULL;
}

size_t cwf_lint_run_nread(const lint *L)
{
    return L->nread;
}

size_t cwf_lint_run_nchecked(const lint *L)
{
    return L->nchecked;
}

size_t cwf_lint_run_nrules(const lint *L)
{
    return L->nrules;
}

void cwf_lint_run_free(lint *L)
{
    if (!L)
        return;
    for (size_t i = 0; i < L->nitems; i++) {
        cwf_diags_free(&L->items[i].d);
        cwf_host_dfix_free(L->items[i].fixes, L->items[i].nfixes);
    }
    free(L->items);
    for (size_t i = 0; i < L->nproblems; i++)
        free(L->problems[i].text);
    free(L->problems);
    for (size_t i = 0; i < L->npats; i++)
        cwf_arena_free(&L->pats[i].arena);
    cwf_arena_free(&L->kept);
    free(L->pats);
    for (size_t i = 0; i < L->nfiles; i++) {
        cwf_extract_free(&L->files[i].x);
        free(L->files[i].path);
        free(L->files[i].real);
        free(L->files[i].rel);
    }
    free(L->files);
    for (size_t i = 0; i < L->ncfgs; i++) {
        if (L->cfgs[i]->ok)
            cwf_config_free(&L->cfgs[i]->cfg);
        free(L->cfgs[i]->path);
        free(L->cfgs[i]);
    }
    free(L->cfgs);
    free(L->config);
    free(L->rules);
    free(L);
}
