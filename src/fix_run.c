/* fix_run.c: the fix engine (fix_run.h): files read, fixes planned one at
 * a time on the result of the last, alarms edited across the files, the
 * atomic writes.
 *
 * Decisions:
 * - Safe fixes only unless unsafe, as ruff.  Fixes are applied one at a
 *   time, each generated and proved again on the result of the last, so
 *   that no two fixes conflict; a second run changes nothing.
 * - Coverage (rules): per file, the metric filters on one log group (its
 *   name or reference; a filter without one is a group of its own) are left
 *   alone when one of them covers the rule; otherwise the closest (most
 *   cases covered) gets the coverage fix, as `lint` reports it.
 * - The chain (CWF506) is judged as `lint` judges it, over every file of
 *   the run (cwf_chain_iac_rule): an alarm in one file on another metric
 *   than the filter in another file publishes is edited in its own file.
 * - A file is written atomically (a temporary file in its directory, fsync,
 *   rename, the mode kept) and only when its bytes are still those read.
 * - What is left is what lint reports: the fixed texts are linted again
 *   (lint_run.h, the run's rules, the nearest .cwfilter.yml), so that the
 *   count, the findings named and the exit status are those of `lint` on
 *   the result, whichever rule a fix made another filter the closest for.
 * - A pattern that cannot be edited in place (a variable, Fn::Join, a
 *   plan, an export) gets a message with the fixed pattern, and for an
 *   export the `aws logs put-metric-filter` command that applies it. */
#include "fix_run.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chain_iac.h"
#include "fix.h"
#include "hostedit.h"
#include "judge.h"
#include "lint.h"
#include "parse.h"
#include "shell.h"
#include "walk.h"

struct cwf_fix_run {
    const cwf_bench_rule **rules;
    size_t nrules;
    bool unsafe, findings_only;
    char *sel, *ign;
    cwf_severity fail_on;
    cwf_fix_file *files;
    size_t nfiles;
    cwf_lint_issue *problems;
    size_t nproblems;
    cwf_lint_item *items;  /* findings only */
    size_t nitems;
    size_t stat[CWF_FIXS_N];
    cwf_buf pattern;
    bool planned;
    cwf_lint_run *lint;    /* the fixed texts (or, findings only, the texts) linted */
    /* An AWS export's metric filters by name and log group, parsed once for
     * the put-metric-filter commands (see transformations): the text they
     * come from, and the parse. */
    const char *tf_text;
    size_t tf_len;
    json_t *tf_root;
    struct tf_entry *tf;
    size_t ntf;
};

typedef cwf_fix_run fixer;

/* The bytes of b ("" when nothing was ever added). */
static const char *bytes(const cwf_buf *b)
{
    return b->p ? b->p : "";
}

static void problem(fixer *F, bool error, const char *fmt, ...) CWF_PRINTF(3, 4);
static void problem(fixer *F, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    F->problems = cwf_xrealloc(F->problems, (F->nproblems + 1) * sizeof *F->problems);
    F->problems[F->nproblems++] = (cwf_lint_issue){cwf_xvasprintf(fmt, ap), error};
    va_end(ap);
}

static void msg(cwf_fix_file *ff, bool fixed, const char *fmt, ...) CWF_PRINTF(3, 4);
static void msg(cwf_fix_file *ff, bool fixed, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ff->msgs = cwf_xrealloc(ff->msgs, (ff->nmsgs + 1) * sizeof *ff->msgs);
    ff->msgs[ff->nmsgs++] = (cwf_fix_msg){cwf_xvasprintf(fmt, ap), fixed};
    va_end(ap);
}

/* A new finding (findings only), located through src. */
static cwf_lint_item *item(fixer *F, const cwf_source *src, const char *logical)
{
    F->items = cwf_xrealloc(F->items, (F->nitems + 1) * sizeof *F->items);
    cwf_lint_item *it = &F->items[F->nitems++];
    *it = (cwf_lint_item){.src = *src, .logical = logical, .d = CWF_DIAGS_INIT};
    return it;
}

/* Attaches the host edits he of data[0..len) to it as a fix of its
 * diagnostic k. */
static void item_fix(cwf_lint_item *it, size_t k, const char *title, bool safe, const char *why,
                     const cwf_buf *data, const cwf_hedits *he)
{
    it->fixes = cwf_xrealloc(it->fixes, (it->nfixes + 1) * sizeof *it->fixes);
    cwf_host_dfix *fx = &it->fixes[it->nfixes++];
    *fx = (cwf_host_dfix){k, cwf_xstrdup(title), safe, why ? cwf_xstrdup(why) : NULL,
                          cwf_xcalloc(he->n + 1, sizeof *fx->v), he->n};
    for (size_t j = 0; j < he->n; j++) {
        cwf_host_linecol(data->p, data->len, he->v[j].start, &fx->v[j].start.line,
                         &fx->v[j].start.col);
        cwf_host_linecol(data->p, data->len, he->v[j].end, &fx->v[j].end.line, &fx->v[j].end.col);
        fx->v[j].text = cwf_xstrdup(he->v[j].text);
    }
}

/* ---- coverage: which filter gets which rule ---------------------------------------- */

/* want[i * nrules + r]: filter i gets rule r: the judge (lint.h) puts a
 * CWF404 or CWF403 of rule r at it, the closest filter of its log group,
 * so that `fix` fixes the filter that `lint` reports. */
static bool *plan_rules(const fixer *F, const char *path, const cwf_extract *x)
{
    size_t n = x->n, nr = F->nrules;
    bool *want = cwf_xcalloc(n * nr + 1, sizeof *want);
    if (!nr || !n)
        return want;
    cwf_arena *arenas = cwf_xcalloc(n, sizeof *arenas);
    cwf_lint_filter *pats = cwf_xcalloc(n, sizeof *pats);
    size_t *index = cwf_xcalloc(n, sizeof *index);
    size_t np = 0;
    for (size_t i = 0; i < n; i++) {
        const cwf_filter *f = &x->v[i];
        if (f->kind != CWF_METRIC_FILTER || f->not_string)
            continue;
        cwf_pattern *ast = NULL;
        if (!f->nparts) {
            cwf_diags d = CWF_DIAGS_INIT;
            ast = cwf_parse(f->src.text, f->src.len, &arenas[i], &d);
            if (cwf_diags_count(&d, CWF_ERROR))
                ast = NULL;
            cwf_diags_free(&d);
            if (!ast)
                continue; /* a syntax error: its fixes come first */
        }
        index[np] = i;
        pats[np++] = (cwf_lint_filter){0, f, ast};
    }
    cwf_lint_file file = {path, x};
    cwf_judge_cache *cache = cwf_judge_cache_new();
    for (size_t r = 0; r < nr; r++) {
        cwf_lint_findings out = {0};
        cwf_lint_coverage(&file, 1, pats, np, &F->rules[r], 1, cache, &out);
        for (size_t k = 0; k < out.n; k++) {
            const cwf_lint_finding *g = &out.v[k];
            if (g->at >= np || !pats[g->at].ast)
                continue;
            for (size_t j = 0; j < g->d.n; j++)
                if (g->d.v[j].rule == CWF_R_GROUP_NOT_COVERED ||
                    g->d.v[j].rule == CWF_R_NEEDS_ONE_FILTER)
                    want[index[g->at] * nr + r] = true;
        }
        cwf_lint_findings_free(&out);
    }
    cwf_judge_cache_free(cache);
    for (size_t i = 0; i < n; i++)
        cwf_arena_free(&arenas[i]);
    free(arenas);
    free(pats);
    free(index);
    return want;
}

/* The rules filter i gets, into rs; returns how many. */
static size_t rules_of(const fixer *F, const bool *want, size_t i, const cwf_bench_rule **rs)
{
    size_t k = 0;
    for (size_t r = 0; r < F->nrules; r++)
        if (want[i * F->nrules + r])
            rs[k++] = F->rules[r];
    return k;
}

/* The first fix allowed; counts in *unsafe_more the unsafe ones held back. */
static const cwf_fix *pick(const fixer *F, const cwf_fixes *fs, size_t *unsafe_more)
{
    const cwf_fix *p = NULL;
    *unsafe_more = 0;
    for (size_t i = 0; i < fs->n; i++) {
        if (!cwf_fix_selected(fs->v[i].rule, F->sel, F->ign))
            continue;
        if (fs->v[i].safety == CWF_FIX_UNSAFE && !F->unsafe) {
            (*unsafe_more)++;
            continue;
        }
        if (!p || (fs->v[i].preferred && p->safety == CWF_FIX_SAFE && p->bench == fs->v[i].bench))
            p = &fs->v[i];
    }
    return p;
}

/* ---- writing ------------------------------------------------------------------------------ */

static bool write_to(fixer *F, const char *path, const char *shown, const cwf_buf *orig,
                     const cwf_buf *data);

/* Writes data to path atomically, if path still holds orig: a temporary
 * file in the same directory (of the link's target, for a symbolic link),
 * written, given the mode (and, where allowed, the owner) of the old one,
 * fsync'd, renamed over it. */
static bool write_atomic(fixer *F, const char *path_, const cwf_buf *orig, const cwf_buf *data)
{
    char *real = realpath(path_, NULL);
    const char *path = real ? real : path_;
    bool ok = write_to(F, path, path_, orig, data);
    free(real);
    return ok;
}

static bool write_to(fixer *F, const char *path, const char *shown, const cwf_buf *orig,
                     const cwf_buf *data)
{
    cwf_buf now = CWF_BUF_INIT;
    const char *why;
    if (cwf_read_regular(path, &now, &why) <= 0 || now.len != orig->len ||
        (now.len && memcmp(now.p, orig->p, now.len) != 0)) {
        problem(F, true, "%s: changed since it was read; not written", shown);
        cwf_buf_free(&now);
        return false;
    }
    cwf_buf_free(&now);
    struct stat st;
    if (stat(path, &st) != 0) {
        problem(F, true, "%s: %s", path, strerror(errno));
        return false;
    }
    char *tmp = cwf_xasprintf("%s.cwfilter-XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        problem(F, true, "%s: %s", tmp, strerror(errno));
        free(tmp);
        return false;
    }
    bool ok = true;
    size_t done = 0;
    while (ok && done < data->len) {
        ssize_t w = write(fd, data->p + done, data->len - done);
        if (w < 0 && errno == EINTR)
            continue;
        ok = w > 0;
        if (ok)
            done += (size_t)w;
    }
    if (ok && geteuid() == 0 && fchown(fd, st.st_uid, st.st_gid) != 0)
        ok = true; /* the owner is kept where we may; not an error otherwise */
    ok = ok && fchmod(fd, st.st_mode & 07777) == 0 && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    ok = ok && rename(tmp, path) == 0;
    if (!ok) {
        problem(F, true, "%s: %s", shown, strerror(errno));
        unlink(tmp);
    }
    free(tmp);
    return ok;
}

/* ---- unified diff ------------------------------------------------------------------------ */

typedef struct lines {
    const char **p;
    size_t *n;
    size_t count;
} lines;

static void split(const cwf_buf *b, lines *l)
{
    l->count = 0;
    l->p = NULL;
    l->n = NULL;
    size_t i = 0, cap = 0;
    while (i < b->len) {
        const char *nl = memchr(b->p + i, '\n', b->len - i);
        size_t e = nl ? (size_t)(nl - b->p) + 1 : b->len;
        if (l->count == cap) {
            cap = cap ? 2 * cap : 64;
            l->p = cwf_xrealloc(l->p, cap * sizeof *l->p);
            l->n = cwf_xrealloc(l->n, cap * sizeof *l->n);
        }
        l->p[l->count] = b->p + i;
        l->n[l->count++] = e - i;
        i = e;
    }
}

static bool line_eq(const lines *a, size_t i, const lines *b, size_t j)
{
    return a->n[i] == b->n[j] && memcmp(a->p[i], b->p[j], a->n[i]) == 0;
}

static void put_line(cwf_buf *o, char tag, const char *s, size_t n)
{
    cwf_buf_putc(o, tag);
    cwf_buf_add(o, s, n);
    if (!n || s[n - 1] != '\n')
        cwf_buf_puts(o, "\n\\ No newline at end of file\n");
}

/* A unified diff (3 lines of context) of a and b, as `diff -u` prints it
 * for the changed region between the common head and tail (an LCS inside
 * it when it is small, one replacement otherwise). */
static void unified(const char *path, const cwf_buf *a, const cwf_buf *b, cwf_buf *o)
{
    lines A, B;
    split(a, &A);
    split(b, &B);
    size_t h = 0;
    while (h < A.count && h < B.count && line_eq(&A, h, &B, h))
        h++;
    size_t ta = A.count, tb = B.count;
    while (ta > h && tb > h && line_eq(&A, ta - 1, &B, tb - 1)) {
        ta--;
        tb--;
    }
    /* ops over the middle: 0 same, 1 delete (A), 2 insert (B) */
    size_t m = ta - h, n = tb - h;
    char *ops = cwf_xmalloc(m + n + 1);
    size_t nops = 0;
    if (m * n <= 4000000 && m && n) {
        unsigned *L = cwf_xcalloc((m + 1) * (n + 1), sizeof *L);
        for (size_t i = m; i-- > 0;)
            for (size_t j = n; j-- > 0;)
                L[i * (n + 1) + j] = line_eq(&A, h + i, &B, h + j)
                                         ? L[(i + 1) * (n + 1) + j + 1] + 1
                                         : (L[(i + 1) * (n + 1) + j] >= L[i * (n + 1) + j + 1]
                                                ? L[(i + 1) * (n + 1) + j]
                                                : L[i * (n + 1) + j + 1]);
        size_t i = 0, j = 0;
        while (i < m || j < n) {
            if (i < m && j < n && line_eq(&A, h + i, &B, h + j)) {
                ops[nops++] = 0;
                i++;
                j++;
            } else if (j < n && (i == m || L[i * (n + 1) + j + 1] > L[(i + 1) * (n + 1) + j])) {
                ops[nops++] = 2;
                j++;
            } else {
                ops[nops++] = 1;
                i++;
            }
        }
        free(L);
    } else {
        for (size_t i = 0; i < m; i++)
            ops[nops++] = 1;
        for (size_t j = 0; j < n; j++)
            ops[nops++] = 2;
    }
    /* the whole as one op list with the head and tail as "same" */
    size_t total = h + nops + (A.count - ta);
    char *all = cwf_xmalloc(total + 1);
    memset(all, 0, h);
    memcpy(all + h, ops, nops);
    memset(all + h + nops, 0, A.count - ta);
    free(ops);
    if (path[0] == '/')
        cwf_buf_printf(o, "--- %s\n+++ %s\n", path, path);
    else
        cwf_buf_printf(o, "--- a/%s\n+++ b/%s\n", path, path);
    size_t k = 0, ai = 0, bi = 0;
    while (k < total) {
        if (all[k] == 0) {
            k++;
            ai++;
            bi++;
            continue;
        }
        /* a hunk: back 3 lines of context, forward until 7 same lines */
        size_t ctx = 0;
        while (ctx < 3 && ctx < k && all[k - ctx - 1] == 0)
            ctx++;
        size_t s = k - ctx, sa = ai - ctx, sb = bi - ctx;
        size_t e = k, run = 0, ea = ai, eb = bi;
        while (e < total) {
            if (all[e] == 0) {
                run++;
                if (run > 6)
                    break;
            } else {
                run = 0;
            }
            e++;
        }
        /* keep at most 3 trailing same lines */
        size_t trail = 0;
        while (trail < e - s && all[e - trail - 1] == 0)
            trail++;
        if (trail > 3)
            e -= trail - 3;
        size_t ca = 0, cb = 0;
        for (size_t q = s; q < e; q++) {
            ca += all[q] != 2;
            cb += all[q] != 1;
        }
        cwf_buf_printf(o, "@@ -%zu,%zu +%zu,%zu @@\n", ca ? sa + 1 : sa, ca, cb ? sb + 1 : sb, cb);
        ea = sa;
        eb = sb;
        for (size_t q = s; q < e; q++) {
            if (all[q] == 0) {
                put_line(o, ' ', A.p[ea], A.n[ea]);
                ea++;
                eb++;
            } else if (all[q] == 1) {
                put_line(o, '-', A.p[ea], A.n[ea]);
                ea++;
            } else {
                put_line(o, '+', B.p[eb], B.n[eb]);
                eb++;
            }
        }
        k = e;
        ai = ea;
        bi = eb;
    }
    free(all);
    free(A.p);
    free(A.n);
    free(B.p);
    free(B.n);
}

/* ---- not in place ------------------------------------------------------------------------ */

/* For an export: the metricTransformations of the filter, compact JSON. */
/* One metric filter of an export: its name, log group, transformations
 * and place in the list. */
typedef struct tf_entry {
    const char *name, *group;
    const json_t *t;
    size_t at;
} tf_entry;

static int tf_cmp(const void *a, const void *b)
{
    const tf_entry *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    if (!c)
        c = strcmp(x->group, y->group);
    return c ? c : (x->at > y->at) - (x->at < y->at);
}

static void tf_reset(fixer *F)
{
    json_decref(F->tf_root);
    free(F->tf);
    F->tf_root = NULL;
    F->tf = NULL;
    F->ntf = 0;
    F->tf_text = NULL;
}

/* The metricTransformations of filter f in the describe-metric-filters
 * export data, as compact JSON (malloc'd), or NULL: those of the first
 * entry with f's name and log group.  The export is parsed and sorted once,
 * not once per filter (a 10,000-filter export took a minute). */
static char *transformations(fixer *F, const cwf_buf *data, const cwf_filter *f)
{
    if (!f->name || !f->log_group)
        return NULL;
    if (F->tf_text != bytes(data) || F->tf_len != data->len) {
        tf_reset(F);
        json_error_t err;
        F->tf_root = json_loadb(bytes(data), data->len, JSON_DISABLE_EOF_CHECK, &err);
        F->tf_text = bytes(data);
        F->tf_len = data->len;
        const json_t *list = json_object_get(F->tf_root, "metricFilters");
        F->tf = cwf_xcalloc(json_array_size(list) + 1, sizeof *F->tf);
        size_t i;
        const json_t *e;
        json_array_foreach(list, i, e) {
            const char *n = json_string_value(json_object_get(e, "filterName"));
            const char *g = json_string_value(json_object_get(e, "logGroupName"));
            if (n && g)
                F->tf[F->ntf++] = (tf_entry){n, g, json_object_get(e, "metricTransformations"), i};
        }
        qsort(F->tf, F->ntf, sizeof *F->tf, tf_cmp);
    }
    /* the first of the equal entries: the lowest place */
    size_t lo = 0, hi = F->ntf;
    tf_entry key = {f->name, f->log_group, NULL, 0};
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (tf_cmp(&F->tf[mid], &key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == F->ntf || strcmp(F->tf[lo].name, f->name) != 0 ||
        strcmp(F->tf[lo].group, f->log_group) != 0 || !F->tf[lo].t)
        return NULL;
    return json_dumps(F->tf[lo].t, JSON_COMPACT | JSON_PRESERVE_ORDER);
}

static void not_in_place(fixer *F, cwf_fix_file *ff, const cwf_buf *data, const cwf_extract *x,
                         size_t i, const char *why, const cwf_bench_rule **rs, size_t nrs)
{
    const cwf_filter *f = &x->v[i];
    if (f->not_string || f->nparts)
        return; /* nothing was parsed: nothing to fix */
    cwf_buf fixed = CWF_BUF_INIT;
    size_t applied, more;
    cwf_fix_all(f->src.text, f->src.len, rs, nrs, F->unsafe, F->sel, F->ign, &fixed, &applied,
                &more);
    F->stat[CWF_FIXS_MORE] += more;
    if (!applied) {
        cwf_buf_free(&fixed);
        return;
    }
    F->stat[CWF_FIXS_BY_HAND]++;
    cwf_pos at = cwf_source_pos(&f->src, 0);
    const char *who = f->resource ? f->resource : f->name ? f->name : "the filter";
    cwf_buf m = CWF_BUF_INIT;
    cwf_buf_printf(&m, "%s:%u:%u: %s: %zu fix%s not applied: %s\n  fixed pattern: %s",
                   ff->name, at.line, at.col, who, applied, applied == 1 ? "" : "es", why,
                   cwf_buf_str(&fixed));
    if (x->host == CWF_HOST_DESCRIBE && f->kind == CWF_METRIC_FILTER && f->name && f->log_group) {
        char *t = transformations(F, data, f);
        cwf_buf_puts(&m, "\n  aws logs put-metric-filter --log-group-name ");
        cwf_shell_quote(&m, f->log_group);
        cwf_buf_puts(&m, " --filter-name ");
        cwf_shell_quote(&m, f->name);
        cwf_buf_puts(&m, " \\\n      --filter-pattern ");
        cwf_shell_quote(&m, cwf_buf_str(&fixed));
        if (t) {
            cwf_buf_puts(&m, " \\\n      --metric-transformations ");
            cwf_shell_quote(&m, t);
        }
        free(t);
    }
    msg(ff, false, "%s", cwf_buf_str(&m));
    cwf_buf_free(&m);
    cwf_buf_free(&fixed);
}

/* ---- findings only: the findings with their fixes ----------------------------------------- */

static void report_filter(fixer *F, const cwf_buf *data, const cwf_extract *x, size_t i,
                          const cwf_bench_rule **rs, size_t nrs)
{
    const cwf_filter *f = &x->v[i];
    if (f->not_string || f->nparts)
        return;
    cwf_arena a = CWF_ARENA_INIT;
    cwf_diags d = CWF_DIAGS_INIT;
    cwf_parse(f->src.text, f->src.len, &a, &d);
    cwf_fixes fs = CWF_FIXES_INIT;
    cwf_fix_generate(f->src.text, f->src.len, rs, nrs, &fs);
    size_t ndiag_parse = d.n;
    /* a finding for each fix with no diagnostic of its own */
    size_t *at = cwf_xcalloc(fs.n + 1, sizeof *at);
    for (size_t k = 0; k < fs.n; k++) {
        const cwf_fix *fx = &fs.v[k];
        size_t j = 0;
        while (j < ndiag_parse && !(d.v[j].rule == fx->rule && fx->nedits &&
                                    d.v[j].span.start == fx->edits[0].span.start))
            j++;
        if (j == ndiag_parse) {
            cwf_span sp = fx->nedits ? fx->edits[0].span : (cwf_span){0, 0};
            if (fx->bench)
                cwf_diag_add(&d, fx->rule, sp, "the pattern does not cover %s (%s)",
                             fx->bench->id, fx->bench->title);
            else
                cwf_diag_add(&d, fx->rule, sp, "%s", fx->title);
            j = d.n - 1;
        }
        at[k] = j;
    }
    cwf_lint_item *it = item(F, &f->src, f->resource ? f->resource : f->name);
    it->d = d;
    for (size_t k = 0; k < fs.n; k++) {
        const cwf_fix *fx = &fs.v[k];
        if (!cwf_fix_selected(fx->rule, F->sel, F->ign))
            continue;
        cwf_buf nb = CWF_BUF_INIT;
        cwf_hedits he = {0};
        const char *why;
        if (cwf_host_fix(bytes(data), data->len, x, i, fx, &nb, &he, NULL, &why))
            item_fix(it, at[k], fx->title, fx->safety == CWF_FIX_SAFE, fx->why, data, &he);
        cwf_hedits_free(&he);
        cwf_buf_free(&nb);
    }
    free(at);
    cwf_fixes_free(&fs);
    cwf_arena_free(&a);
}

/* ---- one file -------------------------------------------------------------------------------- */

/* What is left on filter i after fixing: findings at or above fail_on, and
 * the rules rs[0..nrs) it does not cover (the judge). */
static size_t left_on(fixer *F, const cwf_filter *f, const cwf_bench_rule **rs, size_t nrs)
{
    if (f->not_string || f->nparts)
        return 0;
    cwf_arena a = CWF_ARENA_INIT;
    cwf_diags d = CWF_DIAGS_INIT;
    cwf_pattern *p = cwf_parse(f->src.text, f->src.len, &a, &d);
    size_t n = cwf_diags_count(&d, F->fail_on);
    if (p && !cwf_diags_count(&d, CWF_ERROR))
        for (size_t r = 0; r < nrs; r++) {
            cwf_judge_rule jr = {rs[r], NULL, NULL};
            cwf_judge_filter jf = {p, f->src.text, f->src.len, false, 0};
            cwf_judgement j;
            n += cwf_judge(&jr, &jf, 1, CWF_EXPLAIN_NEVER, NULL, &j) != CWF_COVERS;
            cwf_judgement_free(&j);
        }
    cwf_diags_free(&d);
    cwf_arena_free(&a);
    return n;
}

/* One pass over the n filters of the file ff: each filter's fixes, one at
 * a time, written into ff->cur (want NULL: no coverage rules).  The last
 * pass tells what cannot be fixed in place. */
static void fix_filters(fixer *F, cwf_fix_file *ff, size_t n, const bool *want,
                        const cwf_bench_rule **rs, bool last)
{
    const char *path = ff->name;
    cwf_buf cur = ff->cur;
    cwf_extract y = CWF_EXTRACT_INIT;
    bool fresh = false; /* y is the extraction of cur */
    for (size_t i = 0; i < n; i++) {
        size_t nrs = want ? rules_of(F, want, i, rs) : 0;
        for (int round = 0; round < 32; round++) {
            if (!fresh) {
                cwf_extract_free(&y);
                fresh = cwf_extract_buf(path, bytes(&cur), cur.len, &y) && y.n == n;
                if (!fresh)
                    break; /* cannot happen: every edit was verified */
            }
            const cwf_filter *f = &y.v[i];
            const char *nwhy;
            if (!cwf_host_editable(y.host, f, &nwhy)) {
                if (last)
                    not_in_place(F, ff, &cur, &y, i, nwhy, rs, nrs);
                break;
            }
            cwf_fixes fs = CWF_FIXES_INIT;
            cwf_fix_generate(f->src.text, f->src.len, rs, nrs, &fs);
            size_t held;
            const cwf_fix *fx = pick(F, &fs, &held);
            if (!fx) {
                if (want || !F->nrules)
                    F->stat[CWF_FIXS_MORE] += held;
                cwf_fixes_free(&fs);
                break;
            }
            cwf_buf nb = CWF_BUF_INIT;
            cwf_hedits he = {0};
            cwf_extract ny = CWF_EXTRACT_INIT;
            const char *hwhy;
            if (!cwf_host_fix(bytes(&cur), cur.len, &y, i, fx, &nb, &he, &ny, &hwhy)) {
                if (last)
                    not_in_place(F, ff, &cur, &y, i, hwhy, rs, nrs);
                cwf_fixes_free(&fs);
                break;
            }
            uint32_t line, col;
            cwf_host_linecol(cur.p, cur.len, he.n ? he.v[0].start : 0, &line, &col);
            if (fx->safety == CWF_FIX_UNSAFE)
                msg(ff, true, "%s:%u:%u: fixed %s: %s\n  unsafe: %s", path, line, col,
                    cwf_rules[fx->rule].id, fx->title,
                    fx->why ? fx->why : "it changes what matches");
            else
                msg(ff, true, "%s:%u:%u: fixed %s: %s", path, line, col, cwf_rules[fx->rule].id,
                    fx->title);
            F->stat[CWF_FIXS_APPLIED]++;
            cwf_buf_free(&cur);
            cur = nb;
            cwf_hedits_free(&he);
            cwf_fixes_free(&fs);
            /* the extraction that proved the fix is that of the new text */
            cwf_extract_free(&y);
            y = ny;
        }
    }
    cwf_extract_free(&y);
    ff->cur = cur;
}

/* ---- the chain: an alarm on another metric (CWF506) --------------------------------------- */

/* One alarm attribute to write: resource r, attribute k, its new value. */
typedef struct chain_edit {
    size_t r, k;
    const char *value;
} chain_edit;

static bool attr_at(const cwf_extract *y, const cwf_xattr *a, size_t *r, size_t *k)
{
    for (size_t i = 0; i < y->nres; i++)
        for (size_t j = 0; j < y->res[i].n; j++)
            if (&y->res[i].v[j] == a) {
                *r = i;
                *k = j;
                return true;
            }
    return false;
}

/* Whether nb, read again, has the edited attributes literal with their new
 * values and every pattern as before. */
static bool chain_verify(const char *path, const cwf_extract *y, const cwf_buf *nb,
                         const chain_edit *ce, size_t nce)
{
    cwf_extract z = CWF_EXTRACT_INIT;
    bool ok = cwf_extract_buf(path, bytes(nb), nb->len, &z) && z.n == y->n &&
              z.nres == y->nres;
    for (size_t i = 0; ok && i < z.n; i++)
        ok = z.v[i].src.len == y->v[i].src.len &&
             memcmp(z.v[i].src.text, y->v[i].src.text, z.v[i].src.len) == 0;
    for (size_t i = 0; ok && i < nce; i++) {
        const cwf_xres *r = &z.res[ce[i].r];
        ok = ce[i].k < r->n && r->v[ce[i].k].literal &&
             strcmp(r->v[ce[i].k].key, y->res[ce[i].r].v[ce[i].k].key) == 0 &&
             strcmp(r->v[ce[i].k].value, ce[i].value) == 0;
    }
    cwf_extract_free(&z);
    return ok;
}

static int by_start(const void *a, const void *b)
{
    const cwf_hedit *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

static const char chain_why[] =
    "the alarm watches another metric from now on: its history and whatever else reads the "
    "old metric stay behind";

/* The edits that set alarm al's metric name (and, with set_ns, namespace)
 * to t's, appended to he and ce; false, with nothing appended, when a value
 * is not a literal scalar that can be edited in place. */
static bool alarm_edits(const cwf_buf *data, const cwf_extract *y, const cwf_chain_alarm *al,
                        const cwf_chain_metric *t, bool set_ns, cwf_hedits *he, chain_edit *ce,
                        size_t *nce)
{
    const cwf_xattr *am = al->metric.where, *an = al->ns.where;
    size_t r1, k1, r2 = 0, k2 = 0, mark = he->n;
    if (!am->literal || (set_ns && !an->literal) || !attr_at(y, am, &r1, &k1) ||
        (set_ns && !attr_at(y, an, &r2, &k2)))
        return false;
    if (!cwf_host_scalar(data->p, data->len, y->host, am->hstart, am->hend, t->name.s, he) ||
        (set_ns &&
         !cwf_host_scalar(data->p, data->len, y->host, an->hstart, an->hend, t->ns.s, he))) {
        while (he->n > mark)
            free(he->v[--he->n].text);
        return false;
    }
    ce[(*nce)++] = (chain_edit){r1, k1, t->name.s};
    if (set_ns)
        ce[(*nce)++] = (chain_edit){r2, k2, t->ns.s};
    return true;
}

/* Sorts he; false when two edits overlap. */
static bool edits_apart(cwf_hedits *he)
{
    qsort(he->v, he->n, sizeof *he->v, by_start);
    for (size_t i = 1; i < he->n; i++)
        if (he->v[i].start < he->v[i - 1].end)
            return false;
    return true;
}

/* Findings only: the CWF506 finding at the alarm as lint reports it, and
 * its fix as replacements when the alarm's values are literal. */
static void report_chain(fixer *F, const cwf_buf *data, const cwf_extract *y,
                         const cwf_bench_rule *r, const cwf_chain_finding *fd,
                         const cwf_chain_alarm *al, const cwf_chain_metric *t, bool set_ns)
{
    const cwf_xattr *am = al->metric.where;
    cwf_lint_item *it = item(F, &am->src, NULL);
    cwf_diag *g = cwf_diag_add(&it->d, fd->rule, am->span, "%s (%s): %s", r->id, r->title,
                               fd->message);
    g->severity = fd->severity;
    for (size_t i = 0; i < fd->nnotes; i++)
        cwf_diag_note(g, "%s", fd->notes[i]);
    cwf_hedits he = {0};
    chain_edit ce[2];
    size_t nce = 0;
    cwf_buf nb = CWF_BUF_INIT;
    if (alarm_edits(data, y, al, t, set_ns, &he, ce, &nce) && edits_apart(&he)) {
        cwf_hedits_apply(bytes(data), data->len, &he, &nb);
        if (chain_verify(y->path, y, &nb, ce, nce)) {
            char *title = cwf_xasprintf("make the alarm watch %s/%s",
                                        t->ns.s ? t->ns.s : al->ns.s ? al->ns.s : "?", t->name.s);
            item_fix(it, 0, title, false, chain_why, data, &he);
            free(title);
        }
    }
    cwf_buf_free(&nb);
    cwf_hedits_free(&he);
}

/* The chain pass over every file of the run: cx[i] the extraction of file
 * i's current text (ok[i]: it has one); per file, the alarm edits gathered
 * and the fixes they count. */
typedef struct chain_pass {
    fixer *F;
    const cwf_extract *cx;
    const bool *ok;
    const cwf_chain *c;
    const cwf_bench_rule *rule;
    const cwf_chain_alarm **seen;
    size_t nseen;
    cwf_hedits *he;
    chain_edit **ce;
    size_t *nce, *napplied;
} chain_pass;

/* The file whose extraction holds attribute a, or SIZE_MAX. */
static size_t file_of(const chain_pass *P, const cwf_xattr *a)
{
    size_t r, k;
    for (size_t i = 0; i < P->F->nfiles; i++)
        if (P->ok[i] && attr_at(&P->cx[i], a, &r, &k))
            return i;
    return SIZE_MAX;
}

/* cwf_chain_iac_group_fn: the findings of one log group; an alarm that
 * watches another metric than the group's covering filter publishes gets
 * its literal metric name and namespace set to the filter's (unsafe), in
 * its own file; one named by a reference gets what to change said. */
static void chain_group(void *ctx, const cwf_chain_metric *same, size_t ns,
                        const cwf_chain_findings *cf, size_t first)
{
    chain_pass *P = ctx;
    fixer *F = P->F;
    const cwf_chain *c = P->c;
    for (size_t q = first; q < cf->n; q++) {
        const cwf_chain_finding *fd = &cf->v[q];
        const cwf_chain_alarm *al = NULL;
        for (size_t j = 0; j < c->nalarms && !al; j++)
            if (fd->rule == CWF_R_AUDIT_ALARM && c->alarms[j].metric.where == fd->where)
                al = &c->alarms[j];
        const cwf_chain_metric *t = NULL;
        for (size_t j = 0; al && j < ns && !t; j++)
            if (strstr(fd->message, same[j].label))
                t = &same[j];
        bool again = false;
        for (size_t j = 0; j < P->nseen && !again; j++)
            again = P->seen[j] == al;
        if (!t || again || !t->name.s || !t->name.literal)
            continue;
        const cwf_xattr *am = al->metric.where, *an = al->ns.where;
        size_t fi = file_of(P, am);
        if (fi == SIZE_MAX)
            continue; /* cannot happen: the model was built from these files */
        P->seen[P->nseen++] = al;
        cwf_fix_file *ff = &F->files[fi];
        const cwf_extract *y = &P->cx[fi];
        bool set_ns = an && t->ns.s && t->ns.literal &&
                      !(al->ns.s && strcmp(al->ns.s, t->ns.s) == 0);
        const char *aname = al->name ? al->name : "(unnamed)";
        uint32_t line, col;
        cwf_host_linecol(ff->cur.p, ff->cur.len, am->hstart, &line, &col);
        if (F->findings_only) {
            report_chain(F, &ff->cur, y, P->rule, fd, al, t, set_ns);
            continue;
        }
        if (!F->unsafe) {
            F->stat[CWF_FIXS_MORE]++;
            continue;
        }
        const cwf_xattr *ref = !am->literal ? am : set_ns && !an->literal ? an : NULL;
        cwf_hedits *he = &P->he[fi];
        size_t mark = he->n;
        if (!ref && alarm_edits(&ff->cur, y, al, t, set_ns, he, P->ce[fi], &P->nce[fi])) {
            P->napplied[fi]++;
            msg(ff, true,
                "%s:%u:%u: fixed %s: alarm %s watches %s/%s, the metric that %s publishes\n"
                "  unsafe: %s",
                ff->name, line, col, cwf_rules[CWF_R_AUDIT_ALARM].id, aname,
                t->ns.s ? t->ns.s : al->ns.s ? al->ns.s : "?", t->name.s, t->label, chain_why);
            continue;
        }
        while (he->n > mark)
            free(he->v[--he->n].text);
        F->stat[CWF_FIXS_ALARMS_BY_HAND]++;
        char *now = ref ? cwf_xasprintf("\n  (now `%s`)", ref->value) : cwf_xstrdup("");
        msg(ff, false,
            "%s:%u:%u: alarm %s: fix not applied: %s\n  set its metric to %s/%s, the metric "
            "that %s publishes%s",
            ff->name, line, col, aname,
            ref ? "its metric is named by a reference, not a literal string"
                : "its metric is not a scalar that can be edited in place",
            t->ns.s ? t->ns.s : "?", t->name.s, t->label, now);
        free(now);
    }
}

/* The covering filters' chains of each rule, judged as lint judges them
 * (cwf_chain_iac_rule) over every file of the run; the alarm edits are
 * written into the current text of the file that holds each alarm. */
static void chain_fix(fixer *F)
{
    if (!cwf_fix_selected(CWF_R_AUDIT_ALARM, F->sel, F->ign))
        return;
    size_t nf = F->nfiles;
    cwf_extract *cx = cwf_xcalloc(nf + 1, sizeof *cx);
    bool *ok = cwf_xcalloc(nf + 1, sizeof *ok);
    const cwf_extract **xs = cwf_xcalloc(nf + 1, sizeof *xs);
    size_t nflt = 0;
    for (size_t i = 0; i < nf; i++) {
        cwf_fix_file *ff = &F->files[i];
        if (!ff->ok)
            continue;
        ok[i] = cwf_extract_buf(ff->name, bytes(&ff->cur), ff->cur.len, &cx[i]);
        if (ok[i]) {
            xs[i] = &cx[i];
            nflt += cx[i].n;
        }
    }
    cwf_chain_iac *m = cwf_chain_iac_build(xs, nf);
    const cwf_chain *c = cwf_chain_iac_model(m);
    cwf_chain_iac_filter *fs = cwf_xcalloc(nflt + 1, sizeof *fs);
    cwf_arena *arenas = cwf_xcalloc(nflt + 1, sizeof *arenas);
    size_t n = 0;
    for (size_t i = 0; i < nf; i++)
        for (size_t k = 0; ok[i] && k < cx[i].n; k++) {
            const cwf_filter *f = &cx[i].v[k];
            cwf_pattern *p = NULL;
            if (f->kind == CWF_METRIC_FILTER && !f->not_string && !f->nparts) {
                cwf_diags d = CWF_DIAGS_INIT;
                p = cwf_parse(f->src.text, f->src.len, &arenas[n], &d);
                if (cwf_diags_count(&d, CWF_ERROR))
                    p = NULL;
                cwf_diags_free(&d);
            }
            fs[n] = (cwf_chain_iac_filter){&cx[i], f, p, p ? cwf_lint_filter_label(f) : NULL};
            n++;
        }
    chain_pass P = {F, cx, ok, c, NULL, cwf_xcalloc(c->nalarms + 1, sizeof *P.seen), 0,
                    cwf_xcalloc(nf + 1, sizeof *P.he), cwf_xcalloc(nf + 1, sizeof *P.ce),
                    cwf_xcalloc(nf + 1, sizeof *P.nce), cwf_xcalloc(nf + 1, sizeof *P.napplied)};
    for (size_t i = 0; i < nf; i++)
        P.ce[i] = cwf_xcalloc(2 * c->nalarms + 1, sizeof **P.ce);
    cwf_judge_cache *cache = cwf_judge_cache_new();
    for (size_t k = 0; k < F->nrules; k++) {
        cwf_chain_findings cf = {0};
        P.rule = F->rules[k];
        cwf_chain_iac_rule(m, F->rules[k], fs, n, cache, &cf, chain_group, &P);
        cwf_chain_findings_free(&cf);
    }
    cwf_judge_cache_free(cache);
    for (size_t i = 0; i < nf; i++) {
        cwf_fix_file *ff = &F->files[i];
        if (P.he[i].n) {
            bool apart = edits_apart(&P.he[i]);
            cwf_buf nb = CWF_BUF_INIT;
            if (apart)
                cwf_hedits_apply(bytes(&ff->cur), ff->cur.len, &P.he[i], &nb);
            if (apart && chain_verify(ff->name, &cx[i], &nb, P.ce[i], P.nce[i])) {
                cwf_buf_free(&ff->cur);
                ff->cur = nb;
                F->stat[CWF_FIXS_APPLIED] += P.napplied[i];
            } else {
                cwf_buf_free(&nb); /* cannot happen: every scalar was encoded */
            }
        }
        cwf_hedits_free(&P.he[i]);
        free(P.ce[i]);
    }
    for (size_t i = 0; i < n; i++) {
        free((char *)fs[i].label);
        cwf_arena_free(&arenas[i]);
    }
    free(arenas);
    free(fs);
    free(P.seen);
    free(P.he);
    free(P.ce);
    free(P.nce);
    free(P.napplied);
    cwf_chain_iac_free(m);
    /* findings only: the findings point into the extractions */
    for (size_t i = 0; i < nf; i++) {
        if (F->findings_only && ok[i]) {
            cwf_extract_free(&F->files[i].cx);
            F->files[i].cx = cx[i];
        } else {
            cwf_extract_free(&cx[i]);
        }
    }
    free(cx);
    free(ok);
    free(xs);
}

/* ---- the files ------------------------------------------------------------------------------ */

/* Adds file name with text data (taken); from_disk: it may be written.
 * The templates a CDK manifest names go to *templates (their number
 * returned). */
static size_t add_file(fixer *F, const char *name, cwf_buf *data, bool from_disk,
                       char ***templates)
{
    F->files = cwf_xrealloc(F->files, (F->nfiles + 1) * sizeof *F->files);
    cwf_fix_file *ff = &F->files[F->nfiles++];
    *ff = (cwf_fix_file){.name = cwf_xstrdup(name), .from_disk = from_disk, .orig = *data,
                         .x = CWF_EXTRACT_INIT, .cx = CWF_EXTRACT_INIT};
    *data = (cwf_buf)CWF_BUF_INIT;
    cwf_buf_add(&ff->cur, bytes(&ff->orig), ff->orig.len);
    if (!cwf_extract_buf(ff->name, bytes(&ff->orig), ff->orig.len, &ff->x)) {
        problem(F, true, "%s:%u:%u: %s", name, ff->x.error_pos.line, ff->x.error_pos.col,
                ff->x.error);
        return 0;
    }
    ff->ok = true;
    size_t nt = ff->x.ntemplates;
    if (templates) {
        *templates = cwf_xcalloc(nt + 1, sizeof **templates);
        for (size_t k = 0; k < nt; k++)
            (*templates)[k] = cwf_xstrdup(ff->x.templates[k]);
    }
    return templates ? nt : 0;
}

/* Reads the file at path (stdin for "-"); see add_file. */
static size_t read_file(fixer *F, const char *path, char ***templates)
{
    cwf_buf data = CWF_BUF_INIT;
    const char *why;
    int got = cwf_read_regular(path, &data, &why);
    if (got <= 0) {
        if (got == 0)
            problem(F, false, "%s: skipped: %s", path, why);
        else
            problem(F, true, "%s: %s", path, strerror(errno));
        cwf_buf_free(&data);
        return 0;
    }
    size_t nt = add_file(F, path, &data, strcmp(path, "-") != 0, templates);
    cwf_buf_free(&data);
    return nt;
}

static bool wanted(const char *name, bool is_dir)
{
    if (is_dir)
        return strcmp(name, ".git") != 0 && strcmp(name, "node_modules") != 0 &&
               strcmp(name, ".terraform") != 0;
    return cwf_extract_wanted(name);
}

/* Whether template t named by the manifest at real path manifest lies in
 * the manifest's directory (as lint asks: a manifest in a pull request must
 * not make fix write files elsewhere). */
static bool template_inside(const char *manifest, const char *t)
{
    char *real = realpath(t, NULL);
    if (!real)
        return false;
    const char *slash = strrchr(manifest, '/');
    char *dir = slash && slash != manifest ? cwf_xstrndup(manifest, (size_t)(slash - manifest))
                                           : cwf_xstrdup("/");
    bool in = manifest[0] == '/' && cwf_walk_within(real, dir);
    free(dir);
    free(real);
    return in;
}

void cwf_fix_run_paths(cwf_fix_run *F, const char *const *paths, size_t n, bool follow)
{
    cwf_walk w = CWF_WALK_INIT;
    cwf_walk_opts wo = {.follow = follow, .want = wanted};
    cwf_walk_run(&w, paths, n, &wo);
    char **todo = NULL, **seen = NULL;
    size_t ntodo = 0, nseen = 0;
    for (size_t i = 0; i < w.n; i++) {
        const cwf_walk_entry *e = &w.v[i];
        if (e->kind == CWF_WALK_FILE) {
            todo = cwf_xrealloc(todo, (ntodo + 1) * sizeof *todo);
            todo[ntodo++] = cwf_xstrdup(e->path);
        } else {
            problem(F, e->kind != CWF_WALK_NOTE, "%s: %s%s", e->path,
                    e->kind == CWF_WALK_NOTE ? "skipped: " : "", e->text);
        }
    }
    cwf_walk_free(&w);
    /* the files already in the run count as seen */
    for (size_t i = 0; i < F->nfiles; i++) {
        if (!F->files[i].from_disk)
            continue;
        char *real = realpath(F->files[i].name, NULL);
        if (real) {
            seen = cwf_xrealloc(seen, (nseen + 1) * sizeof *seen);
            seen[nseen++] = real;
        }
    }
    for (size_t i = 0; i < ntodo; i++) {
        char *real = strcmp(todo[i], "-") == 0 ? cwf_xstrdup("-") : realpath(todo[i], NULL);
        if (!real)
            real = cwf_xstrdup(todo[i]);
        bool dup = false;
        for (size_t k = 0; k < nseen && !dup; k++)
            dup = strcmp(seen[k], real) == 0;
        if (dup) {
            free(real);
            continue;
        }
        seen = cwf_xrealloc(seen, (nseen + 1) * sizeof *seen);
        seen[nseen++] = real;
        char **templates = NULL;
        size_t nt = read_file(F, todo[i], &templates);
        for (size_t k = 0; k < nt; k++) {
            if (template_inside(real, templates[k])) {
                todo = cwf_xrealloc(todo, (ntodo + 1) * sizeof *todo);
                todo[ntodo++] = templates[k];
            } else {
                problem(F, false, "%s: skipped: named by %s, outside its directory",
                        templates[k], todo[i]);
                free(templates[k]);
            }
        }
        free(templates);
    }
    for (size_t i = 0; i < ntodo; i++)
        free(todo[i]);
    free(todo);
    for (size_t i = 0; i < nseen; i++)
        free(seen[i]);
    free(seen);
}

bool cwf_fix_run_buffer(cwf_fix_run *F, const char *name, const char *text, size_t len)
{
    cwf_buf data = CWF_BUF_INIT;
    cwf_buf_add(&data, text ? text : "", len);
    size_t before = F->nfiles;
    add_file(F, name, &data, false, NULL);
    cwf_buf_free(&data);
    return F->nfiles > before && F->files[F->nfiles - 1].ok;
}

/* ---- the plan ------------------------------------------------------------------------------- */

/* The fixes of the patterns of one file: pass 0 the patterns themselves,
 * pass 1 the coverage (a pattern that did not parse before its syntax
 * fixes may be a rule's filter); findings only: its findings. */
static void plan_file(fixer *F, cwf_fix_file *ff, const cwf_bench_rule **rs)
{
    ff->want = plan_rules(F, ff->name, &ff->x);
    if (F->findings_only) {
        for (size_t i = 0; i < ff->x.n; i++)
            report_filter(F, &ff->orig, &ff->x, i, rs, rules_of(F, ff->want, i, rs));
        return;
    }
    size_t n = ff->x.n;
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            if (!F->nrules)
                break;
            cwf_extract y = CWF_EXTRACT_INIT;
            bool ok = cwf_extract_buf(ff->name, bytes(&ff->cur), ff->cur.len, &y) &&
                      y.n == n;
            free(ff->want);
            ff->want = ok ? plan_rules(F, ff->name, &y)
                          : cwf_xcalloc(n * F->nrules + 1, sizeof *ff->want);
            cwf_extract_free(&y);
        }
        fix_filters(F, ff, n, pass == 0 ? NULL : ff->want, rs, pass == 1 || !F->nrules);
    }
}

/* ---- what is left: lint on the fixed texts ----------------------------------------------- */

/* Whether the items of the run already hold a finding of rule at the
 * filter (or alarm) that src names. */
static bool reported(const fixer *F, size_t nold, const cwf_source *src, cwf_rule_id rule)
{
    cwf_pos at = cwf_source_pos(src, 0);
    for (size_t i = 0; i < nold; i++) {
        const cwf_lint_item *it = &F->items[i];
        cwf_pos p = cwf_source_pos(&it->src, 0);
        if (it->nowhere || strcmp(it->src.name, src->name) != 0 || p.line != at.line ||
            p.col != at.col)
            continue;
        for (size_t k = 0; k < it->d.n; k++)
            if (it->d.v[k].rule == rule)
                return true;
    }
    return false;
}

/* Lints the current texts of the files read, with the run's rules, as
 * `lint` reads them (the nearest .cwfilter.yml), and adds its findings to
 * the items: findings only, those the items do not hold yet (they have no
 * fix); otherwise all of them, the findings left after the fixes.  The
 * count left is that of their diagnostics at or above fail_on. */
static void relint(fixer *F)
{
    cwf_lint_run *L = cwf_lint_run_new();
    F->lint = L;
    cwf_lint_run_config(L, CWF_LINT_CFG_NEAREST, NULL);
    for (size_t r = 0; r < F->nrules; r++)
        cwf_lint_run_rule(L, F->rules[r]);
    for (size_t i = 0; i < F->nfiles; i++)
        if (F->files[i].ok)
            cwf_lint_run_buffer(L, F->files[i].name, bytes(&F->files[i].cur),
                                F->files[i].cur.len);
    cwf_lint_run_finish(L);
    size_t nold = F->nitems;
    for (size_t i = 0; i < cwf_lint_run_count(L); i++) {
        const cwf_lint_item *li = cwf_lint_run_item(L, i);
        cwf_diags d = CWF_DIAGS_INIT;
        for (size_t k = 0; k < li->d.n; k++)
            if (li->nowhere || !reported(F, nold, &li->src, li->d.v[k].rule))
                cwf_diag_copy(&d, &li->d.v[k]);
        if (!d.n) {
            cwf_diags_free(&d);
            continue;
        }
        F->stat[CWF_FIXS_LEFT] += cwf_diags_count(&d, F->fail_on);
        cwf_lint_item *it = item(F, &li->src, li->logical);
        it->d = d;
        it->nowhere = li->nowhere;
    }
}

void cwf_fix_run_plan(cwf_fix_run *F)
{
    if (F->planned)
        return;
    F->planned = true;
    const cwf_bench_rule **rs = cwf_xcalloc(F->nrules + 1, sizeof *rs);
    for (size_t i = 0; i < F->nfiles; i++)
        if (F->files[i].ok)
            plan_file(F, &F->files[i], rs);
    if (F->nrules)
        chain_fix(F);
    for (size_t i = 0; i < F->nfiles && !F->findings_only; i++) {
        cwf_fix_file *ff = &F->files[i];
        if (!ff->ok)
            continue;
        ff->changed = ff->cur.len != ff->orig.len ||
                      (ff->cur.len && memcmp(ff->cur.p, ff->orig.p, ff->cur.len) != 0);
        cwf_buf d = CWF_BUF_INIT;
        if (ff->changed) {
            F->stat[CWF_FIXS_FILES]++;
            unified(ff->name, &ff->orig, &ff->cur, &d);
        }
        ff->diff = d.p ? d.p : cwf_xstrdup("");
    }
    free(rs);
    relint(F);
}

bool cwf_fix_run_apply(cwf_fix_run *F)
{
    bool ok = true;
    for (size_t i = 0; i < F->nfiles; i++) {
        cwf_fix_file *ff = &F->files[i];
        if (!ff->changed || !ff->from_disk || ff->written)
            continue;
        ff->written = write_atomic(F, ff->name, &ff->orig, &ff->cur);
        ok = ok && ff->written;
        if (!ff->written)
            ff->from_disk = false; /* tried once */
    }
    return ok;
}

/* ---- a bare pattern ---------------------------------------------------------------------- */

void cwf_fix_run_pattern(cwf_fix_run *F, const char *text, size_t len)
{
    size_t applied, more;
    cwf_buf_free(&F->pattern);
    cwf_fix_all(text ? text : "", len, F->rules, F->nrules, F->unsafe, F->sel, F->ign,
                &F->pattern, &applied, &more);
    F->stat[CWF_FIXS_APPLIED] = applied;
    F->stat[CWF_FIXS_MORE] = more;
    cwf_filter f = {0};
    f.src.text = bytes(&F->pattern);
    f.src.len = F->pattern.len;
    F->stat[CWF_FIXS_LEFT] = left_on(F, &f, F->rules, F->nrules);
    F->planned = true;
}

const cwf_buf *cwf_fix_run_pattern_text(const cwf_fix_run *F)
{
    return &F->pattern;
}

/* ---- the run ------------------------------------------------------------------------------- */

cwf_fix_run *cwf_fix_run_new(void)
{
    cwf_fix_run *F = cwf_xcalloc(1, sizeof *F);
    F->fail_on = CWF_WARNING;
    F->pattern = (cwf_buf)CWF_BUF_INIT;
    return F;
}

void cwf_fix_run_rule(cwf_fix_run *F, const cwf_bench_rule *r)
{
    for (size_t i = 0; i < F->nrules; i++)
        if (F->rules[i] == r)
            return;
    F->rules = cwf_xrealloc(F->rules, (F->nrules + 1) * sizeof *F->rules);
    F->rules[F->nrules++] = r;
}

void cwf_fix_run_options(cwf_fix_run *F, bool unsafe, const char *sel, const char *ign,
                         bool findings_only, cwf_severity fail_on)
{
    F->unsafe = unsafe;
    free(F->sel);
    free(F->ign);
    F->sel = sel ? cwf_xstrdup(sel) : NULL;
    F->ign = ign ? cwf_xstrdup(ign) : NULL;
    F->findings_only = findings_only;
    F->fail_on = fail_on;
}

size_t cwf_fix_run_nfiles(const cwf_fix_run *F)
{
    return F->nfiles;
}

const cwf_fix_file *cwf_fix_run_file(const cwf_fix_run *F, size_t i)
{
    return i < F->nfiles ? &F->files[i] : NULL;
}

size_t cwf_fix_run_nproblems(const cwf_fix_run *F)
{
    return F->nproblems;
}

const cwf_lint_issue *cwf_fix_run_problem(const cwf_fix_run *F, size_t i)
{
    return i < F->nproblems ? &F->problems[i] : NULL;
}

size_t cwf_fix_run_stat(const cwf_fix_run *F, cwf_fix_stat s)
{
    return F->stat[s];
}

const cwf_lint_item *cwf_fix_run_items(const cwf_fix_run *F, size_t *n)
{
    *n = F->nitems;
    return F->items;
}

void cwf_fix_run_free(cwf_fix_run *F)
{
    if (!F)
        return;
    for (size_t i = 0; i < F->nitems; i++) {
        cwf_diags_free(&F->items[i].d);
        cwf_host_dfix_free(F->items[i].fixes, F->items[i].nfixes);
    }
    free(F->items);
    cwf_lint_run_free(F->lint);
    for (size_t i = 0; i < F->nfiles; i++) {
        cwf_fix_file *ff = &F->files[i];
        free(ff->name);
        cwf_buf_free(&ff->orig);
        cwf_buf_free(&ff->cur);
        cwf_extract_free(&ff->x);
        cwf_extract_free(&ff->cx);
        for (size_t k = 0; k < ff->nmsgs; k++)
            free(ff->msgs[k].text);
        free(ff->msgs);
        free(ff->diff);
        free(ff->want);
    }
    free(F->files);
    tf_reset(F);
    for (size_t i = 0; i < F->nproblems; i++)
        free(F->problems[i].text);
    free(F->problems);
    free(F->rules);
    free(F->sel);
    free(F->ign);
    cwf_buf_free(&F->pattern);
    free(F);
}
