/* cmd_match.c: `cwfilter match`, an offline test-metric-filter: prints the
 * events of files or stdin that a filter pattern selects (or their count,
 * one JSON object each, an explanation per event, what an alarm would have
 * seen, or the difference two patterns make).
 *
 * The library (cwf_match_job_*) reads, matches and renders; this file parses
 * the options and the patterns and prints what it is handed.  Like grep:
 * exit 0 when something was selected, 1 when nothing was, 2 when the
 * pattern or an input could not be read. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cwfilter.h"
#include "report.h"
static const char match_help[] =
    "usage: cwfilter match [options] PATTERN [FILE...]\n"
    "       cwfilter match [options] --file PATTERN_FILE [FILE...]\n"
    "       cwfilter match --stats [--by FIELD] [--period P] [--threshold N] PATTERN [FILE...]\n"
    "       cwfilter match --diff [--count] [--json] OLD NEW [FILE...]\n"
    "\n"
    "Prints the events of the FILEs (stdin when there are none, or for -) that\n"
    "match the filter pattern, as CloudWatch Logs would (test-metric-filter,\n"
    "offline).  Formats are recognised by content: plain text and JSON Lines\n"
    "(one event per line), CloudTrail log files ({\"Records\":[...]}, each record\n"
    "one event), `aws logs filter-log-events` and `get-log-events` output\n"
    "(events[].message), and any of them gzipped.\n"
    "\n"
    "  -f, --file F    read the pattern from file F (- for stdin)\n"
    "  -c, --count     print only the number of selected events\n"
    "  -v, --invert    select the events that do not match\n"
    "      --json      one JSON object per selected event: file, eventNumber,\n"
    "                  eventMessage and extractedValues (delimited patterns)\n"
    "  -e, --explain   for every event, the verdict, then each condition of the\n"
    "                  pattern: true or false, its place in the pattern\n"
    "                  (line:columns), and what the event holds there; first,\n"
    "                  the readings it assumes where AWS's documentation is\n"
    "                  silent (`= true` against a JSON boolean, a number\n"
    "                  against a numeric string, a line with more fields)\n"
    "  -j, --jobs N    N threads (default: the online cores): files, and pieces\n"
    "                  of large plain files, in parallel; output in input order,\n"
    "                  exactly as with --jobs 1\n"
    "      --no-prefilter  parse every event, even one that holds none of the\n"
    "                  literals a match needs (same results, slower)\n"
    "      --stats     what an alarm on the filter would have seen: the selected\n"
    "                  events per --by value and per --period (default 5m,\n"
    "                  aligned on the epoch), and the periods whose count is\n"
    "                  >= --threshold (default 1: ALARM).  An event's time:\n"
    "                  the \"timestamp\" of filter-log-events/get-log-events\n"
    "                  output, else a JSON event's eventTime (CloudTrail), else\n"
    "                  an ISO 8601 UTC time that starts the line; events without\n"
    "                  one are counted but left out of the periods\n"
    "      --by FIELD  a JSON field path: eventName, $.userIdentity.arn\n"
    "      --period P  60s, 5m, 1h, 1d\n"
    "      --threshold N\n"
    "  -F, --format F  text (default) or json, for --stats\n"
    "      --diff      two patterns, OLD and NEW: the events that only OLD selects\n"
    "                  (-, lost by the change) and only NEW selects (+, added),\n"
    "                  then the counts; exit 0 when they differ on some event\n"
    "  -h, --help      this help\n"
    "\n"
    "A pattern that starts with `-` follows `--`: cwfilter match -- '-DEBUG' app.log.\n"
    "Exit: 0 some event selected, 1 none, 2 a bad pattern or an unreadable file.\n";

/* The report, on stdout. */
static int write_out(void *arg, const char *data, size_t len)
{
    (void)arg;
    fwrite(data, 1, len, stdout);
    return 0;
}

/* "cwfilter: FILE: why" on stderr, after what stdout holds so far. */
static void input_error(void *arg, const char *file, const char *why)
{
    (void)arg;
    char *shown = cwf_escape_controls(file);
    fflush(stdout);
    fprintf(stderr, "cwfilter: %s: %s\n", shown, why);
    free(shown);
}

/* Parses one pattern (text from arg, or from file), printing its
 * diagnostics; NULL when it has errors. */
static cwf_parsed *parse_pattern(const char *arg, const char *file, cwf_buf *text)
{
    const char *name;
    if (!cwf_cli_pattern(arg, file, text, &name))
        return NULL;
    cwf_parsed *p = NULL;
    cwf_status st = cwf_parse_pattern(text->p, text->len, &p);
    if (!p) {
        fprintf(stderr, "cwfilter: %s: %s\n", name, cwf_status_string(st));
        return NULL;
    }
    if (cwf_parsed_diag_count(p)) {
        cwf_diags d = CWF_DIAGS_INIT;
        for (size_t i = 0; i < cwf_parsed_diag_count(p); i++)
            cwf_report_diag_copy(&d, cwf_parsed_diag(p, i));
        cwf_source src = {name, text->p ? text->p : "", text->len, NULL};
        cwf_buf out = CWF_BUF_INIT;
        cwf_render_text_safe(&out, &src, &d, cwf_want_color(2));
        fputs(cwf_buf_str(&out), stderr);
        cwf_buf_free(&out);
        cwf_diags_free(&d);
    }
    if (!cwf_parsed_ok(p)) {
        cwf_parsed_free(p);
        return NULL;
    }
    return p;
}

static int match(cwf_match_job *j, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"file", required_argument, NULL, 'f'},
        {"count", no_argument, NULL, 'c'},
        {"invert", no_argument, NULL, 'v'},
        {"json", no_argument, NULL, 'J'},
        {"explain", no_argument, NULL, 'e'},
        {"jobs", required_argument, NULL, 'j'},
        {"no-prefilter", no_argument, NULL, 'P'},
        {"stats", no_argument, NULL, 'S'},
        {"by", required_argument, NULL, 'B'},
        {"period", required_argument, NULL, 'T'},
        {"threshold", required_argument, NULL, 'N'},
        {"format", required_argument, NULL, 'F'},
        {"diff", no_argument, NULL, 'D'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    long jobs = cores > 0 ? cores : 1;
    const char *file = NULL, *by = NULL;
    bool count = false, invert = false, json = false, explain = false, no_prefilter = false;
    bool stats = false, diff = false, stats_opt = false;
    int c;
    optind = 1;
    while ((c = cwf_cli_getopt("match", true, argc, argv, "f:cvej:F:h", longopts)) != -1) {
        char *end;
        switch (c) {
        case 'f': file = optarg; break;
        case 'c': count = true; break;
        case 'v': invert = true; break;
        case 'J': json = true; break; /* --json: long only */
        case 'e': explain = true; break;
        case 'P': no_prefilter = true; break;
        case 'S': stats = true; break;
        case 'D': diff = true; break;
        case 'B': by = optarg; stats_opt = true; break;
        case 'T':
            stats_opt = true;
            if (cwf_match_job_set(j, "period", optarg) != CWF_STATUS_OK)
                return cwf_cli_usage_error("match", "--period takes a duration such as 60s, "
                                                    "5m, 1h or 1d, not '%s'", optarg);
            break;
        case 'N':
            stats_opt = true;
            if (cwf_match_job_set(j, "threshold", optarg) != CWF_STATUS_OK)
                return cwf_cli_usage_error("match", "--threshold takes a whole number >= 1, "
                                                    "not '%s'", optarg);
            break;
        case 'F':
            stats_opt = true;
            if (cwf_match_job_set(j, "format", optarg) != CWF_STATUS_OK)
                return cwf_cli_usage_error("match", "--format takes text or json, not '%s'",
                                           optarg);
            break;
        case 'j':
            errno = 0;
            jobs = strtol(optarg, &end, 10);
            if (errno || end == optarg || *end || jobs < 1 || jobs > 256)
                return cwf_cli_usage_error("match", "--jobs takes a number from 1 to 256, "
                                                    "not '%s'", optarg);
            break;
        case 'h': fputs(match_help, stdout); return CWF_EXIT_OK;
        default: return CWF_EXIT_ERROR;
        }
    }
    if (stats_opt && !stats)
        return cwf_cli_usage_error("match", "--by, --period, --threshold and --format go "
                                            "with --stats");
    if (stats && (diff || count || json || explain))
        return cwf_cli_usage_error("match", "--stats does not go with --diff, --count, "
                                            "--json or --explain");
    if (diff && (file || explain || invert))
        return cwf_cli_usage_error("match", "--diff takes its two patterns as operands, "
                                            "without --file, --explain or --invert");
    if (diff && optind + 2 > argc)
        return cwf_cli_usage_error("match", "--diff needs two patterns: OLD NEW [FILE...]");
    if (!file && optind >= argc)
        return cwf_cli_usage_error("match", "give a pattern, or --file F");
    const char *arg = file ? NULL : argv[optind++];
    const char *arg2 = diff ? argv[optind++] : NULL;
    char **inputs = argv + optind;
    int ninputs = argc - optind;
    bool pattern_stdin = (file && strcmp(file, "-") == 0) || (arg && strcmp(arg, "-") == 0) ||
                         (arg2 && strcmp(arg2, "-") == 0);
    bool events_stdin = ninputs == 0;
    for (int i = 0; i < ninputs; i++)
        events_stdin |= strcmp(inputs[i], "-") == 0;
    if (pattern_stdin && events_stdin)
        return cwf_cli_usage_error("match", "the pattern and the events cannot both come "
                                            "from stdin");
    if (diff && arg && arg2 && strcmp(arg, "-") == 0 && strcmp(arg2, "-") == 0)
        return cwf_cli_usage_error("match", "only one pattern can come from stdin");
    if (by && cwf_match_job_set(j, "by", by) != CWF_STATUS_OK)
        return cwf_cli_usage_error("match", "%s", cwf_match_job_error(j));
    cwf_match_job_set_jobs(j, (unsigned)jobs);
    cwf_match_job_set_flag(j, "count", count);
    cwf_match_job_set_flag(j, "invert", invert);
    cwf_match_job_set_flag(j, "json", json);
    cwf_match_job_set_flag(j, "explain", explain);
    cwf_match_job_set_flag(j, "stats", stats);
    cwf_match_job_set_flag(j, "prefilter", !no_prefilter);

    cwf_buf text = CWF_BUF_INIT, text2 = CWF_BUF_INIT;
    cwf_parsed *p = parse_pattern(arg, file, &text);
    cwf_parsed *p2 = diff && p ? parse_pattern(arg2, NULL, &text2) : NULL;
    int rc = CWF_EXIT_ERROR;
    if (p && (!diff || p2)) {
        /* The job hands on pieces of about 64 KiB: straight to write(2). */
        setvbuf(stdout, NULL, _IONBF, 0);
        size_t selected = 0;
        cwf_status st = cwf_match_job_run(j, p, p2, (const char *const *)inputs,
                                          (size_t)ninputs, write_out, input_error, NULL,
                                          &selected);
        fflush(stdout);
        rc = st != CWF_STATUS_OK ? CWF_EXIT_ERROR : selected ? CWF_EXIT_OK : CWF_EXIT_FINDINGS;
    }
    cwf_parsed_free(p);
    cwf_parsed_free(p2);
    cwf_buf_free(&text);
    cwf_buf_free(&text2);
    return rc;
}

int cwf_cmd_match(int argc, char **argv)
{
    cwf_match_job *j;
    cwf_match_job_new(&j);
    int rc = match(j, argc, argv);
    cwf_match_job_free(j);
    return rc;
}
