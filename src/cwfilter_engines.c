/* cwfilter_engines.c: the public API (cwfilter.h) of the engines over the
 * pattern stages: lint (lint_run.h), audit (audit.h) and sql (sql.h).  Like cwfilter.c it
 * only translates: arguments checked, internal results turned into
 * cwf_finding and cwf_diagnostic views owned by the handle. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cwfilter.h"
#include "cwfilter_impl.h"
#include "audit.h"
#include "judge.h"
#include "lint_run.h"
#include "sql.h"
#include "walk.h"

/* ---- findings ------------------------------------------------------------ */

void cwf_api_finding_views(const cwf_lint_item *items, size_t n, cwf_finding **v,
                           cwf_diagnostic **dv, size_t *nv)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += items[i].d.n;
    *v = cwf_xcalloc(total + 1, sizeof **v);
    *dv = cwf_xcalloc(total + 1, sizeof **dv);
    *nv = 0;
    for (size_t i = 0; i < n; i++) {
        const cwf_lint_item *it = &items[i];
        for (size_t k = 0; k < it->d.n; k++) {
            const cwf_diag *g = &it->d.v[k];
            cwf_diagnostic *o = &(*dv)[*nv];
            cwf_finding *f = &(*v)[(*nv)++];
            f->diag = o;
            o->rule_id = cwf_rules[g->rule].id;
            o->rule_name = cwf_rules[g->rule].name;
            o->level = cwf_api_level(g->severity);
            o->start = g->span.start;
            o->end = g->span.end;
            cwf_pos a = cwf_source_pos(&it->src, g->span.start);
            cwf_pos z = cwf_source_pos(&it->src, g->span.end);
            o->line = it->nowhere ? 0 : a.line;
            o->column = it->nowhere ? 0 : a.col;
            o->end_line = it->nowhere ? 0 : z.line;
            o->end_column = it->nowhere ? 0 : z.col;
            o->message = g->message;
            o->suggestion = g->suggestion;
            o->notes = (const char *const *)g->notes;
            o->nnotes = g->nnotes;
            f->file = it->nowhere ? NULL : it->src.name;
            f->logical = it->logical;
            f->text = it->src.text ? it->src.text : "";
            f->len = it->src.len;
        }
    }
}

/* ---- lint ---------------------------------------------------------------- */

struct cwf_lint {
    cwf_lint_run *run;
    bool has_files;      /* a file was added: rules and config are fixed */
    bool judged;
    cwf_finding *views;  /* built by cwf_lint_judge */
    cwf_diagnostic *dviews;
    size_t nviews;
};

const cwf_lint_run *cwf_lint_run_of(const cwf_lint *l)
{
    return l->run;
}

CWF_API cwf_status cwf_lint_new(cwf_lint **out)
{
    if (!out)
        return CWF_STATUS_INVALID_ARGUMENT;
    cwf_lint *l = cwf_xcalloc(1, sizeof *l);
    l->run = cwf_lint_run_new();
    *out = l;
    return CWF_STATUS_OK;
}

CWF_API cwf_status cwf_lint_set_config(cwf_lint *l, cwf_lint_config how, const char *path)
{
    if (!l || l->has_files || l->judged || (how == CWF_LINT_CONFIG_FILE && !path))
        return CWF_STATUS_INVALID_ARGUMENT;
    switch (how) {
    case CWF_LINT_CONFIG_NONE: cwf_lint_run_config(l->run, CWF_LINT_CFG_NONE, NULL); break;
    case CWF_LINT_CONFIG_NEAREST: cwf_lint_run_config(l->run, CWF_LINT_CFG_NEAREST, NULL); break;
    case CWF_LINT_CONFIG_FILE: cwf_lint_run_config(l->run, CWF_LINT_CFG_FILE, path); break;
    default: return CWF_STATUS_INVALID_ARGUMENT;
    }
    return CWF_STATUS_OK;
}

CWF_API cwf_status cwf_lint_want_fixes(cwf_lint *l, bool on)
{
    if (!l || l->has_files || l->judged)
        return CWF_STATUS_INVALID_ARGUMENT;
    cwf_lint_run_fixes(l->run, on);
    return CWF_STATUS_OK;
}

CWF_API cwf_status cwf_lint_add_rule(cwf_lint *l, const char *id)
{
    if (!l || !id || l->has_files || l->judged)
        return CWF_STATUS_INVALID_ARGUMENT;
    const cwf_bench_rule *r = cwf_bench_rule_find(id);
    if (!r)
        return CWF_STATUS_UNKNOWN_RULE;
    cwf_lint_run_rule(l->run, r);
    return CWF_STATUS_OK;
}

CWF_API cwf_status cwf_lint_add_benchmark(cwf_lint *l, const char *version, const char **label)
{
    if (label)
        *label = NULL;
    if (!l || !version || l->has_files || l->judged)
        return CWF_STATUS_INVALID_ARGUMENT;
    const cwf_bench_rule **v = cwf_xcalloc(cwf_bench_nrules + 1, sizeof *v);
    const char *name = NULL;
    size_t n = cwf_bench_version(version, v, &name);
    for (size_t i = 0; i < n; i++)
        cwf_lint_run_rule(l->run, v[i]);
    free(v);
    if (n == 0)
        return CWF_STATUS_UNKNOWN_RULE;
    if (label)
        *label = name;
    return CWF_STATUS_OK;
}

CWF_API cwf_status cwf_lint_add_buffer(cwf_lint *l, const char *filename, const char *text,
                                       size_t len)
{
    if (!l || !filename || (!text && len) || l->judged)
        return CWF_STATUS_INVALID_ARGUMENT;
    l->has_files = true;
    return cwf_lint_run_buffer(l->run, filename, text, len) ? CWF_STATUS_OK
                                                            : CWF_STATUS_BAD_INPUT;
}

CWF_API cwf_status cwf_lint_add_paths(cwf_lint *l, const char *const *paths, size_t n,
                                      bool follow)
{
    if (!l || (!paths && n) || l->judged)
        return CWF_STATUS_INVALID_ARGUMENT;
    for (size_t i = 0; i < n; i++)
        if (!paths[i])
            return CWF_STATUS_INVALID_ARGUMENT;
    l->has_files = true;
    cwf_lint_run_paths(l->run, paths, n, follow);
    return CWF_STATUS_OK;
}

CWF_API cwf_status cwf_lint_judge(cwf_lint *l)
{
    if (!l)
        return CWF_STATUS_INVALID_ARGUMENT;
    if (l->judged)
        return CWF_STATUS_OK;
    l->judged = true;
    cwf_lint_run_finish(l->run);
    size_t n = cwf_lint_run_count(l->run);
    cwf_api_finding_views(n ? cwf_lint_run_item(l->run, 0) : NULL, n, &l->views, &l->dviews,
                          &l->nviews);
    return CWF_STATUS_OK;
}

CWF_API size_t cwf_lint_finding_count(const cwf_lint *l)
{
    return l ? l->nviews : 0;
}

CWF_API const cwf_finding *cwf_lint_finding(const cwf_lint *l, size_t i)
{
    return l && i < l->nviews ? &l->views[i] : NULL;
}

CWF_API size_t cwf_lint_problem_count(const cwf_lint *l)
{
    return l ? cwf_lint_run_nproblems(l->run) : 0;
}

CWF_API const char *cwf_lint_problem(const cwf_lint *l, size_t i, bool *is_error)
{
    const cwf_lint_issue *p = l ? cwf_lint_run_problem(l->run, i) : NULL;
    if (is_error)
        *is_error = p && p->error;
    return p ? p->text : NULL;
}

CWF_API size_t cwf_lint_files_read(const cwf_lint *l)
{
    return l ? cwf_lint_run_nread(l->run) : 0;
}

CWF_API size_t cwf_lint_patterns_found(const cwf_lint *l)
{
    return l ? cwf_lint_run_nchecked(l->run) : 0;
}

CWF_API size_t cwf_lint_rule_count(const cwf_lint *l)
{
    return l ? cwf_lint_run_nrules(l->run) : 0;
}

CWF_API void cwf_lint_free(cwf_lint *l)
{
    if (!l)
        return;
    cwf_lint_run_free(l->run);
    free(l->views);
    free(l->dviews);
    free(l);
}

/* ---- sql ----------------------------------------------------------------- */

struct cwf_sql_job {
    cwf_sql_options o;
    char *table, *column, *count_by; /* owned copies behind o's pointers */
    char *text;                      /* the last query, or NULL */
    cwf_diags diags;
    cwf_diagnostic *views;
    size_t nviews;
};

CWF_API cwf_status cwf_sql_new(cwf_sql_job **out)
{
    if (!out)
        return CWF_STATUS_INVALID_ARGUMENT;
    cwf_sql_job *j = cwf_xcalloc(1, sizeof *j);
    j->o = (cwf_sql_options)CWF_SQL_OPTIONS_INIT;
    *out = j;
    return CWF_STATUS_OK;
}

/* Replaces *slot with a copy of value (NULL stays NULL) and returns it. */
static const char *own(char **slot, const char *value)
{
    free(*slot);
    *slot = value ? cwf_xstrdup(value) : NULL;
    return *slot;
}

CWF_API cwf_status cwf_sql_set(cwf_sql_job *j, const char *key, const char *value)
{
    if (!j || !key)
        return CWF_STATUS_INVALID_ARGUMENT;
    if (strcmp(key, "dialect") == 0) {
        if (!value || strcmp(value, "duckdb") == 0)
            j->o.dialect = CWF_SQL_DUCKDB;
        else if (strcmp(value, "athena") == 0)
            j->o.dialect = CWF_SQL_ATHENA;
        else
            return CWF_STATUS_INVALID_ARGUMENT;
    } else if (strcmp(key, "source") == 0) {
        if (!value || strcmp(value, "json-text") == 0)
            j->o.source = CWF_SQL_JSON_TEXT;
        else if (strcmp(value, "cloudtrail-table") == 0)
            j->o.source = CWF_SQL_CLOUDTRAIL_TABLE;
        else
            return CWF_STATUS_INVALID_ARGUMENT;
    } else if (strcmp(key, "table") == 0) {
        j->o.table = own(&j->table, value);
    } else if (strcmp(key, "column") == 0) {
        j->o.column = own(&j->column, value);
    } else if (strcmp(key, "count-by") == 0) {
        j->o.count_by = own(&j->count_by, value);
    } else {
        return CWF_STATUS_INVALID_ARGUMENT;
    }
    return CWF_STATUS_OK;
}

CWF_API cwf_status cwf_sql_set_period(cwf_sql_job *j, unsigned seconds)
{
    if (!j || seconds > 366u * 86400)
        return CWF_STATUS_INVALID_ARGUMENT;
    j->o.period = seconds;
    return CWF_STATUS_OK;
}

CWF_API cwf_status cwf_sql_run(cwf_sql_job *j, const cwf_parsed *p)
{
    if (!j || !p)
        return CWF_STATUS_INVALID_ARGUMENT;
    free(j->text);
    j->text = NULL;
    cwf_diags_free(&j->diags);
    free(j->views);
    j->views = NULL;
    j->nviews = 0;
    if (!p->ok)
        return CWF_STATUS_BAD_PATTERN;
    cwf_buf out = CWF_BUF_INIT;
    bool ok = cwf_sql_query(p->p, &j->o, &out, &j->diags);
    if (ok) {
        cwf_buf_str(&out);
        j->text = cwf_buf_take(&out);
    } else {
        cwf_buf_free(&out);
    }
    cwf_diags_sort(&j->diags);
    cwf_api_views_add(&j->views, &j->nviews, &j->diags, p->text, p->len);
    return ok ? CWF_STATUS_OK : CWF_STATUS_REFUSED;
}

CWF_API const char *cwf_sql_text(const cwf_sql_job *j)
{
    return j ? j->text : NULL;
}

CWF_API size_t cwf_sql_diag_count(const cwf_sql_job *j)
{
    return j ? j->nviews : 0;
}

CWF_API const cwf_diagnostic *cwf_sql_diag(const cwf_sql_job *j, size_t i)
{
    return j && i < j->nviews ? &j->views[i] : NULL;
}

CWF_API void cwf_sql_free(cwf_sql_job *j)
{
    if (!j)
        return;
    free(j->table);
    free(j->column);
    free(j->count_by);
    free(j->text);
    cwf_diags_free(&j->diags);
    free(j->views);
    free(j);
}

/* ---- audit --------------------------------------------------------------- */

/* Directories nest no deeper than this. */
#define AUDIT_MAX_DEPTH 32

struct cwf_audit_job {
    const cwf_bench_rule **rules;
    size_t nrules;
    cwf_bundle b;
    cwf_audit res;
    bool judged;
    cwf_lint_issue *problems;
    size_t nproblems;
    char *fallback;          /* the first path: what names a finding without a file */
    cwf_lint_item *items;    /* the findings, located (cwf_report_add_audit) */
    size_t nitems;
    char **owned;            /* logical names of the items */
    size_t nowned;
    cwf_finding *views;
    cwf_diagnostic *dviews;
    size_t nviews;
    char *rendered[3];       /* text, json, fix */
    size_t rendered_len[3];
};

const cwf_lint_item *cwf_audit_items(const cwf_audit_job *a, size_t *n)
{
    *n = a->nitems;
    return a->items;
}

static void CWF_PRINTF(3, 4) audit_problem(cwf_audit_job *a, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text = cwf_xvasprintf(fmt, ap);
    va_end(ap);
    a->problems = cwf_xrealloc(a->problems, (a->nproblems + 1) * sizeof *a->problems);
    a->problems[a->nproblems++] = (cwf_lint_issue){text, error};
}

CWF_API cwf_status cwf_audit_new(cwf_audit_job **out)
{
    if (!out)
        return CWF_STATUS_INVALID_ARGUMENT;
    *out = cwf_xcalloc(1, sizeof **out);
    return CWF_STATUS_OK;
}

static void audit_rule(cwf_audit_job *a, const cwf_bench_rule *r)
{
    a->rules = cwf_xrealloc(a->rules, (a->nrules + 1) * sizeof *a->rules);
    a->rules[a->nrules++] = r;
}

CWF_API cwf_status cwf_audit_add_rule(cwf_audit_job *a, const char *id)
{
    if (!a || !id || a->judged)
        return CWF_STATUS_INVALID_ARGUMENT;
    const cwf_bench_rule *r = cwf_bench_rule_find(id);
    if (!r)
        return CWF_STATUS_UNKNOWN_RULE;
    audit_rule(a, r); /* as --rule: given twice, audited twice */
    return CWF_STATUS_OK;
}

CWF_API cwf_status cwf_audit_add_benchmark(cwf_audit_job *a, const char *version,
                                           const char **label)
{
    if (label)
        *label = NULL;
    if (!a || !version || a->judged)
        return CWF_STATUS_INVALID_ARGUMENT;
    const cwf_bench_rule **v = cwf_xcalloc(cwf_bench_nrules + 1, sizeof *v);
    const char *name = NULL;
    size_t nv = cwf_bench_version(version, v, &name);
    for (size_t k = 0; k < nv; k++) {
        size_t d = 0;
        while (d < a->nrules && a->rules[d] != v[k])
            d++;
        if (d == a->nrules)
            audit_rule(a, v[k]);
    }
    free(v);
    if (nv == 0)
        return CWF_STATUS_UNKNOWN_RULE;
    if (label)
        *label = name;
    return CWF_STATUS_OK;
}

CWF_API cwf_status cwf_audit_add_export(cwf_audit_job *a, const char *name, const char *json,
                                        size_t len)
{
    if (!a || !name || (!json && len) || a->judged)
        return CWF_STATUS_INVALID_ARGUMENT;
    char *err = NULL;
    bool ok = cwf_bundle_add(&a->b, name, json ? json : "", len, &err);
    if (!ok)
        audit_problem(a, true, "%s: %s", name, err);
    free(err);
    return ok ? CWF_STATUS_OK : CWF_STATUS_BAD_INPUT;
}

/* Reads one file into the bundle; false (a problem says why) if it could
 * not be read or is not an export. */
static bool audit_read_one(cwf_audit_job *a, const char *path)
{
    cwf_buf buf = CWF_BUF_INIT;
    const char *why;
    int got = cwf_read_regular(path, &buf, &why);
    if (got <= 0) {
        if (got == 0)
            audit_problem(a, false, "%s: skipped: %s", path, why);
        else
            audit_problem(a, true, "%s: %s", path, strerror(errno));
        cwf_buf_free(&buf);
        return got == 0;
    }
    char *err = NULL;
    bool ok = cwf_bundle_add(&a->b, strcmp(path, "-") == 0 ? "<stdin>" : path,
                             buf.p ? buf.p : "", buf.len, &err);
    if (!ok)
        audit_problem(a, true, "%s: %s", path, err);
    free(err);
    cwf_buf_free(&buf);
    return ok;
}

static bool audit_wanted(const char *name, bool is_dir)
{
    size_t n = strlen(name);
    return name[0] != '.' && (is_dir || (n >= 5 && strcmp(name + n - 5, ".json") == 0));
}

CWF_API cwf_status cwf_audit_add_paths(cwf_audit_job *a, const char *const *paths, size_t n,
                                       bool follow)
{
    if (!a || (!paths && n) || a->judged)
        return CWF_STATUS_INVALID_ARGUMENT;
    for (size_t i = 0; i < n; i++)
        if (!paths[i])
            return CWF_STATUS_INVALID_ARGUMENT;
    if (n && !a->fallback)
        a->fallback = cwf_xstrdup(paths[0]);
    cwf_walk w = CWF_WALK_INIT;
    cwf_walk_opts o = {.follow = follow, .max_depth = AUDIT_MAX_DEPTH, .want = audit_wanted};
    cwf_walk_run(&w, paths, n, &o);
    bool ok = true;
    for (size_t i = 0; i < w.n; i++) {
        const cwf_walk_entry *e = &w.v[i];
        if (e->kind == CWF_WALK_FILE) {
            ok &= audit_read_one(a, e->path);
        } else if (e->kind == CWF_WALK_NOTE) {
            audit_problem(a, false, "%s: skipped: %s", e->path, e->text);
        } else {
            audit_problem(a, true, "%s: %s", e->path, e->text);
            ok = false;
        }
    }
    cwf_walk_free(&w);
    return ok ? CWF_STATUS_OK : CWF_STATUS_BAD_INPUT;
}

CWF_API size_t cwf_audit_export_count(const cwf_audit_job *a)
{
    return a ? a->b.n : 0;
}

CWF_API size_t cwf_audit_rule_count(const cwf_audit_job *a)
{
    return a ? a->nrules : 0;
}

CWF_API size_t cwf_audit_problem_count(const cwf_audit_job *a)
{
    return a ? a->nproblems : 0;
}

CWF_API const char *cwf_audit_problem(const cwf_audit_job *a, size_t i, bool *is_error)
{
    const cwf_lint_issue *p = a && i < a->nproblems ? &a->problems[i] : NULL;
    if (is_error)
        *is_error = p && p->error;
    return p ? p->text : NULL;
}

/* One finding at ref (or, without a file, at the job's first path). */
static void CWF_PRINTF(7, 8) audit_item(cwf_audit_job *a, const cwf_audit_ref *ref,
                                        cwf_rule_id rule, const char *logical, char **notes,
                                        size_t nnotes, const char *fmt, ...)
{
    const char *fallback = a->fallback ? a->fallback : a->b.n ? a->b.v[0].path : ".";
    cwf_source src = {ref->file ? ref->file : fallback, ref->file ? ref->text : "",
                      ref->file ? ref->len : 0, NULL};
    cwf_diags d = CWF_DIAGS_INIT;
    va_list ap;
    va_start(ap, fmt);
    char *msg = cwf_xvasprintf(fmt, ap);
    va_end(ap);
    cwf_diag *g = cwf_diag_add(&d, rule, ref->file ? ref->span : (cwf_span){0, 0}, "%s", msg);
    for (size_t i = 0; i < nnotes; i++)
        cwf_diag_note(g, "%s", notes[i]);
    free(msg);
    a->items = cwf_xrealloc(a->items, (a->nitems + 1) * sizeof *a->items);
    a->items[a->nitems++] = (cwf_lint_item){src, logical, d, NULL, 0, false};
}

/* The findings of the results: what `--format sarif` reports. */
static void audit_findings(cwf_audit_job *a)
{
    const cwf_audit *res = &a->res;
    for (size_t i = 0; i < res->n; i++) {
        const cwf_audit_result *r = &res->v[i];
        char *logical = cwf_xasprintf("%s%s%s", r->account, r->account[0] ? "/" : "", r->rule->id);
        a->owned = cwf_xrealloc(a->owned, (a->nowned + 1) * sizeof *a->owned);
        a->owned[a->nowned++] = logical;
        if (r->verdict != CWF_AUDIT_PASS) {
            char *steps[CWF_AUDIT_STEPS];
            for (int k = 0; k < CWF_AUDIT_STEPS; k++) {
                const cwf_audit_step *s = &r->steps[k];
                steps[k] = cwf_xasprintf("step %d (%s) %s: %s%s%s%s", k + 1,
                                         cwf_audit_step_name(k + 1),
                                         cwf_audit_verdict_name(s->verdict), s->text ? s->text : "",
                                         s->needs ? "; needs `" : "", s->needs ? s->needs : "",
                                         s->needs ? "`" : "");
            }
            audit_item(a, &r->steps[r->step - 1].ref, r->diag, logical, steps, CWF_AUDIT_STEPS,
                       "%s%s%s: %s", r->rule->id, r->account[0] ? " in " : "", r->account,
                       r->message);
            for (int k = 0; k < CWF_AUDIT_STEPS; k++)
                free(steps[k]);
        }
        for (size_t k = 0; k < r->nnotes; k++)
            audit_item(a, &r->notes[k].ref, r->notes[k].rule, logical, NULL, 0, "%s%s%s: %s",
                       r->rule->id, r->account[0] ? " in " : "", r->account, r->notes[k].text);
    }
    for (size_t k = 0; k < res->nnotes; k++)
        audit_item(a, &res->notes[k].ref, res->notes[k].rule, NULL, NULL, 0, "%s",
                   res->notes[k].text);
}

CWF_API cwf_status cwf_audit_judge(cwf_audit_job *a)
{
    if (!a)
        return CWF_STATUS_INVALID_ARGUMENT;
    if (a->judged)
        return CWF_STATUS_OK;
    a->judged = true;
    cwf_audit_run(&a->b, a->rules, a->nrules, &a->res);
    audit_findings(a);
    cwf_api_finding_views(a->items, a->nitems, &a->views, &a->dviews, &a->nviews);
    return CWF_STATUS_OK;
}

CWF_API size_t cwf_audit_control_count(const cwf_audit_job *a)
{
    return a ? a->res.n : 0;
}

CWF_API size_t cwf_audit_pass_count(const cwf_audit_job *a)
{
    return a ? cwf_audit_count(&a->res, CWF_AUDIT_PASS) : 0;
}

CWF_API cwf_status cwf_audit_control_get(const cwf_audit_job *a, size_t i,
                                         cwf_audit_control *out)
{
    if (!a || !out || i >= a->res.n)
        return CWF_STATUS_INVALID_ARGUMENT;
    const cwf_audit_result *r = &a->res.v[i];
    memset(out, 0, sizeof *out);
    out->rule_id = r->rule->id;
    out->title = r->rule->title;
    out->account = r->account;
    out->verdict = cwf_audit_verdict_name(r->verdict);
    out->message = r->message;
    out->step = r->step;
    return CWF_STATUS_OK;
}

CWF_API cwf_status cwf_audit_step_get(const cwf_audit_job *a, size_t i, int step,
                                      cwf_audit_step_info *out)
{
    if (!a || !out || i >= a->res.n || step < 1 || step > CWF_AUDIT_STEPS)
        return CWF_STATUS_INVALID_ARGUMENT;
    const cwf_audit_step *s = &a->res.v[i].steps[step - 1];
    memset(out, 0, sizeof *out);
    out->name = cwf_audit_step_name(step);
    out->verdict = cwf_audit_verdict_name(s->verdict);
    out->text = s->text;
    out->needs = s->needs;
    if (s->ref.file) {
        cwf_source src = {s->ref.file, s->ref.text, s->ref.len, NULL};
        cwf_pos p = cwf_source_pos(&src, s->ref.span.start);
        out->file = s->ref.file;
        out->pointer = s->ref.pointer;
        out->start = s->ref.span.start;
        out->end = s->ref.span.end;
        out->line = p.line;
        out->column = p.col;
    }
    return CWF_STATUS_OK;
}

CWF_API size_t cwf_audit_finding_count(const cwf_audit_job *a)
{
    return a ? a->nviews : 0;
}

CWF_API const cwf_finding *cwf_audit_finding(const cwf_audit_job *a, size_t i)
{
    return a && i < a->nviews ? &a->views[i] : NULL;
}

CWF_API const char *cwf_audit_render(cwf_audit_job *a, const char *format, size_t *len)
{
    if (len)
        *len = 0;
    if (!a || !format || !a->judged)
        return NULL;
    static const char *const names[] = {"text", "json", "fix"};
    for (int k = 0; k < 3; k++) {
        if (strcmp(format, names[k]) != 0)
            continue;
        if (!a->rendered[k]) {
            cwf_buf out = CWF_BUF_INIT;
            if (k == 0)
                cwf_audit_render_text(&out, &a->res);
            else if (k == 1)
                cwf_audit_render_json(&out, &a->res);
            else
                cwf_audit_render_fix(&out, &a->res);
            cwf_buf_str(&out);
            a->rendered_len[k] = out.len;
            a->rendered[k] = cwf_buf_take(&out);
        }
        if (len)
            *len = a->rendered_len[k];
        return a->rendered[k];
    }
    return NULL;
}

CWF_API void cwf_audit_job_free(cwf_audit_job *a)
{
    if (!a)
        return;
    for (int k = 0; k < 3; k++)
        free(a->rendered[k]);
    free(a->views);
    free(a->dviews);
    for (size_t i = 0; i < a->nitems; i++)
        cwf_diags_free(&a->items[i].d);
    free(a->items);
    for (size_t i = 0; i < a->nowned; i++)
        free(a->owned[i]);
    free(a->owned);
    for (size_t i = 0; i < a->nproblems; i++)
        free(a->problems[i].text);
    free(a->problems);
    free(a->fallback);
    cwf_audit_free(&a->res);
    cwf_bundle_free(&a->b);
    free(a->rules);
    free(a);
}
