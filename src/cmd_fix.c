/* cmd_fix.c: `cwfilter fix`: proved fixes (fix.h) written back byte-exact
 * into the files where the patterns live (hostedit.h).
 *
 * Decisions:
 * - Safe fixes only unless --unsafe, as ruff.  Fixes are applied one at a
 *   time, each generated and proved again on the result of the last, so
 *   that no two fixes conflict; a second run changes nothing.
 * - Coverage (--rule, --benchmark cis): per file, the metric filters on one
 *   log group (its name or reference; a filter without one is a group of
 *   its own) are left alone when one of them covers the rule; otherwise the
 *   closest (most cases covered) gets the coverage fix, as `lint` reports it.
 * - A file is written atomically (a temporary file in its directory, fsync,
 *   rename, the mode kept) and only when its bytes are still those read.
 *   --diff prints a unified diff and writes nothing; --format json or sarif
 *   reports the findings with their fixes as host-file replacements and
 *   writes nothing.
 * - A pattern that cannot be edited in place (a variable, Fn::Join, a
 *   plan, an export) gets the fixed pattern printed, and for an export the
 *   `aws logs put-metric-filter` command that applies it.
 * - Exit codes as `lint`: 0 nothing left at or above --fail-on (warning),
 *   1 findings left, 2 something could not be read or written. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit.h"
#include "shell.h"
#include "chain_iac.h"
#include "cli.h"
#include "extract.h"
#include "fix.h"
#include "judge.h"
#include "hostedit.h"
#include "lint.h"
#include "parse.h"
#include "report.h"
#include "walk.h"

static const char fix_help[] =
    "usage: cwfilter fix [options] PATH...\n"
    "       cwfilter fix [options] --pattern PATTERN\n"
    "\n"
    "Fixes the CloudWatch Logs filter patterns found in PATHs (files or\n"
    "directories, as `cwfilter lint` reads them) and writes each fix back into\n"
    "the file, byte-exact: only the pattern's bytes change, in the scalar's own\n"
    "style (JSON and YAML strings, YAML block scalars, Terraform strings and\n"
    "heredocs), comments and layout kept.  Every fix is proved before it is\n"
    "applied: the fixed pattern is parsed and proved again.\n"
    "\n"
    "Safe fixes match the same events (`==`, single quotes, a spaced `-`,\n"
    "doubled parentheses, a duplicate disjunct) or add only what a rule\n"
    "requires (its missing event names).  Unsafe fixes change what matches\n"
    "(removing a narrowing condition, correcting a near-miss name), or what an\n"
    "alarm watches: with --rule or --benchmark, an alarm on another metric than\n"
    "the covering filter publishes (CWF506) gets its literal metric name and\n"
    "namespace set to the filter's.\n"
    "\n"
    "  -r, --rule ID          also fix coverage of the benchmark rule ID (repeatable)\n"
    "  -b, --benchmark V      the rules of a benchmark version (cis: the newest\n"
    "                         CIS; cis-1.2 ... cis-7.0; securityhub)\n"
    "      --unsafe           apply unsafe fixes too\n"
    "      --diff             print a unified diff; write nothing\n"
    "      --select IDS       only fixes of these rules (CWF108,CWF3: ids or prefixes)\n"
    "      --ignore IDS       no fixes of these rules\n"
    "  -p, --pattern P        fix the pattern P (- reads stdin) and print it\n"
    "                         (a PATH of - reads a file from stdin and prints it fixed)\n"
    "  -F, --format FMT       text (default); json or sarif: the findings with\n"
    "                         their fixes as replacements in the files; write nothing\n"
    "      --follow           walk symbolic links to directories inside PATHs\n"
    "      --fail-on SEV      exit 1 when findings at or above error, warning\n"
    "                         (default) or note are left\n"
    "  -h, --help             this help\n"
    "\n"
    "Exit: 0 nothing left at or above --fail-on, 1 findings left, 2 a file or\n"
    "option that could not be used.\n";

typedef struct fixer {
    const cwf_bench_rule **rules;
    size_t nrules;
    bool unsafe, diff;
    const char *sel, *ign;
    cwf_format fmt;
    cwf_severity fail_on;
    cwf_report *rep;
    size_t applied, more, left, files_changed, not_in_place;
    size_t alarms_by_hand;  /* CWF506 alarms named by a reference */
    int status;
    bool quiet;          /* lint --fix: no line per fix, the summary only */
    bool follow;         /* walk symbolic links to directories */
} fixer;

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

static bool write_to(const char *path, const char *shown, const cwf_buf *orig, const cwf_buf *data);

/* Writes data to path atomically, if path still holds orig: a temporary
 * file in the same directory (of the link's target, for a symbolic link),
 * written, given the mode (and, where allowed, the owner) of the old one,
 * fsync'd, renamed over it. */
static bool write_atomic(const char *path_, const cwf_buf *orig, const cwf_buf *data)
{
    char *real = realpath(path_, NULL);
    const char *path = real ? real : path_;
    bool ok = write_to(path, path_, orig, data);
    free(real);
    return ok;
}

static bool write_to(const char *path, const char *shown, const cwf_buf *orig, const cwf_buf *data)
{
    cwf_buf now = CWF_BUF_INIT;
    const char *why;
    if (cwf_read_regular(path, &now, &why) <= 0 || now.len != orig->len ||
        (now.len && memcmp(now.p, orig->p, now.len) != 0)) {
        fprintf(stderr, "cwfilter: %s: changed since it was read; not written\n", shown);
        cwf_buf_free(&now);
        return false;
    }
    cwf_buf_free(&now);
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "cwfilter: %s: %s\n", path, strerror(errno));
        return false;
    }
    char *tmp = cwf_xasprintf("%s.cwfilter-XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        fprintf(stderr, "cwfilter: %s: %s\n", tmp, strerror(errno));
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
        fprintf(stderr, "cwfilter: %s: %s\n", shown, strerror(errno));
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
static char *transformations(const cwf_buf *data, const cwf_filter *f)
{
    json_error_t err;
    json_t *root = json_loadb(data->p ? data->p : "", data->len, JSON_DISABLE_EOF_CHECK, &err);
    char *out = NULL;
    const json_t *list = json_object_get(root, "metricFilters");
    size_t i;
    const json_t *e;
    json_array_foreach(list, i, e) {
        const char *n = json_string_value(json_object_get(e, "filterName"));
        const char *g = json_string_value(json_object_get(e, "logGroupName"));
        if (n && g && f->name && f->log_group && strcmp(n, f->name) == 0 &&
            strcmp(g, f->log_group) == 0) {
            json_t *t = json_object_get(e, "metricTransformations");
            if (t)
                out = json_dumps(t, JSON_COMPACT | JSON_PRESERVE_ORDER);
            break;
        }
    }
    json_decref(root);
    return out;
}

static void not_in_place(fixer *F, const char *path, const cwf_buf *data, const cwf_extract *x,
                         size_t i, const char *why, const cwf_bench_rule **rs, size_t nrs)
{
    const cwf_filter *f = &x->v[i];
    if (f->not_string || f->nparts)
        return; /* nothing was parsed: nothing to fix */
    cwf_buf fixed = CWF_BUF_INIT;
    size_t applied, more;
    cwf_fix_all(f->src.text, f->src.len, rs, nrs, F->unsafe, F->sel, F->ign, &fixed, &applied,
                &more);
    F->more += more;
    if (!applied) {
        cwf_buf_free(&fixed);
        return;
    }
    F->not_in_place++;
    cwf_pos at = cwf_source_pos(&f->src, 0);
    const char *who = f->resource ? f->resource : f->name ? f->name : "the filter";
    if (F->fmt == CWF_FMT_TEXT && !F->quiet) {
        printf("%s:%u:%u: %s: %zu fix%s not applied: %s\n  fixed pattern: %s\n", path, at.line,
               at.col, who, applied, applied == 1 ? "" : "es", why, cwf_buf_str(&fixed));
        if (x->host == CWF_HOST_DESCRIBE && f->kind == CWF_METRIC_FILTER && f->name &&
            f->log_group) {
            char *t = transformations(data, f);
            cwf_buf cmd = CWF_BUF_INIT;
            cwf_buf_puts(&cmd, "  aws logs put-metric-filter --log-group-name ");
            cwf_shell_quote(&cmd, f->log_group);
            cwf_buf_puts(&cmd, " --filter-name ");
            cwf_shell_quote(&cmd, f->name);
            cwf_buf_puts(&cmd, " \\\n      --filter-pattern ");
            cwf_shell_quote(&cmd, cwf_buf_str(&fixed));
            if (t) {
                cwf_buf_puts(&cmd, " \\\n      --metric-transformations ");
                cwf_shell_quote(&cmd, t);
            }
            printf("%s\n", cwf_buf_str(&cmd));
            cwf_buf_free(&cmd);
            free(t);
        }
    }
    cwf_buf_free(&fixed);
}

/* ---- json / sarif: findings with their fixes ------------------------------------------------- */

static void report_filter(fixer *F, const cwf_buf *data, const cwf_extract *x, size_t i,
                          const cwf_bench_rule **rs, size_t nrs)
{
    const cwf_filter *f = &x->v[i];
    if (f->not_string || f->nparts)
        return;
    cwf_arena a = CWF_ARENA_INIT;
    cwf_diags d = CWF_DIAGS_INIT;
    cwf_pattern *p = cwf_parse(f->src.text, f->src.len, &a, &d);
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
    (void)p;
    const char *logical = f->resource ? f->resource : f->name;
    cwf_report_add(F->rep, &f->src, logical, &d);
    for (size_t k = 0; k < fs.n; k++) {
        const cwf_fix *fx = &fs.v[k];
        if (!cwf_fix_selected(fx->rule, F->sel, F->ign))
            continue;
        cwf_buf nb = CWF_BUF_INIT;
        cwf_hedits he = {0};
        const char *why;
        if (cwf_host_fix(data->p ? data->p : "", data->len, x, i, fx, &nb, &he, &why)) {
            cwf_report_repl *rp = cwf_xcalloc(he.n + 1, sizeof *rp);
            for (size_t j = 0; j < he.n; j++) {
                cwf_host_linecol(data->p, data->len, he.v[j].start, &rp[j].start.line,
                                 &rp[j].start.col);
                cwf_host_linecol(data->p, data->len, he.v[j].end, &rp[j].end.line, &rp[j].end.col);
                rp[j].text = he.v[j].text;
            }
            cwf_report_fix(F->rep, at[k], fx->title, fx->safety == CWF_FIX_SAFE, fx->why, f->src.name,
                           rp, he.n);
            free(rp);
        }
        cwf_hedits_free(&he);
        cwf_buf_free(&nb);
    }
    free(at);
    cwf_fixes_free(&fs);
    cwf_diags_free(&d);
    cwf_arena_free(&a);
}

/* ---- one file -------------------------------------------------------------------------------- */

/* What is left on filter i after fixing: findings at or above fail_on. */
static size_t left_on(const fixer *F, const cwf_filter *f, const cwf_bench_rule **rs, size_t nrs)
{
    if (f->not_string || f->nparts)
        return 0;
    cwf_arena a = CWF_ARENA_INIT;
    cwf_diags d = CWF_DIAGS_INIT;
    cwf_pattern *p = cwf_parse(f->src.text, f->src.len, &a, &d);
    size_t n = cwf_diags_count(&d, F->fail_on);
    if (p && !cwf_diags_count(&d, CWF_ERROR))
        for (size_t r = 0; r < nrs; r++) {
            cwf_proof pr = {0};
            n += cwf_check_rule(p, rs[r], &pr) != CWF_COVERS;
            cwf_proof_free(&pr);
        }
    cwf_diags_free(&d);
    cwf_arena_free(&a);
    return n;
}

/* One pass over the n filters of the file held in cur: each filter's
 * fixes, one at a time, written into cur (want NULL: no coverage rules).
 * The last pass tells what cannot be fixed in place. */
static void fix_filters(fixer *F, const char *path, cwf_buf *cur_, size_t n, const bool *want,
                        const cwf_bench_rule **rs, bool last)
{
    cwf_buf cur = *cur_;
    cwf_extract y = CWF_EXTRACT_INIT;
    bool fresh = false; /* y is the extraction of cur */
    for (size_t i = 0; i < n; i++) {
        size_t nrs = want ? rules_of(F, want, i, rs) : 0;
        for (int round = 0; round < 32; round++) {
            if (!fresh) {
                cwf_extract_free(&y);
                fresh = cwf_extract_buf(path, cur.p ? cur.p : "", cur.len, &y) && y.n == n;
                if (!fresh)
                    break; /* cannot happen: every edit was verified */
            }
            const cwf_filter *f = &y.v[i];
            const char *nwhy;
            if (!cwf_host_editable(y.host, f, &nwhy)) {
                if (last)
                    not_in_place(F, path, &cur, &y, i, nwhy, rs, nrs);
                break;
            }
            cwf_fixes fs = CWF_FIXES_INIT;
            cwf_fix_generate(f->src.text, f->src.len, rs, nrs, &fs);
            size_t held;
            const cwf_fix *fx = pick(F, &fs, &held);
            if (!fx) {
                if (want || !F->nrules)
                    F->more += held;
                cwf_fixes_free(&fs);
                break;
            }
            cwf_buf nb = CWF_BUF_INIT;
            cwf_hedits he = {0};
            const char *hwhy;
            if (!cwf_host_fix(cur.p ? cur.p : "", cur.len, &y, i, fx, &nb, &he, &hwhy)) {
                if (last)
                    not_in_place(F, path, &cur, &y, i, hwhy, rs, nrs);
                cwf_fixes_free(&fs);
                break;
            }
            uint32_t line, col;
            cwf_host_linecol(cur.p, cur.len, he.n ? he.v[0].start : 0, &line, &col);
            /* stdin's fixed file goes to stdout: the messages to stderr */
            FILE *msg = strcmp(path, "-") == 0 ? stderr : stdout;
            if (!F->diff && !F->quiet)
                fprintf(msg, "%s:%u:%u: fixed %s: %s\n", path, line, col, cwf_rules[fx->rule].id,
                        fx->title);
            if (!F->diff && !F->quiet && fx->safety == CWF_FIX_UNSAFE)
                fprintf(msg, "  unsafe: %s\n", fx->why ? fx->why : "it changes what matches");
            F->applied++;
            cwf_buf_free(&cur);
            cur = nb;
            cwf_hedits_free(&he);
            cwf_fixes_free(&fs);
            fresh = false;
        }
    }
    cwf_extract_free(&y);
    *cur_ = cur;
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
    bool ok = cwf_extract_buf(path, nb->p ? nb->p : "", nb->len, &z) && z.n == y->n &&
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

/* --format json or sarif: the CWF506 finding at the alarm as lint reports
 * it, and its fix as replacements when the alarm's values are literal. */
static void report_chain(fixer *F, const cwf_buf *data, const cwf_extract *y,
                         const cwf_bench_rule *r, const cwf_chain_finding *fd,
                         const cwf_chain_alarm *al, const cwf_chain_metric *t, bool set_ns)
{
    const cwf_xattr *am = al->metric.where;
    cwf_diags d = CWF_DIAGS_INIT;
    cwf_diag *g = cwf_diag_add(&d, fd->rule, am->span, "%s (%s): %s", r->id, r->title,
                               fd->message);
    g->severity = fd->severity;
    for (size_t i = 0; i < fd->nnotes; i++)
        cwf_diag_note(g, "%s", fd->notes[i]);
    cwf_report_add(F->rep, &am->src, NULL, &d);
    cwf_diags_free(&d);
    cwf_hedits he = {0};
    chain_edit ce[2];
    size_t nce = 0;
    cwf_buf nb = CWF_BUF_INIT;
    if (alarm_edits(data, y, al, t, set_ns, &he, ce, &nce) && edits_apart(&he)) {
        cwf_hedits_apply(data->p ? data->p : "", data->len, &he, &nb);
        if (chain_verify(y->path, y, &nb, ce, nce)) {
            cwf_report_repl *rp = cwf_xcalloc(he.n + 1, sizeof *rp);
            for (size_t j = 0; j < he.n; j++) {
                cwf_host_linecol(data->p, data->len, he.v[j].start, &rp[j].start.line,
                                 &rp[j].start.col);
                cwf_host_linecol(data->p, data->len, he.v[j].end, &rp[j].end.line,
                                 &rp[j].end.col);
                rp[j].text = he.v[j].text;
            }
            char *title = cwf_xasprintf("make the alarm watch %s/%s",
                                        t->ns.s ? t->ns.s : al->ns.s ? al->ns.s : "?", t->name.s);
            cwf_report_fix(F->rep, 0, title, false, chain_why, am->src.name, rp, he.n);
            free(title);
            free(rp);
        }
    }
    cwf_buf_free(&nb);
    cwf_hedits_free(&he);
}

/* The covering filters' chains of each rule, judged as lint does (per log
 * group, within this file): an alarm that CWF506 finds watching another
 * metric gets its literal metric name and namespace set to the filter's
 * (unsafe: what the alarm watches changes); one named by a reference or a
 * variable gets what to change printed. */
static void chain_fix(fixer *F, const char *path, cwf_buf *cur)
{
    cwf_extract y = CWF_EXTRACT_INIT;
    if (!cwf_fix_selected(CWF_R_AUDIT_ALARM, F->sel, F->ign) ||
        !cwf_extract_buf(path, cur->p ? cur->p : "", cur->len, &y) || !y.nres || !y.n) {
        cwf_extract_free(&y);
        return;
    }
    const cwf_extract *xs[1] = {&y};
    cwf_chain_iac *m = cwf_chain_iac_build(xs, 1);
    const cwf_chain *c = cwf_chain_iac_model(m);
    size_t n = y.n;
    cwf_chain_metric *ms = cwf_xcalloc(n + 1, sizeof *ms);
    cwf_chain_metric *same = cwf_xcalloc(n + 1, sizeof *same);
    char **labels = cwf_xcalloc(n + 1, sizeof *labels);
    const char **groups = cwf_xcalloc(n + 1, sizeof *groups);
    bool *done = cwf_xcalloc(n + 1, sizeof *done);
    const cwf_chain_alarm **seen = cwf_xcalloc(c->nalarms + 1, sizeof *seen);
    size_t nseen = 0;
    cwf_hedits he = {0};
    chain_edit *ce = cwf_xcalloc(2 * c->nalarms + 1, sizeof *ce);
    size_t nce = 0, napplied = 0;
    for (size_t i = 0; i < n; i++)
        labels[i] = cwf_lint_filter_label(&y.v[i]);
    for (size_t k = 0; k < F->nrules; k++) {
        size_t nm = 0;
        for (size_t i = 0; i < n; i++) {
            const cwf_filter *f = &y.v[i];
            if (f->kind != CWF_METRIC_FILTER || f->not_string || f->nparts)
                continue;
            cwf_arena a = CWF_ARENA_INIT;
            cwf_diags d = CWF_DIAGS_INIT;
            cwf_pattern *p = cwf_parse(f->src.text, f->src.len, &a, &d);
            bool covers = false;
            if (p && !cwf_diags_count(&d, CWF_ERROR)) {
                cwf_proof pr = {0};
                covers = cwf_check_rule(p, F->rules[k], &pr) == CWF_COVERS;
                cwf_proof_free(&pr);
            }
            cwf_diags_free(&d);
            cwf_arena_free(&a);
            if (!covers || !cwf_chain_iac_metric(m, &y, f, labels[i], &ms[nm]))
                continue;
            groups[nm++] = f->log_group ? f->log_group : "";
        }
        memset(done, 0, (nm + 1) * sizeof *done);
        for (size_t i = 0; i < nm; i++) {
            if (done[i])
                continue;
            size_t ns = 0;
            for (size_t j = i; j < nm; j++)
                if (!done[j] && strcmp(groups[i], groups[j]) == 0) {
                    done[j] = true;
                    same[ns++] = ms[j];
                }
            cwf_chain_findings cf = {0};
            cwf_chain_judge(c, F->rules[k], same, ns, &cf);
            for (size_t q = 0; q < cf.n; q++) {
                const cwf_chain_finding *fd = &cf.v[q];
                const cwf_chain_alarm *al = NULL;
                for (size_t j = 0; j < c->nalarms && !al; j++)
                    if (fd->rule == CWF_R_AUDIT_ALARM && c->alarms[j].metric.where == fd->where)
                        al = &c->alarms[j];
                const cwf_chain_metric *t = NULL;
                for (size_t j = 0; al && j < ns && !t; j++)
                    if (strstr(fd->message, same[j].label))
                        t = &same[j];
                bool again = false;
                for (size_t j = 0; j < nseen && !again; j++)
                    again = seen[j] == al;
                if (!t || again || !t->name.s || !t->name.literal)
                    continue;
                seen[nseen++] = al;
                const cwf_xattr *am = al->metric.where, *an = al->ns.where;
                bool set_ns = an && t->ns.s && t->ns.literal &&
                              !(al->ns.s && strcmp(al->ns.s, t->ns.s) == 0);
                const char *aname = al->name ? al->name : "(unnamed)";
                uint32_t line, col;
                cwf_host_linecol(cur->p, cur->len, am->hstart, &line, &col);
                if (F->fmt != CWF_FMT_TEXT) {
                    report_chain(F, cur, &y, F->rules[k], fd, al, t, set_ns);
                    continue;
                }
                if (!F->unsafe) {
                    F->more++;
                    F->left++; /* the CWF506 error stays */
                    continue;
                }
                const cwf_xattr *ref = !am->literal ? am : set_ns && !an->literal ? an : NULL;
                size_t mark = he.n;
                if (!ref && alarm_edits(cur, &y, al, t, set_ns, &he, ce, &nce)) {
                    napplied++;
                    if (!F->diff && !F->quiet)
                        printf("%s:%u:%u: fixed %s: alarm %s watches %s/%s, the metric that %s "
                               "publishes\n  unsafe: %s\n",
                               path, line, col, cwf_rules[CWF_R_AUDIT_ALARM].id, aname,
                               t->ns.s ? t->ns.s : al->ns.s ? al->ns.s : "?", t->name.s,
                               t->label, chain_why);
                    continue;
                }
                while (he.n > mark)
                    free(he.v[--he.n].text);
                F->alarms_by_hand++;
                F->left++;
                if (F->fmt == CWF_FMT_TEXT && !F->quiet)
                    printf("%s:%u:%u: alarm %s: fix not applied: %s\n  set its metric to %s/%s, "
                           "the metric that %s publishes\n",
                           path, line, col, aname,
                           ref ? "its metric is named by a reference, not a literal string"
                               : "its metric is not a scalar that can be edited in place",
                           t->ns.s ? t->ns.s : "?", t->name.s, t->label);
                if (ref && F->fmt == CWF_FMT_TEXT && !F->quiet)
                    printf("  (now `%s`)\n", ref->value);
            }
            cwf_chain_findings_free(&cf);
        }
    }
    if (he.n) {
        bool apart = edits_apart(&he);
        cwf_buf nb = CWF_BUF_INIT;
        if (apart)
            cwf_hedits_apply(cur->p ? cur->p : "", cur->len, &he, &nb);
        if (apart && chain_verify(path, &y, &nb, ce, nce)) {
            cwf_buf_free(cur);
            *cur = nb;
            F->applied += napplied;
        } else {
            cwf_buf_free(&nb); /* cannot happen: every scalar was encoded */
        }
    }
    cwf_hedits_free(&he);
    free(ce);
    free(seen);
    for (size_t i = 0; i < n; i++)
        free(labels[i]);
    free(labels);
    free(groups);
    free(done);
    free(same);
    free(ms);
    cwf_chain_iac_free(m);
    cwf_extract_free(&y);
}

/* Fixes one file; a CDK manifest's stack templates are given back in
 * *templates (their number returned) to be fixed in turn. */
static size_t fix_file(fixer *F, const char *path, char ***templates)
{
    cwf_buf orig = CWF_BUF_INIT;
    const char *why;
    int got = cwf_read_regular(path, &orig, &why);
    if (got <= 0) {
        fprintf(stderr, "cwfilter: %s: %s%s\n", path, got == 0 ? "skipped: " : "",
                got == 0 ? why : strerror(errno));
        if (got < 0)
            F->status = CWF_EXIT_ERROR;
        cwf_buf_free(&orig);
        return 0;
    }
    cwf_extract x = CWF_EXTRACT_INIT;
    if (!cwf_extract_buf(path, orig.p ? orig.p : "", orig.len, &x)) {
        fprintf(stderr, "cwfilter: %s:%u:%u: %s\n", path, x.error_pos.line, x.error_pos.col,
                x.error);
        cwf_extract_free(&x);
        cwf_buf_free(&orig);
        F->status = CWF_EXIT_ERROR;
        return 0;
    }
    size_t nt = x.ntemplates;
    *templates = cwf_xcalloc(nt + 1, sizeof **templates);
    for (size_t k = 0; k < nt; k++)
        (*templates)[k] = cwf_xstrdup(x.templates[k]);
    bool *want = plan_rules(F, path, &x);
    const cwf_bench_rule **rs = cwf_xcalloc(F->nrules + 1, sizeof *rs);
    if (F->fmt != CWF_FMT_TEXT) {
        for (size_t i = 0; i < x.n; i++)
            report_filter(F, &orig, &x, i, rs, rules_of(F, want, i, rs));
        if (F->nrules)
            chain_fix(F, path, &orig);
        free(rs);
        free(want);
        cwf_extract_free(&x);
        cwf_buf_free(&orig);
        return nt;
    }
    cwf_buf cur = CWF_BUF_INIT;
    cwf_buf_add(&cur, orig.p ? orig.p : "", orig.len);
    size_t n = x.n;
    /* Pass 0 fixes the patterns themselves, pass 1 the coverage: a pattern
     * that did not parse before its syntax fixes may be a rule's filter. */
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            if (!F->nrules)
                break;
            cwf_extract y = CWF_EXTRACT_INIT;
            bool ok = cwf_extract_buf(path, cur.p ? cur.p : "", cur.len, &y) && y.n == n;
            free(want);
            want = ok ? plan_rules(F, path, &y) : cwf_xcalloc(n * F->nrules + 1, sizeof *want);
            cwf_extract_free(&y);
        }
        fix_filters(F, path, &cur, n, pass == 0 ? NULL : want, rs, pass == 1 || !F->nrules);
    }
    if (F->nrules)
        chain_fix(F, path, &cur);
    /* what is left */
    cwf_extract z = CWF_EXTRACT_INIT;
    if (cwf_extract_buf(path, cur.p ? cur.p : "", cur.len, &z))
        for (size_t i = 0; i < z.n && i < n; i++)
            F->left += left_on(F, &z.v[i], rs, rules_of(F, want, i, rs));
    cwf_extract_free(&z);
    bool changed = cur.len != orig.len || (cur.len && memcmp(cur.p, orig.p, cur.len) != 0);
    if (changed) {
        F->files_changed++;
        if (F->diff) {
            cwf_buf d = CWF_BUF_INIT;
            unified(path, &orig, &cur, &d);
            fwrite(d.p, 1, d.len, stdout);
            cwf_buf_free(&d);
        } else if (strcmp(path, "-") == 0) {
            fwrite(cur.p, 1, cur.len, stdout); /* stdin in, the fixed file out */
        } else if (!write_atomic(path, &orig, &cur)) {
            F->status = CWF_EXIT_ERROR;
        }
    }
    cwf_buf_free(&cur);
    free(rs);
    free(want);
    cwf_extract_free(&x);
    cwf_buf_free(&orig);
    return nt;
}

/* ---- a bare pattern ---------------------------------------------------------------------- */

static int fix_pattern(fixer *F, const char *arg)
{
    cwf_buf text = CWF_BUF_INIT;
    const char *name;
    if (!cwf_cli_pattern(arg, NULL, &text, &name))
        return CWF_EXIT_ERROR;
    const cwf_bench_rule **rs = F->rules;
    cwf_buf out = CWF_BUF_INIT;
    size_t applied, more;
    cwf_fix_all(text.p ? text.p : "", text.len, rs, F->nrules, F->unsafe, F->sel, F->ign, &out,
                &applied, &more);
    printf("%s\n", cwf_buf_str(&out));
    cwf_filter f = {0};
    f.src.text = out.p ? out.p : "";
    f.src.len = out.len;
    size_t left = left_on(F, &f, rs, F->nrules);
    fprintf(stderr, "cwfilter fix: %zu fix%s applied", applied, applied == 1 ? "" : "es");
    if (more)
        fprintf(stderr, ", %zu more with --unsafe", more);
    fprintf(stderr, ", %zu finding%s left\n", left, left == 1 ? "" : "s");
    cwf_buf_free(&out);
    cwf_buf_free(&text);
    return left ? CWF_EXIT_FINDINGS : CWF_EXIT_OK;
}

/* ---- options ------------------------------------------------------------------------------ */

static void add_rule(fixer *F, const cwf_bench_rule *r)
{
    for (size_t i = 0; i < F->nrules; i++)
        if (F->rules[i] == r)
            return;
    F->rules = cwf_xrealloc(F->rules, (F->nrules + 1) * sizeof *F->rules);
    F->rules[F->nrules++] = r;
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

/* Fixes every file found under the paths, and the stack templates a CDK
 * manifest names; each file once. */
static void run_paths(fixer *F, const char *const *paths, size_t n)
{
    cwf_walk w = CWF_WALK_INIT;
    cwf_walk_opts wo = {.follow = F->follow, .want = wanted};
    cwf_walk_run(&w, paths, n, &wo);
    char **todo = NULL, **seen = NULL;
    size_t ntodo = 0, nseen = 0;
    for (size_t i = 0; i < w.n; i++) {
        const cwf_walk_entry *e = &w.v[i];
        if (e->kind == CWF_WALK_FILE) {
            todo = cwf_xrealloc(todo, (ntodo + 1) * sizeof *todo);
            todo[ntodo++] = cwf_xstrdup(e->path);
        } else {
            char *shown = cwf_escape_controls(e->path);
            fprintf(stderr, "cwfilter: %s: %s%s\n", shown,
                    e->kind == CWF_WALK_NOTE ? "skipped: " : "", e->text);
            free(shown);
            if (e->kind != CWF_WALK_NOTE)
                F->status = CWF_EXIT_ERROR;
        }
    }
    cwf_walk_free(&w);
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
        size_t nt = fix_file(F, todo[i], &templates);
        for (size_t k = 0; k < nt; k++) {
            if (template_inside(real, templates[k])) {
                todo = cwf_xrealloc(todo, (ntodo + 1) * sizeof *todo);
                todo[ntodo++] = templates[k];
            } else {
                fprintf(stderr, "cwfilter: %s: skipped: named by %s, outside its directory\n",
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

int cwf_fix_paths(const char *const *paths, size_t n, const char *const *rules, size_t nrules,
                  const char *const *versions, size_t nversions, bool unsafe, bool follow)
{
    fixer F = {.fmt = CWF_FMT_TEXT, .fail_on = CWF_WARNING, .unsafe = unsafe, .quiet = true,
               .follow = follow};
    F.rules = cwf_xcalloc(nrules + nversions * cwf_bench_nrules + 1, sizeof *F.rules);
    for (size_t i = 0; i < nrules; i++) {
        const cwf_bench_rule *r = cwf_bench_rule_find(rules[i]);
        if (r)
            F.rules[F.nrules++] = r;
    }
    for (size_t i = 0; i < nversions; i++) {
        const char *label;
        F.nrules += cwf_bench_version(versions[i], F.rules + F.nrules, &label);
    }
    run_paths(&F, paths, n);
    fprintf(stderr, "cwfilter lint --fix: %zu fix%s applied", F.applied, F.applied == 1 ? "" : "es");
    if (F.files_changed)
        fprintf(stderr, " in %zu file%s", F.files_changed, F.files_changed == 1 ? "" : "s");
    if (F.more)
        fprintf(stderr, ", %zu more with --unsafe-fixes", F.more);
    fputc('\n', stderr);
    free(F.rules);
    return F.status;
}

int cwf_cmd_fix(int argc, char **argv)
{
    enum { O_UNSAFE = 256, O_DIFF, O_SELECT, O_IGNORE, O_FAIL_ON, O_FOLLOW };
    static const struct option opts[] = {
        {"rule", required_argument, NULL, 'r'},
        {"benchmark", required_argument, NULL, 'b'},
        {"unsafe", no_argument, NULL, O_UNSAFE},
        {"diff", no_argument, NULL, O_DIFF},
        {"select", required_argument, NULL, O_SELECT},
        {"ignore", required_argument, NULL, O_IGNORE},
        {"pattern", required_argument, NULL, 'p'},
        {"format", required_argument, NULL, 'F'},
        {"fail-on", required_argument, NULL, O_FAIL_ON},
        {"follow", no_argument, NULL, O_FOLLOW},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    fixer F = {.fmt = CWF_FMT_TEXT, .fail_on = CWF_WARNING};
    const char *pattern = NULL;
    int c, rc = -1;
    optind = 1;
    while (rc < 0 && (c = cwf_cli_getopt("fix", false, argc, argv, "r:b:p:F:h", opts)) != -1) {
        switch (c) {
        case 'r': {
            const cwf_bench_rule *r = cwf_bench_rule_find(optarg);
            if (!r)
                rc = cwf_cli_usage_error("fix", "unknown rule '%s' (see `cwfilter rules`)", optarg);
            else
                add_rule(&F, r);
            break;
        }
        case 'b': {
            const cwf_bench_rule **v = cwf_xcalloc(cwf_bench_nrules + 1, sizeof *v);
            const char *label;
            size_t nv = cwf_bench_version(optarg, v, &label);
            for (size_t i = 0; i < nv; i++)
                add_rule(&F, v[i]);
            free(v);
            if (nv == 0)
                rc = cwf_cli_usage_error("fix", "unknown benchmark '%s' (known: %s)", optarg,
                                         cwf_bench_versions());
            break;
        }
        case O_UNSAFE:
            F.unsafe = true;
            break;
        case O_DIFF:
            F.diff = true;
            break;
        case O_SELECT:
            F.sel = optarg;
            break;
        case O_IGNORE:
            F.ign = optarg;
            break;
        case 'p':
            pattern = optarg;
            break;
        case O_FOLLOW:
            F.follow = true;
            break;
        case 'F':
            if (!cwf_format_parse(optarg, &F.fmt) || F.fmt == CWF_FMT_GITHUB)
                rc = cwf_cli_usage_error("fix", "unknown format '%s' (text, json, sarif)", optarg);
            break;
        case O_FAIL_ON:
            if (strcmp(optarg, "error") == 0)
                F.fail_on = CWF_ERROR;
            else if (strcmp(optarg, "warning") == 0)
                F.fail_on = CWF_WARNING;
            else if (strcmp(optarg, "note") == 0)
                F.fail_on = CWF_NOTE;
            else
                rc = cwf_cli_usage_error("fix", "--fail-on takes error, warning or note");
            break;
        case 'h':
            fputs(fix_help, stdout);
            rc = CWF_EXIT_OK;
            break;
        default:
            rc = CWF_EXIT_ERROR;
        }
    }
    if (rc < 0 && pattern && optind < argc)
        rc = cwf_cli_usage_error("fix", "give --pattern or PATHs, not both");
    if (rc < 0 && !pattern && optind == argc)
        rc = cwf_cli_usage_error("fix", "no PATH given (use . for the current directory)");
    if (rc < 0 && pattern)
        rc = fix_pattern(&F, pattern);
    if (rc >= 0) {
        free(F.rules);
        return rc;
    }
    if (F.fmt != CWF_FMT_TEXT)
        F.rep = cwf_report_new();
    run_paths(&F, (const char *const *)argv + optind, (size_t)(argc - optind));
    if (F.rep) {
        cwf_report_write(F.rep, F.fmt, stdout, false);
        if (F.status == 0 && cwf_report_count(F.rep, F.fail_on) > 0)
            F.status = CWF_EXIT_FINDINGS;
        cwf_report_free(F.rep);
    } else {
        fflush(stdout);
        fprintf(stderr, "cwfilter fix: %zu fix%s %s", F.applied, F.applied == 1 ? "" : "es",
                F.diff ? "to apply" : "applied");
        if (F.files_changed)
            fprintf(stderr, " in %zu file%s", F.files_changed, F.files_changed == 1 ? "" : "s");
        if (F.more)
            fprintf(stderr, ", %zu more with --unsafe", F.more);
        if (F.not_in_place)
            fprintf(stderr, ", %zu pattern%s to fix by hand", F.not_in_place,
                    F.not_in_place == 1 ? "" : "s");
        if (F.alarms_by_hand)
            fprintf(stderr, ", %zu alarm%s to fix by hand", F.alarms_by_hand,
                    F.alarms_by_hand == 1 ? "" : "s");
        fprintf(stderr, ", %zu finding%s left\n", F.left, F.left == 1 ? "" : "s");
        if (F.status == 0 && F.left)
            F.status = CWF_EXIT_FINDINGS;
    }
    free(F.rules);
    return F.status;
}
