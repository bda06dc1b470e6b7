/* judge.c: the one judge of a rule over the filters of a log group (see
 * judge.h), its proof cache, and the benchmark versions. */
#include "judge.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "match.h"
#include "parse.h"
#include "util.h"

/* ---- the cache ---------------------------------------------------------------- */

typedef struct entry {
    const void *key;          /* the rule, or the requirement pattern */
    char *text;
    size_t len;
    uint64_t hash;
    bool has_v, has_e, has_b;
    cwf_proof v, e;           /* verdict only; explained */
    cwf_diags b;              /* CWF314, when has_b */
    size_t rank;              /* 0, or 1 + (missing cases named << 16) + values
                                 of the rule mentioned */
    int hint;                 /* 0, or 1 / -1: whether maybe_near holds */
    int screen;               /* 0 not screened; 1 the witnesses say it covers
                                 no case; -1 it matches some: prove it */
    int all;                  /* once screened: 1 it matches every witness,
                                 -1 it misses one, so it cannot cover */
    struct entry *next;
} entry;

/* A built-in rule's requirement, parsed once. */
typedef struct req {
    const cwf_bench_rule *rule;
    cwf_arena arena;
    cwf_pattern *p;           /* NULL: does not parse (an internal error) */
    char *error;
    /* One event per case of the rule (the counterexamples of a pattern that
     * matches none of them): a filter that matches none covers no case,
     * without a proof; wproof stands for its verdict-only proof. */
    bool wok;
    cwf_proof wproof;
    /* The values the requirement tests (`= X`, `= "X"`, at least four
     * characters, wildcards dropped), for the text ranks; and which bytes
     * start the first or last four characters of one, in either case. */
    cwf_str *tok;
    size_t ntok;
    bool first[256];
    uint32_t *quad;           /* the first and last four characters of each
                                 value, lower case, as numbers */
} req;

struct cwf_judge_cache {
    entry **slots;
    size_t nslots, n;
    req **reqs;               /* each its own allocation: proofs point into them */
    size_t nreqs;
    entry *last;              /* the entry looked up last (a filter is asked
                                 for several times in a row) */
};

/* The four characters at s, lower case, as one number. */
static uint32_t lower4(const char *s)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        unsigned char c = (unsigned char)s[i];
        v = v << 8 | (c >= 'A' && c <= 'Z' ? c + 32u : c);
    }
    return v;
}

/* A character of a value token of a requirement. */
static bool is_tok(char c)
{
    return c == '.' || c == '_' || c == ':' || c == '-' || (c >= '0' && c <= '9') ||
           ((c | 32) >= 'a' && (c | 32) <= 'z');
}

cwf_judge_cache *cwf_judge_cache_new(void)
{
    cwf_judge_cache *c = cwf_xcalloc(1, sizeof *c);
    c->nslots = 256;
    c->slots = cwf_xcalloc(c->nslots, sizeof *c->slots);
    return c;
}

void cwf_judge_cache_free(cwf_judge_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nslots; i++)
        for (entry *e = c->slots[i], *next; e; e = next) {
            next = e->next;
            if (e->has_v)
                cwf_proof_free(&e->v);
            if (e->has_e)
                cwf_proof_free(&e->e);
            cwf_diags_free(&e->b);
            free(e->text);
            free(e);
        }
    free(c->slots);
    for (size_t i = 0; i < c->nreqs; i++) {
        cwf_arena_free(&c->reqs[i]->arena);
        free(c->reqs[i]->error);
        cwf_proof_free(&c->reqs[i]->wproof);
        free(c->reqs[i]->tok);
        free(c->reqs[i]->quad);
        free(c->reqs[i]);
    }
    free(c->reqs);
    free(c);
}

uint64_t cwf_judge_hash(const char *text, size_t len)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)text[i]) * 1099511628211ull;
    return h | 1;
}

static uint64_t hash_of(const void *key, uint64_t th)
{
    return th ^ ((uint64_t)(uintptr_t)key * 0x9E3779B97F4A7C15ull);
}

static void grow(cwf_judge_cache *c)
{
    size_t n = c->nslots * 2;
    entry **s = cwf_xcalloc(n, sizeof *s);
    for (size_t i = 0; i < c->nslots; i++)
        for (entry *e = c->slots[i], *next; e; e = next) {
            next = e->next;
            e->next = s[e->hash & (n - 1)];
            s[e->hash & (n - 1)] = e;
        }
    free(c->slots);
    c->slots = s;
    c->nslots = n;
}

static entry *lookup_h(cwf_judge_cache *c, const void *key, const char *text, size_t len,
                       uint64_t th)
{
    entry *l = c->last;
    if (l && l->key == key && l->len == len && memcmp(l->text, text, len) == 0)
        return l;
    uint64_t h = hash_of(key, th ? th : cwf_judge_hash(text, len));
    for (entry *e = c->slots[h & (c->nslots - 1)]; e; e = e->next)
        if (e->hash == h && e->key == key && e->len == len && memcmp(e->text, text, len) == 0)
            return c->last = e;
    if (c->n + 1 > c->nslots)
        grow(c);
    entry *e = cwf_xcalloc(1, sizeof *e);
    e->key = key;
    e->text = cwf_xstrndup(text, len);
    e->len = len;
    e->hash = h;
    e->next = c->slots[h & (c->nslots - 1)];
    c->slots[h & (c->nslots - 1)] = e;
    c->n++;
    return c->last = e;
}

static entry *lookup(cwf_judge_cache *c, const void *key, const char *text, size_t len)
{
    return lookup_h(c, key, text, len, 0);
}

static const req *req_of(cwf_judge_cache *c, const cwf_bench_rule *rule)
{
    for (size_t i = 0; i < c->nreqs; i++)
        if (c->reqs[i]->rule == rule)
            return c->reqs[i];
    c->reqs = cwf_xrealloc(c->reqs, (c->nreqs + 1) * sizeof *c->reqs);
    req *r = c->reqs[c->nreqs++] = cwf_xcalloc(1, sizeof *r);
    r->rule = rule;
    cwf_diags d = CWF_DIAGS_INIT;
    r->p = cwf_parse(rule->requirement, strlen(rule->requirement), &r->arena, &d);
    if (!r->p || cwf_diags_count(&d, CWF_ERROR) > 0) {
        r->p = NULL;
        r->error = cwf_xstrdup(d.n ? d.v[0].message : "?");
    }
    cwf_diags_free(&d);
    for (const char *q = rule->requirement; (q = strchr(q, '=')) != NULL;) {
        q++;
        while (*q == ' ' || *q == '"' || *q == '*')
            q++;
        const char *v = q;
        while (is_tok(*q))
            q++;
        size_t vn = (size_t)(q - v);
        if (vn < 4)
            continue;
        r->tok = cwf_xrealloc(r->tok, (r->ntok + 1) * sizeof *r->tok);
        r->quad = cwf_xrealloc(r->quad, 2 * (r->ntok + 1) * sizeof *r->quad);
        r->quad[2 * r->ntok] = lower4(v);
        r->quad[2 * r->ntok + 1] = lower4(v + vn - 4);
        r->tok[r->ntok++] = (cwf_str){v, (uint32_t)vn};
        for (int k = 0; k < 2; k++) {
            unsigned char ch = (unsigned char)(k ? v[vn - 4] : v[0]);
            r->first[ch] = true;
            r->first[ch >= 'a' && ch <= 'z' ? ch - 32 : ch >= 'A' && ch <= 'Z' ? ch + 32 : ch] = true;
        }
    }
    if (r->p) {
        static const char w[] = "{ $.cwfilterWitness = \"cwfilter\" }";
        cwf_diags wd = CWF_DIAGS_INIT;
        cwf_pattern *wp = cwf_parse(w, sizeof w - 1, &r->arena, &wd);
        cwf_diags_free(&wd);
        cwf_prove_options o = {false, false, rule->unit, rule->title};
        if (wp) {
            cwf_prove_with(wp, r->p, &o, &r->wproof);
            r->wok = r->wproof.ncases > 0 && !r->wproof.internal_error;
            for (size_t i = 0; i < r->wproof.ncases && r->wok; i++)
                r->wok = !r->wproof.cases[i].covered && r->wproof.cases[i].counterexample;
        }
    }
    return r;
}

/* The verdict-only proof of a filter against a rule, or, when it matches
 * none of the rule's witness events, the witness proof (it covers no
 * case: each witness is an event of its case that the filter misses). */
/* Replays the rule's witnesses (one event per case) through the pattern,
 * once per rule and text: whether it matches any, and every one. */
static void screen(const req *q, entry *e, const cwf_pattern *ast)
{
    if (e->screen)
        return;
    cwf_matcher *m = cwf_matcher_new(ast);
    bool any = false, all = true;
    for (size_t k = 0; k < q->wproof.ncases; k++) {
        const char *ev = q->wproof.cases[k].counterexample;
        bool hit = cwf_matcher_match(m, ev, strlen(ev), NULL);
        any |= hit;
        all &= hit;
    }
    cwf_matcher_free(m);
    e->screen = any ? -1 : 1;
    e->all = all ? 1 : -1;
}

static const cwf_proof *screened(cwf_judge_cache *cache, const cwf_judge_rule *r,
                                 const cwf_pattern *ast, const char *text, size_t len,
                                 uint64_t th)
{
    if (!r->rule)
        return cwf_judge_prove(cache, r, ast, text, len, false);
    const req *q = req_of(cache, r->rule);
    entry *e = lookup_h(cache, r->rule, text, len, th);
    if (q->wok && !e->has_v && !e->has_e)
        screen(q, e, ast);
    if (e->screen == 1 && !e->has_e)
        return &q->wproof;
    return cwf_judge_prove(cache, r, ast, text, len, false);
}

bool cwf_judge_may_cover(cwf_judge_cache *cache, const cwf_judge_rule *r,
                         const cwf_judge_filter *f)
{
    if (!r->rule || !f->ast)
        return true;
    const req *q = req_of(cache, r->rule);
    entry *e = lookup_h(cache, r->rule, f->text, f->len,
                        f->hash ? f->hash : cwf_judge_hash(f->text, f->len));
    if (e->has_v || e->has_e)
        return (e->has_e ? e->e.verdict : e->v.verdict) == CWF_COVERS;
    if (!q->wok)
        return true;
    screen(q, e, f->ast);
    return e->all > 0;
}

const cwf_proof *cwf_judge_prove(cwf_judge_cache *cache, const cwf_judge_rule *r,
                                 const cwf_pattern *ast, const char *text, size_t len,
                                 bool explain)
{
    const void *key = r->rule ? (const void *)r->rule : (const void *)r->req;
    entry *e = lookup(cache, key, text, len);
    if (e->has_e)
        return &e->e;
    if (!explain && e->has_v)
        return &e->v;
    cwf_proof *out = explain ? &e->e : &e->v;
    const cwf_pattern *rp = r->req;
    cwf_prove_options o = {explain, explain, NULL, r->what};
    if (r->rule) {
        const req *q = req_of(cache, r->rule);
        if (!q->p) {
            memset(out, 0, sizeof *out);
            out->verdict = CWF_UNKNOWN;
            out->internal_error = true;
            out->reason = cwf_xasprintf("internal error: the requirement of rule %s does not "
                                        "parse: %s", r->rule->id, q->error);
            *(explain ? &e->has_e : &e->has_v) = true;
            return out;
        }
        rp = q->p;
        o.unit = r->rule->unit;
        o.what = r->rule->title;
    }
    cwf_prove_with(ast, rp, &o, out);
    *(explain ? &e->has_e : &e->has_v) = true;
    return out;
}

/* CWF314 of a covering filter, once per rule and text. */
static const cwf_diags *broader_of(cwf_judge_cache *c, const cwf_judge_rule *r,
                                   const cwf_judge_filter *f)
{
    entry *e = lookup_h(c, r->rule ? (const void *)r->rule : (const void *)r->req, f->text,
                        f->len, f->hash);
    if (!e->has_b) {
        const cwf_pattern *rp = r->rule ? req_of(c, r->rule)->p : r->req;
        cwf_prove_broader(f->ast, rp, r->rule, r->rule ? r->rule->title : r->what, &e->b);
        e->has_b = true;
    }
    return &e->b;
}

/* ---- judging -------------------------------------------------------------------- */

static size_t covered_of(const cwf_proof *pr)
{
    size_t n = 0;
    for (size_t i = 0; i < pr->ncases; i++)
        n += pr->cases[i].covered;
    return n;
}

static size_t near_of(const cwf_proof *pr)
{
    size_t n = 0;
    for (size_t i = 0; i < pr->findings.n; i++)
        n += pr->findings.v[i].rule == CWF_R_NEAR_MISS;
    return n;
}

/* How many missing cases the text names by their label (as audit counts). */
static size_t named_of(const cwf_proof *pr, const char *text, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < pr->ncases; i++) {
        const char *l = pr->cases[i].label;
        size_t ln = l ? strlen(l) : 0;
        if (pr->cases[i].covered || ln == 0 || l[0] == '$')
            continue;
        for (const char *t = text, *end = text + len; t + ln <= end; t++) {
            t = memchr(t, l[0], (size_t)(end - t));
            if (!t || t + ln > end)
                break;
            if (memcmp(t, l, ln) == 0) {
                n++;
                break;
            }
        }
    }
    return n;
}

/* How many of the values the requirement tests the text mentions. */
static size_t mentions(const req *q, const char *text, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; q && i < q->ntok; i++) {
        const char *v = q->tok[i].p;
        size_t vn = q->tok[i].len;
        for (const char *t = text, *end = text + len; t + vn <= end; t++) {
            t = memchr(t, v[0], (size_t)(end - t));
            if (!t || t + vn > end)
                break;
            if (memcmp(t, v, vn) == 0) {
                n++;
                break;
            }
        }
    }
    return n;
}

/* Whether the text may hold a near miss of a value the requirement tests:
 * it has, in any case, the first or the last four characters of one (a
 * typo, a wrong case, a prefix trap keeps one of them).  Only such filters
 * are explained to count their near misses. */
static bool maybe_near(const req *q, const char *text, size_t len)
{
    for (size_t k = 0; q && k + 4 <= len; k++) {
        if (!q->first[(unsigned char)text[k]])
            continue;
        uint32_t x = lower4(text + k);
        for (size_t i = 0; i < 2 * q->ntok; i++)
            if (q->quad[i] == x)
                return true;
    }
    return false;
}

static const char *pick_name(cwf_judge_pick p)
{
    switch (p) {
    case CWF_PICK_COVERED: return "it covers the most cases";
    case CWF_PICK_NAMED:
        return "it covers as many cases as any and names more of the others or of the values "
               "the rule tests";
    case CWF_PICK_NEAR:
        return "it covers and names as many cases as any and has the most near misses";
    case CWF_PICK_POSITION: return "the filters tie, and it comes first";
    default: return "";
    }
}

static const void *key_of(const cwf_judge_rule *r)
{
    return r->rule ? (const void *)r->rule : (const void *)r->req;
}

/* named_of and mentions of a filter, once per rule and text. */
static size_t rank_of(cwf_judge_cache *c, const cwf_judge_rule *r, const cwf_proof *pv,
                      const cwf_judge_filter *f)
{
    entry *e = lookup_h(c, key_of(r), f->text, f->len, f->hash);
    if (!e->rank)
        e->rank = 1 + (named_of(pv, f->text, f->len) << 16) +
                  mentions(r->rule ? req_of(c, r->rule) : NULL, f->text, f->len);
    return e->rank;
}

/* maybe_near of a filter, once per rule and text. */
static bool hint_of(cwf_judge_cache *c, const cwf_judge_rule *r, const cwf_judge_filter *f)
{
    entry *e = lookup_h(c, key_of(r), f->text, f->len, f->hash);
    if (!e->hint)
        e->hint = maybe_near(r->rule ? req_of(c, r->rule) : NULL, f->text, f->len) ? 1 : -1;
    return e->hint > 0;
}

cwf_verdict cwf_judge(const cwf_judge_rule *r, const cwf_judge_filter *f, size_t n,
                      cwf_judge_explain explain, cwf_judge_cache *cache, cwf_judgement *out)
{
    memset(out, 0, sizeof *out);
    out->best = SIZE_MAX;
    out->first_unknown = SIZE_MAX;
    out->verdict = CWF_NOT_COVERED;
    if (!cache)
        cache = out->own = cwf_judge_cache_new();
    out->covered = cwf_xcalloc(n + 1, sizeof *out->covered);
    out->near = cwf_xcalloc(n + 1, sizeof *out->near);
    const cwf_proof **pv = cwf_xcalloc(n + 1, sizeof *pv);
    /* One filter asked to be explained anyway: prove it explained at once. */
    bool direct = n == 1 && explain == CWF_EXPLAIN_ALWAYS;
    size_t proved = 0;
    for (size_t i = 0; i < n; i++)
        out->covered[i] = SIZE_MAX;
    /* The text hashes, once for this call (the caller may have given them). */
    cwf_judge_filter *fh = cwf_xmalloc((n + 1) * sizeof *fh);
    for (size_t i = 0; i < n; i++) {
        fh[i] = f[i];
        if (!fh[i].hash)
            fh[i].hash = cwf_judge_hash(f[i].text, f[i].len);
    }
    f = fh;
    for (size_t i = 0; i < n; i++) {
        if (!f[i].ast) {
            if (out->verdict == CWF_COVERS)
                continue; /* only a filter that covers exactly is looked for */
            if (!f[i].opaque &&
                mentions(r->rule ? req_of(cache, r->rule) : NULL, f[i].text, f[i].len) == 0)
                continue; /* whatever its parts are, it tests nothing the rule needs */
            out->nunknown++;
            if (out->first_unknown == SIZE_MAX)
                out->first_unknown = i;
            continue;
        }
        pv[i] = direct ? cwf_judge_prove(cache, r, f[i].ast, f[i].text, f[i].len, true)
                       : screened(cache, r, f[i].ast, f[i].text, f[i].len, f[i].hash);
        proved++;
        out->covered[i] = covered_of(pv[i]);
        if (pv[i]->ncases > out->ncases)
            out->ncases = pv[i]->ncases;
        if (pv[i]->verdict == CWF_COVERS) {
            /* A covering filter broader than required (CWF314) is kept
             * while a later one may cover exactly: the log group then has
             * the precise filter, and nothing is reported. */
            const cwf_diags *b = broader_of(cache, r, &f[i]);
            if (out->verdict != CWF_COVERS) {
                out->verdict = CWF_COVERS;
                out->broader = b;
                out->best = i;
                out->pick = CWF_PICK_COVERS;
                out->related = true;
            }
            if (b->n == 0) {
                out->broader = b;
                out->best = i;
                break;
            }
            continue;
        }
        out->undecided |= pv[i]->verdict == CWF_UNKNOWN;
    }
    if (out->verdict != CWF_COVERS && proved) {
        size_t maxcov = 0;
        for (size_t i = 0; i < n; i++)
            if (pv[i] && out->covered[i] > maxcov)
                maxcov = out->covered[i];
        size_t ntied = 0;
        for (size_t i = 0; i < n; i++)
            ntied += pv[i] && out->covered[i] == maxcov;
        /* Among the tied: the missing cases named, the required values
         * mentioned, then near misses, then position. */
        size_t *named = cwf_xcalloc(n + 1, sizeof *named), top = 0;
        for (size_t i = 0; i < n; i++) {
            if (!pv[i] || out->covered[i] != maxcov)
                continue;
            named[i] = rank_of(cache, r, pv[i], &f[i]);
            if (named[i] > top)
                top = named[i];
        }
        size_t best = SIZE_MAX, bnear = 0, ntop = 0;
        for (size_t i = 0; i < n; i++) {
            if (named[i] != top)
                continue;
            ntop++;
            if (top == 1 && !hint_of(cache, r, &f[i])) {
                if (best == SIZE_MAX)
                    best = i; /* names nothing, nearly misses nothing */
                continue;
            }
            const cwf_proof *e = cwf_judge_prove(cache, r, f[i].ast, f[i].text, f[i].len, true);
            out->near[i] = near_of(e);
            if (best == SIZE_MAX || out->near[i] > bnear) {
                best = i;
                bnear = out->near[i];
            }
        }
        out->related = maxcov > 0 || top > 1 || bnear > 0;
        out->best = best;
        if (proved == 1)
            out->pick = CWF_PICK_ONLY;
        else if (ntied == 1)
            out->pick = CWF_PICK_COVERED;
        else if (ntop == 1)
            out->pick = CWF_PICK_NAMED;
        else {
            out->pick = CWF_PICK_NEAR;
            for (size_t i = 0; i < n; i++)
                if (i != best && named[i] == top && out->near[i] == bnear)
                    out->pick = CWF_PICK_POSITION;
        }
        free(named);
        /* Do the filters together cover every case? */
        bool together = out->ncases > 0 && proved > 1;
        for (size_t c = 0; c < out->ncases && together; c++) {
            bool any = false;
            for (size_t i = 0; i < n && !any; i++)
                any = pv[i] && c < pv[i]->ncases && pv[i]->cases[c].covered;
            together = any;
        }
        out->together = together;
        if (out->nunknown || out->undecided)
            out->verdict = CWF_UNKNOWN;
        if (out->pick != CWF_PICK_ONLY && out->pick != CWF_PICK_NONE)
            out->why = cwf_xasprintf("picked because %s (%zu of %zu %s covered)",
                                     pick_name(out->pick), maxcov, out->ncases,
                                     out->ncases == 1 ? "case" : "cases");
    } else if (out->verdict != CWF_COVERS && out->nunknown) {
        out->verdict = CWF_UNKNOWN;
    }
    if (out->best != SIZE_MAX) {
        size_t b = out->best;
        bool want = explain == CWF_EXPLAIN_ALWAYS ||
                    (explain == CWF_EXPLAIN_UNLESS_COVERED && out->verdict != CWF_COVERS);
        out->proof = cwf_judge_prove(cache, r, f[b].ast, f[b].text, f[b].len, want);
    }
    free(pv);
    free(fh);
    return out->verdict;
}

void cwf_judgement_free(cwf_judgement *j)
{
    free(j->covered);
    free(j->near);
    free(j->why);
    cwf_judge_cache_free(j->own);
    memset(j, 0, sizeof *j);
}

/* ---- benchmark versions ---------------------------------------------------------- */

static const char versions[] =
    "cis cis-1.2 cis-1.3 cis-1.4 cis-1.5 cis-2.0 cis-3.0 cis-4.0 cis-5.0 cis-6.0 cis-7.0 "
    "securityhub";

const char *cwf_bench_versions(void)
{
    return versions;
}

size_t cwf_bench_version(const char *version, const cwf_bench_rule **out, const char **label)
{
    static const struct {
        const char *name, *prefix, *label;
    } known[] = {
        {"cis", "cis-7.0-", "CIS 7.0"},        {"cis-1.2", "cis-1.2-", "CIS 1.2"},
        {"cis-1.3", "cis-1.3-", "CIS 1.3"},    {"cis-1.4", "cis-1.4-", "CIS 1.4"},
        {"cis-1.5", "cis-1.5-", "CIS 1.5"},    {"cis-2.0", "cis-2.0-", "CIS 2.0"},
        {"cis-3.0", "cis-3.0-", "CIS 3.0"},    {"cis-4.0", "cis-4.0-", "CIS 4.0"},
        {"cis-5.0", "cis-5.0-", "CIS 5.0"},    {"cis-6.0", "cis-6.0-", "CIS 6.0"},
        {"cis-7.0", "cis-7.0-", "CIS 7.0"},    {"securityhub", "securityhub-", "Security Hub"},
    };
    for (size_t k = 0; k < sizeof known / sizeof *known; k++) {
        if (strcasecmp(version, known[k].name) != 0)
            continue;
        size_t n = 0, pl = strlen(known[k].prefix);
        for (size_t i = 0; i < cwf_bench_nrules; i++)
            for (const char *const *a = cwf_bench_rules[i].aliases; a && *a; a++)
                if (strncasecmp(*a, known[k].prefix, pl) == 0) {
                    out[n++] = &cwf_bench_rules[i];
                    break;
                }
        *label = known[k].label;
        return n;
    }
    return 0;
}
