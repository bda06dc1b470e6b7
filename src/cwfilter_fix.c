/* cwfilter_fix.c: the public API (cwfilter.h) of the fix engine
 * (fix_run.h): arguments checked, the run's files, messages, problems and
 * counts handed out, its findings turned into cwf_finding views owned by
 * the handle.  Nothing here prints. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cwfilter.h"
#include "cwfilter_impl.h"
#include "fix_run.h"
#include "judge.h"

struct cwf_fix_job {
    cwf_fix_run *run;
    bool unsafe, findings_only;
    char *sel, *ign;
    cwf_severity fail_on;
    bool has_input;      /* a file or the pattern was added: options are fixed */
    bool has_pattern;
    bool planned;
    cwf_finding *views;  /* built by cwf_fix_job_plan, findings only */
    cwf_diagnostic *dviews;
    size_t nviews;
};

const cwf_lint_item *cwf_fix_job_items(const cwf_fix_job *j, size_t *n)
{
    return cwf_fix_run_items(j->run, n);
}

CWF_API cwf_status cwf_fix_job_new(cwf_fix_job **out)
{
    if (!out)
        return CWF_STATUS_INVALID_ARGUMENT;
    cwf_fix_job *j = cwf_xcalloc(1, sizeof *j);
    j->run = cwf_fix_run_new();
    j->fail_on = CWF_WARNING;
    *out = j;
    return CWF_STATUS_OK;
}

/* The options to the run, as they stand. */
static cwf_status options(cwf_fix_job *j)
{
    cwf_fix_run_options(j->run, j->unsafe, j->sel, j->ign, j->findings_only, j->fail_on);
    return CWF_STATUS_OK;
}

CWF_API cwf_status cwf_fix_job_add_rule(cwf_fix_job *j, const char *id)
{
    if (!j || !id || j->has_input)
        return CWF_STATUS_INVALID_ARGUMENT;
    const cwf_bench_rule *r = cwf_bench_rule_find(id);
    if (!r)
        return CWF_STATUS_UNKNOWN_RULE;
    cwf_fix_run_rule(j->run, r);
    return CWF_STATUS_OK;
}

CWF_API cwf_status cwf_fix_job_add_benchmark(cwf_fix_job *j, const char *version,
                                             const char **label)
{
    if (label)
        *label = NULL;
    if (!j || !version || j->has_input)
        return CWF_STATUS_INVALID_ARGUMENT;
    const cwf_bench_rule **v = cwf_xcalloc(cwf_bench_nrules + 1, sizeof *v);
    const char *l = NULL;
    size_t nv = cwf_bench_version(version, v, &l);
    for (size_t i = 0; i < nv; i++)
        cwf_fix_run_rule(j->run, v[i]);
    free(v);
    if (!nv)
        return CWF_STATUS_UNKNOWN_RULE;
    if (label)
        *label = l;
    return CWF_STATUS_OK;
}

CWF_API cwf_status cwf_fix_job_set_unsafe(cwf_fix_job *j, bool on)
{
    if (!j || j->has_input)
        return CWF_STATUS_INVALID_ARGUMENT;
    j->unsafe = on;
    return options(j);
}

/* Whether every entry of list ("CWF108, CWF3": ids or prefixes, any case,
 * spaces before one ignored) names at least one rule (NULL: yes). */
static bool ids_known(const char *list)
{
    for (const char *p = list; p && *p;) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        while (n && *p == ' ') {
            p++;
            n--;
        }
        bool known = !n;
        cwf_rule_info ri;
        for (size_t i = 0; !known && cwf_rule_get(i, &ri) == CWF_STATUS_OK; i++)
            known = strlen(ri.id) >= n && strncasecmp(ri.id, p, n) == 0;
        if (!known)
            return false;
        p = e ? e + 1 : p + n;
    }
    return true;
}

CWF_API cwf_status cwf_fix_job_set_select(cwf_fix_job *j, const char *select, const char *ignore)
{
    if (!j || j->has_input)
        return CWF_STATUS_INVALID_ARGUMENT;
    if (!ids_known(select) || !ids_known(ignore))
        return CWF_STATUS_UNKNOWN_RULE;
    free(j->sel);
    free(j->ign);
    j->sel = select ? cwf_xstrdup(select) : NULL;
    j->ign = ignore ? cwf_xstrdup(ignore) : NULL;
    return options(j);
}

CWF_API cwf_status cwf_fix_job_set_findings_only(cwf_fix_job *j, bool on)
{
    if (!j || j->has_input)
        return CWF_STATUS_INVALID_ARGUMENT;
    j->findings_only = on;
    return options(j);
}

CWF_API cwf_status cwf_fix_job_set_fail_on(cwf_fix_job *j, cwf_level at_least)
{
    if (!j || j->has_input)
        return CWF_STATUS_INVALID_ARGUMENT;
    switch (at_least) {
    case CWF_LEVEL_NOTE:
        j->fail_on = CWF_NOTE;
        break;
    case CWF_LEVEL_WARNING:
        j->fail_on = CWF_WARNING;
        break;
    case CWF_LEVEL_ERROR:
        j->fail_on = CWF_ERROR;
        break;
    default:
        return CWF_STATUS_INVALID_ARGUMENT;
    }
    return options(j);
}

CWF_API cwf_status cwf_fix_job_add_paths(cwf_fix_job *j, const char *const *paths, size_t n,
                                         bool follow)
{
    if (!j || (!paths && n) || j->planned || j->has_pattern)
        return CWF_STATUS_INVALID_ARGUMENT;
    for (size_t i = 0; i < n; i++)
        if (!paths[i])
            return CWF_STATUS_INVALID_ARGUMENT;
    j->has_input = true;
    cwf_fix_run_paths(j->run, paths, n, follow);
    return CWF_STATUS_OK;
}

CWF_API cwf_status cwf_fix_job_add_buffer(cwf_fix_job *j, const char *filename, const char *text,
                                          size_t len)
{
    if (!j || !filename || (!text && len) || j->planned || j->has_pattern)
        return CWF_STATUS_INVALID_ARGUMENT;
    for (size_t i = 0; i < cwf_fix_run_nfiles(j->run); i++)
        if (strcmp(cwf_fix_run_file(j->run, i)->name, filename) == 0)
            return CWF_STATUS_INVALID_ARGUMENT; /* each file once */
    j->has_input = true;
    return cwf_fix_run_buffer(j->run, filename, text, len) ? CWF_STATUS_OK
                                                           : CWF_STATUS_BAD_INPUT;
}

CWF_API cwf_status cwf_fix_job_plan(cwf_fix_job *j)
{
    if (!j)
        return CWF_STATUS_INVALID_ARGUMENT;
    if (j->planned || j->has_pattern)
        return CWF_STATUS_OK;
    j->planned = true;
    j->has_input = true;
    cwf_fix_run_plan(j->run);
    size_t n;
    const cwf_lint_item *v = cwf_fix_run_items(j->run, &n);
    cwf_api_finding_views(v, n, &j->views, &j->dviews, &j->nviews);
    return CWF_STATUS_OK;
}

CWF_API cwf_status cwf_fix_job_pattern(cwf_fix_job *j, const char *text, size_t len)
{
    if (!j || (!text && len) || j->has_pattern || cwf_fix_run_nfiles(j->run) || j->planned)
        return CWF_STATUS_INVALID_ARGUMENT;
    j->has_input = j->has_pattern = true;
    cwf_fix_run_pattern(j->run, text, len);
    return CWF_STATUS_OK;
}

CWF_API const char *cwf_fix_job_pattern_text(const cwf_fix_job *j, size_t *len)
{
    if (len)
        *len = 0;
    if (!j || !j->has_pattern)
        return NULL;
    const cwf_buf *b = cwf_fix_run_pattern_text(j->run);
    if (len)
        *len = b->len;
    return b->p ? b->p : "";
}

/* File i after the plan, or NULL. */
static const cwf_fix_file *file(const cwf_fix_job *j, size_t i)
{
    return j && j->planned ? cwf_fix_run_file(j->run, i) : NULL;
}

CWF_API size_t cwf_fix_job_file_count(const cwf_fix_job *j)
{
    return j && j->planned ? cwf_fix_run_nfiles(j->run) : 0;
}

CWF_API const char *cwf_fix_job_file_name(const cwf_fix_job *j, size_t i)
{
    const cwf_fix_file *f = file(j, i);
    return f ? f->name : NULL;
}

CWF_API bool cwf_fix_job_file_changed(const cwf_fix_job *j, size_t i)
{
    const cwf_fix_file *f = file(j, i);
    return f && f->changed;
}

CWF_API const char *cwf_fix_job_file_text(const cwf_fix_job *j, size_t i, size_t *len)
{
    const cwf_fix_file *f = file(j, i);
    if (len)
        *len = f ? f->cur.len : 0;
    return f ? (f->cur.p ? f->cur.p : "") : NULL;
}

CWF_API const char *cwf_fix_job_file_diff(const cwf_fix_job *j, size_t i)
{
    const cwf_fix_file *f = file(j, i);
    return f ? (f->diff ? f->diff : "") : NULL;
}

CWF_API size_t cwf_fix_job_message_count(const cwf_fix_job *j, size_t i)
{
    const cwf_fix_file *f = file(j, i);
    return f ? f->nmsgs : 0;
}

CWF_API const char *cwf_fix_job_message(const cwf_fix_job *j, size_t i, size_t k, bool *fixed)
{
    const cwf_fix_file *f = file(j, i);
    const cwf_fix_msg *m = f && k < f->nmsgs ? &f->msgs[k] : NULL;
    if (fixed)
        *fixed = m && m->fixed;
    return m ? m->text : NULL;
}

CWF_API cwf_status cwf_fix_job_apply(cwf_fix_job *j)
{
    if (!j || !j->planned)
        return CWF_STATUS_INVALID_ARGUMENT;
    return cwf_fix_run_apply(j->run) ? CWF_STATUS_OK : CWF_STATUS_BAD_INPUT;
}

CWF_API bool cwf_fix_job_file_written(const cwf_fix_job *j, size_t i)
{
    const cwf_fix_file *f = file(j, i);
    return f && f->written;
}

CWF_API size_t cwf_fix_job_problem_count(const cwf_fix_job *j)
{
    return j ? cwf_fix_run_nproblems(j->run) : 0;
}

CWF_API const char *cwf_fix_job_problem(const cwf_fix_job *j, size_t i, bool *is_error)
{
    const cwf_lint_issue *p = j ? cwf_fix_run_problem(j->run, i) : NULL;
    if (is_error)
        *is_error = p && p->error;
    return p ? p->text : NULL;
}

CWF_API size_t cwf_fix_job_count(const cwf_fix_job *j, cwf_fix_count what)
{
    static const cwf_fix_stat map[] = {
        [CWF_FIX_APPLIED] = CWF_FIXS_APPLIED,
        [CWF_FIX_MORE_UNSAFE] = CWF_FIXS_MORE,
        [CWF_FIX_LEFT] = CWF_FIXS_LEFT,
        [CWF_FIX_FILES_CHANGED] = CWF_FIXS_FILES,
        [CWF_FIX_BY_HAND] = CWF_FIXS_BY_HAND,
        [CWF_FIX_ALARMS_BY_HAND] = CWF_FIXS_ALARMS_BY_HAND,
    };
    if (!j || (unsigned)what >= sizeof map / sizeof *map)
        return 0;
    return cwf_fix_run_stat(j->run, map[what]);
}

CWF_API size_t cwf_fix_job_finding_count(const cwf_fix_job *j)
{
    return j ? j->nviews : 0;
}

CWF_API const cwf_finding *cwf_fix_job_finding(const cwf_fix_job *j, size_t i)
{
    return j && i < j->nviews ? &j->views[i] : NULL;
}

CWF_API void cwf_fix_job_free(cwf_fix_job *j)
{
    if (!j)
        return;
    cwf_fix_run_free(j->run);
    free(j->sel);
    free(j->ign);
    free(j->views);
    free(j->dviews);
    free(j);
}
