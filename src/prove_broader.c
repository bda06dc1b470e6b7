/* prove_broader.c: CWF314 broader-than-required.  When a pattern P covers a
 * requirement R, does P also match events outside it, and are those events
 * unrelated to the control (a warning) or close kin of it (a note)?
 *
 * The question is the prover's with the roles swapped: "B covers P", where B
 * is what the benchmark itself matches: R without the D19/D20 facts a
 * built-in rule adds (its eventSource and eventType tests, which the
 * benchmark's own texts do not make).  A counterexample matches P and not B.
 * P is let off when one of the rule's prescribed texts covers it (the
 * benchmark's own text is at least as broad).
 *
 * Which kind the extra events are is decided by searching for an unrelated
 * one (per kind, first by changing one field of the first counterexample
 * and replaying it through the matcher, then by a proof).  K, "kin of the
 * control", holds R's identifying facts: its eventSource (when that is a
 * D19/D20 fact, only if P itself tests eventSource, else P is as blind to
 * the service as the benchmark's own texts), its userIdentity.type, its
 * positive errorCode tests, and for its eventName set the stem of each
 * name ("*Policy*" for CreatePolicy, "*BucketAcl*" for PutBucketAcl).  When
 * B || K does not cover P, some event P matches is neither required nor
 * kin: a warning, with that event and which fact it breaks.  Otherwise
 * every extra event is kin: a note. */
#include "prove.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "match.h"
#include "parse.h"
#include "util.h"

/* Whether e is `$.A.B... op "..."` on exactly this dotted path. */
static bool on_path(const cwf_expr *e, const char *path)
{
    if (e->kind != CWF_E_CMP && e->kind != CWF_E_NOT_EXISTS && e->kind != CWF_E_IS_NULL)
        return false;
    const cwf_selector *s = &e->u.leaf.sel;
    const char *p = path;
    for (uint32_t i = 0; i < s->n; i++) {
        if (s->segs[i].kind != CWF_SEG_FIELD)
            return false;
        size_t n = s->segs[i].name.len;
        if (strncmp(p, s->segs[i].name.p, n) != 0 || (p[n] != '.' && p[n] != '\0'))
            return false;
        p += n;
        if (*p == '.')
            p++;
        else if (i + 1 < s->n)
            return false;
    }
    return *p == '\0';
}

/* Whether some condition of e tests this dotted path. */
static bool tests_path(const cwf_expr *e, const char *path)
{
    if (e->kind == CWF_E_OR || e->kind == CWF_E_AND) {
        for (uint32_t i = 0; i < e->u.list.n; i++)
            if (tests_path(e->u.list.kids[i], path))
                return true;
        return false;
    }
    return on_path(e, path);
}

/* e is `path = "literal"` (no wildcard). */
static bool eq_lit(const cwf_expr *e, const char *path)
{
    return e->kind == CWF_E_CMP && e->u.leaf.op == CWF_OP_EQ && on_path(e, path) &&
           e->u.leaf.val.kind == CWF_V_STRING && e->u.leaf.val.wild == CWF_W_NONE;
}

/* e is `path = X` or a disjunction of them (wildcards allowed). */
static bool eq_any(const cwf_expr *e, const char *path)
{
    if (e->kind == CWF_E_OR) {
        for (uint32_t i = 0; i < e->u.list.n; i++)
            if (!eq_any(e->u.list.kids[i], path))
                return false;
        return true;
    }
    return e->kind == CWF_E_CMP && e->u.leaf.op == CWF_OP_EQ && on_path(e, path) &&
           e->u.leaf.val.kind == CWF_V_STRING;
}

/* The stem of an event name: the name without its first CamelCase word
 * ("DeleteGroupPolicy" -> "GroupPolicy"), or the whole name when that
 * leaves fewer than three characters. */
static cwf_str stem(cwf_str n)
{
    for (uint32_t i = 1; i < n.len; i++)
        if (n.p[i] >= 'A' && n.p[i] <= 'Z')
            return n.len - i >= 3 ? (cwf_str){n.p + i, n.len - i} : n;
    return n;
}

static void append_names(const cwf_expr *e, cwf_buf *k, size_t *nk)
{
    if (e->kind == CWF_E_OR) {
        for (uint32_t i = 0; i < e->u.list.n; i++)
            append_names(e->u.list.kids[i], k, nk);
        return;
    }
    cwf_str s = stem(e->u.leaf.val.core);
    char *want = cwf_xasprintf("$.eventName = \"*%.*s*\"", (int)s.len, s.p);
    if (!strstr(cwf_buf_str(k), want)) {
        cwf_buf_printf(k, "%s%s", *nk ? " || " : "", want);
        (*nk)++;
    }
    free(want);
}

/* The parts of K, each a pattern text, and why an event outside one of them
 * is unrelated. */
enum { K_SOURCE, K_NAME, K_CALLER, K_ERROR, K_N };

typedef struct kin {
    cwf_buf part[K_N];
    bool has[K_N];
    cwf_buf fix[K_N];         /* source, caller: R's comparison, the fix */
} kin;

static const char *const k_field[K_N] = {"eventSource", "eventName", "userIdentity.type",
                                         "errorCode"};

/* Splits R into B (its conjuncts without the facts, as text) and K. */
static void split(const cwf_pattern *r, bool facts, bool p_source, cwf_buf *b, bool *dropped,
                  kin *k)
{
    const cwf_expr *top = r->u.json;
    uint32_t n = top->kind == CWF_E_AND ? top->u.list.n : 1;
    const cwf_expr *const *kids = top->kind == CWF_E_AND ? (const cwf_expr *const *)top->u.list.kids
                                                         : &top;
    size_t nb = 0;
    for (uint32_t i = 0; i < n; i++) {
        const cwf_expr *c = kids[i];
        bool fact = facts && (eq_lit(c, "eventSource") || eq_lit(c, "eventType"));
        if (fact) {
            *dropped = true;
        } else {
            cwf_buf_puts(b, nb++ ? " && (" : "(");
            cwf_expr_format(c, b);
            cwf_buf_putc(b, ')');
        }
        int part = eq_lit(c, "eventSource")         ? K_SOURCE
                   : eq_lit(c, "userIdentity.type") ? K_CALLER
                   : eq_any(c, "errorCode")         ? K_ERROR
                   : eq_any(c, "eventName")         ? K_NAME
                                                    : -1;
        /* A fact the benchmark's texts leave out: the service is told
         * apart only when the pattern itself tests it (an event name the
         * pattern adds is otherwise as service-blind as the benchmark's). */
        if (part == K_SOURCE && fact && !p_source)
            continue;
        if (part < 0 || k->has[part])
            continue;
        k->has[part] = true;
        cwf_buf *kb = &k->part[part];
        if (part == K_SOURCE || part == K_CALLER)
            cwf_expr_format(c, &k->fix[part]);
        if (part == K_SOURCE && fact) {
            /* By the fact, the events of the required names come from S. */
            cwf_buf_puts(kb, "{ ");
            cwf_expr_format(c, kb);
            for (uint32_t j = 0; j < n; j++)
                if (eq_any(kids[j], "eventName")) {
                    cwf_buf_puts(kb, " || ");
                    cwf_expr_format(kids[j], kb);
                }
            cwf_buf_puts(kb, " }");
        } else if (part == K_NAME) {
            size_t nk = 0;
            cwf_buf names = CWF_BUF_INIT;
            append_names(c, &names, &nk);
            cwf_buf_printf(kb, "{ %s }", cwf_buf_str(&names));
            cwf_buf_free(&names);
        } else {
            cwf_buf_puts(kb, "{ ");
            cwf_expr_format(c, kb);
            cwf_buf_puts(kb, " }");
        }
    }
}

/* Parses text into a (syntax errors: NULL; the service's limits, such as
 * its length, do not bind the patterns made here). */
static cwf_pattern *parse(const char *text, cwf_arena *a)
{
    cwf_diags d = CWF_DIAGS_INIT;
    cwf_pattern *p = cwf_parse(text, strlen(text), a, &d);
    for (size_t i = 0; p && i < d.n; i++)
        if (d.v[i].severity == CWF_ERROR && d.v[i].rule < CWF_R_TOO_LONG)
            p = NULL;
    cwf_diags_free(&d);
    return p;
}

/* Does the event match the pattern text? */
static bool matches(const char *text, const char *ev, cwf_arena *a)
{
    cwf_pattern *p = parse(text, a);
    if (!p)
        return true;
    cwf_matcher *m = cwf_matcher_new(p);
    bool yes = cwf_matcher_match(m, ev, strlen(ev), NULL);
    cwf_matcher_free(m);
    return yes;
}

static bool matches_p(const cwf_pattern *p, const char *ev)
{
    cwf_matcher *m = cwf_matcher_new(p);
    bool yes = cwf_matcher_match(m, ev, strlen(ev), NULL);
    cwf_matcher_free(m);
    return yes;
}

/* The JSON event ev with the dotted path set to the string v (objects made
 * on the way), compact, keys in order; NULL if ev is not an object. */
static char *with_field(const char *ev, const char *path, const char *v)
{
    json_t *root = json_loads(ev, 0, NULL);
    if (!json_is_object(root)) {
        json_decref(root);
        return NULL;
    }
    json_t *o = root;
    for (const char *seg = path;;) {
        const char *dot = strchr(seg, '.');
        char *name = dot ? cwf_xstrndup(seg, (size_t)(dot - seg)) : cwf_xstrdup(seg);
        if (!dot) {
            json_object_set_new(o, name, json_string(v));
            free(name);
            break;
        }
        json_t *k = json_object_get(o, name);
        if (!json_is_object(k)) {
            k = json_object();
            json_object_set_new(o, name, k);
        }
        free(name);
        o = k;
        seg = dot + 1;
    }
    char *out = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(root);
    if (!out)
        return NULL;
    char *r = cwf_xstrdup(out);
    free(out);
    return r;
}

/* Is x covered by pattern cover (verdict only)?  Fills *ce with the
 * counterexample when not (malloc'd). */
static cwf_verdict covers(const cwf_pattern *cover, const cwf_pattern *x, char **ce)
{
    cwf_proof pr;
    cwf_prove_options o = {false, false, NULL, NULL};
    cwf_verdict v = cwf_prove_with(cover, x, &o, &pr);
    if (pr.internal_error)
        v = CWF_UNKNOWN;
    if (ce && v == CWF_NOT_COVERED && pr.counterexample)
        *ce = cwf_xstrdup(pr.counterexample);
    else if (v == CWF_NOT_COVERED)
        v = CWF_UNKNOWN; /* no event to show: say nothing */
    cwf_proof_free(&pr);
    return v;
}

void cwf_prove_broader(const cwf_pattern *p, const cwf_pattern *r, const cwf_bench_rule *rule,
                       const char *what, cwf_diags *out)
{
    if (!p || !r || p->kind != CWF_K_JSON || r->kind != CWF_K_JSON || !p->u.json || !r->u.json)
        return;
    cwf_arena a = CWF_ARENA_INIT;
    cwf_buf bt = CWF_BUF_INIT;
    kin k;
    memset(&k, 0, sizeof k);
    bool dropped = false;
    split(r, rule && rule->facts, tests_path(p->u.json, "eventSource"), &bt, &dropped, &k);
    const cwf_pattern *b = r;
    char *bs = NULL;
    if (dropped) {
        bs = cwf_xasprintf("{ %s }", cwf_buf_str(&bt));
        b = parse(bs, &a);
    }
    char *ce = NULL, *uce = NULL;
    if (!b || covers(b, p, &ce) != CWF_NOT_COVERED)
        goto done;
    /* The benchmark's own texts are let off, and whatever they cover. */
    for (size_t i = 0; rule && i < rule->ntexts; i++) {
        cwf_pattern *t = parse(rule->texts[i].text, &a);
        if (t && covers(t, p, NULL) == CWF_COVERS)
            goto done;
    }
    /* An unrelated event: one that B || K does not match.  One class at a
     * time (the service, the caller, the event name, the error code), so
     * that the message names the plainest difference; each first with the
     * class's field present (a clearer example), then without. */
    static const int order[K_N] = {K_SOURCE, K_CALLER, K_NAME, K_ERROR};
    static const char *const reasons[K_N] = {"another service", "another event name",
                                             "another caller", "another error code"};
    static const char *const others[K_N][2] = {
        {"ec2.amazonaws.com", "s3.amazonaws.com"},
        {"DescribeInstances", "ListBuckets"},
        {"IAMUser", "AssumedRole"},
        {"ThrottlingException", "ValidationException"}};
    const char *why = NULL, *fix = NULL;
    /* Per class, first without a proof: the first proof's event with the
     * class's fact changed to a plain value of another service, caller,
     * event name or error code is an example when the pattern still
     * matches it and the benchmark does not (both replayed through the
     * matcher); then by proofs, with the class's field present first (a
     * clearer example), then without. */
    for (int o = 0; o < K_N && !why; o++) {
        int i = order[o];
        if (!k.has[i])
            continue;
        for (int alt = 0; alt < 2 && !why; alt++) {
            char *ev = with_field(ce, k_field[i], others[i][alt]);
            if (ev && matches_p(p, ev) && !matches_p(b, ev) &&
                !matches(cwf_buf_str(&k.part[i]), ev, &a)) {
                why = reasons[i];
                uce = ev;
                ev = NULL;
            }
            free(ev);
        }
        const char *kp = cwf_buf_str(&k.part[i]);
        int kn = (int)strlen(kp) - 4; /* "{ X }" -> "X" */
        for (int with = 1; with >= 0 && !why; with--) {
            char *u = cwf_xasprintf("{ (%s) || (%.*s)%s%s%s }", cwf_buf_str(&bt), kn, kp + 2,
                                    with ? " || $." : "", with ? k_field[i] : "",
                                    with ? " NOT EXISTS" : "");
            cwf_pattern *up = parse(u, &a);
            free(u);
            if (up && covers(up, p, &uce) == CWF_NOT_COVERED)
                why = reasons[i];
        }
        /* A fact of one comparison is the fix (not a stem list). */
        if (why && (i == K_SOURCE || i == K_CALLER))
            fix = cwf_buf_str(&k.fix[i]);
    }
    cwf_span sp = p->span;
    cwf_diag *g;
    if (why) {
        g = cwf_diag_add(out, CWF_R_BROADER, sp,
                         "the pattern covers %s but also matches events unrelated to it "
                         "(%s)", what, why);
        cwf_diag_note(g, "an event the pattern matches and the benchmark does not: %s", uce);
        if (fix)
            cwf_diag_note(g, "to keep to the control's events, add `%s` with &&", fix);
    } else {
        static const char *const same[K_N] = {"service", "event-name stem", "caller",
                                              "error code"};
        cwf_buf sb = CWF_BUF_INIT;
        for (int i = 0; i < K_N; i++)
            if (k.has[i])
                cwf_buf_printf(&sb, "%s%s", sb.len ? ", " : "the same ", same[i]);
        g = cwf_diag_add(out, CWF_R_BROADER, sp,
                         "the pattern covers %s and also matches close kin of its events%s%s%s",
                         what, sb.len ? " (" : "", cwf_buf_str(&sb), sb.len ? ")" : "");
        cwf_buf_free(&sb);
        g->severity = CWF_NOTE;
        cwf_diag_note(g, "an event the pattern matches and the benchmark does not: %s", ce);
    }
done:
    free(ce);
    free(uce);
    free(bs);
    for (int i = 0; i < K_N; i++) {
        cwf_buf_free(&k.part[i]);
        cwf_buf_free(&k.fix[i]);
    }
    cwf_buf_free(&bt);
    cwf_arena_free(&a);
}
