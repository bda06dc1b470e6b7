/* cwfilter.c: the public API (cwfilter.h) over the internal modules: parse,
 * match, events, prove and the rule tables.  It only translates: handles
 * own what the internal calls return, diagnostics become cwf_diagnostic
 * views, and every argument is checked before an internal call sees it. */
#include <stdlib.h>
#include <string.h>

#include "cwfilter.h"
#include "cwfilter_impl.h"
#include "events.h"
#include "judge.h"
#include "match.h"
#include "parse.h"
#include "prove.h"
#include "source.h"

#ifndef CWF_VERSION
#define CWF_VERSION "0.1.0"
#endif

CWF_API const char *cwf_status_string(cwf_status s)
{
    switch (s) {
    case CWF_STATUS_OK: return "ok";
    case CWF_STATUS_INVALID_ARGUMENT: return "invalid argument";
    case CWF_STATUS_BAD_PATTERN: return "the pattern has errors";
    case CWF_STATUS_UNKNOWN_RULE: return "unknown rule";
    case CWF_STATUS_BAD_INPUT: return "unreadable events";
    case CWF_STATUS_INTERNAL: return "internal error";
    case CWF_STATUS_REFUSED: return "refused: the dialect cannot say it exactly";
    }
    return "unknown status";
}

CWF_API const char *cwf_version(void)
{
    return CWF_VERSION;
}

/* ---- diagnostics --------------------------------------------------------- */

cwf_level cwf_api_level(cwf_severity s)
{
    return s == CWF_ERROR ? CWF_LEVEL_ERROR : s == CWF_WARNING ? CWF_LEVEL_WARNING
                                                               : CWF_LEVEL_NOTE;
}

void cwf_api_views_add(cwf_diagnostic **v, size_t *n, const cwf_diags *d, const char *text,
                      size_t len)
{
    if (d->n == 0)
        return;
    *v = cwf_xrealloc(*v, (*n + d->n) * sizeof **v);
    const cwf_source src = {"<pattern>", text, len, NULL};
    for (size_t i = 0; i < d->n; i++) {
        const cwf_diag *g = &d->v[i];
        cwf_diagnostic *o = &(*v)[(*n)++];
        memset(o, 0, sizeof *o);
        o->rule_id = cwf_rules[g->rule].id;
        o->rule_name = cwf_rules[g->rule].name;
        o->level = cwf_api_level(g->severity);
        o->start = g->span.start;
        o->end = g->span.end;
        cwf_pos a = cwf_source_pos(&src, g->span.start), z = cwf_source_pos(&src, g->span.end);
        o->line = a.line;
        o->column = a.col;
        o->end_line = z.line;
        o->end_column = z.col;
        o->message = g->message;
        o->suggestion = g->suggestion;
        o->notes = (const char *const *)g->notes;
        o->nnotes = g->nnotes;
    }
}

CWF_API const char *cwf_level_name(cwf_level l)
{
    return l == CWF_LEVEL_ERROR ? "error" : l == CWF_LEVEL_WARNING ? "warning" : "note";
}

/* ---- parse --------------------------------------------------------------- */


CWF_API cwf_status cwf_parse_pattern(const char *text, size_t len, cwf_parsed **out)
{
    if (!out)
        return CWF_STATUS_INVALID_ARGUMENT;
    *out = NULL;
    /* Spans are 32-bit offsets. */
    if ((!text && len) || len >= UINT32_MAX)
        return CWF_STATUS_INVALID_ARGUMENT;
    cwf_parsed *h = cwf_xcalloc(1, sizeof *h);
    h->text = cwf_xstrndup(text ? text : "", len);
    h->len = len;
    h->p = cwf_parse(h->text, len, &h->arena, &h->diags);
    cwf_diags_sort(&h->diags);
    h->ok = h->p && cwf_diags_count(&h->diags, CWF_ERROR) == 0;
    size_t n = 0;
    cwf_api_views_add(&h->views, &n, &h->diags, h->text, h->len);
    if (h->p) {
        cwf_buf b = CWF_BUF_INIT;
        cwf_pattern_json(h->p, &b);
        cwf_buf_str(&b);
        h->ast = cwf_buf_take(&b);
    }
    if (h->ok) {
        cwf_buf b = CWF_BUF_INIT;
        cwf_pattern_format(h->p, &b);
        cwf_buf_str(&b);
        h->canonical = cwf_buf_take(&b);
    }
    *out = h;
    return h->ok ? CWF_STATUS_OK : CWF_STATUS_BAD_PATTERN;
}

CWF_API bool cwf_parsed_ok(const cwf_parsed *p)
{
    return p && p->ok;
}

CWF_API const char *cwf_parsed_kind(const cwf_parsed *p)
{
    if (!p || !p->p)
        return NULL;
    switch (p->p->kind) {
    case CWF_K_ALL: return "all";
    case CWF_K_TERMS: return "terms";
    case CWF_K_REGEX: return "regex";
    case CWF_K_JSON: return "json";
    case CWF_K_DELIM: return "delimited";
    }
    return NULL;
}

CWF_API const char *cwf_parsed_ast_json(const cwf_parsed *p)
{
    return p ? p->ast : NULL;
}

CWF_API const char *cwf_parsed_canonical(const cwf_parsed *p)
{
    return p ? p->canonical : NULL;
}

CWF_API size_t cwf_parsed_diag_count(const cwf_parsed *p)
{
    return p ? p->diags.n : 0;
}

CWF_API const cwf_diagnostic *cwf_parsed_diag(const cwf_parsed *p, size_t i)
{
    return p && i < p->diags.n ? &p->views[i] : NULL;
}

CWF_API void cwf_parsed_free(cwf_parsed *p)
{
    if (!p)
        return;
    free(p->views);
    free(p->ast);
    free(p->canonical);
    cwf_diags_free(&p->diags);
    cwf_arena_free(&p->arena);
    free(p->text);
    free(p);
}

/* ---- match --------------------------------------------------------------- */

struct cwf_compiled {
    cwf_parsed *own;     /* a parse of its own, so that p may go first */
    cwf_matcher *m;
    cwf_extracted ex;
    char *error;         /* the last cwf_match_buffer error */
};

CWF_API cwf_status cwf_compile(const cwf_parsed *p, cwf_compiled **out)
{
    if (!out)
        return CWF_STATUS_INVALID_ARGUMENT;
    *out = NULL;
    if (!p)
        return CWF_STATUS_INVALID_ARGUMENT;
    if (!p->ok)
        return CWF_STATUS_BAD_PATTERN;
    cwf_compiled *c = cwf_xcalloc(1, sizeof *c);
    if (cwf_parse_pattern(p->text, p->len, &c->own) != CWF_STATUS_OK) {
        /* The same text parsed without error a moment ago. */
        cwf_parsed_free(c->own);
        free(c);
        return CWF_STATUS_INTERNAL;
    }
    c->m = cwf_matcher_new(c->own->p);
    *out = c;
    return CWF_STATUS_OK;
}

CWF_API cwf_status cwf_match(cwf_compiled *m, const char *event, size_t len, bool *matched)
{
    if (matched)
        *matched = false;
    if (!m || !matched || (!event && len))
        return CWF_STATUS_INVALID_ARGUMENT;
    *matched = cwf_matcher_match(m->m, event ? event : "", len, &m->ex);
    return CWF_STATUS_OK;
}

CWF_API size_t cwf_compiled_value_count(const cwf_compiled *m)
{
    return m ? m->ex.n : 0;
}

CWF_API const char *cwf_compiled_value(const cwf_compiled *m, size_t i, const char **name,
                                       size_t *value_len)
{
    if (!m || i >= m->ex.n) {
        if (name)
            *name = NULL;
        if (value_len)
            *value_len = 0;
        return NULL;
    }
    size_t n;
    const char *v = cwf_extracted_value(&m->ex, i, &n);
    if (name)
        *name = cwf_extracted_name(&m->ex, i);
    if (value_len)
        *value_len = n;
    return v;
}

CWF_API cwf_status cwf_match_buffer(cwf_compiled *m, const char *buf, size_t len,
                                    cwf_event_fn fn, void *arg, size_t *count)
{
    if (count)
        *count = 0;
    if (!m || !count || (!buf && len))
        return CWF_STATUS_INVALID_ARGUMENT;
    free(m->error);
    m->error = NULL;
    cwf_extracted_clear(&m->ex);
    char *err = NULL;
    cwf_events *ev = cwf_events_open_mem(buf ? buf : "", len, &err);
    if (!ev) {
        m->error = err;
        return CWF_STATUS_BAD_INPUT;
    }
    const char *msg;
    size_t n, hits = 0;
    int r;
    while ((r = cwf_events_next(ev, &msg, &n)) == 1) {
        if (!cwf_matcher_match(m->m, msg, n, NULL))
            continue;
        hits++;
        if (fn && fn(arg, cwf_events_count(ev), msg, n) != 0)
            break;
    }
    if (r < 0)
        m->error = cwf_xstrdup(cwf_events_error(ev));
    cwf_events_close(ev);
    *count = hits;
    return r < 0 ? CWF_STATUS_BAD_INPUT : CWF_STATUS_OK;
}

CWF_API const char *cwf_compiled_error(const cwf_compiled *m)
{
    return m ? m->error : NULL;
}

CWF_API void cwf_compiled_free(cwf_compiled *m)
{
    if (!m)
        return;
    cwf_matcher_free(m->m);
    cwf_extracted_free(&m->ex);
    cwf_parsed_free(m->own);
    free(m->error);
    free(m);
}

/* ---- prove --------------------------------------------------------------- */

struct cwf_proof_result {
    cwf_proof pr;
    const cwf_bench_rule *rule;
    cwf_proof_case *cases;
    cwf_diagnostic *views;
    size_t nviews;
};

CWF_API const char *cwf_answer_name(cwf_answer a)
{
    switch (a) {
    case CWF_ANSWER_COVERS: return "covers";
    case CWF_ANSWER_NOT_COVERED: return "not covered";
    case CWF_ANSWER_UNKNOWN: return "unknown";
    }
    return "unknown";
}

static cwf_answer answer_of(cwf_verdict v)
{
    return v == CWF_COVERS ? CWF_ANSWER_COVERS : v == CWF_NOT_COVERED ? CWF_ANSWER_NOT_COVERED
                                                                      : CWF_ANSWER_UNKNOWN;
}

/* Builds the views of a finished proof of p's pattern. */
static cwf_status finish(cwf_proof_result *r, const cwf_parsed *p, cwf_proof_result **out)
{
    const cwf_proof *pr = &r->pr;
    r->cases = cwf_xcalloc(pr->ncases ? pr->ncases : 1, sizeof *r->cases);
    for (size_t i = 0; i < pr->ncases; i++) {
        const cwf_case *c = &pr->cases[i];
        cwf_proof_case *o = &r->cases[i];
        o->label = c->label;
        o->answer = answer_of(c->verdict);
        o->reason = c->reason;
        o->residual = c->residual;
        o->has_span = c->span.start || c->span.end;
        o->start = c->span.start;
        o->end = c->span.end;
        o->suggestion = c->suggestion;
        o->counterexample = c->counterexample;
    }
    cwf_api_views_add(&r->views, &r->nviews, &pr->findings, p->text, p->len);
    cwf_api_views_add(&r->views, &r->nviews, &pr->warnings, p->text, p->len);
    *out = r;
    return pr->internal_error ? CWF_STATUS_INTERNAL : CWF_STATUS_OK;
}

CWF_API cwf_status cwf_check(const cwf_parsed *p, const char *rule_id, cwf_proof_result **out)
{
    if (!out)
        return CWF_STATUS_INVALID_ARGUMENT;
    *out = NULL;
    if (!p)
        return CWF_STATUS_INVALID_ARGUMENT;
    if (!p->ok)
        return CWF_STATUS_BAD_PATTERN;
    const cwf_bench_rule *rule = rule_id ? cwf_bench_rule_find(rule_id) : &cwf_bench_rules[0];
    if (!rule)
        return CWF_STATUS_UNKNOWN_RULE;
    cwf_proof_result *r = cwf_xcalloc(1, sizeof *r);
    r->rule = rule;
    cwf_check_rule(p->p, rule, &r->pr);
    return finish(r, p, out);
}

/* Does a cover b (every event b matches, a matches), with the options of
 * `cwfilter covers`. */
static cwf_status prove_two(const cwf_parsed *a, const cwf_parsed *b, cwf_proof_result **out)
{
    if (!out)
        return CWF_STATUS_INVALID_ARGUMENT;
    *out = NULL;
    if (!a || !b)
        return CWF_STATUS_INVALID_ARGUMENT;
    if (!a->ok || !b->ok)
        return CWF_STATUS_BAD_PATTERN;
    cwf_proof_result *r = cwf_xcalloc(1, sizeof *r);
    cwf_prove_options o = {true, true, NULL, "the other pattern"};
    cwf_prove_with(a->p, b->p, &o, &r->pr);
    return finish(r, a, out);
}

CWF_API cwf_status cwf_implies(const cwf_parsed *a, const cwf_parsed *b, cwf_proof_result **out)
{
    return prove_two(b, a, out); /* a implies b: b covers a */
}

CWF_API cwf_status cwf_equiv(const cwf_parsed *a, const cwf_parsed *b, bool *equivalent,
                             cwf_proof_result **ab, cwf_proof_result **ba)
{
    if (ab)
        *ab = NULL;
    if (ba)
        *ba = NULL;
    if (equivalent)
        *equivalent = false;
    if (!a || !b || !equivalent)
        return CWF_STATUS_INVALID_ARGUMENT;
    cwf_proof_result *x, *y;
    cwf_status s = prove_two(b, a, &x); /* a implies b */
    if (s != CWF_STATUS_OK && s != CWF_STATUS_INTERNAL)
        return s;
    cwf_status t = prove_two(a, b, &y); /* b implies a */
    *equivalent = cwf_proof_covered(x) && cwf_proof_covered(y);
    if (ab)
        *ab = x;
    else
        cwf_proof_result_free(x);
    if (ba)
        *ba = y;
    else
        cwf_proof_result_free(y);
    return s != CWF_STATUS_OK ? s : t;
}

CWF_API cwf_answer cwf_proof_answer(const cwf_proof_result *r)
{
    return r ? answer_of(r->pr.verdict) : CWF_ANSWER_UNKNOWN;
}

CWF_API bool cwf_proof_covered(const cwf_proof_result *r)
{
    return r && r->pr.verdict == CWF_COVERS;
}

CWF_API const char *cwf_proof_rule_id(const cwf_proof_result *r)
{
    return r && r->rule ? r->rule->id : NULL;
}

CWF_API const char *cwf_proof_title(const cwf_proof_result *r)
{
    return r && r->rule ? r->rule->title : NULL;
}

CWF_API const char *cwf_proof_reason(const cwf_proof_result *r)
{
    return r ? r->pr.reason : NULL;
}

CWF_API const char *cwf_proof_assumes(const cwf_proof_result *r)
{
    return r ? r->pr.assumes : NULL;
}

CWF_API const char *cwf_proof_counterexample(const cwf_proof_result *r)
{
    return r ? r->pr.counterexample : NULL;
}

CWF_API size_t cwf_proof_case_count(const cwf_proof_result *r)
{
    return r ? r->pr.ncases : 0;
}

CWF_API const cwf_proof_case *cwf_proof_case_at(const cwf_proof_result *r, size_t i)
{
    return r && i < r->pr.ncases ? &r->cases[i] : NULL;
}

CWF_API size_t cwf_proof_diag_count(const cwf_proof_result *r)
{
    return r ? r->nviews : 0;
}

CWF_API const cwf_diagnostic *cwf_proof_diag(const cwf_proof_result *r, size_t i)
{
    return r && i < r->nviews ? &r->views[i] : NULL;
}

CWF_API void cwf_proof_result_free(cwf_proof_result *r)
{
    if (!r)
        return;
    free(r->cases);
    free(r->views);
    cwf_proof_free(&r->pr);
    free(r);
}

/* ---- rule tables --------------------------------------------------------- */

CWF_API size_t cwf_rule_count(void)
{
    return CWF_R_COUNT;
}

static void rule_info(const cwf_rule *r, cwf_rule_info *out)
{
    out->id = r->id;
    out->name = r->name;
    out->level = cwf_api_level(r->severity);
    out->summary = r->summary;
    out->explanation = r->explanation;
}

CWF_API cwf_status cwf_rule_get(size_t i, cwf_rule_info *out)
{
    if (!out || i >= CWF_R_COUNT)
        return CWF_STATUS_INVALID_ARGUMENT;
    rule_info(&cwf_rules[i], out);
    return CWF_STATUS_OK;
}

CWF_API cwf_status cwf_rule_lookup(const char *id_or_name, cwf_rule_info *out)
{
    if (!out || !id_or_name)
        return CWF_STATUS_INVALID_ARGUMENT;
    const cwf_rule *r = cwf_rule_find(id_or_name);
    if (!r)
        return CWF_STATUS_UNKNOWN_RULE;
    rule_info(r, out);
    return CWF_STATUS_OK;
}

CWF_API size_t cwf_benchmark_count(void)
{
    return cwf_bench_nrules;
}

static void bench_info(const cwf_bench_rule *r, cwf_benchmark_info *out)
{
    static const char *const none[] = {NULL};
    out->id = r->id;
    out->aliases = r->aliases ? r->aliases : none;
    out->title = r->title;
    out->requirement = r->requirement;
    out->prescribed = r->prescribed;
    out->explanation = r->explanation;
}

CWF_API cwf_status cwf_benchmark_get(size_t i, cwf_benchmark_info *out)
{
    if (!out || i >= cwf_bench_nrules)
        return CWF_STATUS_INVALID_ARGUMENT;
    bench_info(&cwf_bench_rules[i], out);
    return CWF_STATUS_OK;
}

CWF_API cwf_status cwf_benchmark_lookup(const char *id_or_alias, cwf_benchmark_info *out)
{
    if (!out || !id_or_alias)
        return CWF_STATUS_INVALID_ARGUMENT;
    const cwf_bench_rule *r = cwf_bench_rule_find(id_or_alias);
    if (!r)
        return CWF_STATUS_UNKNOWN_RULE;
    bench_info(r, out);
    return CWF_STATUS_OK;
}

/* text wrapped at 76 columns, as `cwfilter explain` shows a diagnostic
 * rule. */
static void wrap(cwf_buf *out, const char *text)
{
    size_t col = 0;
    const char *p = text;
    while (*p) {
        const char *w = p;
        while (*w && *w != ' ')
            w++;
        size_t n = (size_t)(w - p);
        if (col > 0 && col + 1 + n > 76) {
            cwf_buf_putc(out, '\n');
            col = 0;
        } else if (col > 0) {
            cwf_buf_putc(out, ' ');
            col++;
        }
        cwf_buf_add(out, p, n);
        col += n;
        p = *w ? w + 1 : w;
    }
    cwf_buf_putc(out, '\n');
}

CWF_API size_t cwf_explain(const char *id, char *buf, size_t size)
{
    if (!id)
        return 0;
    const cwf_rule *r = cwf_rule_find(id);
    const cwf_bench_rule *b = r ? NULL : cwf_bench_rule_find(id);
    if (!r && !b)
        return 0;
    cwf_buf out = CWF_BUF_INIT;
    if (b) {
        cwf_bench_rule_explain(b, &out);
    } else {
        cwf_buf_printf(&out, "%s %s (%s): %s\n\n", r->id, r->name,
                       cwf_severity_name(r->severity), r->summary);
        wrap(&out, r->explanation);
    }
    size_t n = out.len;
    if (buf && size) {
        size_t k = n < size - 1 ? n : size - 1;
        memcpy(buf, cwf_buf_str(&out), k);
        buf[k] = '\0';
    }
    cwf_buf_free(&out);
    return n;
}

CWF_API const char *cwf_benchmark_versions(void)
{
    return cwf_bench_versions();
}

CWF_API const char *cwf_prescribed_text(const char *text, size_t len, const char **label)
{
    if (!text)
        return NULL;
    while (len > 0 && strchr(" \t\r\n", text[len - 1]))
        len--;
    for (size_t i = 0; i < cwf_bench_nrules; i++) {
        const cwf_bench_rule *r = &cwf_bench_rules[i];
        for (size_t k = 0; k < r->ntexts; k++)
            if (strlen(r->texts[k].text) == len && memcmp(r->texts[k].text, text, len) == 0) {
                if (label)
                    *label = r->texts[k].label;
                return r->id;
            }
    }
    return NULL;
}
