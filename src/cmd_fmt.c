/* cmd_fmt.c: `cwfilter fmt`, `parse`, `rules` and `explain` print a
 * pattern's canonical form, its diagnostics and syntax tree, the rule
 * tables, and a rule's explanation. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cwfilter.h"
#include "report.h"

static const char fmt_help[] =
    "usage: cwfilter fmt [--check] PATTERN | --file F | -\n"
    "\n"
    "Prints the pattern in canonical form: JSON conditions with single spaces\n"
    "around operators, parentheses only where precedence needs them, string\n"
    "values double-quoted; terms and delimited fields single-spaced.\n"
    "\n"
    "      --check     print nothing if canonical; else say so, show the\n"
    "                  canonical form on stderr, and exit 1\n"
    "  -f, --file F    read the pattern from file F (- for stdin)\n"
    "  -h, --help      this help\n"
    "\n"
    "A pattern that starts with `-` follows `--`: cwfilter fmt -- '-DEBUG ERROR'.\n"
    "When the input is a benchmark's prescribed text and its canonical form is\n"
    "not, a warning on stderr says that a literal check such as Security Hub's\n"
    "fails the formatted pattern (the exit status is unchanged).\n"
    "Exit: 0 done (canonical with --check), 1 not canonical (--check),\n"
    "2 unreadable input, or a pattern with errors (printed as `parse` does).\n";

static const char parse_help[] =
    "usage: cwfilter parse [--ast] PATTERN | --file F | -\n"
    "\n"
    "Parses and validates the pattern and prints every diagnostic:\n"
    "syntax errors, AWS limits and quotas, and style warnings.\n"
    "\n"
    "  -a, --ast       print the syntax tree as JSON on stdout\n"
    "  -f, --file F    read the pattern from file F (- for stdin)\n"
    "  -h, --help      this help\n"
    "\n"
    "Exit: 0 no error or warning, 1 errors or warnings, 2 unreadable input.\n";

static const char rules_help[] =
    "usage: cwfilter rules [--json]\n"
    "\n"
    "Lists every diagnostic rule (id, default severity, name, summary), then\n"
    "every built-in benchmark rule (id, title, aliases) that `cwfilter check\n"
    "--rule ID` proves a pattern against.  `cwfilter explain ID` prints a\n"
    "rule's full explanation.\n"
    "\n"
    "      --json      {\"rules\":[...],\"benchmarkRules\":[...]}\n"
    "  -h, --help      this help\n";

static const char explain_help[] =
    "usage: cwfilter explain ID...\n"
    "\n"
    "Explains rules: diagnostic rules by id (CWF105) or name (missing-dollar),\n"
    "benchmark rules by id or alias (cis-iam-policy-changes, cis-4.4), with\n"
    "their requirement, prescribed texts and sources.\n"
    "\n"
    "  -h, --help      this help\n"
    "\n"
    "Exit: 0 done, 2 an unknown id.\n";

/* Reads the one pattern operand of fmt and parse.  Returns false (after
 * printing why) when there is none, several, or it cannot be read. */
static bool pattern_operand(const char *cmd, int argc, char **argv, const char *file,
                            cwf_buf *text, const char **name, int *rc)
{
    int operands = argc - optind;
    if ((file && operands != 0) || (!file && operands != 1)) {
        *rc = cwf_cli_usage_error(cmd, "give one pattern, or --file F");
        return false;
    }
    if (!cwf_cli_pattern(file ? NULL : argv[optind], file, text, name)) {
        *rc = CWF_EXIT_ERROR;
        return false;
    }
    return true;
}

/* Prints the diagnostics of p (parsed from text) on stderr. */
static void print_diags(const char *name, const cwf_buf *text, const cwf_parsed *p)
{
    cwf_diags d = CWF_DIAGS_INIT;
    for (size_t i = 0; i < cwf_parsed_diag_count(p); i++)
        cwf_report_diag_copy(&d, cwf_parsed_diag(p, i));
    cwf_source src = {name, text->p, text->len, NULL};
    cwf_buf out = CWF_BUF_INIT;
    cwf_render_text_safe(&out, &src, &d, cwf_want_color(2));
    fputs(cwf_buf_str(&out), stderr);
    cwf_buf_free(&out);
    cwf_diags_free(&d);
}

/* Parses text; NULL (after printing why) when the API refuses it. */
static cwf_parsed *parse_text(const char *name, const cwf_buf *text)
{
    cwf_parsed *p = NULL;
    cwf_status st = cwf_parse_pattern(text->p, text->len, &p);
    if (!p)
        fprintf(stderr, "cwfilter: %s: %s\n", name, cwf_status_string(st));
    return p;
}

/* Warns on stderr when text is a benchmark's prescribed text and its
 * canonical form out is not: Security Hub's literal match would then fail
 * the formatted pattern, though it matches the same events. */
static void warn_literal(const char *name, const cwf_buf *text, const char *out)
{
    const char *label, *id = cwf_prescribed_text(text->p, text->len, &label);
    if (id && cwf_prescribed_text(out, strlen(out), NULL) == NULL)
        fprintf(stderr, "%s: warning: the input is the prescribed text of %s (%s), and its "
                        "canonical form is not, so a literal check such as Security Hub's "
                        "fails the formatted pattern\n", name, id, label);
}

int cwf_cmd_fmt(int argc, char **argv)
{
    static const struct option opts[] = {
        {"check", no_argument, NULL, 'C'},
        {"file", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    bool check = false;
    const char *file = NULL;
    int c;
    optind = 1;
    while ((c = cwf_cli_getopt("fmt", true, argc, argv, "f:h", opts)) != -1) {
        switch (c) {
        case 'C': check = true; break;
        case 'f': file = optarg; break;
        case 'h': fputs(fmt_help, stdout); return CWF_EXIT_OK;
        default: return CWF_EXIT_ERROR;
        }
    }
    cwf_buf text = CWF_BUF_INIT;
    const char *name;
    int rc = CWF_EXIT_OK;
    if (!pattern_operand("fmt", argc, argv, file, &text, &name, &rc)) {
        cwf_buf_free(&text);
        return rc;
    }
    cwf_parsed *p = parse_text(name, &text);
    if (!p) {
        rc = CWF_EXIT_ERROR;
    } else if (!cwf_parsed_ok(p)) {
        /* A pattern CloudWatch would reject has no canonical form. */
        print_diags(name, &text, p);
        rc = CWF_EXIT_ERROR;
    } else {
        const char *out = cwf_parsed_canonical(p);
        warn_literal(name, &text, out);
        if (check) {
            if (strlen(out) != text.len || memcmp(out, text.p ? text.p : "", text.len) != 0) {
                fprintf(stderr, "%s: not in canonical form; `cwfilter fmt` prints:\n%s\n",
                        name, out);
                rc = CWF_EXIT_FINDINGS;
            }
        } else {
            printf("%s\n", out);
        }
    }
    cwf_parsed_free(p);
    cwf_buf_free(&text);
    return rc;
}

int cwf_cmd_parse(int argc, char **argv)
{
    static const struct option opts[] = {
        {"ast", no_argument, NULL, 'a'},
        {"file", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    bool ast = false;
    const char *file = NULL;
    int c;
    optind = 1;
    while ((c = cwf_cli_getopt("parse", true, argc, argv, "af:h", opts)) != -1) {
        switch (c) {
        case 'a': ast = true; break;
        case 'f': file = optarg; break;
        case 'h': fputs(parse_help, stdout); return CWF_EXIT_OK;
        default: return CWF_EXIT_ERROR;
        }
    }
    cwf_buf text = CWF_BUF_INIT;
    const char *name;
    int rc = CWF_EXIT_OK;
    if (!pattern_operand("parse", argc, argv, file, &text, &name, &rc)) {
        cwf_buf_free(&text);
        return rc;
    }
    cwf_parsed *p = parse_text(name, &text);
    if (!p) {
        cwf_buf_free(&text);
        return CWF_EXIT_ERROR;
    }
    print_diags(name, &text, p);
    if (ast && cwf_parsed_ast_json(p))
        printf("%s\n", cwf_parsed_ast_json(p));
    for (size_t i = 0; i < cwf_parsed_diag_count(p); i++)
        if (cwf_parsed_diag(p, i)->level != CWF_LEVEL_NOTE)
            rc = CWF_EXIT_FINDINGS;
    cwf_parsed_free(p);
    cwf_buf_free(&text);
    return rc;
}

int cwf_cmd_rules(int argc, char **argv)
{
    static const struct option opts[] = {
        {"json", no_argument, NULL, 'J'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    bool json = false;
    int c;
    optind = 1;
    while ((c = cwf_cli_getopt("rules", false, argc, argv, "h", opts)) != -1) {
        switch (c) {
        case 'J': json = true; break; /* --json: long only */
        case 'h': fputs(rules_help, stdout); return CWF_EXIT_OK;
        default: return CWF_EXIT_ERROR;
        }
    }
    if (optind != argc)
        return cwf_cli_usage_error("rules", "no operands expected");
    /* Text columns are as wide as their longest entry. */
    int wname = 0, wid = 0;
    cwf_rule_info r;
    cwf_benchmark_info bi;
    for (size_t i = 0; cwf_rule_get(i, &r) == CWF_STATUS_OK; i++)
        if ((int)strlen(r.name) > wname)
            wname = (int)strlen(r.name);
    for (size_t i = 0; cwf_benchmark_get(i, &bi) == CWF_STATUS_OK; i++)
        if ((int)strlen(bi.id) > wid)
            wid = (int)strlen(bi.id);
    cwf_buf out = CWF_BUF_INIT;
    if (json)
        cwf_buf_puts(&out, "{\"rules\":[");
    for (size_t i = 0; cwf_rule_get(i, &r) == CWF_STATUS_OK; i++) {
        if (json) {
            cwf_buf_printf(&out, "%s{\"id\":\"%s\",\"name\":\"%s\",\"severity\":\"%s\",\"summary\":",
                           i ? "," : "", r.id, r.name, cwf_level_name(r.level));
            cwf_buf_json_str(&out, r.summary, strlen(r.summary));
            cwf_buf_puts(&out, ",\"explanation\":");
            cwf_buf_json_str(&out, r.explanation, strlen(r.explanation));
            cwf_buf_putc(&out, '}');
        } else {
            cwf_buf_printf(&out, "%s  %-7s  %-*s  %s\n", r.id, cwf_level_name(r.level),
                           wname, r.name, r.summary);
        }
    }
    if (json)
        cwf_buf_puts(&out, "]");
    else
        cwf_buf_puts(&out, "\nbenchmark rules (cwfilter check --rule ID):\n");
    if (json)
        cwf_buf_puts(&out, ",\"benchmarkRules\":[");
    for (size_t i = 0; cwf_benchmark_get(i, &bi) == CWF_STATUS_OK; i++) {
        const char *const *al = bi.aliases;
        if (json) {
            cwf_buf_printf(&out, "%s{\"id\":\"%s\",\"title\":", i ? "," : "", bi.id);
            cwf_buf_json_str(&out, bi.title, strlen(bi.title));
            cwf_buf_puts(&out, ",\"aliases\":[");
            for (const char *const *a = al; *a; a++)
                cwf_buf_printf(&out, "%s\"%s\"", a == al ? "" : ",", *a);
            cwf_buf_puts(&out, "]}");
        } else {
            cwf_buf_printf(&out, "%-*s  %s", wid, bi.id, bi.title);
            for (const char *const *a = al; *a; a++)
                cwf_buf_printf(&out, "%s%s", a == al ? " (" : ", ", *a);
            cwf_buf_puts(&out, al[0] ? ")\n" : "\n");
        }
    }
    if (json)
        cwf_buf_puts(&out, "]}\n");
    fputs(cwf_buf_str(&out), stdout);
    cwf_buf_free(&out);
    return CWF_EXIT_OK;
}

int cwf_cmd_explain(int argc, char **argv)
{
    static const struct option opts[] = {
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    int c;
    optind = 1;
    while ((c = cwf_cli_getopt("explain", false, argc, argv, "h", opts)) != -1) {
        if (c != 'h')
            return CWF_EXIT_ERROR;
        fputs(explain_help, stdout);
        return CWF_EXIT_OK;
    }
    if (optind >= argc)
        return cwf_cli_usage_error("explain", "give a rule id, e.g. CWF105");
    int rc = CWF_EXIT_OK;
    cwf_buf out = CWF_BUF_INIT;
    for (int i = optind; i < argc; i++) {
        size_t n = cwf_explain(argv[i], NULL, 0);
        if (n == 0) {
            fprintf(stderr, "cwfilter explain: unknown rule '%s' (see `cwfilter rules`)\n", argv[i]);
            rc = CWF_EXIT_ERROR;
            continue;
        }
        if (out.len)
            cwf_buf_putc(&out, '\n');
        char *text = cwf_xmalloc(n + 1);
        cwf_explain(argv[i], text, n + 1);
        cwf_buf_add(&out, text, n);
        free(text);
    }
    fputs(cwf_buf_str(&out), stdout);
    cwf_buf_free(&out);
    return rc;
}
