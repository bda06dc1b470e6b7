/* cwfilter_engines.c: the public API (cwfilter.h) of the engines over the
 * pattern stages: lint (lint_run.h) and sql (sql.h).  Like cwfilter.c it
 * only translates: arguments checked, internal results turned into
 * cwf_finding and cwf_diagnostic views owned by the handle. */
#include <stdlib.h>
#include <string.h>

#include "cwfilter.h"
#include "cwfilter_impl.h"
#include "judge.h"
#include "lint_run.h"
#include "sql.h"

/* ---- lint ---------------------------------------------------------------- */

struct cwf_lint {
    cwf_lint_run *run;
    bool has_files;      /* a file was added: rules and config are fixed */
    bool judged;
    cwf_finding *views;  /* built by cwf_lint_judge */
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
    size_t n = 0;
    for (size_t i = 0; i < cwf_lint_run_count(l->run); i++)
        n += cwf_lint_run_item(l->run, i)->d.n;
    l->views = cwf_xcalloc(n + 1, sizeof *l->views);
    for (size_t i = 0; i < cwf_lint_run_count(l->run); i++) {
        const cwf_lint_item *it = cwf_lint_run_item(l->run, i);
        for (size_t k = 0; k < it->d.n; k++) {
            const cwf_diag *g = &it->d.v[k];
            cwf_finding *f = &l->views[l->nviews++];
            cwf_diagnostic *o = &f->diag;
            o->rule_id = cwf_rules[g->rule].id;
            o->rule_name = cwf_rules[g->rule].name;
            o->level = cwf_api_level(g->severity);
            o->start = g->span.start;
            o->end = g->span.end;
            cwf_pos a = cwf_source_pos(&it->src, g->span.start);
            cwf_pos z = cwf_source_pos(&it->src, g->span.end);
            o->line = a.line;
            o->column = a.col;
            o->end_line = z.line;
            o->end_column = z.col;
            o->message = g->message;
            o->suggestion = g->suggestion;
            o->notes = (const char *const *)g->notes;
            o->nnotes = g->nnotes;
            f->file = it->src.name;
            f->logical = it->logical;
            f->text = it->src.text ? it->src.text : "";
            f->len = it->src.len;
        }
    }
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
