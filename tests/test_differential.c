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
 * Events reuse the literals of the pair, so that they often match R. */
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_differential),
    };
    return cmocka_run_group_tests_name("differential", tests, NULL, NULL);
}
