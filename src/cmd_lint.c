/* cmd_lint.c: `cwfilter lint`: every filter pattern in the files people keep
 * them in, with exact positions, suppressions, and per log group coverage.
 *
 * Paths are walked by walk.h (skipping .git, node_modules and .terraform;
 * symbolic links and special files as walk.h says, skips noted); each file
 * is read by extract.h, each pattern parsed and validated (cwf_parse), and
 * with --rule or --benchmark every selected benchmark rule is checked per
 * log group by the prover.  Findings go through one report (report.h);
 * files that cannot be read or parsed are named on stderr.
 *
 * Decisions:
 * - Exit codes as ruff and shellcheck: 0 nothing at or above --fail-on, 1
 *   findings, 2 an option or a file that could not be used (the other
 *   files are still linted and reported).  --fail-on defaults to warning,
 *   so that notes (CWF401) never fail a build.
 * - A pattern with a part that cannot be resolved offline is not parsed:
 *   any syntax error in it could come from the value the part takes.
 *   CWF401 names the parts and says the syntax was not checked.
 * - Coverage: metric filters that parse without error are grouped by log
 *   group: its name, or a reference scoped to where it means one thing (the
 *   template; for Terraform, the module directory), a reference to a log
 *   group defined there with a literal name being that name.  A group is
 *   fine when one filter covers the rule.  Otherwise, if some filter covers
 *   a case of the rule (or nearly, with a "did you mean"), CWF403 when the
 *   filters together cover every case, else CWF404 at the closest filter
 *   with the cases it misses.  Groups with nothing related to the rule are
 *   not reported; when no group has anything related, one CWF404 says so.
 * - --benchmark cis: the built-in rules whose id starts with cis-, but for
 *   the variants of later versions (-v1.4, -v5), which --rule selects.
 * - Unused suppressions (CWF402) come last; one that names a coverage rule
 *   counts only in a run that checks coverage. */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "extract.h"
#include "parse.h"
#include "prove.h"
#include "report.h"
#include "suppress.h"
#include "walk.h"

static const char lint_help[] =
    "usage: cwfilter lint [options] [PATH...]\n"
    "\n"
    "Checks every CloudWatch Logs filter pattern found in PATHs (files or\n"
    "directories; default .): describe-metric-filters and describe-subscription-\n"
    "filters exports, CloudFormation and SAM templates (JSON, YAML), CDK cloud\n"
    "assemblies (cdk.out), Terraform .tf, .tf.json and `terraform show -json`\n"
    "plans.  Every pattern gets the syntax and validation checks; parts that\n"
    "cannot be resolved offline (${var.x}, !Ref, ...) are reported, not guessed.\n"
    "\n"
    "  -r, --rule ID          also check that, on each log group, one metric filter\n"
    "                         covers the benchmark rule ID (repeatable; see\n"
    "                         `cwfilter rules`)\n"
    "  -b, --benchmark cis    all the CIS metric-filter rules\n"
    "  -F, --format FMT       text (default), json, sarif, github\n"
    "      --fail-on SEV      exit 1 on findings at or above error, warning\n"
    "                         (default) or note\n"
    "      --exit-zero        exit 0 even with findings (2 still means trouble)\n"
    "      --color WHEN       auto (default: only on a terminal, never when\n"
    "                         NO_COLOR is set), always (even then), never\n"
    "      --config FILE      suppressions from FILE instead of the nearest\n"
    "                         .cwfilter.yml above each linted file\n"
    "      --no-config        no .cwfilter.yml at all\n"
    "      --follow           walk symbolic links to directories inside PATHs\n"
    "  -h, --help             this help\n"
    "\n"
    "Suppress a finding with a comment just above the resource or its pattern\n"
    "(`# cwfilter-ignore: CWF210 -- reason`), with CloudFormation Metadata\n"
    "(`cwfilter: {ignore: [{id: CWF210, reason: ...}]}`), or in .cwfilter.yml\n"
    "(`ignore: [{id, path, resource, filter, log_group, reason}]`).\n"
    "\n"
    "Exit: 0 nothing at or above --fail-on, 1 findings, 2 a file or option\n"
    "that could not be used.\n";

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

/* The filters on one log group. */
typedef struct lgroup {
    char *key, *display;
    size_t *pats;        /* indexes into lint.pats */
    size_t n;
} lgroup;

typedef struct lint {
    const cwf_bench_rule **rules;
    size_t nrules;
    cwf_format fmt;
    cwf_severity fail_on;
    bool exit_zero;
    int color;           /* -1 auto, 0 never, 1 always */
    const char *config;  /* --config */
    bool no_config;
    bool follow;         /* --follow */

    lfile *files;
    size_t nfiles, capfiles;
    config_slot **cfgs;  /* one allocation each: files point into them */
    size_t ncfgs;
    lpat *pats;
    size_t npats, cappats;
    cwf_report *rep;
    size_t nread;        /* files read, */
    size_t nchecked;     /* and the filter patterns found in them */
    int status;          /* CWF_EXIT_ERROR once something could not be used */
} lint;

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

/* Walks the PATHs (walk.h): files to read, skips noted on stderr. */
static void walk(lint *L, const char *const *roots, size_t n)
{
    cwf_walk w = CWF_WALK_INIT;
    cwf_walk_opts o = {.follow = L->follow, .want = wanted};
    cwf_walk_run(&w, roots, n, &o);
    for (size_t i = 0; i < w.n; i++) {
        const cwf_walk_entry *e = &w.v[i];
        if (e->kind == CWF_WALK_FILE) {
            add_file(L, e->path);
        } else {
            char *shown = cwf_escape_controls(e->path);
            fprintf(stderr, "cwfilter: %s: %s%s\n", shown,
                    e->kind == CWF_WALK_NOTE ? "skipped: " : "", e->text);
            free(shown);
            if (e->kind != CWF_WALK_NOTE)
                L->status = CWF_EXIT_ERROR;
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
    if (L->no_config)
        return NULL;
    char *found = L->config ? cwf_xstrdup(L->config) : cwf_config_find(path);
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
            fprintf(stderr, "cwfilter: %s:%u:%u: %s\n", found, at.line, at.col, err);
        else
            fprintf(stderr, "cwfilter: %s: %s\n", found, err);
        free(err);
        L->status = CWF_EXIT_ERROR;
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
    cwf_report_add(L->rep, &k->key, NULL, &d);
    cwf_diags_free(&d);
}

static void lint_filter(lint *L, size_t fi, size_t i)
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
        ast = cwf_parse(flt->src.text, flt->src.len, &arena, &d);
    }
    bool clean = ast && cwf_diags_count(&d, CWF_ERROR) == 0;
    filter_diags(f, i, &d, NULL);
    where_notes(f, flt, &d);
    cwf_diags_sort(&d);
    cwf_report_add(L->rep, &flt->src, logical(flt), &d);
    cwf_diags_free(&d);
    if (L->nrules && clean && flt->kind == CWF_METRIC_FILTER) {
        if (L->npats == L->cappats) {
            L->cappats = L->cappats ? 2 * L->cappats : 64;
            L->pats = cwf_xrealloc(L->pats, L->cappats * sizeof *L->pats);
        }
        L->pats[L->npats++] = (lpat){fi, i, arena, ast};
    } else {
        cwf_arena_free(&arena);
    }
}

static bool read_one(lint *L, size_t fi)
{
    lfile *f = &L->files[fi];
    cwf_buf data = CWF_BUF_INIT;
    const char *name = strcmp(f->path, "-") == 0 ? "<stdin>" : f->path;
    const char *why;
    int got = cwf_read_regular(f->path, &data, &why);
    if (got <= 0) {
        char *shown = cwf_escape_controls(name);
        if (got == 0)
            fprintf(stderr, "cwfilter: %s: skipped: %s\n", shown, why);
        else
            fprintf(stderr, "cwfilter: %s: %s\n", shown, strerror(errno));
        free(shown);
        cwf_buf_free(&data);
        L->status = got == 0 ? L->status : CWF_EXIT_ERROR;
        return false;
    }
    if (strcmp(f->path, "-") == 0) {
        free(f->path);
        f->path = cwf_xstrdup(name);
    }
    bool ok = cwf_extract_buf(f->path, data.p ? data.p : "", data.len, &f->x);
    cwf_buf_free(&data);
    if (!ok) {
        char *shown = cwf_escape_controls(f->path), *err = cwf_escape_controls(f->x.error);
        fprintf(stderr, "cwfilter: %s:%u:%u: %s\n", shown, f->x.error_pos.line,
                f->x.error_pos.col, err);
        free(shown);
        free(err);
        L->status = CWF_EXIT_ERROR;
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
    for (size_t i = 0; i < f->x.n; i++)
        lint_filter(L, fi, i);
    for (size_t i = 0; i < f->x.ndups; i++)
        dup_key(L, &f->x.dups[i]);
    return true;
}

/* ---- coverage per log group --------------------------------------------------------- */

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
static const char *tf_resolve(const lint *L, const lfile *f, const char *ref)
{
    char *dir = dir_of(f->path);
    const char *name = NULL;
    for (size_t i = 0; i < L->nfiles && !name; i++) {
        const lfile *g = &L->files[i];
        if (!g->read || !terraform(g->x.host))
            continue;
        char *gd = dir_of(g->path);
        if (strcmp(gd, dir) == 0)
            for (size_t k = 0; k < g->x.ndefs && !name; k++)
                if (strcmp(g->x.defs[k].ref, ref) == 0)
                    name = g->x.defs[k].name;
        free(gd);
    }
    free(dir);
    return name;
}

/* The key that identifies a filter's log group: its name, or a reference
 * scoped to where it means the same thing (the template, the module). */
static char *group_key(const lint *L, const lfile *f, const cwf_filter *flt, char **display)
{
    const char *g = flt->log_group;
    if (!g) {
        *display = cwf_xasprintf("(unknown, in %s)", f->path);
        return cwf_xasprintf("file:%s", f->path);
    }
    if (flt->log_group_ref && terraform(f->x.host)) {
        const char *n = tf_resolve(L, f, g);
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

static const char *filter_label(const cwf_filter *flt)
{
    return flt->name ? flt->name : flt->resource ? flt->resource : "the filter";
}

static const cwf_filter *pat_filter(const lint *L, const lpat *p)
{
    return &L->files[p->file].x.v[p->index];
}

/* Adds a coverage finding at pattern p unless suppressed there. */
static void coverage_diag(lint *L, const lpat *p, const char *group, cwf_diags *d)
{
    lfile *f = &L->files[p->file];
    const cwf_filter *flt = &f->x.v[p->index];
    filter_diags(f, p->index, d, group);
    where_notes(f, flt, d);
    cwf_report_add(L->rep, &flt->src, logical(flt), d);
    cwf_diags_free(d);
}

/* What the filters of one group do for one rule. */
typedef struct gresult {
    bool covered;        /* one filter covers the rule */
    bool related;        /* some filter covers a case, or nearly */
} gresult;

static gresult check_group(lint *L, const cwf_bench_rule *rule, const lgroup *grp)
{
    gresult res = {0};
    size_t n = grp->n, best = 0, ncases = 0;
    cwf_proof *pf = cwf_xcalloc(n, sizeof *pf);
    size_t *cov = cwf_xcalloc(n, sizeof *cov);
    for (size_t i = 0; i < n; i++) {
        const lpat *p = &L->pats[grp->pats[i]];
        res.covered |= cwf_check_rule(p->ast, rule, &pf[i]) == CWF_COVERS;
        if (pf[i].ncases > ncases)
            ncases = pf[i].ncases;
        size_t hints = 0;
        for (size_t c = 0; c < pf[i].ncases; c++) {
            cov[i] += pf[i].cases[c].covered;
            hints += !pf[i].cases[c].covered && pf[i].cases[c].suggestion;
        }
        res.related |= cov[i] > 0 || hints > 0;
        if (cov[i] > cov[best])
            best = i;
    }
    if (!res.covered && res.related) {
        const cwf_proof *pb = &pf[best];
        const lpat *bp = &L->pats[grp->pats[best]];
        const cwf_filter *bf = pat_filter(L, bp);
        /* Do the filters together cover every case? */
        bool together = ncases > 0 && n > 1;
        for (size_t c = 0; c < ncases && together; c++) {
            bool any = false;
            for (size_t i = 0; i < n && !any; i++)
                any = c < pf[i].ncases && pf[i].cases[c].covered;
            together = any;
        }
        cwf_span span = {0, (uint32_t)bf->src.len};
        for (size_t c = 0; c < pb->ncases; c++)
            if (!pb->cases[c].covered && pb->cases[c].span.end > pb->cases[c].span.start) {
                span = pb->cases[c].span;
                break;
            }
        cwf_diags d = CWF_DIAGS_INIT;
        cwf_diag *g;
        if (together) {
            g = cwf_diag_add(&d, CWF_R_NEEDS_ONE_FILTER, span,
                             "log group %s: only several filters together cover %s (%s); "
                             "the benchmark needs one metric filter", grp->display, rule->id,
                             rule->title);
            for (size_t i = 0; i < n; i++) {
                const cwf_filter *f = pat_filter(L, &L->pats[grp->pats[i]]);
                cwf_pos at = cwf_source_pos(&f->src, 0);
                cwf_diag_note(g, "%s (%s:%u:%u) covers %zu of %zu cases", filter_label(f),
                              f->src.name, at.line, at.col, cov[i], ncases);
            }
            cwf_diag_note(g, "merge the patterns with || into one filter, with one alarm on its metric");
        } else {
            g = cwf_diag_add(&d, CWF_R_GROUP_NOT_COVERED, span,
                             "log group %s: no metric filter covers %s (%s); the closest, %s, "
                             "covers %zu of %zu cases", grp->display, rule->id, rule->title,
                             filter_label(bf), cov[best], ncases);
            size_t shown = 0, missing = 0;
            for (size_t c = 0; c < pb->ncases; c++) {
                const cwf_case *k = &pb->cases[c];
                if (k->covered)
                    continue;
                missing++;
                if (shown < 5) {
                    cwf_diag_note(g, "%s: %s", k->label, k->reason ? k->reason : "not covered");
                    shown++;
                }
                if (k->suggestion && !g->suggestion)
                    cwf_diag_suggest(g, "%s", k->suggestion);
            }
            if (missing > shown)
                cwf_diag_note(g, "and %zu more cases", missing - shown);
            if (pb->verdict == CWF_UNKNOWN && pb->reason)
                cwf_diag_note(g, "the prover could not decide: %s", pb->reason);
            if (pb->counterexample)
                cwf_diag_note(g, "an event that slips through: %s", pb->counterexample);
            if (pb->assumes)
                cwf_diag_note(g, "%s", pb->assumes);
        }
        coverage_diag(L, bp, grp->display, &d);
    }
    for (size_t i = 0; i < n; i++)
        cwf_proof_free(&pf[i]);
    free(pf);
    free(cov);
    return res;
}

static void coverage(lint *L)
{
    /* Groups in the order their first filter was met. */
    lgroup *gs = NULL;
    size_t ng = 0;
    for (size_t i = 0; i < L->npats; i++) {
        char *display;
        char *key = group_key(L, &L->files[L->pats[i].file], pat_filter(L, &L->pats[i]), &display);
        size_t g = 0;
        while (g < ng && strcmp(gs[g].key, key) != 0)
            g++;
        if (g == ng) {
            gs = cwf_xrealloc(gs, (ng + 1) * sizeof *gs);
            gs[ng++] = (lgroup){key, display, NULL, 0};
        } else {
            free(key);
            free(display);
        }
        gs[g].pats = cwf_xrealloc(gs[g].pats, (gs[g].n + 1) * sizeof *gs[g].pats);
        gs[g].pats[gs[g].n++] = i;
    }
    for (size_t r = 0; r < L->nrules; r++) {
        bool covered = false, related = false;
        for (size_t g = 0; g < ng; g++) {
            gresult res = check_group(L, L->rules[r], &gs[g]);
            covered |= res.covered;
            related |= res.related;
        }
        if (covered || related)
            continue;
        /* Nothing on any log group is even close: say it once, about the
         * first file with a metric filter rather than about an unrelated
         * filter. */
        cwf_diags d = CWF_DIAGS_INIT;
        cwf_diag *g = cwf_diag_add(&d, CWF_R_GROUP_NOT_COVERED, (cwf_span){0, 0},
                                   "no metric filter in the linted files covers %s (%s)",
                                   L->rules[r]->id, L->rules[r]->title);
        if (L->npats)
            cwf_diag_note(g, "none of the %zu metric filters checked catches any event the rule "
                             "requires", L->npats);
        else
            cwf_diag_note(g, "no metric filter pattern could be checked");
        const char *file = L->npats ? L->files[L->pats[0].file].path
                                    : L->nfiles ? L->files[0].path : ".";
        cwf_source src = {file, "", 0, NULL};
        cwf_report_add(L->rep, &src, NULL, &d);
        cwf_diags_free(&d);
    }
    for (size_t g = 0; g < ng; g++) {
        free(gs[g].key);
        free(gs[g].display);
        free(gs[g].pats);
    }
    free(gs);
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
    cwf_report_add(L->rep, &s->where, NULL, &d);
    cwf_diags_free(&d);
}

/* ---- summary ------------------------------------------------------------------------- */

/* The last line of a text report, on stderr: what was looked at and what
 * was found, so that "clean" and "looked at nothing" differ. */
static void summary(const lint *L)
{
    size_t e = cwf_report_count(L->rep, CWF_ERROR);
    size_t w = cwf_report_count(L->rep, CWF_WARNING) - e;
    size_t n = cwf_report_count(L->rep, CWF_NOTE) - e - w;
    cwf_buf b = CWF_BUF_INIT;
    cwf_buf_printf(&b, "cwfilter lint: %zu file%s read, ", L->nread, L->nread == 1 ? "" : "s");
    if (L->nchecked)
        cwf_buf_printf(&b, "%zu pattern%s checked", L->nchecked, L->nchecked == 1 ? "" : "s");
    else
        cwf_buf_puts(&b, "no filter pattern found");
    const char *sep = ": ";
    if (e) {
        cwf_buf_printf(&b, "%s%zu error%s", sep, e, e == 1 ? "" : "s");
        sep = ", ";
    }
    if (w) {
        cwf_buf_printf(&b, "%s%zu warning%s", sep, w, w == 1 ? "" : "s");
        sep = ", ";
    }
    if (n)
        cwf_buf_printf(&b, "%s%zu note%s", sep, n, n == 1 ? "" : "s");
    else if (!e && !w && L->nchecked)
        cwf_buf_puts(&b, ": no findings");
    fprintf(stderr, "%s\n", cwf_buf_str(&b));
    cwf_buf_free(&b);
}

/* ---- options ------------------------------------------------------------------------- */

static bool add_rule(lint *L, const cwf_bench_rule *r)
{
    for (size_t i = 0; i < L->nrules; i++)
        if (L->rules[i] == r)
            return true;
    L->rules = cwf_xrealloc(L->rules, (L->nrules + 1) * sizeof *L->rules);
    L->rules[L->nrules++] = r;
    return true;
}

/* "cis-x-v1.4", "cis-x-v5": a later version's variant of control cis-x,
 * which --benchmark leaves to an explicit --rule. */
static bool version_variant(const char *id)
{
    const char *v = strrchr(id, '-');
    return v && v[1] == 'v' && v[2] >= '0' && v[2] <= '9';
}

static int options(lint *L, int argc, char **argv)
{
    enum { O_FAIL_ON = 256, O_COLOR, O_CONFIG, O_NO_CONFIG, O_EXIT_ZERO, O_FOLLOW };
    static const struct option opts[] = {
        {"rule", required_argument, NULL, 'r'},
        {"benchmark", required_argument, NULL, 'b'},
        {"format", required_argument, NULL, 'F'},
        {"fail-on", required_argument, NULL, O_FAIL_ON},
        {"exit-zero", no_argument, NULL, O_EXIT_ZERO},
        {"color", required_argument, NULL, O_COLOR},
        {"config", required_argument, NULL, O_CONFIG},
        {"no-config", no_argument, NULL, O_NO_CONFIG},
        {"follow", no_argument, NULL, O_FOLLOW},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    optind = 1;
    while ((c = cwf_cli_getopt("lint", false, argc, argv, "r:b:F:h", opts)) != -1) {
        switch (c) {
        case 'r': {
            const cwf_bench_rule *r = cwf_bench_rule_find(optarg);
            if (!r)
                return cwf_cli_usage_error("lint", "unknown rule '%s' (see `cwfilter rules`)", optarg);
            add_rule(L, r);
            break;
        }
        case 'b': {
            if (strcasecmp(optarg, "cis") != 0)
                return cwf_cli_usage_error("lint", "unknown benchmark '%s' (known: cis)", optarg);
            size_t before = L->nrules;
            for (size_t i = 0; i < cwf_bench_nrules; i++)
                if (strncasecmp(cwf_bench_rules[i].id, "cis-", 4) == 0 &&
                    !version_variant(cwf_bench_rules[i].id))
                    add_rule(L, &cwf_bench_rules[i]);
            if (L->nrules == before)
                return cwf_cli_usage_error("lint", "no CIS rules are built in");
            break;
        }
        case 'F':
            if (!cwf_format_parse(optarg, &L->fmt))
                return cwf_cli_usage_error("lint", "unknown format '%s' (text, json, sarif, github)",
                                           optarg);
            break;
        case O_FAIL_ON:
            if (strcmp(optarg, "error") == 0)
                L->fail_on = CWF_ERROR;
            else if (strcmp(optarg, "warning") == 0)
                L->fail_on = CWF_WARNING;
            else if (strcmp(optarg, "note") == 0)
                L->fail_on = CWF_NOTE;
            else
                return cwf_cli_usage_error("lint", "--fail-on takes error, warning or note");
            break;
        case O_EXIT_ZERO:
            L->exit_zero = true;
            break;
        case O_COLOR:
            if (strcmp(optarg, "auto") == 0)
                L->color = -1;
            else if (strcmp(optarg, "always") == 0)
                L->color = 1;
            else if (strcmp(optarg, "never") == 0)
                L->color = 0;
            else
                return cwf_cli_usage_error("lint", "--color takes auto, always or never");
            break;
        case O_CONFIG:
            L->config = optarg;
            break;
        case O_NO_CONFIG:
            L->no_config = true;
            break;
        case O_FOLLOW:
            L->follow = true;
            break;
        case 'h':
            fputs(lint_help, stdout);
            return CWF_EXIT_OK;
        default:
            return CWF_EXIT_ERROR;
        }
    }
    return -1;
}

int cwf_cmd_lint(int argc, char **argv)
{
    lint L = {.fmt = CWF_FMT_TEXT, .fail_on = CWF_WARNING, .color = -1};
    int rc = options(&L, argc, argv);
    if (rc >= 0) {
        free(L.rules);
        return rc;
    }
    if (L.config && access(L.config, R_OK) != 0) {
        fprintf(stderr, "cwfilter: %s: %s\n", L.config, strerror(errno));
        free(L.rules);
        return CWF_EXIT_ERROR;
    }
    static const char *const here[] = {"."};
    if (optind == argc)
        walk(&L, here, 1);
    else
        walk(&L, (const char *const *)argv + optind, (size_t)(argc - optind));
    L.rep = cwf_report_new();
    /* The list grows while it is read: a CDK manifest adds its templates. */
    for (size_t i = 0; i < L.nfiles; i++) {
        if (!read_one(&L, i))
            continue;
        for (size_t k = 0; k < L.files[i].x.ntemplates; k++) {
            char *t = cwf_xstrdup(L.files[i].x.templates[k]);
            if (!template_inside(L.files[i].real, t)) {
                fprintf(stderr, "cwfilter: %s: skipped: named by artifact %s of %s, outside "
                        "the directory of that manifest\n", t, L.files[i].x.stacks[k],
                        L.files[i].path);
            } else if (access(t, R_OK) != 0) {
                fprintf(stderr, "cwfilter: %s: %s, named by artifact %s, cannot be read: %s\n",
                        L.files[i].path, t, L.files[i].x.stacks[k], strerror(errno));
                L.status = CWF_EXIT_ERROR;
            } else {
                add_file(&L, t); /* may move L.files */
            }
            free(t);
        }
    }
    if (L.nrules)
        coverage(&L);
    for (size_t i = 0; i < L.nfiles; i++)
        for (size_t k = 0; k < L.files[i].x.sup.n; k++)
            unused(&L, &L.files[i].x.sup.v[k],
                   L.files[i].x.sup.v[k].origin == CWF_SUP_METADATA ? "Metadata suppression"
                                                                     : "suppression comment");
    for (size_t i = 0; i < L.ncfgs; i++)
        for (size_t k = 0; L.cfgs[i]->ok && k < L.cfgs[i]->cfg.sup.n; k++)
            unused(&L, &L.cfgs[i]->cfg.sup.v[k], ".cwfilter.yml entry");

    bool color = L.fmt == CWF_FMT_TEXT && (L.color == 1 || (L.color == -1 && cwf_want_color(1)));
    cwf_report_write(L.rep, L.fmt, stdout, color);
    fflush(stdout);
    if (L.fmt == CWF_FMT_TEXT)
        summary(&L);
    if (L.status == 0 && !L.exit_zero && cwf_report_count(L.rep, L.fail_on) > 0)
        L.status = CWF_EXIT_FINDINGS;

    cwf_report_free(L.rep);
    for (size_t i = 0; i < L.npats; i++)
        cwf_arena_free(&L.pats[i].arena);
    free(L.pats);
    for (size_t i = 0; i < L.nfiles; i++) {
        cwf_extract_free(&L.files[i].x);
        free(L.files[i].path);
        free(L.files[i].real);
        free(L.files[i].rel);
    }
    free(L.files);
    for (size_t i = 0; i < L.ncfgs; i++) {
        if (L.cfgs[i]->ok)
            cwf_config_free(&L.cfgs[i]->cfg);
        free(L.cfgs[i]->path);
        free(L.cfgs[i]);
    }
    free(L.cfgs);
    free(L.rules);
    return L.status;
}
