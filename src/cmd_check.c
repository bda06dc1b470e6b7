/* cmd_check.c: the prover's subcommands: check (a pattern against benchmark
 * rules or a requirement file), implies (does every event A matches match
 * B?), covers (the converse: does every event B matches match A?) and
 * equiv.  The library (cwf_check_*) proves and renders; this file parses
 * the options, reads the patterns and prints what it is handed. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cwfilter.h"
#include "report.h"

static const char check_help[] =
    "usage: cwfilter check [--rule ID]... [--requirement FILE] [--literal]\n"
    "                      [--verbose] [--format text|json] PATTERN | --file F | -\n"
    "\n"
    "Proves whether the pattern covers a benchmark control: every CloudTrail\n"
    "event the control requires matches the pattern.  The default rule is\n"
    "cis-iam-policy-changes (CIS 3.4/4.4/5.4, Security Hub CloudWatch.4); see\n"
    "`cwfilter rules` for the others and `cwfilter explain RULE` for what each\n"
    "requires.  The event names that fail for one reason are one finding, at\n"
    "the part of the pattern responsible, with one event that slips through:\n"
    "no term matches them; they are matched only when a condition holds; a\n"
    "condition excludes them; a near miss (wrong case, a plural, a typo, the\n"
    "prefix trap CreatePolicy/CreatePolicyVersion, a literal `*` inside a\n"
    "value, a misspelled key), with the text that fixes it.\n"
    "A pattern that covers but also matches events outside the control gets\n"
    "CWF314 broader-than-required, with one such event: a warning when they\n"
    "are unrelated (another service, event name, caller or error code), a\n"
    "note when they are close kin; it does not change the exit status.\n"
    "\n"
    "  -r, --rule ID           a rule id or alias (cis-4.4, securityhub-cloudwatch-4,\n"
    "                          ...); repeat for several\n"
    "  -R, --requirement FILE  prove against the requirement written in FILE, a\n"
    "                          filter pattern, instead of a rule\n"
    "  -l, --literal           also say whether the pattern is the benchmark's\n"
    "                          prescribed text, which is what Security Hub checks,\n"
    "                          and how it differs (a difference counts as a finding)\n"
    "      --verbose           also list every case with its verdict and its\n"
    "                          counterexample (json always has them)\n"
    "  -F, --format FMT        text (default) or json\n"
    "  -f, --file F            read the pattern from file F (- for stdin)\n"
    "  -h, --help              this help\n"
    "\n"
    "JSON patterns are decided exactly.  Term and regex patterns read the\n"
    "event's text, so they are decided in a model of a CloudTrail record: one\n"
    "compact JSON object that holds \"key\":\"value\" for every field the\n"
    "requirement fixes (\"eventName\":\"PutRolePolicy\",\n"
    "\"eventSource\":\"iam.amazonaws.com\"), and anything else anywhere else.\n"
    "Space-delimited patterns split the text on spaces and cannot read JSON\n"
    "fields: they get an example that slips through, or \"unknown\".  Where\n"
    "cwfilter cannot decide, it says \"unknown\" and why; it never guesses.\n"
    "\n"
    "Exit: 0 every rule covered, 1 a rule not covered or unknown (or, with\n"
    "--literal, not the prescribed text), 2 unreadable or unparsable input.\n";

static const char implies_help[] =
    "usage: cwfilter implies [--format text|json] A B\n"
    "\n"
    "Does pattern A imply pattern B, as in logic: does every event that\n"
    "matches A also match B?  If not, prints an event that matches A and not\n"
    "B.  `cwfilter covers A B` asks the converse.  Each of A and B is a\n"
    "pattern, or - for stdin (one of them).\n"
    "\n"
    "  -F, --format FMT   text (default) or json\n"
    "  -h, --help         this help\n"
    "\n"
    "Exit: 0 A implies B, 1 it does not (or cwfilter cannot decide), 2\n"
    "unreadable or unparsable input.\n";

static const char covers_help[] =
    "usage: cwfilter covers [--format text|json] A B\n"
    "\n"
    "Does pattern A cover pattern B: does every event that matches B also\n"
    "match A (as `check` asks of a pattern and a control)?  If not, prints an\n"
    "event that matches B and not A.  It is `cwfilter implies B A`.  Each of\n"
    "A and B is a pattern, or - for stdin (one of them).\n"
    "\n"
    "  -F, --format FMT   text (default) or json\n"
    "  -h, --help         this help\n"
    "\n"
    "Exit: 0 A covers B, 1 it does not (or cwfilter cannot decide), 2\n"
    "unreadable or unparsable input.\n";

static const char equiv_help[] =
    "usage: cwfilter equiv [--format text|json] A B\n"
    "\n"
    "Do patterns A and B match the same events?  Proves both directions (A\n"
    "implies B, B implies A) and prints an event for each direction that\n"
    "fails.  Each of A and B is a pattern, or - for stdin (one of them).\n"
    "\n"
    "  -F, --format FMT   text (default) or json\n"
    "  -h, --help         this help\n"
    "\n"
    "Exit: 0 equivalent, 1 not (or undecided), 2 unreadable or unparsable input.\n";

static bool parse_format(const char *cmd, const char *s, bool *json, int *rc)
{
    if (strcmp(s, "text") == 0)
        *json = false;
    else if (strcmp(s, "json") == 0)
        *json = true;
    else {
        *rc = cwf_cli_usage_error(cmd, "unknown format '%s' (text or json)", s);
        return false;
    }
    return true;
}

/* Prints the job's output on stdout and (when messages) its messages on
 * stderr; the exit status of status st. */
static int finish(const cwf_check_job *j, cwf_status st, bool messages)
{
    size_t n = 0;
    const char *o = cwf_check_output(j, &n);
    if (n)
        fwrite(o, 1, n, stdout);
    const char *e = messages ? cwf_check_messages(j, &n) : NULL;
    if (e && n) {
        fflush(stdout);
        fwrite(e, 1, n, stderr);
    }
    if (st == CWF_STATUS_INTERNAL) {
        fprintf(stderr, "cwfilter: internal error: a counterexample failed its replay "
                        "through the matcher; please report this\n");
        return CWF_EXIT_ERROR;
    }
    if (st != CWF_STATUS_OK)
        return CWF_EXIT_ERROR;
    return cwf_check_passed(j) ? CWF_EXIT_OK : CWF_EXIT_FINDINGS;
}

/* Sets the color flags by where the output and the messages go. */
static void set_colors(cwf_check_job *j)
{
    cwf_check_set_flag(j, "color", cwf_want_color(fileno(stdout)));
    cwf_check_set_flag(j, "color-messages", cwf_want_color(fileno(stderr)));
}

/* ---- check --------------------------------------------------------------- */

int cwf_cmd_check(int argc, char **argv)
{
    static const struct option opts[] = {
        {"rule", required_argument, NULL, 'r'},
        {"requirement", required_argument, NULL, 'R'},
        {"literal", no_argument, NULL, 'l'},
        {"verbose", no_argument, NULL, 1000},
        {"format", required_argument, NULL, 'F'},
        {"file", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    cwf_check_job *job = NULL;
    cwf_check_new(&job);
    size_t nrules = 0;
    const char *file = NULL, *reqfile = NULL;
    bool literal = false, json = false, verbose = false;
    int c, rc = CWF_EXIT_OK;
    optind = 1;
    while ((c = cwf_cli_getopt("check", true, argc, argv, "r:R:lF:f:h", opts)) != -1) {
        switch (c) {
        case 'r':
            if (cwf_check_add_rule(job, optarg) != CWF_STATUS_OK) {
                cwf_check_free(job);
                return cwf_cli_usage_error("check", "unknown rule '%s' (see `cwfilter rules`)",
                                           optarg);
            }
            nrules++;
            break;
        case 'R': reqfile = optarg; break;
        case 'l': literal = true; break;
        case 1000: verbose = true; break;
        case 'F':
            if (!parse_format("check", optarg, &json, &rc)) {
                cwf_check_free(job);
                return rc;
            }
            break;
        case 'f': file = optarg; break;
        case 'h': fputs(check_help, stdout); cwf_check_free(job); return CWF_EXIT_OK;
        default: cwf_check_free(job); return CWF_EXIT_ERROR;
        }
    }
    int operands = argc - optind;
    if ((file && operands != 0) || (!file && operands != 1)) {
        cwf_check_free(job);
        return cwf_cli_usage_error("check", "give one pattern, or --file F");
    }
    if (reqfile && nrules) {
        cwf_check_free(job);
        return cwf_cli_usage_error("check", "give --rule or --requirement, not both");
    }
    if (literal && reqfile) {
        cwf_check_free(job);
        return cwf_cli_usage_error("check", "--literal compares with a rule's prescribed "
                                            "text; it does not go with --requirement");
    }
    cwf_check_set_flag(job, "literal", literal);
    cwf_check_set_flag(job, "verbose", verbose);
    cwf_check_set_flag(job, "json", json);
    set_colors(job);
    cwf_buf text = CWF_BUF_INIT, req = CWF_BUF_INIT;
    const char *name = NULL, *reqname = NULL;
    cwf_status st = CWF_STATUS_BAD_PATTERN;
    bool read = cwf_cli_pattern(file ? NULL : argv[optind], file, &text, &name);
    if (read && reqfile) {
        /* A pattern with an error is said before the requirement is read. */
        cwf_parsed *p = NULL;
        cwf_parse_pattern(text.p, text.len, &p);
        if (!cwf_parsed_ok(p))
            reqfile = NULL;
        cwf_parsed_free(p);
    }
    if (read && (!reqfile || cwf_cli_pattern(NULL, reqfile, &req, &reqname))) {
        if (reqfile)
            cwf_check_set_requirement(job, reqname, req.p, req.len);
        st = cwf_check_run(job, name, text.p, text.len);
        rc = finish(job, st, true);
    } else {
        rc = CWF_EXIT_ERROR;
    }
    cwf_buf_free(&text);
    cwf_buf_free(&req);
    cwf_check_free(job);
    return rc;
}

/* ---- implies, covers, equiv ---------------------------------------------- */

/* Prints the diagnostics of the pattern text, named name, on stderr, as
 * soon as it is read (before the other operand's read error). */
static void say_diags(const char *name, const cwf_buf *text)
{
    cwf_parsed *p = NULL;
    cwf_parse_pattern(text->p, text->len, &p);
    cwf_diags d = CWF_DIAGS_INIT;
    for (size_t i = 0; i < cwf_parsed_diag_count(p); i++)
        cwf_report_diag_copy(&d, cwf_parsed_diag(p, i));
    cwf_source src = {name, text->p ? text->p : "", text->len, NULL};
    cwf_buf out = CWF_BUF_INIT;
    cwf_render_text_safe(&out, &src, &d, cwf_want_color(fileno(stderr)));
    fputs(cwf_buf_str(&out), stderr);
    cwf_buf_free(&out);
    cwf_diags_free(&d);
    cwf_parsed_free(p);
}

/* implies, covers or equiv (cmd names the relation). */
static int run_two(const char *cmd, const char *help, int argc, char **argv)
{
    static const struct option opts[] = {
        {"format", required_argument, NULL, 'F'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    int c, rc = CWF_EXIT_OK;
    bool json = false;
    optind = 1;
    while ((c = cwf_cli_getopt(cmd, true, argc, argv, "F:h", opts)) != -1) {
        switch (c) {
        case 'F':
            if (!parse_format(cmd, optarg, &json, &rc))
                return rc;
            break;
        case 'h': fputs(help, stdout); return CWF_EXIT_OK;
        default: return CWF_EXIT_ERROR;
        }
    }
    if (argc - optind != 2)
        return cwf_cli_usage_error(cmd, "give two patterns, A and B");
    const char *a = argv[optind], *b = argv[optind + 1];
    if (strcmp(a, "-") == 0 && strcmp(b, "-") == 0)
        return cwf_cli_usage_error(cmd, "only one of A and B can be - (stdin)");
    cwf_buf at = CWF_BUF_INIT, bt = CWF_BUF_INIT;
    const char *an = NULL, *bn = NULL;
    const char *aname = strcmp(a, "-") ? "A" : "A <stdin>";
    const char *bname = strcmp(b, "-") ? "B" : "B <stdin>";
    bool aok = cwf_cli_pattern(a, NULL, &at, &an);
    if (aok)
        say_diags(aname, &at);
    bool bok = cwf_cli_pattern(b, NULL, &bt, &bn);
    if (bok)
        say_diags(bname, &bt);
    rc = CWF_EXIT_ERROR;
    if (aok && bok) {
        cwf_check_job *job = NULL;
        cwf_check_new(&job);
        cwf_check_set_flag(job, "json", json);
        cwf_status st = cwf_check_relate(job, cmd, aname, at.p, at.len, bname, bt.p, bt.len);
        rc = finish(job, st, false);
        cwf_check_free(job);
    }
    cwf_buf_free(&at);
    cwf_buf_free(&bt);
    return rc;
}

int cwf_cmd_implies(int argc, char **argv)
{
    return run_two("implies", implies_help, argc, argv);
}

int cwf_cmd_covers(int argc, char **argv)
{
    return run_two("covers", covers_help, argc, argv);
}

int cwf_cmd_equiv(int argc, char **argv)
{
    return run_two("equiv", equiv_help, argc, argv);
}
