/* cmd_lint.c: `cwfilter lint` checks every filter pattern in the files
 * under PATHs, with suppressions and per log group coverage, and reports
 * the findings.
 *
 * The engine is the library's (cwf_lint_*: the walk, the readers,
 * .cwfilter.yml, coverage through the judge); this file takes the options,
 * prints the run's problems on stderr, hands the findings to the report
 * and chooses the exit code.
 *
 * Decisions:
 * - Exit codes as ruff and shellcheck: 0 nothing at or above --fail-on, 1
 *   findings, 2 an option or a file that could not be used (the other
 *   files are still linted and reported).  --fail-on defaults to warning,
 *   so that notes (CWF401) never fail a build.
 * - --benchmark VERSION: the rules of that version; `cis` is the newest
 *   CIS version.
 * - The text report ends with a summary on stderr, so that "clean" and
 *   "looked at nothing" differ. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cwfilter.h"
#include "report.h"

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
    "  -b, --benchmark VER    all the metric-filter rules of a benchmark version:\n"
    "                         cis-1.2, cis-1.4, cis-2.0 ... cis-7.0, securityhub,\n"
    "                         or cis, the newest CIS version\n"
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
    "      --fix              apply the safe fixes first (as `cwfilter fix`), then\n"
    "                         report what is left\n"
    "      --unsafe-fixes     with --fix, the unsafe fixes too\n"
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

typedef struct lint {
    cwf_lint *run;
    const char *version; /* --benchmark: "CIS 7.0", or NULL */
    cwf_format fmt;
    cwf_severity fail_on;
    bool exit_zero;
    int color;           /* -1 auto, 0 never, 1 always */
    const char *config;  /* --config */
    bool no_config;
    bool follow;         /* --follow */
    bool fix, unsafe_fixes; /* --fix, --unsafe-fixes: `cwfilter fix` first */
    const char **rules, **versions; /* -r and -b, for --fix */
    size_t nrules, nversions;
    cwf_report *rep;
    int status;          /* CWF_EXIT_ERROR once something could not be used */
} lint;

/* ---- summary ------------------------------------------------------------------------- */

/* The last line of a text report, on stderr: what was looked at and what
 * was found, so that "clean" and "looked at nothing" differ. */
static void summary(const lint *L)
{
    size_t nread = cwf_lint_files_read(L->run), nchecked = cwf_lint_patterns_found(L->run);
    size_t e = cwf_report_count(L->rep, CWF_ERROR);
    size_t w = cwf_report_count(L->rep, CWF_WARNING) - e;
    size_t n = cwf_report_count(L->rep, CWF_NOTE) - e - w;
    cwf_buf b = CWF_BUF_INIT;
    cwf_buf_printf(&b, "cwfilter lint: %zu file%s read, ", nread, nread == 1 ? "" : "s");
    if (nchecked)
        cwf_buf_printf(&b, "%zu pattern%s checked", nchecked, nchecked == 1 ? "" : "s");
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
    else if (!e && !w && nchecked)
        cwf_buf_puts(&b, ": no findings");
    fprintf(stderr, "%s\n", cwf_buf_str(&b));
    cwf_buf_free(&b);
}

/* ---- options ------------------------------------------------------------------------- */

static int options(lint *L, int argc, char **argv)
{
    enum { O_FAIL_ON = 256, O_COLOR, O_CONFIG, O_NO_CONFIG, O_EXIT_ZERO, O_FOLLOW, O_FIX,
           O_UNSAFE_FIXES };
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
        {"fix", no_argument, NULL, O_FIX},
        {"unsafe-fixes", no_argument, NULL, O_UNSAFE_FIXES},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    optind = 1;
    while ((c = cwf_cli_getopt("lint", false, argc, argv, "r:b:F:h", opts)) != -1) {
        switch (c) {
        case 'r': {
            if (cwf_lint_add_rule(L->run, optarg) != CWF_STATUS_OK)
                return cwf_cli_usage_error("lint", "unknown rule '%s' (see `cwfilter rules`)", optarg);
            L->rules[L->nrules++] = optarg;
            break;
        }
        case 'b': {
            if (cwf_lint_add_benchmark(L->run, optarg, &L->version) != CWF_STATUS_OK)
                return cwf_cli_usage_error("lint", "unknown benchmark '%s' (known: %s)", optarg,
                                           cwf_benchmark_versions());
            L->versions[L->nversions++] = optarg;
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
        case O_FIX:
            L->fix = true;
            break;
        case O_UNSAFE_FIXES:
            L->fix = L->unsafe_fixes = true;
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
    L.rules = cwf_xcalloc((size_t)argc + 1, sizeof *L.rules);
    L.versions = cwf_xcalloc((size_t)argc + 1, sizeof *L.versions);
    cwf_lint_new(&L.run);
    int rc = options(&L, argc, argv);
    if (rc < 0 && L.config && access(L.config, R_OK) != 0) {
        fprintf(stderr, "cwfilter: %s: %s\n", L.config, strerror(errno));
        rc = CWF_EXIT_ERROR;
    }
    if (rc >= 0) {
        cwf_lint_free(L.run);
        free(L.rules);
        free(L.versions);
        return rc;
    }
    cwf_lint_set_config(L.run, L.no_config ? CWF_LINT_CONFIG_NONE
                               : L.config  ? CWF_LINT_CONFIG_FILE
                                           : CWF_LINT_CONFIG_NEAREST, L.config);
    if (L.fmt == CWF_FMT_JSON || L.fmt == CWF_FMT_SARIF)
        cwf_lint_want_fixes(L.run, true); /* their fixes, as replacements in the file */
    static const char *const here[] = {"."};
    if (L.fix) {
        /* the fixes first (cmd_fix.c), then the report of what is left */
        const char *const *paths = optind == argc ? here : (const char *const *)argv + optind;
        size_t np = optind == argc ? 1 : (size_t)(argc - optind);
        if (cwf_fix_paths(paths, np, L.rules, L.nrules, L.versions, L.nversions,
                          L.unsafe_fixes, L.follow) != 0)
            L.status = CWF_EXIT_ERROR;
    }
    if (optind == argc)
        cwf_lint_add_paths(L.run, here, 1, L.follow);
    else
        cwf_lint_add_paths(L.run, (const char *const *)argv + optind, (size_t)(argc - optind),
                           L.follow);
    cwf_lint_judge(L.run);
    for (size_t i = 0; i < cwf_lint_problem_count(L.run); i++) {
        bool error;
        char *shown = cwf_escape_controls(cwf_lint_problem(L.run, i, &error));
        fprintf(stderr, "cwfilter: %s\n", shown);
        free(shown);
        if (error)
            L.status = CWF_EXIT_ERROR;
    }
    L.rep = cwf_report_new();
    cwf_report_add_lint(L.rep, L.run);

    bool color = L.fmt == CWF_FMT_TEXT && (L.color == 1 || (L.color == -1 && cwf_want_color(1)));
    cwf_report_write(L.rep, L.fmt, stdout, color);
    if (L.version && L.fmt == CWF_FMT_TEXT)
        printf("coverage: the %zu metric-filter rules of %s\n", cwf_lint_rule_count(L.run),
               L.version);
    fflush(stdout);
    if (L.fmt == CWF_FMT_TEXT)
        summary(&L);
    if (L.status == 0 && !L.exit_zero && cwf_report_count(L.rep, L.fail_on) > 0)
        L.status = CWF_EXIT_FINDINGS;

    cwf_report_free(L.rep);
    cwf_lint_free(L.run);
    free(L.rules);
    free(L.versions);
    return L.status;
}
