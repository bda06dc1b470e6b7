/* cwfilter_check.c: the public API (cwfilter.h) of the prover's commands:
 * check (a pattern against benchmark rules or a requirement, through the
 * judge that lint and audit ask), implies, covers and equiv, with their
 * report rendered as `cwfilter check` and friends print it (text or JSON).
 * The job owns the rendered strings; nothing here prints. */
#include <stdlib.h>
#include <string.h>

#include "cwfilter.h"
#include "jscan.h"
#include "judge.h"
#include "parse.h"
#include "prove.h"
#include "source.h"

/* A pattern read from the command line and parsed. */
typedef struct input {
    cwf_buf text;
    char *name;
    cwf_arena arena;
    cwf_diags diags;
    cwf_pattern *p;
} input;

static void input_free(input *in)
{
    cwf_buf_free(&in->text);
    free(in->name);
    cwf_diags_free(&in->diags);
    cwf_arena_free(&in->arena);
}

/* Renders d, located in in's text, onto the end of to. */
static void render(const input *in, const cwf_diags *d, cwf_buf *to, bool color)
{
    cwf_source src = {in->name, in->text.p ? in->text.p : "", in->text.len, NULL};
    cwf_render_text_safe(to, &src, d, color);
}

/* Copies and parses one pattern; false when it has an error.  Its
 * diagnostics go onto err (colored when color) when !defer or it has an
 * error. */
static bool load(input *in, const char *name, const char *text, size_t len, bool defer,
                 cwf_buf *err, bool color)
{
    memset(in, 0, sizeof *in);
    in->name = cwf_xstrdup(name);
    cwf_buf_add(&in->text, text ? text : "", len);
    cwf_buf_add(&in->text, "", 0);
    in->p = cwf_parse(in->text.p, in->text.len, &in->arena, &in->diags);
    bool ok = in->p && cwf_diags_count(&in->diags, CWF_ERROR) == 0;
    if (in->diags.n && (!defer || !ok))
        render(in, &in->diags, err, color);
    return ok;
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

/* The explanation as diagnostics onto out: one per group of cases that
 * fail for one reason, at the part of the pattern responsible, with one
 * counterexample and the fix; then the warnings.  A parse warning at the
 * span of a near miss (CWF210 at a literal `*`) becomes a note of it and
 * is marked said[i], so it is not printed again. */
static void text_diags(const input *in, const cwf_proof *pr, const char *unit, bool *said,
                       const cwf_diags *broader, cwf_buf *out, bool color)
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
        cwf_diag_copy(&d, &pr->warnings.v[i]);
    for (size_t i = 0; broader && i < broader->n; i++)
        cwf_diag_copy(&d, &broader->v[i]);
    if (d.n)
        render(in, &d, out, color);
    cwf_diags_free(&d);
}

struct cwf_check_job {
    const cwf_bench_rule **rules;
    size_t nrules;
    char *req_name, *req_text;
    size_t req_len;
    bool has_req;
    bool literal, verbose, json, color, color_messages;
    bool ran, passed;
    cwf_buf out, err;
};

CWF_API cwf_status cwf_check_new(cwf_check_job **out)
{
    if (!out)
        return CWF_STATUS_INVALID_ARGUMENT;
    *out = cwf_xcalloc(1, sizeof **out);
    return CWF_STATUS_OK;
}

CWF_API cwf_status cwf_check_add_rule(cwf_check_job *j, const char *id)
{
    if (!j || !id || j->ran || j->has_req)
        return CWF_STATUS_INVALID_ARGUMENT;
    const cwf_bench_rule *r = cwf_bench_rule_find(id);
    if (!r)
        return CWF_STATUS_UNKNOWN_RULE;
    j->rules = cwf_xrealloc(j->rules, (j->nrules + 1) * sizeof *j->rules);
    j->rules[j->nrules++] = r;
    return CWF_STATUS_OK;
}

CWF_API cwf_status cwf_check_set_requirement(cwf_check_job *j, const char *name,
                                             const char *text, size_t len)
{
    if (!j || !name || (!text && len) || j->ran || j->nrules || j->literal || j->has_req)
        return CWF_STATUS_INVALID_ARGUMENT;
    j->req_name = cwf_xstrdup(name);
    j->req_text = cwf_xmalloc(len + 1);
    if (len)
        memcpy(j->req_text, text, len);
    j->req_text[len] = '\0';
    j->req_len = len;
    j->has_req = true;
    return CWF_STATUS_OK;
}

CWF_API cwf_status cwf_check_set_flag(cwf_check_job *j, const char *flag, bool on)
{
    if (!j || !flag || j->ran)
        return CWF_STATUS_INVALID_ARGUMENT;
    if (strcmp(flag, "literal") == 0) {
        if (on && j->has_req)
            return CWF_STATUS_INVALID_ARGUMENT;
        j->literal = on;
    } else if (strcmp(flag, "verbose") == 0)
        j->verbose = on;
    else if (strcmp(flag, "json") == 0)
        j->json = on;
    else if (strcmp(flag, "color") == 0)
        j->color = on;
    else if (strcmp(flag, "color-messages") == 0)
        j->color_messages = on;
    else
        return CWF_STATUS_INVALID_ARGUMENT;
    return CWF_STATUS_OK;
}

/* The check of in against the rules (or the requirement req) into j->out,
 * the parse warnings not said there into j->err; false on an internal
 * error. */
static bool run_check(cwf_check_job *j, input *in, const input *req)
{
    static const cwf_bench_rule *dflt[1] = {&cwf_bench_rules[0]};
    const cwf_bench_rule **rules = j->nrules ? j->rules : dflt;
    cwf_buf *out = &j->out;
    bool json = j->json, literal = j->literal, verbose = j->verbose;
    j->passed = true;
    if (json) {
        cwf_buf_puts(out, "{\"version\":1,\"source\":");
        json_str(out, in->name);
        cwf_buf_puts(out, ",\"pattern\":");
        cwf_buf_json_str(out, in->text.p, in->text.len);
        cwf_buf_puts(out, ",\"rules\":[");
    }
    size_t n = req ? 1 : j->nrules ? j->nrules : 1;
    bool internal = false;
    bool *said = cwf_xcalloc(in->diags.n + 1, sizeof *said);
    for (size_t i = 0; i < n; i++) {
        const cwf_bench_rule *rule = req ? NULL : rules[i];
        char *what = rule ? cwf_xstrdup(rule->title)
                          : cwf_xasprintf("the requirement in %s", req->name);
        /* The one judge that lint and audit ask, of one filter. */
        cwf_judge_rule jr = {rule, rule ? NULL : req->p, what};
        cwf_judge_filter jf = {in->p, in->text.p ? in->text.p : "", in->text.len, false, 0};
        cwf_judgement jd;
        cwf_judge(&jr, &jf, 1, CWF_EXPLAIN_ALWAYS, NULL, &jd);
        const cwf_proof pr = *jd.proof; /* owned by jd */
        internal |= pr.internal_error;
        if (pr.verdict != CWF_COVERS)
            j->passed = false;
        cwf_literal lit;
        memset(&lit, 0, sizeof lit);
        if (literal && rule) {
            cwf_literal_compare(in->text.p, in->text.len, rule, &lit);
            if (!lit.exact)
                j->passed = false;
        }
        if (json) {
            cwf_buf_puts(out, i ? ",{" : "{");
            cwf_buf_puts(out, "\"id\":");
            json_str(out, rule ? rule->id : NULL);
            cwf_buf_puts(out, ",\"title\":");
            json_str(out, what);
            cwf_buf_putc(out, ',');
            json_proof(out, in, &pr);
            json_groups(out, in, &pr, rule ? rule->unit : NULL, said);
            cwf_buf_puts(out, ",\"broader\":");
            if (jd.broader)
                json_diags(out, in, jd.broader);
            else
                cwf_buf_puts(out, "[]");
            if (literal && rule) {
                cwf_buf_printf(out, ",\"literal\":{\"exact\":%s,\"text\":",
                               lit.exact ? "true" : "false");
                json_str(out, lit.label);
                cwf_buf_puts(out, ",\"prescribed\":");
                json_str(out, lit.text);
                cwf_buf_puts(out, ",\"differences\":[");
                for (size_t k = 0; k < lit.ndiffs; k++) {
                    if (k)
                        cwf_buf_putc(out, ',');
                    json_str(out, lit.diffs[k]);
                }
                cwf_buf_puts(out, "]}");
            }
            cwf_buf_putc(out, '}');
        } else {
            cwf_buf_printf(out, "%s: %s", in->name, rule ? rule->id : what);
            if (rule)
                cwf_buf_printf(out, " (%s)", rule->title);
            cwf_buf_printf(out, ": %s\n", cwf_verdict_name(pr.verdict));
            if (verbose && pr.ncases > 1)
                text_cases(out, &pr);
            if (verbose)
                text_counterexamples(out, &pr, rule ? "the requirement" : what);
            if (pr.verdict != CWF_COVERS && pr.ncases == 0 && pr.reason)
                cwf_buf_printf(out, "  %s\n", pr.reason);
            if (pr.assumes)
                cwf_buf_printf(out, "  assumes: %s\n", pr.assumes);
            if (literal && rule) {
                if (lit.exact) {
                    cwf_buf_printf(out, "  literal: the prescribed text (%s)\n", lit.label);
                } else {
                    cwf_buf_printf(out, "  literal: not the prescribed text, so a literal "
                                        "check such as Security Hub's fails it\n"
                                        "    closest: %s\n", lit.label);
                    for (size_t k = 0; k < lit.ndiffs; k++)
                        cwf_buf_printf(out, "    %s\n", lit.diffs[k]);
                }
            }
            text_diags(in, &pr, rule ? rule->unit : NULL, said, jd.broader, out, j->color);
        }
        cwf_literal_free(&lit);
        cwf_judgement_free(&jd);
        free(what);
    }
    if (json)
        cwf_buf_printf(out, "]}\n");
    /* The parse warnings not already said as a note of a finding. */
    cwf_diags rest = CWF_DIAGS_INIT;
    for (size_t i = 0; i < in->diags.n; i++)
        if (!said[i])
            cwf_diag_copy(&rest, &in->diags.v[i]);
    if (rest.n)
        render(in, &rest, &j->err, j->color_messages);
    cwf_diags_free(&rest);
    free(said);
    return !internal;
}

/* Starts a run: the previous output dropped. */
static void restart(cwf_check_job *j)
{
    cwf_buf_reset(&j->out);
    cwf_buf_reset(&j->err);
    cwf_buf_add(&j->out, "", 0);
    cwf_buf_add(&j->err, "", 0);
    j->ran = true;
    j->passed = false;
}

CWF_API cwf_status cwf_check_run(cwf_check_job *j, const char *name, const char *text,
                                 size_t len)
{
    if (!j || !name || (!text && len) || j->ran)
        return CWF_STATUS_INVALID_ARGUMENT;
    restart(j);
    input in, req;
    memset(&req, 0, sizeof req);
    cwf_status st = CWF_STATUS_BAD_PATTERN;
    if (load(&in, name, text, len, true, &j->err, j->color_messages) &&
        (!j->has_req ||
         load(&req, j->req_name, j->req_text, j->req_len, false, &j->err, j->color_messages)))
        st = run_check(j, &in, j->has_req ? &req : NULL) ? CWF_STATUS_OK : CWF_STATUS_INTERNAL;
    input_free(&in);
    if (j->has_req)
        input_free(&req);
    return st;
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

CWF_API cwf_status cwf_check_relate(cwf_check_job *j, const char *relation, const char *a_name,
                                    const char *a, size_t a_len, const char *b_name,
                                    const char *b, size_t b_len)
{
    if (!j || !relation || !a_name || !b_name || (!a && a_len) || (!b && b_len) || j->ran)
        return CWF_STATUS_INVALID_ARGUMENT;
    bool cover = strcmp(relation, "covers") == 0, both = strcmp(relation, "equiv") == 0;
    if (!cover && !both && strcmp(relation, "implies") != 0)
        return CWF_STATUS_INVALID_ARGUMENT;
    restart(j);
    input x, y;
    bool ok = load(&x, a_name, a, a_len, false, &j->err, j->color_messages);
    ok = load(&y, b_name, b, b_len, false, &j->err, j->color_messages) && ok;
    if (!ok) {
        input_free(&x);
        input_free(&y);
        return CWF_STATUS_BAD_PATTERN;
    }
    bool json = j->json, internal = false;
    cwf_buf *out = &j->out;
    if (json)
        cwf_buf_printf(out, "{\"version\":1,\"%s\":[", relation);
    /* implies A B: B covers A; covers A B: A covers B. */
    cwf_verdict v1 = cover ? direction(&x, &y, "A", "B", true, json, out, &internal)
                           : direction(&y, &x, "B", "A", false, json, out, &internal);
    cwf_verdict v2 = CWF_COVERS;
    if (both) {
        if (json)
            cwf_buf_putc(out, ',');
        v2 = direction(&x, &y, "A", "B", false, json, out, &internal);
    }
    bool yes = v1 == CWF_COVERS && v2 == CWF_COVERS;
    if (json)
        cwf_buf_printf(out, "],\"result\":%s}\n", yes ? "true" : "false");
    else if (both)
        cwf_buf_printf(out, "%s\n", yes ? "A and B are equivalent"
                                        : v1 == CWF_UNKNOWN || v2 == CWF_UNKNOWN
                                            ? "cwfilter cannot tell whether A and B are "
                                              "equivalent"
                                            : "A and B are not equivalent");
    j->passed = yes;
    input_free(&x);
    input_free(&y);
    return internal ? CWF_STATUS_INTERNAL : CWF_STATUS_OK;
}

CWF_API bool cwf_check_passed(const cwf_check_job *j)
{
    return j && j->passed;
}

CWF_API const char *cwf_check_output(const cwf_check_job *j, size_t *len)
{
    if (len)
        *len = j && j->ran ? j->out.len : 0;
    return j && j->ran ? j->out.p : NULL;
}

CWF_API const char *cwf_check_messages(const cwf_check_job *j, size_t *len)
{
    if (len)
        *len = j && j->ran ? j->err.len : 0;
    return j && j->ran ? j->err.p : NULL;
}

CWF_API void cwf_check_free(cwf_check_job *j)
{
    if (!j)
        return;
    free(j->rules);
    free(j->req_name);
    free(j->req_text);
    cwf_buf_free(&j->out);
    cwf_buf_free(&j->err);
    free(j);
}
