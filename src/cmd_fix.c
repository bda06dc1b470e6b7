/* cmd_fix.c: `cwfilter fix` applies proved fixes to the filter patterns in
 * files, byte-exact, through the fix job of cwfilter.h, and prints what it
 * did; `lint --fix` is the same job, printing its summary only.
 *
 * Decisions:
 * - The engine (fix_run.c) plans and writes; this file parses options,
 *   prints the plan's messages (the fixes applied on stdout, or on stderr
 *   when the file came from stdin and goes back to stdout), the diffs
 *   (--diff, then nothing is written), problems on stderr, and the summary.
 * - --format json or sarif reports the findings with their fixes as
 *   replacements in the files and writes nothing.
 * - Exit codes as `lint`: 0 nothing left at or above --fail-on (warning),
 *   1 findings left, 2 something could not be read or written. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cwfilter.h"
#include "report.h"

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
    "      --diff             print a unified diff; write nothing (PATHs, text\n"
    "                         output only: not with --pattern or --format)\n"
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
    "The findings left are those `cwfilter lint` reports on the fixed files.\n"
    "A fixed file is replaced (atomic rename): a hard link to it keeps the old text.\n"
    "\n"
    "Exit: 0 nothing left at or above --fail-on, 1 findings left, 2 a file or\n"
    "option that could not be used.\n";

/* Prints the problems of job j from the first-th on (stderr); whether one
 * was an error. */
static bool problems(const cwf_fix_job *j, size_t first)
{
    bool bad = false;
    for (size_t i = first; i < cwf_fix_job_problem_count(j); i++) {
        bool err;
        char *shown = cwf_escape_controls(cwf_fix_job_problem(j, i, &err));
        fprintf(stderr, "cwfilter: %s\n", shown);
        free(shown);
        bad = bad || err;
    }
    return bad;
}

/* Prints each file's messages (quiet: none; diff: none of the fixes
 * applied) and then, when it changed, its diff (diff) or, for stdin, its
 * fixed text. */
static void show_files(const cwf_fix_job *j, bool quiet, bool diff)
{
    for (size_t i = 0; i < cwf_fix_job_file_count(j); i++) {
        bool in = strcmp(cwf_fix_job_file_name(j, i), "-") == 0;
        /* stdin's fixed file goes to stdout: the messages to stderr */
        FILE *out = in ? stderr : stdout;
        for (size_t k = 0; !quiet && k < cwf_fix_job_message_count(j, i); k++) {
            bool fixed;
            const char *m = cwf_fix_job_message(j, i, k, &fixed);
            if (!(diff && fixed))
                fprintf(out, "%s\n", m);
        }
        if (!cwf_fix_job_file_changed(j, i))
            continue;
        if (diff) {
            fputs(cwf_fix_job_file_diff(j, i), stdout);
        } else if (in) {
            size_t len;
            const char *t = cwf_fix_job_file_text(j, i, &len);
            fwrite(t, 1, len, stdout);
        }
    }
}

/* Plans job j over the paths, prints the plan as text (quiet: problems
 * only), writes the files (unless diff); the exit status so far. */
static int run_text(cwf_fix_job *j, const char *const *paths, size_t n, bool follow, bool quiet,
                    bool diff)
{
    cwf_fix_job_add_paths(j, paths, n, follow);
    cwf_fix_job_plan(j);
    bool bad = problems(j, 0);
    show_files(j, quiet, diff);
    if (!diff) {
        size_t before = cwf_fix_job_problem_count(j);
        fflush(stdout);
        cwf_fix_job_apply(j);
        bad = problems(j, before) || bad;
    }
    return bad ? CWF_EXIT_ERROR : CWF_EXIT_OK;
}

int cwf_fix_paths(const char *const *paths, size_t n, const char *const *rules, size_t nrules,
                  const char *const *versions, size_t nversions, bool unsafe, bool follow)
{
    cwf_fix_job *j;
    cwf_fix_job_new(&j);
    for (size_t i = 0; i < nrules; i++)
        cwf_fix_job_add_rule(j, rules[i]);
    for (size_t i = 0; i < nversions; i++)
        cwf_fix_job_add_benchmark(j, versions[i], NULL);
    cwf_fix_job_set_unsafe(j, unsafe);
    int status = run_text(j, paths, n, follow, true, false);
    size_t applied = cwf_fix_job_count(j, CWF_FIX_APPLIED);
    size_t files = cwf_fix_job_count(j, CWF_FIX_FILES_CHANGED);
    size_t more = cwf_fix_job_count(j, CWF_FIX_MORE_UNSAFE);
    fprintf(stderr, "cwfilter lint --fix: %zu fix%s applied", applied, applied == 1 ? "" : "es");
    if (files)
        fprintf(stderr, " in %zu file%s", files, files == 1 ? "" : "s");
    if (more)
        fprintf(stderr, ", %zu more with --unsafe-fixes", more);
    fputc('\n', stderr);
    cwf_fix_job_free(j);
    return status;
}

/* --pattern: the fixed pattern on stdout, the summary on stderr. */
static int fix_pattern(cwf_fix_job *j, const char *arg)
{
    cwf_buf text = CWF_BUF_INIT;
    const char *name;
    if (!cwf_cli_pattern(arg, NULL, &text, &name))
        return CWF_EXIT_ERROR;
    cwf_fix_job_pattern(j, text.p ? text.p : "", text.len);
    printf("%s\n", cwf_fix_job_pattern_text(j, NULL));
    size_t applied = cwf_fix_job_count(j, CWF_FIX_APPLIED);
    size_t more = cwf_fix_job_count(j, CWF_FIX_MORE_UNSAFE);
    size_t left = cwf_fix_job_count(j, CWF_FIX_LEFT);
    fprintf(stderr, "cwfilter fix: %zu fix%s applied", applied, applied == 1 ? "" : "es");
    if (more)
        fprintf(stderr, ", %zu more with --unsafe", more);
    fprintf(stderr, ", %zu finding%s left\n", left, left == 1 ? "" : "s");
    cwf_buf_free(&text);
    return left ? CWF_EXIT_FINDINGS : CWF_EXIT_OK;
}

/* The summary line of a text run (stderr); all: the findings left at any
 * severity. */
static void summary(const cwf_fix_job *j, bool diff, size_t all)
{
    size_t applied = cwf_fix_job_count(j, CWF_FIX_APPLIED);
    size_t files = cwf_fix_job_count(j, CWF_FIX_FILES_CHANGED);
    size_t more = cwf_fix_job_count(j, CWF_FIX_MORE_UNSAFE);
    size_t hand = cwf_fix_job_count(j, CWF_FIX_BY_HAND);
    size_t alarms = cwf_fix_job_count(j, CWF_FIX_ALARMS_BY_HAND);
    size_t left = cwf_fix_job_count(j, CWF_FIX_LEFT);
    fprintf(stderr, "cwfilter fix: %zu fix%s %s", applied, applied == 1 ? "" : "es",
            diff ? "to apply" : "applied");
    if (files)
        fprintf(stderr, " in %zu file%s", files, files == 1 ? "" : "s");
    if (more)
        fprintf(stderr, ", %zu more with --unsafe", more);
    if (hand)
        fprintf(stderr, ", %zu pattern%s to fix by hand", hand, hand == 1 ? "" : "s");
    if (alarms)
        fprintf(stderr, ", %zu alarm%s to fix by hand", alarms, alarms == 1 ? "" : "s");
    fprintf(stderr, ", %zu finding%s left", left, left == 1 ? "" : "s");
    if (all > left)
        fprintf(stderr, " (and %zu below --fail-on)", all - left);
    fputc('\n', stderr);
}

/* The severity --fail-on names. */
static cwf_severity severity(cwf_level l)
{
    return l == CWF_LEVEL_ERROR ? CWF_ERROR : l == CWF_LEVEL_WARNING ? CWF_WARNING : CWF_NOTE;
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
    cwf_fix_job *j;
    cwf_fix_job_new(&j);
    cwf_format fmt = CWF_FMT_TEXT;
    cwf_level fail_on = CWF_LEVEL_WARNING;
    bool unsafe = false, diff = false, follow = false;
    const char *pattern = NULL, *sel = NULL, *ign = NULL;
    int c, rc = -1;
    optind = 1;
    while (rc < 0 && (c = cwf_cli_getopt("fix", false, argc, argv, "r:b:p:F:h", opts)) != -1) {
        switch (c) {
        case 'r':
            if (cwf_fix_job_add_rule(j, optarg) != CWF_STATUS_OK)
                rc = cwf_cli_usage_error("fix", "unknown rule '%s' (see `cwfilter rules`)", optarg);
            break;
        case 'b':
            if (cwf_fix_job_add_benchmark(j, optarg, NULL) != CWF_STATUS_OK)
                rc = cwf_cli_usage_error("fix", "unknown benchmark '%s' (known: %s)", optarg,
                                         cwf_benchmark_versions());
            break;
        case O_UNSAFE:
            unsafe = true;
            break;
        case O_DIFF:
            diff = true;
            break;
        case O_SELECT:
            sel = optarg;
            break;
        case O_IGNORE:
            ign = optarg;
            break;
        case 'p':
            pattern = optarg;
            break;
        case O_FOLLOW:
            follow = true;
            break;
        case 'F':
            if (!cwf_format_parse(optarg, &fmt) || fmt == CWF_FMT_GITHUB)
                rc = cwf_cli_usage_error("fix", "unknown format '%s' (text, json, sarif)", optarg);
            break;
        case O_FAIL_ON:
            if (strcmp(optarg, "error") == 0)
                fail_on = CWF_LEVEL_ERROR;
            else if (strcmp(optarg, "warning") == 0)
                fail_on = CWF_LEVEL_WARNING;
            else if (strcmp(optarg, "note") == 0)
                fail_on = CWF_LEVEL_NOTE;
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
    /* as lint's --rule: an id that names no rule is a usage error */
    if (rc < 0 && cwf_fix_job_set_select(j, sel, NULL) != CWF_STATUS_OK)
        rc = cwf_cli_usage_error("fix", "unknown rule id in --select '%s' (see "
                                 "`cwfilter rules`)", sel);
    if (rc < 0 && cwf_fix_job_set_select(j, sel, ign) != CWF_STATUS_OK)
        rc = cwf_cli_usage_error("fix", "unknown rule id in --ignore '%s' (see "
                                 "`cwfilter rules`)", ign);
    if (rc < 0 && diff && (pattern || fmt != CWF_FMT_TEXT))
        rc = cwf_cli_usage_error("fix", "--diff takes PATHs and text output, not --pattern "
                                 "or --format json/sarif");
    if (rc < 0) {
        cwf_fix_job_set_unsafe(j, unsafe);
        cwf_fix_job_set_fail_on(j, fail_on);
        cwf_fix_job_set_findings_only(j, fmt != CWF_FMT_TEXT);
    }
    if (rc < 0 && pattern)
        rc = fix_pattern(j, pattern);
    if (rc >= 0) {
        cwf_fix_job_free(j);
        return rc;
    }
    const char *const *paths = (const char *const *)argv + optind;
    size_t n = (size_t)(argc - optind);
    int status;
    if (fmt != CWF_FMT_TEXT) {
        cwf_fix_job_add_paths(j, paths, n, follow);
        cwf_fix_job_plan(j);
        status = problems(j, 0) ? CWF_EXIT_ERROR : CWF_EXIT_OK;
        cwf_report *rep = cwf_report_new();
        cwf_report_add_fix(rep, j);
        cwf_report_write(rep, fmt, stdout, false);
        if (status == 0 && cwf_report_count(rep, severity(fail_on)) > 0)
            status = CWF_EXIT_FINDINGS;
        cwf_report_free(rep);
    } else {
        status = run_text(j, paths, n, follow, false, diff);
        fflush(stdout);
        /* the findings left, as lint prints them: on stderr when stdout
         * holds a diff or a fixed file */
        bool in = false;
        for (size_t i = 0; i < cwf_fix_job_file_count(j); i++)
            in = in || strcmp(cwf_fix_job_file_name(j, i), "-") == 0;
        cwf_report *rep = cwf_report_new();
        cwf_report_add_fix(rep, j);
        cwf_report_write(rep, CWF_FMT_TEXT, diff || in ? stderr : stdout, false);
        fflush(stdout);
        summary(j, diff, cwf_report_count(rep, CWF_NOTE));
        if (status == 0 && cwf_report_count(rep, severity(fail_on)) > 0)
            status = CWF_EXIT_FINDINGS;
        cwf_report_free(rep);
    }
    cwf_fix_job_free(j);
    return status;
}
