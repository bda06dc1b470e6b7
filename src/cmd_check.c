/* cmd_check.c: the prover's subcommands: check (a pattern against benchmark
 * rules or a requirement file), implies (does every event A matches match
 * B?), covers (the converse: does every event B matches match A?) and
 * equiv. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "jscan.h"
#include "judge.h"
#include "parse.h"
#include "prove.h"
#include "report.h"
#include "source.h"

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

/* A pattern read from the command line and parsed. */
typedef struct input {
    cwf_buf text;
    const char *name;
    cwf_arena arena;
    cwf_diags diags;
    cwf_pattern *p;
} input;

static void input_free(input *in)
{
    cwf_buf_free(&in->text);
    cwf_diags_free(&in->diags);
    cwf_arena_free(&in->arena);
}

static void render(const input *in, const cwf_diags *d, FILE *f)
{
    cwf_source src = {in->name, in->text.p ? in->text.p : "", in->text.len, NULL};
    cwf_buf out = CWF_BUF_INIT;
    cwf_render_text_safe(&out, &src, d, cwf_want_color(fileno(f)));
    fputs(cwf_buf_str(&out), f);
    cwf_buf_free(&out);
}

/* Reads and parses one pattern; false (after printing its diagnostics on
 * stderr) when it cannot be read or has an error. */
static bool load_as(input *in, const char *arg, const char *file, const char *name,
                    bool defer)
{
    memset(in, 0, sizeof *in);
    if (!cwf_cli_pattern(arg, file, &in->text, &in->name))
        return false;
    if (name)
        in->name = name;
    cwf_buf_add(&in->text, "", 0);
    in->p = cwf_parse(in->text.p, in->text.len, &in->arena, &in->diags);
    bool ok = in->p && cwf_diags_count(&in->diags, CWF_ERROR) == 0;
    if (in->diags.n && (!defer || !ok))
        render(in, &in->diags, stderr);
    return ok;
}

/* load_as, its diagnostics printed at once. */
static bool load(input *in, const char *arg, const char *file, const char *name)
{
    return load_as(in, arg, file, name, false);
}

/* ---- JSON output --------------------------------------------------------- */

static void json_str(cwf_buf *b, const char *s)
{
    if (s)
        cwf_buf_json_str(b, s, strlen(s));
    else
        cwf_buf_puts(b, "null");
}

/* An event: as JSON when it is JSON, else as a string. */
static void json_event(cwf_buf *b, const char *ev)
{
    if (ev && cwf_json_valid(ev, strlen(ev)))
        cwf_buf_puts(b, ev);
    else
        json_str(b, ev);
}

static void json_span(cwf_buf *b, const input *in, cwf_span s)
{
    cwf_source src = {in->name, in->text.p ? in->text.p : "", in->text.len, NULL};
    cwf_pos a = cwf_source_pos(&src, s.start), z = cwf_source_pos(&src, s.end);
    cwf_buf_printf(b, "{\"start\":%u,\"end\":%u,\"line\":%u,\"column\":%u,\"endLine\":%u,"
                      "\"endColumn\":%u}", s.start, s.end, a.line, a.col, z.line, z.col);
}

static void json_diags(cwf_buf *b, const input *in, const cwf_diags *d)
{
    cwf_buf_putc(b, '[');
    for (size_t i = 0; i < d->n; i++) {
        const cwf_diag *g = &d->v[i];
        if (i)
            cwf_buf_putc(b, ',');
        cwf_buf_printf(b, "{\"rule\":\"%s\",\"name\":\"%s\",\"severity\":\"%s\",\"message\":",
                       cwf_rules[g->rule].id, cwf_rules[g->rule].name,
                       cwf_severity_name(g->severity));
        json_str(b, g->message);
        cwf_buf_puts(b, ",\"span\":");
        json_span(b, in, g->span);
        cwf_buf_puts(b, ",\"notes\":[");
        for (size_t k = 0; k < g->nnotes; k++) {
            if (k)
                cwf_buf_putc(b, ',');
            json_str(b, g->notes[k]);
        }
        cwf_buf_puts(b, "],\"suggestion\":");
        json_str(b, g->suggestion);
        cwf_buf_putc(b, '}');
    }
    cwf_buf_putc(b, ']');
}

static const char *kind_name(cwf_reason_kind k)
{
    switch (k) {
    case CWF_WHY_MISSING: return "missing";
    case CWF_WHY_NARROWED: return "narrowed";
    case CWF_WHY_EXCLUDED: return "excluded";
    case CWF_WHY_NEAR: return "near-miss";
    default: return "other";
    }
}

/* The groups of cases that fail for one reason, as text shows them; a
 * parse warning at a near miss's span (CWF210) is marked said[k]. */
static void json_groups(cwf_buf *b, const input *in, const cwf_proof *pr, const char *unit,
                        bool *said)
{
    cwf_case_group *g = NULL;
    size_t ng = cwf_proof_groups(pr, unit, &g);
    for (size_t i = 0; i < ng; i++)
        for (size_t k = 0; g[i].why == CWF_WHY_NEAR && k < in->diags.n; k++)
            said[k] |= in->diags.v[k].rule == CWF_R_INFIX_WILDCARD &&
                       in->diags.v[k].span.start == g[i].span.start &&
                       in->diags.v[k].span.end == g[i].span.end;
    cwf_buf_puts(b, ",\"groups\":[");
    for (size_t i = 0; i < ng; i++) {
        const cwf_case *c = &pr->cases[g[i].first];
        cwf_buf_printf(b, "%s{\"kind\":\"%s\",\"cases\":%zu,\"message\":", i ? "," : "",
                       kind_name(g[i].why), g[i].n);
        json_str(b, g[i].message);
        cwf_buf_puts(b, ",\"span\":");
        if (g[i].span.end > g[i].span.start)
            json_span(b, in, g[i].span);
        else
            cwf_buf_puts(b, "null");
        cwf_buf_puts(b, ",\"suggestion\":");
        json_str(b, g[i].n == 1 ? c->suggestion : NULL);
        cwf_buf_puts(b, ",\"counterexample\":");
        json_event(b, c->counterexample);
        cwf_buf_putc(b, '}');
    }
    cwf_buf_putc(b, ']');
    cwf_case_groups_free(g, ng);
}

static void json_proof(cwf_buf *b, const input *in, const cwf_proof *pr)
{
    cwf_buf_puts(b, "\"verdict\":");
    json_str(b, cwf_verdict_name(pr->verdict));
    cwf_buf_puts(b, ",\"reason\":");
    json_str(b, pr->reason);
    cwf_buf_puts(b, ",\"assumes\":");
    json_str(b, pr->assumes);
    cwf_buf_puts(b, ",\"internalError\":");
    cwf_buf_puts(b, pr->internal_error ? "true" : "false");
    cwf_buf_puts(b, ",\"counterexample\":");
    json_event(b, pr->counterexample);
    cwf_buf_puts(b, ",\"cases\":[");
    for (size_t i = 0; i < pr->ncases; i++) {
        const cwf_case *c = &pr->cases[i];
        if (i)
            cwf_buf_putc(b, ',');
        cwf_buf_puts(b, "{\"label\":");
        json_str(b, c->label);
        cwf_buf_puts(b, ",\"verdict\":");
        json_str(b, cwf_verdict_name(c->verdict));
        cwf_buf_puts(b, ",\"reason\":");
        json_str(b, c->reason);
        cwf_buf_puts(b, ",\"residual\":");
        json_str(b, c->residual);
        cwf_buf_puts(b, ",\"span\":");
        if (c->span.start || c->span.end)
            json_span(b, in, c->span);
        else
            cwf_buf_puts(b, "null");
        cwf_buf_puts(b, ",\"suggestion\":");
        json_str(b, c->suggestion);
        cwf_buf_puts(b, ",\"counterexample\":");
        json_event(b, c->counterexample);
        cwf_buf_putc(b, '}');
    }
    cwf_buf_puts(b, "],\"findings\":");
    json_diags(b, in, &pr->findings);
    cwf_buf_puts(b, ",\"warnings\":");
    json_diags(b, in, &pr->warnings);
}

/* ---- text output --------------------------------------------------------- */

static void text_cases(cwf_buf *b, const cwf_proof *pr)
{
    size_t w = 0;
    for (size_t i = 0; i < pr->ncases; i++) {
        size_t n = strlen(pr->cases[i].label);
        if (n > w && n <= 32)
            w = n;
    }
    for (size_t i = 0; i < pr->ncases; i++) {
        const cwf_case *c = &pr->cases[i];
        cwf_buf_printf(b, "  %-*s  %s", (int)w, c->label,
                       c->verdict == CWF_COVERS ? "covered" : cwf_verdict_name(c->verdict));
        if (c->verdict != CWF_COVERS && c->reason)
            cwf_buf_printf(b, ": %s", c->reason);
        if (c->suggestion)
            cwf_buf_printf(b, " (%s)", c->suggestion);
        cwf_buf_putc(b, '\n');
    }
}

static void text_counterexamples(cwf_buf *b, const cwf_proof *pr, const char *what)
{
    size_t n = 0;
    for (size_t i = 0; i < pr->ncases; i++)
        n += pr->cases[i].counterexample != NULL;
    if (n == 0)
        return;
    if (pr->ncases == 1) {
        cwf_buf_printf(b, "  counterexample (matches %s, not the pattern):\n    %s\n", what,
                       pr->cases[0].counterexample);
        return;
    }
    cwf_buf_printf(b, "  counterexample%s (%s %s, not the pattern):\n", n > 1 ? "s" : "",
                   n > 1 ? "each matches" : "matches", what);
    for (size_t i = 0; i < pr->ncases; i++)
        if (pr->cases[i].counterexample)
            cwf_buf_printf(b, "    %s: %s\n", pr->cases[i].label, pr->cases[i].counterexample);
}

static void copy_into(cwf_diags *d, const cwf_diag *g)
{
    cwf_diag *c = cwf_diag_add(d, g->rule, g->span, "%s", g->message);
    c->severity = g->severity;
    for (size_t k = 0; k < g->nnotes; k++)
        cwf_diag_note(c, "%s", g->notes[k]);
    if (g->suggestion)
        cwf_diag_suggest(c, "%s", g->suggestion);
}

/* The explanation as diagnostics on stdout: one per group of cases that
 * fail for one reason, at the part of the pattern responsible, with one
 * counterexample and the fix; then the warnings.  A parse warning at the
 * span of a near miss (CWF210 at a literal `*`) becomes a note of it and
 * is marked said[i], so it is not printed again. */
static void text_diags(const input *in, const cwf_proof *pr, const char *unit, bool *said,
                       const cwf_diags *broader)
{
    cwf_diags d = CWF_DIAGS_INIT;
    cwf_case_group *g = NULL;
    size_t ng = pr->verdict == CWF_COVERS ? 0 : cwf_proof_groups(pr, unit, &g);
    for (size_t i = 0; i < ng; i++) {
        const cwf_case *c = &pr->cases[g[i].first];
        cwf_rule_id id = g[i].why == CWF_WHY_NARROWED || g[i].why == CWF_WHY_EXCLUDED
                             ? CWF_R_NARROWED
                         : g[i].why == CWF_WHY_NEAR       ? CWF_R_NEAR_MISS
                         : c->verdict == CWF_UNKNOWN      ? CWF_R_UNKNOWN
                                                          : CWF_R_NOT_COVERED;
        cwf_span at = g[i].span;
        if (at.end <= at.start)
            at = in->p->span;
        cwf_diag *x = cwf_diag_add(&d, id, at, "%s", g[i].message);
        x->severity = c->verdict == CWF_UNKNOWN ? cwf_rules[id].severity : CWF_ERROR;
        for (size_t k = 0; g[i].why == CWF_WHY_NEAR && k < in->diags.n; k++) {
            const cwf_diag *w = &in->diags.v[k];
            if (w->rule == CWF_R_INFIX_WILDCARD && w->span.start == at.start &&
                w->span.end == at.end) {
                for (size_t n = 0; n < w->nnotes; n++)
                    cwf_diag_note(x, "%s", w->notes[n]);
                said[k] = true;
            }
        }
        if (c->note)
            cwf_diag_note(x, "%s", c->note);
        if (c->counterexample)
            cwf_diag_note(x, "this event slips through: %s", c->counterexample);
        if (c->suggestion && g[i].n == 1)
            cwf_diag_suggest(x, "%s", c->suggestion);
    }
    cwf_case_groups_free(g, ng);
    for (size_t i = 0; i < pr->warnings.n; i++)
        copy_into(&d, &pr->warnings.v[i]);
    for (size_t i = 0; broader && i < broader->n; i++)
        copy_into(&d, &broader->v[i]);
    if (d.n) {
        fflush(stdout);
        render(in, &d, stdout);
    }
    cwf_diags_free(&d);
}

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
    const cwf_bench_rule **rules = cwf_xcalloc((size_t)argc + 1, sizeof *rules);
    size_t nrules = 0;
    const char *file = NULL, *reqfile = NULL;
    bool literal = false, json = false, verbose = false;
    int c, rc = CWF_EXIT_OK;
    optind = 1;
    while ((c = cwf_cli_getopt("check", true, argc, argv, "r:R:lF:f:h", opts)) != -1) {
        switch (c) {
        case 'r': {
            const cwf_bench_rule *r = cwf_bench_rule_find(optarg);
            if (!r) {
                free(rules);
                return cwf_cli_usage_error("check", "unknown rule '%s' (see `cwfilter rules`)",
                                           optarg);
            }
            rules[nrules++] = r;
            break;
        }
        case 'R': reqfile = optarg; break;
        case 'l': literal = true; break;
        case 1000: verbose = true; break;
        case 'F':
            if (!parse_format("check", optarg, &json, &rc)) {
                free(rules);
                return rc;
            }
            break;
        case 'f': file = optarg; break;
        case 'h': fputs(check_help, stdout); free(rules); return CWF_EXIT_OK;
        default: free(rules); return CWF_EXIT_ERROR;
        }
    }
    int operands = argc - optind;
    if ((file && operands != 0) || (!file && operands != 1)) {
        free(rules);
        return cwf_cli_usage_error("check", "give one pattern, or --file F");
    }
    if (reqfile && nrules) {
        free(rules);
        return cwf_cli_usage_error("check", "give --rule or --requirement, not both");
    }
    if (literal && reqfile) {
        free(rules);
        return cwf_cli_usage_error("check", "--literal compares with a rule's prescribed "
                                            "text; it does not go with --requirement");
    }
    if (!reqfile && nrules == 0)
        rules[nrules++] = &cwf_bench_rules[0];
    input in, req;
    memset(&req, 0, sizeof req);
    if (!load_as(&in, file ? NULL : argv[optind], file, NULL, true)) {
        input_free(&in);
        free(rules);
        return CWF_EXIT_ERROR;
    }
    if (reqfile && !load(&req, NULL, reqfile, NULL)) {
        input_free(&in);
        input_free(&req);
        free(rules);
        return CWF_EXIT_ERROR;
    }
    cwf_buf out = CWF_BUF_INIT;
    if (json) {
        cwf_buf_puts(&out, "{\"version\":1,\"source\":");
        json_str(&out, in.name);
        cwf_buf_puts(&out, ",\"pattern\":");
        cwf_buf_json_str(&out, in.text.p, in.text.len);
        cwf_buf_puts(&out, ",\"rules\":[");
    }
    size_t n = reqfile ? 1 : nrules;
    bool internal = false;
    bool *said = cwf_xcalloc(in.diags.n + 1, sizeof *said);
    for (size_t i = 0; i < n; i++) {
        const cwf_bench_rule *rule = reqfile ? NULL : rules[i];
        char *what = rule ? cwf_xstrdup(rule->title)
                          : cwf_xasprintf("the requirement in %s", req.name);
        /* The one judge that lint and audit ask, of one filter. */
        cwf_judge_rule jr = {rule, rule ? NULL : req.p, what};
        cwf_judge_filter jf = {in.p, in.text.p ? in.text.p : "", in.text.len, false, 0};
        cwf_judgement j;
        cwf_judge(&jr, &jf, 1, CWF_EXPLAIN_ALWAYS, NULL, &j);
        const cwf_proof pr = *j.proof; /* owned by j */
        internal |= pr.internal_error;
        if (pr.verdict != CWF_COVERS)
            rc = CWF_EXIT_FINDINGS;
        cwf_literal lit;
        memset(&lit, 0, sizeof lit);
        if (literal && rule) {
            cwf_literal_compare(in.text.p, in.text.len, rule, &lit);
            if (!lit.exact)
                rc = CWF_EXIT_FINDINGS;
        }
        if (json) {
            cwf_buf_puts(&out, i ? ",{" : "{");
            cwf_buf_puts(&out, "\"id\":");
            json_str(&out, rule ? rule->id : NULL);
            cwf_buf_puts(&out, ",\"title\":");
            json_str(&out, what);
            cwf_buf_putc(&out, ',');
            json_proof(&out, &in, &pr);
            json_groups(&out, &in, &pr, rule ? rule->unit : NULL, said);
            cwf_buf_puts(&out, ",\"broader\":");
            if (j.broader)
                json_diags(&out, &in, j.broader);
            else
                cwf_buf_puts(&out, "[]");
            if (literal && rule) {
                cwf_buf_printf(&out, ",\"literal\":{\"exact\":%s,\"text\":",
                               lit.exact ? "true" : "false");
                json_str(&out, lit.label);
                cwf_buf_puts(&out, ",\"prescribed\":");
                json_str(&out, lit.text);
                cwf_buf_puts(&out, ",\"differences\":[");
                for (size_t k = 0; k < lit.ndiffs; k++) {
                    if (k)
                        cwf_buf_putc(&out, ',');
                    json_str(&out, lit.diffs[k]);
                }
                cwf_buf_puts(&out, "]}");
            }
            cwf_buf_putc(&out, '}');
        } else {
            cwf_buf_printf(&out, "%s: %s", in.name, rule ? rule->id : what);
            if (rule)
                cwf_buf_printf(&out, " (%s)", rule->title);
            cwf_buf_printf(&out, ": %s\n", cwf_verdict_name(pr.verdict));
            if (verbose && pr.ncases > 1)
                text_cases(&out, &pr);
            if (verbose)
                text_counterexamples(&out, &pr, rule ? "the requirement" : what);
            if (pr.verdict != CWF_COVERS && pr.ncases == 0 && pr.reason)
                cwf_buf_printf(&out, "  %s\n", pr.reason);
            if (pr.assumes)
                cwf_buf_printf(&out, "  assumes: %s\n", pr.assumes);
            if (literal && rule) {
                if (lit.exact) {
                    cwf_buf_printf(&out, "  literal: the prescribed text (%s)\n", lit.label);
                } else {
                    cwf_buf_printf(&out, "  literal: not the prescribed text, so a literal "
                                         "check such as Security Hub's fails it\n"
                                         "    closest: %s\n", lit.label);
                    for (size_t k = 0; k < lit.ndiffs; k++)
                        cwf_buf_printf(&out, "    %s\n", lit.diffs[k]);
                }
            }
            fputs(cwf_buf_str(&out), stdout);
            cwf_buf_reset(&out);
            text_diags(&in, &pr, rule ? rule->unit : NULL, said, j.broader);
        }
        cwf_literal_free(&lit);
        cwf_judgement_free(&j);
        free(what);
    }
    if (json) {
        cwf_buf_printf(&out, "]}\n");
        fputs(cwf_buf_str(&out), stdout);
    }
    /* The parse warnings not already said as a note of a finding. */
    cwf_diags rest = CWF_DIAGS_INIT;
    for (size_t i = 0; i < in.diags.n; i++)
        if (!said[i])
            copy_into(&rest, &in.diags.v[i]);
    if (rest.n) {
        fflush(stdout);
        render(&in, &rest, stderr);
    }
    cwf_diags_free(&rest);
    free(said);
    if (internal) {
        fprintf(stderr, "cwfilter: internal error: a counterexample failed its replay "
                        "through the matcher; please report this\n");
        rc = CWF_EXIT_ERROR;
    }
    cwf_buf_free(&out);
    input_free(&in);
    input_free(&req);
    free(rules);
    return rc;
}

/* ---- implies, equiv ------------------------------------------------------ */

/* Parses the options and the two operands of implies/equiv. */
static bool two_patterns(const char *cmd, const char *help, int argc, char **argv,
                         input *a, input *b, bool *json, int *rc)
{
    static const struct option opts[] = {
        {"format", required_argument, NULL, 'F'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    int c;
    optind = 1;
    memset(a, 0, sizeof *a);
    memset(b, 0, sizeof *b);
    while ((c = cwf_cli_getopt(cmd, true, argc, argv, "F:h", opts)) != -1) {
        switch (c) {
        case 'F':
            if (!parse_format(cmd, optarg, json, rc))
                return false;
            break;
        case 'h':
            fputs(help, stdout);
            *rc = CWF_EXIT_OK;
            return false;
        default:
            *rc = CWF_EXIT_ERROR;
            return false;
        }
    }
    if (argc - optind != 2) {
        *rc = cwf_cli_usage_error(cmd, "give two patterns, A and B");
        return false;
    }
    if (strcmp(argv[optind], "-") == 0 && strcmp(argv[optind + 1], "-") == 0) {
        *rc = cwf_cli_usage_error(cmd, "only one of A and B can be - (stdin)");
        return false;
    }
    *rc = CWF_EXIT_ERROR;
    bool ok = load(a, argv[optind], NULL, strcmp(argv[optind], "-") ? "A" : "A <stdin>");
    ok = load(b, argv[optind + 1], NULL, strcmp(argv[optind + 1], "-") ? "B" : "B <stdin>") && ok;
    return ok;
}

/* One direction: does x cover y (every event y matches, x matches)?  Said
 * as "yn implies xn" (implies) or "xn covers yn" (covers), in one line;
 * JSON into out. */
static cwf_verdict direction(const input *x, const input *y, const char *xn, const char *yn,
                             bool cover, bool json, cwf_buf *out, bool *internal)
{
    cwf_proof pr;
    char *what = cwf_xstrdup(yn);
    cwf_prove_options o = {true, false, NULL, what};
    cwf_verdict v = cwf_prove_with(x->p, y->p, &o, &pr);
    *internal |= pr.internal_error;
    /* "A implies B" / "B covers A": the subject and the verb. */
    const char *s1 = cover ? xn : yn, *s2 = cover ? yn : xn;
    const char *yes = cover ? "covers" : "implies", *no = cover ? "cover" : "imply";
    if (json) {
        cwf_buf_printf(out, "{\"covers\":\"%s\",\"covered\":\"%s\",", xn, yn);
        json_proof(out, x, &pr);
        cwf_buf_putc(out, '}');
    } else if (v == CWF_COVERS) {
        cwf_buf_printf(out, "%s %s %s\n", s1, yes, s2);
    } else if (v == CWF_NOT_COVERED && pr.counterexample) {
        /* A JSON event as it is; a text event quoted, so that an empty or
         * spaced one shows. */
        cwf_buf ev = CWF_BUF_INIT;
        json_event(&ev, pr.counterexample);
        cwf_buf_printf(out, "%s does not %s %s: %s matches %s and not %s\n", s1, no, s2,
                       cwf_buf_str(&ev), yn, xn);
        cwf_buf_free(&ev);
    } else {
        cwf_buf_printf(out, "cwfilter cannot tell whether %s %s %s", s1, yes, s2);
        if (pr.reason)
            cwf_buf_printf(out, ": %s", pr.reason);
        cwf_buf_putc(out, '\n');
    }
    if (!json && pr.assumes)
        cwf_buf_printf(out, "  assumes: %s\n", pr.assumes);
    cwf_proof_free(&pr);
    free(what);
    return v;
}

/* implies (cover false), covers (cover true), equiv (both). */
static int run_two(const char *cmd, const char *help, bool cover, bool both, int argc,
                   char **argv)
{
    input a, b;
    bool json = false, internal = false;
    int rc;
    if (!two_patterns(cmd, help, argc, argv, &a, &b, &json, &rc)) {
        input_free(&a);
        input_free(&b);
        return rc;
    }
    cwf_buf out = CWF_BUF_INIT;
    if (json)
        cwf_buf_printf(&out, "{\"version\":1,\"%s\":[", cmd);
    /* implies A B: B covers A; covers A B: A covers B. */
    cwf_verdict v1 = cover ? direction(&a, &b, "A", "B", true, json, &out, &internal)
                           : direction(&b, &a, "B", "A", false, json, &out, &internal);
    cwf_verdict v2 = CWF_COVERS;
    if (both) {
        if (json)
            cwf_buf_putc(&out, ',');
        v2 = direction(&a, &b, "A", "B", false, json, &out, &internal);
    }
    bool yes = v1 == CWF_COVERS && v2 == CWF_COVERS;
    if (json)
        cwf_buf_printf(&out, "],\"result\":%s}\n", yes ? "true" : "false");
    else if (both)
        cwf_buf_printf(&out, "%s\n", yes ? "A and B are equivalent"
                                         : v1 == CWF_UNKNOWN || v2 == CWF_UNKNOWN
                                             ? "cwfilter cannot tell whether A and B are "
                                               "equivalent"
                                             : "A and B are not equivalent");
    fputs(cwf_buf_str(&out), stdout);
    cwf_buf_free(&out);
    input_free(&a);
    input_free(&b);
    if (internal) {
        fprintf(stderr, "cwfilter: internal error: a counterexample failed its replay "
                        "through the matcher; please report this\n");
        return CWF_EXIT_ERROR;
    }
    return yes ? CWF_EXIT_OK : CWF_EXIT_FINDINGS;
}

int cwf_cmd_implies(int argc, char **argv)
{
    return run_two("implies", implies_help, false, false, argc, argv);
}

int cwf_cmd_covers(int argc, char **argv)
{
    return run_two("covers", covers_help, true, false, argc, argv);
}

int cwf_cmd_equiv(int argc, char **argv)
{
    return run_two("equiv", equiv_help, false, true, argc, argv);
}
