/* prove_text.c: coverage when the pattern or the requirement is not a JSON
 * pattern.
 *
 * A term or regex pattern reads the event's text, not its fields.  Against
 * a JSON requirement it is decided in a model of that text (documented in
 * `cwfilter check --help` and prove.h): the event is one compact JSON
 * object, as CloudTrail writes its records, so for every field the
 * requirement fixes it holds the fragment `"key":"value"` (a prefix
 * wildcard fixes `"key":"core`, a suffix one `core"`, IS NULL `"key":null`);
 * anything else may appear anywhere else.  Terms and regexes are regular
 * languages of texts (D16, D17), so "every text holding all fragments
 * matches P" is an automaton inclusion: exact, and COVERS only then.  A
 * counterexample is a record built from the requirement and replayed
 * through the matcher; none found means UNKNOWN.
 *
 * A space-delimited pattern splits the text on spaces (D18); against a JSON
 * requirement it gets a replayed counterexample or UNKNOWN.  Two text
 * patterns are compared exactly as languages; a JSON pattern never matches
 * a text that is not a JSON object or array (D14). */
#include <stdlib.h>
#include <string.h>

#include "prove_impl.h"
#include "regex.h"

enum { MAX_PRODUCT = 20000 }; /* states of an automaton product, roughly */

const char *const cwf_pv_text_model =
    "the event is one compact JSON object, as CloudTrail writes its records, holding "
    "`\"key\":\"value\"` for every field the requirement fixes; anything else may appear "
    "anywhere else in it";

/* The language of a delimited condition tree on a field whose value is
 * the whole text; NULL for a leaf it cannot read. */
static cwf_dfa *cond_dfa(const cwf_expr *x)
{
    if (x->kind == CWF_E_AND || x->kind == CWF_E_OR) {
        cwf_dfa *acc = x->kind == CWF_E_AND ? cwf_dfa_all() : cwf_dfa_none();
        for (uint32_t i = 0; i < x->u.list.n && acc; i++) {
            cwf_dfa *k = cond_dfa(x->u.list.kids[i]), *t = NULL;
            if (k)
                t = x->kind == CWF_E_AND ? cwf_dfa_and(acc, k) : cwf_dfa_or(acc, k);
            cwf_dfa_free(k);
            cwf_dfa_free(acc);
            acc = t;
        }
        return acc;
    }
    if (x->kind != CWF_E_CMP)
        return NULL;
    const cwf_value *v = &x->u.leaf.val;
    cwf_op op = x->u.leaf.op;
    if (v->kind == CWF_V_NUMBER)
        return cwf_dfa_none(); /* a JSON object's text is no number (D8) */
    if (op != CWF_OP_EQ && op != CWF_OP_NE)
        return cwf_dfa_none();
    cwf_dfa *d;
    if (v->kind == CWF_V_REGEX) {
        if (!v->re)
            return NULL;
        d = cwf_dfa_regex(v->re);
    } else {
        const cwf_str *t = v->wild == CWF_W_NONE ? &v->text : &v->core;
        d = cwf_dfa_string(t->p, t->len, v->wild);
    }
    if (op == CWF_OP_NE) {
        cwf_dfa *n = cwf_dfa_not(d);
        cwf_dfa_free(d);
        d = n;
    }
    return d;
}

/* A space-delimited pattern on a record of the model (one compact JSON
 * object: no spaces around it, starting with `{`), as match.c reads it
 * (D18): with no field entry it matches every text; with one entry and no
 * `...`, that entry's field is the whole text.  NULL otherwise. */
static cwf_dfa *delim_dfa(const cwf_pattern *p)
{
    const cwf_field *one = NULL;
    uint32_t n = 0;
    bool ellipsis = false;
    for (uint32_t i = 0; i < p->u.delim.n; i++) {
        if (p->u.delim.v[i].kind == CWF_F_ELLIPSIS) {
            ellipsis = true;
            continue;
        }
        one = &p->u.delim.v[i];
        n++;
    }
    if (n == 0)
        return cwf_dfa_all();
    if (n > 1 || ellipsis)
        return NULL;
    if (one->kind != CWF_F_COND)
        return cwf_dfa_all(); /* every record has a field */
    return one->cond ? cond_dfa(one->cond) : NULL;
}

/* The language of a term, regex or match-all pattern over whole texts, or
 * NULL for the other kinds (D17 as match.c reads it: optional terms count
 * only when there is no plain or excluded term).  With record, a delimited
 * pattern's language on the model's records (delim_dfa). */
static cwf_dfa *text_dfa(const cwf_pattern *p, bool record)
{
    if (p->kind == CWF_K_ALL)
        return cwf_dfa_all();
    if (p->kind == CWF_K_DELIM)
        return record ? delim_dfa(p) : NULL;
    if (p->kind == CWF_K_REGEX)
        return p->u.regex.re ? cwf_dfa_regex(p->u.regex.re) : NULL;
    if (p->kind != CWF_K_TERMS)
        return NULL;
    bool strict = false, optional = false;
    for (uint32_t i = 0; i < p->u.terms.n; i++) {
        if (p->u.terms.v[i].kind == CWF_T_OPTIONAL)
            optional = true;
        else
            strict = true;
    }
    /* Intersecting "contains" automata multiplies their sizes: past a
     * bound, no automaton (the callers then say unknown). */
    double size = 1;
    for (uint32_t i = 0; i < p->u.terms.n; i++)
        if (strict != (p->u.terms.v[i].kind == CWF_T_OPTIONAL))
            size *= (double)p->u.terms.v[i].text.len + 2;
    if (size > MAX_PRODUCT)
        return NULL;
    cwf_dfa *acc = strict || !optional ? cwf_dfa_all() : cwf_dfa_none();
    for (uint32_t i = 0; i < p->u.terms.n; i++) {
        const cwf_term *t = &p->u.terms.v[i];
        if (strict == (t->kind == CWF_T_OPTIONAL))
            continue;
        cwf_dfa *c = cwf_dfa_string(t->text.p, t->text.len, CWF_W_CONTAINS), *next;
        if (t->kind == CWF_T_EXCLUDE) {
            cwf_dfa *nc = cwf_dfa_not(c);
            next = cwf_dfa_and(acc, nc);
            cwf_dfa_free(nc);
        } else if (t->kind == CWF_T_PLAIN) {
            next = cwf_dfa_and(acc, c);
        } else {
            next = cwf_dfa_or(acc, c);
        }
        cwf_dfa_free(c);
        cwf_dfa_free(acc);
        acc = next;
    }
    return acc;
}

/* ---- the record model -------------------------------------------------- */

/* The JSON text of s[0..n) without its quotes (cwf_buf_json_str's escaping,
 * which is the model's). */
static void json_inner(cwf_buf *b, const char *s, size_t n)
{
    cwf_buf t = CWF_BUF_INIT;
    cwf_buf_json_str(&t, s, n);
    cwf_buf_add(b, t.p + 1, t.len - 2);
    cwf_buf_free(&t);
}

/* The fragment that every record meeting leaf x holds, into b; false when
 * there is none (a wildcard selector, an index, a number, !=, ...). */
static bool fragment(const cwf_expr *x, cwf_buf *b)
{
    const cwf_selector *sel = &x->u.leaf.sel;
    if (sel->n == 0)
        return false;
    for (uint32_t i = 0; i < sel->n; i++)
        if (sel->segs[i].kind != CWF_SEG_FIELD)
            return false;
    const cwf_str *key = &sel->segs[sel->n - 1].name;
    const char *lit = NULL;
    switch (x->kind) {
    case CWF_E_IS_NULL: lit = "null"; break;
    case CWF_E_IS_TRUE: lit = "true"; break;
    case CWF_E_IS_FALSE: lit = "false"; break;
    case CWF_E_CMP: break;
    default: return false;
    }
    if (lit) {
        cwf_buf_json_str(b, key->p, key->len);
        cwf_buf_printf(b, ":%s", lit);
        return true;
    }
    const cwf_value *v = &x->u.leaf.val;
    if (x->u.leaf.op != CWF_OP_EQ || v->kind != CWF_V_STRING || v->wild == CWF_W_ANY)
        return false;
    switch (v->wild) {
    case CWF_W_NONE:
        cwf_buf_json_str(b, key->p, key->len);
        cwf_buf_putc(b, ':');
        cwf_buf_json_str(b, v->text.p, v->text.len);
        return true;
    case CWF_W_PREFIX:
        cwf_buf_json_str(b, key->p, key->len);
        cwf_buf_puts(b, ":\"");
        json_inner(b, v->core.p, v->core.len);
        return true;
    case CWF_W_SUFFIX:
        json_inner(b, v->core.p, v->core.len);
        cwf_buf_putc(b, '"');
        return true;
    case CWF_W_CONTAINS:
        json_inner(b, v->core.p, v->core.len);
        return true;
    default:
        return false;
    }
}

/* Why the text pattern p fails on event ev, one sentence, into b. */
static void why_text(const cwf_pattern *p, const char *ev, cwf_buf *b)
{
    size_t n = strlen(ev);
    if (p->kind == CWF_K_REGEX) {
        cwf_buf_puts(b, "the regex does not match every such record");
        return;
    }
    if (p->kind == CWF_K_DELIM) {
        cwf_buf_puts(b, "a space-delimited pattern reads space-separated fields, and a "
                        "CloudTrail record is one JSON object (use a JSON pattern)");
        return;
    }
    bool strict = false;
    for (uint32_t i = 0; i < p->u.terms.n; i++)
        strict |= p->u.terms.v[i].kind != CWF_T_OPTIONAL;
    for (uint32_t i = 0; i < p->u.terms.n; i++) {
        const cwf_term *t = &p->u.terms.v[i];
        bool in = false;
        for (size_t k = 0; !in && k + t->text.len <= n; k++)
            in = memcmp(ev + k, t->text.p, t->text.len) == 0;
        if (t->kind == CWF_T_PLAIN && !in) {
            cwf_buf_printf(b, "the term `%s` need not occur in such a record", t->text.p);
            return;
        }
        if (t->kind == CWF_T_EXCLUDE && in) {
            cwf_buf_printf(b, "the excluded term `%s` may occur elsewhere in such a record",
                           t->text.p);
            return;
        }
    }
    if (!strict)
        cwf_buf_puts(b, "none of the optional terms need occur in such a record");
    else
        cwf_buf_puts(b, "the terms do not match every such record");
}

/* Inserts "key":value (value already JSON) after the { of the object ev. */
static void with_field(const char *ev, const char *key, const char *value, cwf_buf *out)
{
    size_t n = strlen(ev);
    cwf_buf_putc(out, '{');
    cwf_buf_json_str(out, key, strlen(key));
    cwf_buf_putc(out, ':');
    cwf_buf_puts(out, value);
    if (n > 2)
        cwf_buf_putc(out, ',');
    cwf_buf_add(out, ev + 1, n - 1);
}

/* Tries candidate events built from witness; true with cs filled when one
 * matches R and not P. */
static bool find_counterexample(const cwf_pattern *p, const char *witness, cwf_matcher *mr,
                                cwf_matcher *mp, cwf_case *cs)
{
    cwf_buf ev = CWF_BUF_INIT;
    cwf_buf_puts(&ev, witness);
    if (cwf_pv_replay(mr, mp, &ev))
        goto found;
    /* An excluded term written into a field of its own. */
    if (p->kind == CWF_K_TERMS) {
        static const char *const keys[] = {"userAgent", "requestParameters", "x"};
        for (uint32_t i = 0; i < p->u.terms.n; i++) {
            const cwf_term *t = &p->u.terms.v[i];
            if (t->kind != CWF_T_EXCLUDE)
                continue;
            for (size_t k = 0; k < CWF_COUNT(keys); k++) {
                cwf_buf val = CWF_BUF_INIT;
                cwf_buf_json_str(&val, t->text.p, t->text.len);
                cwf_buf_reset(&ev);
                with_field(witness, keys[k], cwf_buf_str(&val), &ev);
                cwf_buf_free(&val);
                if (cwf_pv_replay(mr, mp, &ev))
                    goto found;
            }
        }
    }
    cwf_buf_free(&ev);
    return false;
found:
    cs->counterexample = cwf_xstrdup(cwf_buf_str(&ev));
    cs->verdict = CWF_NOT_COVERED;
    cwf_buf reason = CWF_BUF_INIT;
    why_text(p, cs->counterexample, &reason);
    cs->reason = cwf_xasprintf("%s is not matched: %s", cs->label, cwf_buf_str(&reason));
    cs->why = CWF_WHY_OTHER;
    cs->cause = cwf_buf_take(&reason);
    cwf_buf_free(&reason);
    cwf_buf_free(&ev);
    return true;
}

/* Whether s[0..n) occurs in one of the fragments. */
static bool in_fragment(const char *s, size_t n, const cwf_buf *frag, int nfrag)
{
    for (int i = 0; i < nfrag; i++)
        for (size_t k = 0; k + n <= frag[i].len; k++)
            if (memcmp(frag[i].p + k, s, n) == 0)
                return true;
    return false;
}

/* A term pattern in the record model, on strings alone: every record holds
 * every fragment, and nothing else is certain (fragments can be apart,
 * with a byte between them that no term holds).  So a plain term is
 * certain exactly when it occurs inside a fragment, an excluded one is
 * never ruled out, and optional terms need one that occurs inside a
 * fragment.  True: covered. */
static bool terms_covered(const cwf_pattern *p, const cwf_buf *frag, int nfrag)
{
    bool strict = false, any = false;
    for (uint32_t i = 0; i < p->u.terms.n; i++)
        strict |= p->u.terms.v[i].kind != CWF_T_OPTIONAL;
    for (uint32_t i = 0; i < p->u.terms.n; i++) {
        const cwf_term *t = &p->u.terms.v[i];
        bool in = in_fragment(t->text.p, t->text.len, frag, nfrag);
        if (t->kind == CWF_T_PLAIN && !in)
            return false;
        if (t->kind == CWF_T_EXCLUDE)
            return false;
        any |= t->kind == CWF_T_OPTIONAL && in;
    }
    return strict || any || p->u.terms.n == 0;
}

void cwf_pv_text_case(const cwf_pattern *p, cwf_case *cs, const cwf_expr *const *leaves, int n,
                  const char *witness, cwf_matcher *mr, cwf_matcher *mp)
{
    if (p->kind == CWF_K_TERMS) {
        cwf_buf *frag = cwf_xcalloc((size_t)n + 1, sizeof *frag);
        int nfrag = 0;
        for (int i = 0; i < n; i++)
            if (fragment(leaves[i], &frag[nfrag]))
                nfrag++;
            else
                cwf_buf_free(&frag[nfrag]);
        bool covered = terms_covered(p, frag, nfrag);
        for (int i = 0; i < nfrag; i++)
            cwf_buf_free(&frag[i]);
        free(frag);
        if (covered) {
            cs->verdict = CWF_COVERS;
            return;
        }
    }
    cwf_dfa *lp = p->kind == CWF_K_TERMS ? NULL : text_dfa(p, true);
    if (lp) {
        cwf_dfa *f = cwf_dfa_all();
        for (int i = 0; i < n; i++) {
            cwf_buf b = CWF_BUF_INIT;
            if (!fragment(leaves[i], &b)) {
                cwf_buf_free(&b);
                continue;
            }
            cwf_dfa *c = cwf_dfa_string(b.p, b.len, CWF_W_CONTAINS), *t = cwf_dfa_and(f, c);
            cwf_dfa_free(c);
            cwf_dfa_free(f);
            f = t;
            cwf_buf_free(&b);
        }
        cwf_dfa *np = cwf_dfa_not(lp), *bad = cwf_dfa_and(f, np);
        bool covered = cwf_dfa_is_empty(bad);
        cwf_dfa_free(np);
        cwf_dfa_free(bad);
        cwf_dfa_free(f);
        cwf_dfa_free(lp);
        if (covered) {
            cs->verdict = CWF_COVERS;
            return;
        }
    }
    if (find_counterexample(p, witness, mr, mp, cs))
        return;
    cs->verdict = CWF_UNKNOWN;
    if (p->kind == CWF_K_DELIM)
        cs->reason = cwf_xasprintf("cannot decide %s for a space-delimited pattern: it splits "
                                   "the text on spaces, and a CloudTrail record is one JSON "
                                   "object; use a JSON pattern", cs->label);
    else
        cs->reason = cwf_xasprintf("cannot decide %s: the pattern's text does not occur in "
                                   "every record the model allows, and no counterexample "
                                   "record was found", cs->label);
}

/* ---- requirements that are not JSON ------------------------------------ */

/* A text of language l that pattern p does not match, replayed; or none. */
static bool text_counterexample(const cwf_pattern *p, const cwf_dfa *l, cwf_matcher *mr,
                                cwf_matcher *mp, cwf_case *cs)
{
    cwf_dfa *nobrace = NULL;
    {
        cwf_dfa *a = cwf_dfa_string("{", 1, CWF_W_CONTAINS);
        cwf_dfa *b = cwf_dfa_string("[", 1, CWF_W_CONTAINS);
        cwf_dfa *ab = cwf_dfa_or(a, b);
        nobrace = cwf_dfa_not(ab);
        cwf_dfa_free(a);
        cwf_dfa_free(b);
        cwf_dfa_free(ab);
    }
    cwf_dfa *tries[2];
    tries[0] = cwf_dfa_copy(l);
    tries[1] = cwf_dfa_and(l, nobrace);
    bool ok = false;
    for (int i = 0; i < 2 && !ok; i++) {
        cwf_buf w = CWF_BUF_INIT;
        if (cwf_dfa_witness(tries[i], &w) && cwf_pv_replay(mr, mp, &w)) {
            cs->counterexample = cwf_xstrdup(cwf_buf_str(&w));
            cs->verdict = CWF_NOT_COVERED;
            cs->reason = cwf_xasprintf("the pattern does not match the event text \"%s\", "
                                       "which %s matches", cs->counterexample, cs->label);
            ok = true;
        }
        cwf_buf_free(&w);
    }
    (void)p;
    cwf_dfa_free(tries[0]);
    cwf_dfa_free(tries[1]);
    cwf_dfa_free(nobrace);
    return ok;
}

/* Whether s[0..n) occurs in t[0..m). */
static bool occurs_in(const char *s, size_t n, const char *t, size_t m)
{
    for (size_t k = 0; k + n <= m; k++)
        if (memcmp(t + k, s, n) == 0)
            return true;
    return false;
}

/* CWF310/CWF313 for terms, on strings: never true when an excluded term
 * occurs in a plain one (or is empty); every text when the only terms are
 * empty ones. */
static void terms_warnings(const cwf_pattern *p, cwf_proof *out)
{
    bool strict = false, never = false, all_empty = true, opt_empty = false;
    for (uint32_t i = 0; i < p->u.terms.n; i++) {
        const cwf_term *t = &p->u.terms.v[i];
        strict |= t->kind != CWF_T_OPTIONAL;
        if (t->kind == CWF_T_PLAIN && t->text.len)
            all_empty = false;
        if (t->kind == CWF_T_EXCLUDE)
            all_empty = false;
        if (t->kind == CWF_T_OPTIONAL && t->text.len == 0)
            opt_empty = true;
        for (uint32_t j = 0; t->kind == CWF_T_EXCLUDE && j < p->u.terms.n && !never; j++) {
            const cwf_term *u = &p->u.terms.v[j];
            never = t->text.len == 0 ||
                    (u->kind == CWF_T_PLAIN && occurs_in(t->text.p, t->text.len, u->text.p,
                                                         u->text.len));
        }
    }
    if (never)
        cwf_diag_add(&out->warnings, CWF_R_NEVER_TRUE, p->span,
                     "the pattern can never match: a text that holds its terms holds an "
                     "excluded one too");
    else if (strict ? all_empty : opt_empty)
        cwf_diag_add(&out->warnings, CWF_R_MATCHES_ALL, p->span,
                     "the pattern matches every event");
}

static void text_warnings(const cwf_pattern *p, cwf_proof *out)
{
    if (p->kind == CWF_K_TERMS) {
        terms_warnings(p, out);
        return;
    }
    if (p->kind == CWF_K_ALL) {
        cwf_diag *g = cwf_diag_add(&out->warnings, CWF_R_MATCHES_ALL, p->span,
                                   "an empty pattern matches every event");
        cwf_diag_note(g, "an alarm on its metric fires for every event in the log group");
        return;
    }
    cwf_dfa *l = text_dfa(p, false);
    if (!l)
        return;
    cwf_dfa *n = cwf_dfa_not(l);
    if (cwf_dfa_is_empty(l))
        cwf_diag_add(&out->warnings, CWF_R_NEVER_TRUE, p->span,
                     "the pattern can never match: no text meets its terms");
    else if (cwf_dfa_is_empty(n))
        cwf_diag_add(&out->warnings, CWF_R_MATCHES_ALL, p->span,
                     "the pattern matches every event");
    cwf_dfa_free(n);
    cwf_dfa_free(l);
}

void cwf_pv_prove_text(const cwf_pattern *p, const cwf_pattern *r, const cwf_prove_options *o,
                   cwf_proof *out)
{
    const char *what = o && o->what ? o->what : "the requirement";
    cwf_case *cs = cwf_pv_add_case(out, what);
    if (p->kind == CWF_K_ALL) {
        cs->verdict = CWF_COVERS;
    } else {
        cwf_matcher *mr = cwf_matcher_new(r), *mp = cwf_matcher_new(p);
        cwf_dfa *lr = text_dfa(r, false), *lp = text_dfa(p, false);
        if (lr && lp &&
            (double)cwf_dfa_states(lr) * (double)cwf_dfa_states(lp) > 50.0 * MAX_PRODUCT) {
            cwf_dfa_free(lp);
            lp = NULL; /* too large to compare: unknown below */
        }
        if (lr && lp) {
            cwf_dfa *np = cwf_dfa_not(lp), *bad = cwf_dfa_and(lr, np);
            if (cwf_dfa_is_empty(bad)) {
                cs->verdict = CWF_COVERS;
            } else {
                cwf_buf w = CWF_BUF_INIT;
                cwf_dfa_witness(bad, &w);
                cs->reason = cwf_xasprintf("the pattern does not match the event text "
                                           "\"%s\", which %s matches", cwf_buf_str(&w), what);
                cwf_pv_case_counterexample(out, cs, mr, mp, &w);
                cwf_buf_free(&w);
            }
            cwf_dfa_free(np);
            cwf_dfa_free(bad);
        } else if (lr && text_counterexample(p, lr, mr, mp, cs)) {
            /* found */
        } else {
            cs->verdict = CWF_UNKNOWN;
            cs->reason = cwf_xasprintf("cannot decide whether a %s pattern covers a %s "
                                       "requirement", cwf_kind_name(p->kind),
                                       cwf_kind_name(r->kind));
        }
        cwf_dfa_free(lr);
        cwf_dfa_free(lp);
        cwf_matcher_free(mr);
        cwf_matcher_free(mp);
    }
    cwf_pv_finish(out, p, o);
    if (!o || o->warnings)
        text_warnings(p, out);
}

void cwf_pv_text_warnings(const cwf_pattern *p, cwf_proof *out)
{
    text_warnings(p, out);
}
