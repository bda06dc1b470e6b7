/* cmd_audit.c: `cwfilter audit` checks the benchmark's monitoring chain,
 * control by control, from AWS CLI exports (cwf_audit_*), and reports it.
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

#include <stdlib.h>
#include <string.h>

#include "cwfilter.h"
#include "report.h"

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

/* Prints the job's problems on stderr, control characters escaped (a file
 * name must not inject lines into CI logs). */
static void say_problems(const cwf_audit_job *a)
{
    for (size_t i = 0; i < cwf_audit_problem_count(a); i++) {
        char *shown = cwf_escape_controls(cwf_audit_problem(a, i, NULL));
        fprintf(stderr, "cwfilter: %s\n", shown);
        free(shown);
    }
}

/* ---- the command ------------------------------------------------------------------- */

int cwf_cmd_audit(int argc, char **argv)
{
    const char *version = NULL;
    cwf_format format = CWF_FMT_TEXT;
    bool fix = false, follow = false;
    cwf_audit_job *job = NULL;
    cwf_audit_new(&job);
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
        case 'r':
            if (cwf_audit_add_rule(job, optarg) != CWF_STATUS_OK) {
                rc = cwf_cli_usage_error("audit", "unknown benchmark rule '%s' (see `cwfilter rules`)",
                                         optarg);
                goto out;
            }
            break;
        case 'b':
            if (cwf_audit_add_benchmark(job, optarg, &version) != CWF_STATUS_OK) {
                rc = cwf_cli_usage_error("audit", "--benchmark takes one of: %s",
                                         cwf_benchmark_versions());
                goto out;
            }
            break;
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
    if (optind == argc) {
        rc = cwf_cli_usage_error("audit", "no export or directory given");
        goto out;
    }
    bool ok = cwf_audit_add_paths(job, (const char *const *)argv + optind, (size_t)(argc - optind),
                                  follow) == CWF_STATUS_OK;
    say_problems(job);
    if (ok && cwf_audit_export_count(job) == 0) {
        fprintf(stderr, "cwfilter: %s: no JSON exports found\n", argv[optind]);
        ok = false;
    }
    if (!ok)
        goto out;
    cwf_audit_judge(job);
    size_t len = 0;
    const char *out = cwf_audit_render(job, fix ? "fix" : format == CWF_FMT_TEXT ? "text"
                                                : format == CWF_FMT_JSON ? "json" : "", &len);
    if (len) {
        fwrite(out, 1, len, stdout);
    } else if (!fix) {
        cwf_report *rep = cwf_report_new();
        cwf_report_add_audit(rep, job);
        cwf_report_write(rep, format, stdout, false);
        cwf_report_free(rep);
    }
    if (version && format == CWF_FMT_TEXT && !fix)
        printf("benchmark: the %zu metric-filter controls of %s\n", cwf_audit_rule_count(job),
               version);
    rc = cwf_audit_pass_count(job) == cwf_audit_control_count(job) ? CWF_EXIT_OK
                                                                    : CWF_EXIT_FINDINGS;
out:
    cwf_audit_job_free(job);
    return rc;
}
