/* cmd_audit.c: `cwfilter audit`, the benchmark's monitoring chain checked
 * from AWS CLI exports (audit.h).
 *
 *   cwfilter audit [--rule ID]... [--format text|json|sarif|github] [--fix] PATH...
 *
 * PATH is an export or a directory searched for *.json (hidden entries
 * skipped; symbolic links and special files as walk.h says, each skip
 * noted on stderr), "-" is stdin.  Exit codes: 0 every audited control passes; 1 a
 * control fails or cannot be judged (an audit that cannot vouch for a
 * control does not succeed); 2 an input cannot be read or is not an export
 * (`cwfilter: FILE: message`), or a usage error.
 *
 * --format json writes the audit's own JSON (layout in audit_render.c): results with
 * every step's evidence, which the diagnostic list of `lint` cannot hold.
 * sarif and github write one diagnostic per control that does not pass
 * (CWF501-CWF508, located at the evidence of its first failing step) and one
 * per note, through the common reporter. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "audit.h"
#include "judge.h"
#include "report.h"
#include "walk.h"

/* Directories nest no deeper than this. */
#define MAX_DEPTH 32

static int usage(FILE *f)
{
    fputs("usage: cwfilter audit [--rule ID | --benchmark V]... [--format text|json|sarif|github] [--fix] [--follow] PATH...\n"
          "\n"
          "Audits the CIS metric-filter controls from AWS CLI exports, step by step:\n"
          "multi-region trail, its log group, logging, management events, a metric\n"
          "filter that covers the control, an alarm on its metric with an SNS topic,\n"
          "a confirmed subscription.  PATH: JSON outputs of describe-trails,\n"
          "get-trail-status, get-event-selectors, describe-metric-filters,\n"
          "describe-alarms, list-subscriptions-by-topic and get-caller-identity, or\n"
          "directories of them (cwfilter-collect writes one).\n"
          "\n"
          "  -r, --rule ID      audit only this control (repeatable; see `cwfilter rules`)\n"
          "  -b, --benchmark V  audit the controls of a benchmark version: cis-1.2, cis-1.4,\n"
          "                     cis-2.0 ... cis-7.0, securityhub, or cis (the newest)\n"
          "  -F, --format FMT   text (default), json, sarif or github\n"
          "      --fix          print the remediation as a shell script instead\n"
          "      --follow       walk symbolic links to directories inside PATHs\n"
          "  -h, --help         this help\n"
          "\n"
          "Exit codes: 0 all pass, 1 a control fails or cannot be judged, 2 could not run.\n",
          f);
    return f == stdout ? CWF_EXIT_OK : CWF_EXIT_ERROR;
}

/* Prints "cwfilter: PATH: PREFIXTEXT" on stderr, the path's control
 * characters escaped (a file name must not inject lines into CI logs). */
static void say(const char *path, const char *prefix, const char *text)
{
    char *shown = cwf_escape_controls(path);
    fprintf(stderr, "cwfilter: %s: %s%s\n", shown, prefix, text);
    free(shown);
}

/* Reads one file into the bundle; prints the error and returns false. */
static bool read_one(cwf_bundle *b, const char *path)
{
    cwf_buf buf = CWF_BUF_INIT;
    const char *why;
    int got = cwf_read_regular(path, &buf, &why);
    if (got <= 0) {
        if (got == 0)
            say(path, "skipped: ", why);
        else
            say(path, "", strerror(errno));
        cwf_buf_free(&buf);
        return got == 0;
    }
    char *err;
    bool ok = cwf_bundle_add(b, strcmp(path, "-") == 0 ? "<stdin>" : path, buf.p ? buf.p : "",
                             buf.len, &err);
    if (!ok)
        say(path, "", err);
    free(err);
    cwf_buf_free(&buf);
    return ok;
}

static bool wanted(const char *name, bool is_dir)
{
    size_t n = strlen(name);
    return name[0] != '.' && (is_dir || (n >= 5 && strcmp(name + n - 5, ".json") == 0));
}

/* Reads the paths (walk.h: files, or directories' *.json files in name
 * order, hidden entries skipped); skips are noted.  False if one could not
 * be read. */
static bool read_paths(cwf_bundle *b, char **paths, size_t n, bool follow)
{
    cwf_walk w = CWF_WALK_INIT;
    cwf_walk_opts o = {.follow = follow, .max_depth = MAX_DEPTH, .want = wanted};
    cwf_walk_run(&w, (const char *const *)paths, n, &o);
    bool ok = true;
    for (size_t i = 0; i < w.n; i++) {
        const cwf_walk_entry *e = &w.v[i];
        if (e->kind == CWF_WALK_FILE) {
            ok &= read_one(b, e->path);
        } else if (e->kind == CWF_WALK_NOTE) {
            say(e->path, "skipped: ", e->text);
        } else {
            say(e->path, "", e->text);
            ok = false;
        }
    }
    cwf_walk_free(&w);
    return ok;
}

/* ---- sarif and github, through the common reporter -------------------------------- */

static void report_one(cwf_report *rep, const cwf_audit_ref *ref, const char *fallback,
                       cwf_rule_id rule, const char *logical, char **notes, size_t nnotes,
                       const char *fmt, ...) CWF_PRINTF(8, 9);
static void report_one(cwf_report *rep, const cwf_audit_ref *ref, const char *fallback,
                       cwf_rule_id rule, const char *logical, char **notes, size_t nnotes,
                       const char *fmt, ...)
{
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
    cwf_report_add(rep, &src, logical, &d);
    cwf_diags_free(&d);
    free(msg);
}

static void write_report(const cwf_audit *a, cwf_format f, const char *fallback)
{
    cwf_report *rep = cwf_report_new();
    for (size_t i = 0; i < a->n; i++) {
        const cwf_audit_result *r = &a->v[i];
        char *logical = cwf_xasprintf("%s%s%s", r->account, r->account[0] ? "/" : "", r->rule->id);
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
            report_one(rep, &r->steps[r->step - 1].ref, fallback, r->diag, logical, steps,
                       CWF_AUDIT_STEPS, "%s%s%s: %s", r->rule->id, r->account[0] ? " in " : "",
                       r->account, r->message);
            for (int k = 0; k < CWF_AUDIT_STEPS; k++)
                free(steps[k]);
        }
        for (size_t k = 0; k < r->nnotes; k++)
            report_one(rep, &r->notes[k].ref, fallback, r->notes[k].rule, logical, NULL, 0,
                       "%s%s%s: %s", r->rule->id, r->account[0] ? " in " : "", r->account,
                       r->notes[k].text);
        free(logical);
    }
    for (size_t k = 0; k < a->nnotes; k++)
        report_one(rep, &a->notes[k].ref, fallback, a->notes[k].rule, NULL, NULL, 0, "%s",
                   a->notes[k].text);
    cwf_report_write(rep, f, stdout, false);
    cwf_report_free(rep);
}

/* ---- the command ------------------------------------------------------------------- */

int cwf_cmd_audit(int argc, char **argv)
{
    const cwf_bench_rule **rules = cwf_xcalloc((size_t)argc + cwf_bench_nrules, sizeof *rules);
    size_t nrules = 0;
    const char *version = NULL;
    cwf_format format = CWF_FMT_TEXT;
    bool fix = false, follow = false;
    char **paths = cwf_xcalloc((size_t)argc, sizeof *paths);
    size_t npaths = 0;
    int rc = CWF_EXIT_ERROR;
    enum { O_FIX = 256, O_FOLLOW };
    static const struct option opts[] = {
        {"rule", required_argument, NULL, 'r'},
        {"format", required_argument, NULL, 'F'},
        {"benchmark", required_argument, NULL, 'b'},
        {"fix", no_argument, NULL, O_FIX},
        {"follow", no_argument, NULL, O_FOLLOW},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    optind = 1;
    while ((c = cwf_cli_getopt("audit", false, argc, argv, "r:b:F:h", opts)) != -1) {
        switch (c) {
        case 'h':
            rc = usage(stdout);
            goto out;
        case O_FIX:
            fix = true;
            break;
        case O_FOLLOW:
            follow = true;
            break;
        case 'r': {
            const cwf_bench_rule *r = cwf_bench_rule_find(optarg);
            if (!r) {
                rc = cwf_cli_usage_error("audit", "unknown benchmark rule '%s' (see `cwfilter rules`)",
                                         optarg);
                goto out;
            }
            rules[nrules++] = r;
            break;
        }
        case 'b': {
            const cwf_bench_rule **v = cwf_xcalloc(cwf_bench_nrules + 1, sizeof *v);
            size_t nv = cwf_bench_version(optarg, v, &version);
            for (size_t k = 0; k < nv; k++) {
                size_t d = 0;
                while (d < nrules && rules[d] != v[k])
                    d++;
                if (d == nrules)
                    rules[nrules++] = v[k];
            }
            free(v);
            if (nv == 0) {
                rc = cwf_cli_usage_error("audit", "--benchmark takes one of: %s",
                                         cwf_bench_versions());
                goto out;
            }
            break;
        }
        case 'F':
            if (!cwf_format_parse(optarg, &format)) {
                rc = cwf_cli_usage_error("audit", "unknown format '%s' (text, json, sarif, github)",
                                         optarg);
                goto out;
            }
            break;
        default:
            goto out;
        }
    }
    for (int i = optind; i < argc; i++)
        paths[npaths++] = argv[i];
    if (npaths == 0) {
        rc = cwf_cli_usage_error("audit", "no export or directory given");
        goto out;
    }
    cwf_bundle b = CWF_BUNDLE_INIT;
    bool ok = true;
    ok = read_paths(&b, paths, npaths, follow);
    if (ok && b.n == 0) {
        fprintf(stderr, "cwfilter: %s: no JSON exports found\n", paths[0]);
        ok = false;
    }
    if (!ok) {
        cwf_bundle_free(&b);
        goto out;
    }
    cwf_audit a = CWF_AUDIT_INIT;
    cwf_audit_run(&b, rules, nrules, &a);
    cwf_buf out = CWF_BUF_INIT;
    if (fix)
        cwf_audit_render_fix(&out, &a);
    else if (format == CWF_FMT_TEXT)
        cwf_audit_render_text(&out, &a);
    else if (format == CWF_FMT_JSON)
        cwf_audit_render_json(&out, &a);
    if (out.len)
        fwrite(out.p, 1, out.len, stdout);
    else if (!fix)
        write_report(&a, format, paths[0]);
    if (version && format == CWF_FMT_TEXT && !fix)
        printf("benchmark: the %zu metric-filter controls of %s\n", nrules, version);
    cwf_buf_free(&out);
    rc = cwf_audit_count(&a, CWF_AUDIT_PASS) == a.n ? CWF_EXIT_OK : CWF_EXIT_FINDINGS;
    cwf_audit_free(&a);
    cwf_bundle_free(&b);
out:
    free(rules);
    free(paths);
    return rc;
}
