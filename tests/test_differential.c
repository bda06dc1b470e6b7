/* test_differential.c: the prover against the matcher, on random patterns
 * and random events (fixed seed; CWF_SOAK=1 for a run fifty times larger).
 *
 * For each pair (P, R) of generated JSON patterns:
 *   - whenever the prover says P covers R, no generated event that matches
 *     R may fail P under the matcher (soundness);
 *   - every counterexample matches R and not P under the matcher, and no
 *     proof reports an internal error.
 * The generator is biased to what the IAM control is about: the sixteen
 * names and their near misses, prefix/suffix/contains wildcards, regexes,
 * !=, NOT EXISTS, IS NULL, numbers, nested objects, arrays and wildcard
 * selectors.  Pairs are built so that "covers" is common: P = R || X,
 * R = P && X, and the IAM requirement against mutations of the benchmark.
 * Events reuse the literals of the pair, so that they often match R.
 *
 * The same property is checked (test_differential_text) for term, regex
 * and space-delimited patterns against JSON and term requirements (in the
 * prover's record model: events are compact JSON objects, or lines of
 * words), and (test_differential_rules) for every built-in rule: its
 * requirement against its prescribed texts, mutations of them and of the
 * requirement, and random patterns, with events that set the paths the
 * rule and the pattern read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "match.h"
#include "parse.h"
#include "prove.h"

/* ---- a small PRNG (xorshift64*) --------------------------------------------- */

static uint64_t rng = 0x9E3779B97F4A7C15u;

static uint32_t rnd(uint32_t n)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return (uint32_t)((rng * 0x2545F4914F6CDD1Du) >> 33) % (n ? n : 1);
}

#define PICK(a) (a)[rnd((uint32_t)(sizeof(a) / sizeof((a)[0])))]

/* ---- values ----------------------------------------------------------------- */

static const char *const names[] = {
    "DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy", "PutGroupPolicy",
    "PutRolePolicy", "PutUserPolicy", "CreatePolicy", "DeletePolicy", "CreatePolicyVersion",
    "DeletePolicyVersion", "AttachRolePolicy", "DetachRolePolicy", "AttachUserPolicy",
    "DetachUserPolicy", "AttachGroupPolicy", "DetachGroupPolicy",
};

static const char *const near_misses[] = {
    "deleteGroupPolicy", "DeleteGroupPolcy", "Put*Policy", "CreatePolicyV", "ListPolicies",
    "SetDefaultPolicyVersion", "Policy", "", "x", "iam.amazonaws.com", "AwsApiCall", "Root",
};

static const char *const wild_values[] = {
    "Delete*", "*Policy", "*Group*", "*", "Put*", "*Version", "Attach*", "*Role*", "Create*",
    "iam*", "*amazonaws.com", "*Call",
};

static const char *const regexes[] = {
    "%Policy$%", "%^Put%", "%Role|User%", "%^[A-Z][a-z]+Group%", "%Version%", "%^iam\\.%",
    "%a{2}%", "%[0-9]%",
};

static const char *const string_paths[] = {
    "$.eventName", "$.eventName", "$.eventName", "$.eventSource", "$.eventType",
    "$.errorCode", "$.userIdentity.type", "$.a[0]", "$.a[1]", "$.r.k",
};

static const char *const wild_paths[] = {"$.a[*]", "$.a[*].b", "$.r.*"};

static const char *const num_values[] = {"5", "400", "1e3", "-1", "0", "2.5"};

/* ---- patterns ----------------------------------------------------------------- */

static void value(cwf_buf *b, bool string_only)
{
    switch (rnd(string_only ? 4 : 5)) {
    case 0:
    case 1:
        cwf_buf_printf(b, rnd(2) ? "\"%s\"" : "%s", PICK(names));
        break;
    case 2: {
        const char *v = PICK(near_misses);
        if (!v[0] || strchr(v, '*') || strchr(v, '.'))
            cwf_buf_printf(b, "\"%s\"", v);
        else
            cwf_buf_puts(b, v);
        break;
    }
    case 3:
        cwf_buf_printf(b, "\"%s\"", PICK(wild_values));
        break;
    default:
        cwf_buf_puts(b, PICK(regexes));
    }
}

static int nregex, nwild;

static void leaf(cwf_buf *b)
{
    int kind = (int)rnd(20);
    const char *path = PICK(string_paths);
    if (kind < 2 && nwild < 3) {
        path = PICK(wild_paths);
        nwild++;
    }
    if (kind >= 14 && kind < 16) {
        cwf_buf_printf(b, "%s NOT EXISTS", path);
    } else if (kind == 16) {
        cwf_buf_printf(b, "%s IS NULL", path);
    } else if (kind == 17) {
        cwf_buf_printf(b, "$.f IS %s", rnd(2) ? "TRUE" : "FALSE");
    } else if (kind == 18) {
        static const char *const ops[] = {"=", "!=", "<", ">", "<=", ">="};
        cwf_buf_printf(b, "$.n %s %s", PICK(ops), PICK(num_values));
    } else if (kind == 19) {
        cwf_buf_printf(b, "$.n = \"%s\"", PICK(num_values));
    } else {
        cwf_buf_printf(b, "%s %s ", path, kind < 11 ? "=" : "!=");
        size_t before = b->len;
        value(b, nregex >= 2);
        if (b->p[before] == '%')
            nregex++;
    }
}

static void expr(cwf_buf *b, int depth)
{
    if (depth == 0 || rnd(3) == 0) {
        leaf(b);
        return;
    }
    int n = 2 + (int)rnd(3);
    const char *op = rnd(2) ? " && " : " || ";
    for (int i = 0; i < n; i++) {
        if (i)
            cwf_buf_puts(b, op);
        cwf_buf_putc(b, '(');
        expr(b, depth - 1);
        cwf_buf_putc(b, ')');
    }
}

static char *random_json(void)
{
    cwf_buf b = CWF_BUF_INIT;
    nregex = nwild = 0;
    cwf_buf_puts(&b, "{ ");
    expr(&b, 1 + (int)rnd(3));
    cwf_buf_puts(&b, " }");
    return cwf_buf_take(&b);
}

/* The IAM requirement's benchmark pattern with a mutation. */
static char *iam_mutant(void)
{
    cwf_buf b = CWF_BUF_INIT;
    int skip = rnd(3) == 0 ? (int)rnd(16) : -1;
    cwf_buf_puts(&b, rnd(4) == 0 ? "{ ($.userIdentity.type = \"Root\") && (" : "{ (");
    bool first = true;
    for (int i = 0; i < 16; i++) {
        if (i == skip)
            continue;
        cwf_buf_printf(&b, "%s($.eventName = ", first ? "" : " || ");
        first = false;
        switch (rnd(8)) {
        case 0: cwf_buf_printf(&b, "\"%s\"", PICK(near_misses)); break;
        case 1: cwf_buf_printf(&b, "\"%s\"", PICK(wild_values)); break;
        default: cwf_buf_puts(&b, names[i]);
        }
        cwf_buf_putc(&b, ')');
    }
    cwf_buf_puts(&b, ") }");
    return cwf_buf_take(&b);
}

/* P or R: a pattern whose parse has no error, or NULL. */
static cwf_pattern *parse(const char *t, cwf_arena *a)
{
    cwf_diags d = CWF_DIAGS_INIT;
    cwf_pattern *p = cwf_parse(t, strlen(t), a, &d);
    bool ok = p && cwf_diags_count(&d, CWF_ERROR) == 0;
    cwf_diags_free(&d);
    return ok ? p : NULL;
}

/* ---- events -------------------------------------------------------------------- */

/* Literals seen in the pair, to build events from. */
typedef struct pool {
    char v[64][64];
    int n;
} pool;

static void collect(pool *pl, const char *t)
{
    for (const char *p = t; *p && pl->n < 64; p++) {
        if (*p != '"' && !(*p == '=' && p[1] == ' '))
            continue;
        const char *s = *p == '"' ? p + 1 : p + 2;
        size_t n = strcspn(s, *p == '"' ? "\"" : " )}");
        if (s[n] == '\0')
            break;
        if (n == 0 || n >= 60)
            continue;
        char buf[64];
        memcpy(buf, s, n);
        buf[n] = '\0';
        /* Wildcards become texts they match: *Policy -> xPolicy. */
        for (char *q = buf; *q; q++)
            if (*q == '*' && (q == buf || q[1] == '\0'))
                *q = 'x';
        strcpy(pl->v[pl->n++], buf);
        if (*p == '"')
            p += n + 1;
    }
}

static void any_value(cwf_buf *b, const pool *pl, int depth);

static void scalar(cwf_buf *b, const pool *pl)
{
    int k = (int)rnd(12);
    if (k < 7 && pl->n) {
        const char *s = pl->v[rnd((uint32_t)pl->n)];
        cwf_buf_json_str(b, s, strlen(s));
    } else if (k < 8) {
        const char *s = PICK(names);
        cwf_buf_json_str(b, s, strlen(s));
    } else if (k < 9) {
        cwf_buf_puts(b, "null");
    } else if (k < 10) {
        cwf_buf_puts(b, rnd(2) ? "true" : "false");
    } else {
        static const char *const nums[] = {"5",  "400", "4e2", "400.0", "-1",
                                           "0",  "2.5", "6",   "1000"};
        cwf_buf_puts(b, PICK(nums));
    }
}

static void any_value(cwf_buf *b, const pool *pl, int depth)
{
    int k = depth > 2 ? 0 : (int)rnd(8);
    if (k < 6) {
        scalar(b, pl);
    } else if (k == 6) {
        cwf_buf_putc(b, '[');
        int n = (int)rnd(4);
        for (int i = 0; i < n; i++) {
            if (i)
                cwf_buf_putc(b, ',');
            if (rnd(3) == 0) {
                cwf_buf_puts(b, "{\"b\":");
                any_value(b, pl, depth + 1);
                cwf_buf_putc(b, '}');
            } else {
                any_value(b, pl, depth + 1);
            }
        }
        cwf_buf_putc(b, ']');
    } else {
        static const char *const keys[] = {"type", "k", "b", "x"};
        cwf_buf_putc(b, '{');
        int n = (int)rnd(3);
        for (int i = 0; i < n; i++) {
            if (i)
                cwf_buf_putc(b, ',');
            cwf_buf_printf(b, "\"%s\":", keys[i + (int)rnd(2)]);
            any_value(b, pl, depth + 1);
        }
        cwf_buf_putc(b, '}');
    }
}

static char *random_event(const pool *pl)
{
    static const char *const keys[] = {"eventName", "eventSource", "eventType", "errorCode",
                                       "userIdentity", "a", "r", "n", "f"};
    cwf_buf b = CWF_BUF_INIT;
    cwf_buf_putc(&b, '{');
    bool first = true;
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        if (rnd(4) == 0)
            continue; /* missing */
        cwf_buf_printf(&b, "%s\"%s\":", first ? "" : ",", keys[i]);
        first = false;
        if (strcmp(keys[i], "userIdentity") == 0 && rnd(3)) {
            cwf_buf_puts(&b, "{\"type\":");
            scalar(&b, pl);
            cwf_buf_putc(&b, '}');
        } else if (strcmp(keys[i], "a") == 0 || strcmp(keys[i], "r") == 0) {
            any_value(&b, pl, 1);
        } else if (strcmp(keys[i], "eventSource") == 0 && rnd(2)) {
            cwf_buf_puts(&b, "\"iam.amazonaws.com\"");
        } else if (strcmp(keys[i], "eventType") == 0 && rnd(2)) {
            cwf_buf_puts(&b, "\"AwsApiCall\"");
        } else {
            scalar(&b, pl);
        }
    }
    cwf_buf_putc(&b, '}');
    return cwf_buf_take(&b);
}

/* ---- the property -------------------------------------------------------------- */

static void test_differential(void **state)
{
    (void)state;
    const char *soak = getenv("CWF_SOAK");
    int pairs = soak && *soak && strcmp(soak, "0") != 0 ? 250000 : 5000;
    const int events_per_pair = 20;
    const cwf_bench_rule *iam = cwf_bench_rule_find("cis-iam-policy-changes");
    long checked = 0, verdicts[3] = {0}, replayed = 0;
    for (int i = 0; i < pairs; i++) {
        char *pt = NULL, *rt = NULL;
        int shape = (int)rnd(5);
        if (shape == 0) { /* P = R || X: covers */
            rt = random_json();
            char *x = random_json();
            cwf_buf b = CWF_BUF_INIT;
            cwf_buf_printf(&b, "{ (%.*s) || (%.*s) }", (int)strlen(rt) - 4, rt + 2,
                           (int)strlen(x) - 4, x + 2);
            pt = cwf_buf_take(&b);
            free(x);
        } else if (shape == 1) { /* R = P && X: covers */
            pt = random_json();
            char *x = random_json();
            cwf_buf b = CWF_BUF_INIT;
            cwf_buf_printf(&b, "{ (%.*s) && (%.*s) }", (int)strlen(pt) - 4, pt + 2,
                           (int)strlen(x) - 4, x + 2);
            rt = cwf_buf_take(&b);
            free(x);
        } else if (shape == 2) {
            pt = iam_mutant();
            rt = strdup(iam->requirement);
        } else {
            pt = random_json();
            rt = random_json();
        }
        cwf_arena a = CWF_ARENA_INIT;
        cwf_pattern *p = parse(pt, &a), *r = parse(rt, &a);
        if (!p || !r) {
            /* Over a quota (regexes, wildcards): draw again. */
            cwf_arena_free(&a);
            free(pt);
            free(rt);
            i--;
            continue;
        }
        cwf_proof pr;
        bool full = i % 25 == 0;
        cwf_prove_options o = {full, full, NULL, NULL};
        cwf_verdict v = cwf_prove_with(p, r, &o, &pr);
        verdicts[v]++;
        if (pr.internal_error)
            fail_msg("internal error: %s\n  P %s\n  R %s", pr.reason, pt, rt);
        cwf_matcher *mp = cwf_matcher_new(p), *mr = cwf_matcher_new(r);
        for (size_t k = 0; k < pr.ncases; k++) {
            const char *cx = pr.cases[k].counterexample;
            if (!cx)
                continue;
            replayed++;
            if (!cwf_matcher_match(mr, cx, strlen(cx), NULL) ||
                cwf_matcher_match(mp, cx, strlen(cx), NULL))
                fail_msg("counterexample does not replay: %s\n  P %s\n  R %s", cx, pt, rt);
        }
        pool pl = {.n = 0};
        collect(&pl, rt);
        collect(&pl, pt);
        for (int k = 0; k < events_per_pair; k++) {
            char *ev = random_event(&pl);
            bool in_r = cwf_matcher_match(mr, ev, strlen(ev), NULL);
            bool in_p = cwf_matcher_match(mp, ev, strlen(ev), NULL);
            if (v == CWF_COVERS && in_r && !in_p)
                fail_msg("the prover says P covers R, but this event matches R and not P:\n"
                         "  event %s\n  P %s\n  R %s", ev, pt, rt);
            checked++;
            free(ev);
        }
        cwf_matcher_free(mp);
        cwf_matcher_free(mr);
        cwf_proof_free(&pr);
        cwf_arena_free(&a);
        free(pt);
        free(rt);
    }
    assert_true(checked >= 100000);
    print_message("differential: %d pattern pairs, %ld pattern/event pairs; covers %ld, not "
                  "covered %ld, unknown %ld; %ld counterexamples replayed\n", pairs, checked,
                  verdicts[CWF_COVERS], verdicts[CWF_NOT_COVERED], verdicts[CWF_UNKNOWN],
                  replayed);
}

/* ---- term, regex and space-delimited patterns --------------------------------- */

static const char *const words[] = {
    "DeleteGroupPolicy", "PutRolePolicy", "Policy", "Delete", "iam", "amazonaws",
    "AwsApiCall", "eventName", "Root", "ERROR", "AccessDenied", "x", "iam.amazonaws.com",
};

/* One term: a word, a quoted phrase, or a regex. */
static void term(cwf_buf *b)
{
    switch (rnd(6)) {
    case 0:
        cwf_buf_printf(b, "\"%s %s\"", PICK(words), PICK(words));
        break;
    case 1:
        cwf_buf_printf(b, "\"%s\"", PICK(names));
        break;
    case 2:
        cwf_buf_puts(b, PICK(names));
        break;
    default:
        cwf_buf_puts(b, PICK(words));
    }
}

static char *random_text(void)
{
    cwf_buf b = CWF_BUF_INIT;
    int k = (int)rnd(10);
    if (k < 5) { /* terms: all of them, some excluded */
        int n = 1 + (int)rnd(3);
        for (int i = 0; i < n; i++) {
            if (i)
                cwf_buf_putc(&b, ' ');
            if (i && rnd(4) == 0)
                cwf_buf_putc(&b, '-');
            term(&b);
        }
    } else if (k < 7) { /* ?a ?b: any of them */
        int n = 1 + (int)rnd(3);
        for (int i = 0; i < n; i++) {
            cwf_buf_puts(&b, i ? " ?" : "?");
            term(&b);
        }
    } else if (k < 8) {
        cwf_buf_puts(&b, PICK(regexes));
    } else { /* space-delimited */
        static const char *const conds[] = {
            "", " = \"*Policy*\"", " = %^Put%", " != \"x\"", " = iam*", " = DeletePolicy",
            " = \"AwsApiCall\"",
        };
        int n = 1 + (int)rnd(4);
        cwf_buf_putc(&b, '[');
        for (int i = 0; i < n; i++)
            cwf_buf_printf(&b, "%sf%d%s", i ? ", " : "", i, PICK(conds));
        if (rnd(2))
            cwf_buf_puts(&b, ", ...");
        cwf_buf_putc(&b, ']');
    }
    return cwf_buf_take(&b);
}

/* A line of words from the pool (for term and space-delimited patterns). */
static char *random_line(const pool *pl)
{
    cwf_buf b = CWF_BUF_INIT;
    int n = 1 + (int)rnd(5);
    for (int i = 0; i < n; i++) {
        if (i)
            cwf_buf_putc(&b, ' ');
        const char *w = pl->n && rnd(2) ? pl->v[rnd((uint32_t)pl->n)] : PICK(words);
        cwf_buf_puts(&b, w);
    }
    return cwf_buf_take(&b);
}

/* Words of a term pattern's text, for the pool. */
static void collect_words(pool *pl, const char *t)
{
    const char *p = t;
    while (*p && pl->n < 64) {
        p += strspn(p, " ?-\"[],=!%^$");
        size_t n = strcspn(p, " ?\"[],=!%^$");
        if (n && n < 60) {
            memcpy(pl->v[pl->n], p, n);
            pl->v[pl->n][n] = '\0';
            for (char *q = pl->v[pl->n]; *q; q++)
                if (*q == '*')
                    *q = 'x';
            pl->n++;
        }
        p += n;
    }
}

/* ---- events from the paths a pattern reads ------------------------------------- */

typedef struct paths {
    char v[24][48];
    int n;
    pool vals[24];  /* per path: the values the texts compare it with */
} paths;

/* The plain field paths ($.a.b) of a pattern's text. */
static void collect_paths(paths *ps, const char *t)
{
    for (const char *p = strstr(t, "$."); p && ps->n < 24; p = strstr(p + 2, "$.")) {
        size_t n = strspn(p + 2, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.");
        if (n == 0 || n >= 48 || p[2 + n] == '[' || p[2 + n] == '*' || p[1 + n] == '.')
            continue;
        char buf[48];
        memcpy(buf, p + 2, n);
        buf[n] = '\0';
        int at = -1;
        for (int i = 0; i < ps->n && at < 0; i++)
            if (strcmp(ps->v[i], buf) == 0)
                at = i;
        if (at < 0) {
            at = ps->n++;
            strcpy(ps->v[at], buf);
            ps->vals[at].n = 0;
        }
        /* `$.path = value` or `$.path != value`: keep the value. */
        const char *q = p + 2 + n;
        q += strspn(q, " ");
        q += *q == '!' ? 1 : 0;
        if (*q != '=')
            continue;
        q++;
        q += strspn(q, " ");
        bool quoted = *q == '"';
        q += quoted;
        size_t vn = strcspn(q, quoted ? "\"" : " )}|&");
        pool *pl = &ps->vals[at];
        if (vn < 60 && pl->n < 64 && *q != '%') {
            memcpy(pl->v[pl->n], q, vn);
            pl->v[pl->n][vn] = '\0';
            for (char *c = pl->v[pl->n]; *c; c++)
                if (*c == '*')
                    *c = 'x';
            pl->n++;
        }
    }
}

/* The object of the paths under prefix pre (of length pn, "" or "a.b."). */
static void path_object(cwf_buf *b, const paths *ps, const char *pre, size_t pn,
                        const pool *pl)
{
    cwf_buf_putc(b, '{');
    bool first = true;
    char seen[24][48];
    int nseen = 0;
    for (int i = 0; i < ps->n; i++) {
        const char *p = ps->v[i];
        if (strncmp(p, pre, pn) != 0 || !p[pn])
            continue;
        const char *seg = p + pn;
        size_t sn = strcspn(seg, ".");
        bool dup = false;
        for (int j = 0; j < nseen && !dup; j++)
            dup = strlen(seen[j]) == sn && strncmp(seen[j], seg, sn) == 0;
        if (dup)
            continue;
        memcpy(seen[nseen], seg, sn);
        seen[nseen++][sn] = '\0';
        if (rnd(5) == 0)
            continue; /* missing */
        cwf_buf_printf(b, "%s\"%.*s\":", first ? "" : ",", (int)sn, seg);
        first = false;
        if (seg[sn] == '.' && rnd(6)) {
            char sub[48];
            snprintf(sub, sizeof sub, "%.*s.", (int)(pn + sn), p);
            path_object(b, ps, sub, pn + sn + 1, pl);
        } else {
            const pool *own = NULL;
            for (int j = 0; j < ps->n && !own; j++)
                if (strlen(ps->v[j]) == pn + sn && strncmp(ps->v[j], p, pn + sn) == 0)
                    own = &ps->vals[j];
            if (own && own->n && rnd(4)) {
                const char *s = own->v[rnd((uint32_t)own->n)];
                cwf_buf_json_str(b, s, strlen(s));
            } else {
                scalar(b, pl);
            }
        }
    }
    cwf_buf_putc(b, '}');
}

static char *path_event(const paths *ps, const pool *pl)
{
    cwf_buf b = CWF_BUF_INIT;
    path_object(&b, ps, "", 0, pl);
    return cwf_buf_take(&b);
}

/* ---- mutations of a pattern's text ----------------------------------------------- */

/* The start and length of the k-th value (a quoted string, or a bare word
 * after `=`) in t, or false. */
static bool nth_value(const char *t, int k, size_t *at, size_t *len)
{
    int seen = 0;
    for (size_t i = 0; t[i]; i++) {
        size_t s, n;
        if (t[i] == '"') {
            s = i + 1;
            n = strcspn(t + s, "\"");
            if (!t[s + n])
                return false;
        } else if (t[i] == '=' && t[i + 1] != '=') {
            s = i + 1 + strspn(t + i + 1, " ");
            if (t[s] == '"' || t[s] == '%')
                continue;
            n = strcspn(t + s, " )}|&,]");
            if (n == 0)
                continue;
        } else {
            continue;
        }
        if (seen++ == k) {
            *at = s;
            *len = n;
            return true;
        }
        i = s + n - (t[i] == '"' ? 0 : 1);
    }
    return false;
}

static int count_values(const char *t)
{
    size_t a, n;
    int k = 0;
    while (nth_value(t, k, &a, &n))
        k++;
    return k;
}

/* t with one random change: a value made a near miss or a wildcard, an
 * operator flipped, or a condition added. */
static char *mutate(const char *t)
{
    cwf_buf b = CWF_BUF_INIT;
    int nv = count_values(t);
    int k = (int)rnd(8);
    size_t at, n;
    if (k < 4 && nv && nth_value(t, (int)rnd((uint32_t)nv), &at, &n)) {
        bool quoted = at > 0 && t[at - 1] == '"';
        cwf_buf_printf(&b, "%.*s", (int)at, t);
        if (!quoted)
            cwf_buf_putc(&b, '"');
        switch (rnd(6)) {
        case 0: cwf_buf_printf(&b, "%.*s", (int)(n > 1 ? n - 1 : n), t + at); break;
        case 1: cwf_buf_printf(&b, "%.*s*", (int)(n > 3 ? 3 : n), t + at); break;
        case 2: cwf_buf_printf(&b, "*%.*s", (int)(n > 4 ? 4 : n), t + at + (n > 4 ? n - 4 : 0)); break;
        case 3: cwf_buf_puts(&b, PICK(near_misses)); break;
        case 4: cwf_buf_printf(&b, "%.*sx", (int)n, t + at); break;
        default: cwf_buf_puts(&b, "*");
        }
        if (!quoted)
            cwf_buf_putc(&b, '"');
        cwf_buf_puts(&b, t + at + n);
    } else if (k < 6) {
        const char *from = rnd(2) ? "||" : "&&", *to = from[0] == '|' ? "&&" : "||";
        int m = 0;
        for (const char *p = strstr(t, from); p; p = strstr(p + 2, from))
            m++;
        int pick = m ? (int)rnd((uint32_t)m) : -1;
        const char *p = t;
        for (int i = 0; i <= pick; i++)
            p = strstr(i ? p + 2 : p, from);
        if (pick < 0 || !p) {
            cwf_buf_puts(&b, t);
        } else {
            cwf_buf_printf(&b, "%.*s%s%s", (int)(p - t), t, to, p + 2);
        }
    } else if (t[0] == '{') {
        static const char *const extra[] = {
            "$.errorCode NOT EXISTS", "$.eventName = \"*Policy*\"", "$.userIdentity.type != \"Root\"",
            "$.eventSource = \"*.amazonaws.com\"", "$.eventType = \"AwsApiCall\"",
        };
        size_t len = strlen(t);
        cwf_buf_printf(&b, "{ (%.*s) %s %s }", (int)(len - 2), t + 1, rnd(2) ? "&&" : "||",
                       PICK(extra));
    } else {
        cwf_buf_puts(&b, t);
    }
    return cwf_buf_take(&b);
}

/* Checks one pair: the proof's counterexamples replay, and, when it says
 * P covers R, no event matches R and not P.  Returns the verdict. */
typedef struct tally {
    long checked, verdicts[3], replayed;
    long tested;    /* events that match R of a pair the prover says P covers */
} tally;

static void check_pair(const cwf_pattern *p, const cwf_pattern *r, const char *pt,
                       const char *rt, const cwf_proof *pr, tally *ty, int nevents,
                       bool lines)
{
    cwf_verdict v = pr->verdict;
    ty->verdicts[v]++;
    if (pr->internal_error)
        fail_msg("internal error: %s\n  P %s\n  R %s", pr->reason, pt, rt);
    cwf_matcher *mp = cwf_matcher_new(p), *mr = cwf_matcher_new(r);
    for (size_t k = 0; k < pr->ncases; k++) {
        const char *cx = pr->cases[k].counterexample;
        if (!cx)
            continue;
        ty->replayed++;
        if (!cwf_matcher_match(mr, cx, strlen(cx), NULL) ||
            cwf_matcher_match(mp, cx, strlen(cx), NULL))
            fail_msg("counterexample does not replay: %s\n  P %s\n  R %s", cx, pt, rt);
    }
    pool pl = {.n = 0};
    collect(&pl, rt);
    collect(&pl, pt);
    collect_words(&pl, pt);
    paths ps = {.n = 0};
    collect_paths(&ps, rt);
    collect_paths(&ps, pt);
    for (int k = 0; k < nevents; k++) {
        char *ev = lines && rnd(2) ? random_line(&pl)
                 : ps.n && rnd(3) ? path_event(&ps, &pl) : random_event(&pl);
        bool in_r = cwf_matcher_match(mr, ev, strlen(ev), NULL);
        bool in_p = cwf_matcher_match(mp, ev, strlen(ev), NULL);
        if (v == CWF_COVERS && in_r && !in_p)
            fail_msg("the prover says P covers R, but this event matches R and not P:\n"
                     "  event %s\n  P %s\n  R %s", ev, pt, rt);
        ty->tested += v == CWF_COVERS && in_r;
        ty->checked++;
        free(ev);
    }
    cwf_matcher_free(mp);
    cwf_matcher_free(mr);
}

static int npairs(int normal)
{
    const char *soak = getenv("CWF_SOAK");
    return soak && *soak && strcmp(soak, "0") != 0 ? 50 * normal : normal;
}

static void test_differential_text(void **state)
{
    (void)state;
    int pairs = npairs(5000);
    const cwf_bench_rule *iam = cwf_bench_rule_find("cis-iam-policy-changes");
    tally ty = {0};
    for (int i = 0; i < pairs; i++) {
        char *pt = random_text(), *rt;
        int shape = (int)rnd(4);
        bool lines = false;
        if (shape == 0) {
            rt = strdup(iam->requirement);
        } else if (shape == 1) { /* terms against terms: events are lines too */
            rt = random_text();
            lines = true;
        } else {
            rt = random_json();
        }
        cwf_arena a = CWF_ARENA_INIT;
        cwf_pattern *p = parse(pt, &a), *r = parse(rt, &a);
        if (!p || !r) {
            cwf_arena_free(&a);
            free(pt);
            free(rt);
            i--;
            continue;
        }
        cwf_proof pr;
        bool full = i % 25 == 0;
        cwf_prove_options o = {full, full, NULL, NULL};
        cwf_prove_with(p, r, &o, &pr);
        check_pair(p, r, pt, rt, &pr, &ty, 20, lines);
        cwf_proof_free(&pr);
        cwf_arena_free(&a);
        free(pt);
        free(rt);
    }
    assert_true(ty.checked >= 100000);
    assert_true(ty.tested >= 500);
    assert_true(ty.verdicts[CWF_COVERS] > 0 && ty.verdicts[CWF_NOT_COVERED] > 0);
    print_message("differential, term/regex/space-delimited: %d pattern pairs, %ld "
                  "pattern/event pairs (%ld events of R under covers); covers %ld, not covered %ld, "
                  "unknown %ld; %ld counterexamples replayed\n", pairs, ty.checked, ty.tested,
                  ty.verdicts[CWF_COVERS], ty.verdicts[CWF_NOT_COVERED],
                  ty.verdicts[CWF_UNKNOWN], ty.replayed);
}

static void test_differential_rules(void **state)
{
    (void)state;
    int per_rule = npairs(150);
    tally ty = {0};
    size_t covered_rules = 0;
    for (size_t ri = 0; ri < cwf_bench_nrules; ri++) {
        const cwf_bench_rule *rule = &cwf_bench_rules[ri];
        cwf_arena ra = CWF_ARENA_INIT;
        cwf_pattern *r = parse(rule->requirement, &ra);
        assert_non_null(r);
        long covers_before = ty.verdicts[CWF_COVERS];
        for (int i = 0; i < per_rule; i++) {
            char *pt;
            int k = (int)rnd(10);
            const char *base = rule->ntexts ? rule->texts[rnd((uint32_t)rule->ntexts)].text
                                            : rule->prescribed;
            if (i < (int)rule->ntexts)
                pt = strdup(rule->texts[i].text);
            else if (k < 4)
                pt = mutate(base);
            else if (k < 6)
                pt = mutate(rule->requirement);
            else if (k < 7) {
                char *m = mutate(base);
                pt = mutate(m);
                free(m);
            } else if (k < 8)
                pt = random_text();
            else
                pt = random_json();
            cwf_arena a = CWF_ARENA_INIT;
            cwf_pattern *p = parse(pt, &a);
            if (!p) {
                cwf_arena_free(&a);
                free(pt);
                i -= i >= (int)rule->ntexts; /* a prescribed text always parses */
                continue;
            }
            cwf_proof pr;
            cwf_check_rule(p, rule, &pr);
            check_pair(p, r, pt, rule->requirement, &pr, &ty, 20, false);
            cwf_proof_free(&pr);
            cwf_arena_free(&a);
            free(pt);
        }
        covered_rules += ty.verdicts[CWF_COVERS] > covers_before;
        cwf_arena_free(&ra);
    }
    assert_true(ty.checked >= 50000);
    assert_true(ty.tested >= 1000);
    assert_int_equal(covered_rules, cwf_bench_nrules);
    print_message("differential, %zu built-in rules: %ld pattern/event pairs (%ld events "
                  "of R under covers); covers %ld, not covered %ld, unknown %ld; %ld "
                  "counterexamples replayed\n", cwf_bench_nrules, ty.checked, ty.tested,
                  ty.verdicts[CWF_COVERS],
                  ty.verdicts[CWF_NOT_COVERED], ty.verdicts[CWF_UNKNOWN], ty.replayed);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_differential),
        cmocka_unit_test(test_differential_text),
        cmocka_unit_test(test_differential_rules),
    };
    return cmocka_run_group_tests_name("differential", tests, NULL, NULL);
}
