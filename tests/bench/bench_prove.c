/* bench_prove.c: times cwf_check_rule (tests/bench/bench_prove.sh runs it).
 *
 * usage: bench_prove RULE PATTERN_FILE [RUNS [GOAL_US]]
 *        bench_prove --series RULE [RUNS]
 * The first form parses the pattern once, outside the timed loop, then
 * checks it RUNS times (default 200) against the rule, timing each check
 * with CLOCK_MONOTONIC; it prints the median and the minimum in
 * microseconds, the parse time of the same pattern as a baseline, and,
 * with GOAL_US, a line saying whether the median is under the goal.
 *
 * --series times patterns of 1, 2, 4, ..., 64 OR terms on $.eventName (the
 * rule's event names first, then names of no rule), prints the median of
 * each, and the growth from 8 to 64 terms as a ratio (goal: under 10, i.e.
 * about linear; quadratic growth would give 64).  From 32 terms on the
 * patterns are longer than CloudWatch's 1024 characters: the prover is
 * timed on them all the same, to see its growth. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parse.h"
#include "prove.h"

static double now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median of RUNS checks of p against rule, in microseconds; *v gets
 * the verdict. */
static double median_check(const cwf_pattern *p, const cwf_bench_rule *rule, int runs,
                           double *min, cwf_verdict *v)
{
    double *t = malloc((size_t)runs * sizeof *t);
    for (int i = 0; i < runs; i++) {
        cwf_proof pr;
        double t0 = now_us();
        *v = cwf_check_rule(p, rule, &pr);
        double t1 = now_us();
        cwf_proof_free(&pr);
        t[i] = t1 - t0;
    }
    qsort(t, (size_t)runs, sizeof *t, cmp);
    double med = t[runs / 2];
    if (min)
        *min = t[0];
    free(t);
    return med;
}

/* Parses text[0..len) into a (exits on a parse error; with long_ok, a
 * pattern over CloudWatch's 1024 characters is taken). */
static cwf_pattern *parse_or_die(const char *text, size_t len, cwf_arena *a, bool long_ok)
{
    cwf_diags d = CWF_DIAGS_INIT;
    cwf_pattern *p = cwf_parse(text, len, a, &d);
    size_t errors = 0;
    for (size_t i = 0; i < d.n; i++)
        errors += d.v[i].severity >= CWF_ERROR && !(long_ok && d.v[i].rule == CWF_R_TOO_LONG);
    if (!p || errors) {
        fprintf(stderr, "bench_prove: the pattern does not parse: %.60s\n", text);
        exit(2);
    }
    cwf_diags_free(&d);
    return p;
}

static int series(const cwf_bench_rule *rule, int runs)
{
    /* Event names: the IAM rule's own first, then names no rule asks for. */
    static const char *const names[] = {
        "DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy", "PutGroupPolicy",
        "PutRolePolicy", "PutUserPolicy", "CreatePolicy", "DeletePolicy",
        "CreatePolicyVersion", "DeletePolicyVersion", "AttachRolePolicy", "DetachRolePolicy",
        "AttachUserPolicy", "DetachUserPolicy", "AttachGroupPolicy", "DetachGroupPolicy",
    };
    double at8 = 0, at64 = 0;
    for (int n = 1; n <= 64; n *= 2) {
        cwf_buf b = CWF_BUF_INIT;
        cwf_buf_puts(&b, "{ ");
        for (int i = 0; i < n; i++) {
            if (i)
                cwf_buf_puts(&b, " || ");
            if (i < 16)
                cwf_buf_printf(&b, "($.eventName = %s)", names[i]);
            else
                cwf_buf_printf(&b, "($.eventName = Other%dEvent)", i);
        }
        cwf_buf_puts(&b, " }");
        cwf_arena a = CWF_ARENA_INIT;
        cwf_pattern *p = parse_or_die(b.p, b.len, &a, true);
        cwf_verdict v;
        double med = median_check(p, rule, runs, NULL, &v);
        printf("  %2d OR terms (%4zu chars), %s: check median %.0f us\n", n, b.len,
               cwf_verdict_name(v), med);
        if (n == 8)
            at8 = med;
        if (n == 64)
            at64 = med;
        cwf_arena_free(&a);
        cwf_buf_free(&b);
    }
    double ratio = at8 > 0 ? at64 / at8 : 0;
    printf("goal: 64 OR terms / 8 OR terms under 10x (linear would be 8x): %.1fx, %s\n", ratio,
           ratio < 10 ? "met" : "NOT MET");
    return ratio < 10 ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "--series") == 0) {
        const cwf_bench_rule *rule = cwf_bench_rule_find(argv[2]);
        if (!rule) {
            fprintf(stderr, "bench_prove: no rule %s\n", argv[2]);
            return 2;
        }
        int runs = argc > 3 ? atoi(argv[3]) : 100;
        return series(rule, runs < 1 ? 1 : runs);
    }
    if (argc < 3) {
        fprintf(stderr, "usage: bench_prove RULE PATTERN_FILE [RUNS [GOAL_US]]\n"
                        "       bench_prove --series RULE [RUNS]\n");
        return 2;
    }
    const cwf_bench_rule *rule = cwf_bench_rule_find(argv[1]);
    cwf_buf text = CWF_BUF_INIT;
    if (!rule || !cwf_read_file(argv[2], &text)) {
        fprintf(stderr, "bench_prove: no rule %s or no file %s\n", argv[1], argv[2]);
        return 2;
    }
    while (text.len && (text.p[text.len - 1] == '\n' || text.p[text.len - 1] == '\r'))
        text.p[--text.len] = '\0';
    int runs = argc > 3 ? atoi(argv[3]) : 200;
    if (runs < 1)
        runs = 1;
    double goal = argc > 4 ? atof(argv[4]) : 0;

    /* The parse baseline: the same pattern parsed RUNS times. */
    double *tp = malloc((size_t)runs * sizeof *tp);
    for (int i = 0; i < runs; i++) {
        cwf_arena a = CWF_ARENA_INIT;
        double t0 = now_us();
        parse_or_die(text.p, text.len, &a, false);
        tp[i] = now_us() - t0;
        cwf_arena_free(&a);
    }
    qsort(tp, (size_t)runs, sizeof *tp, cmp);

    /* The check: parsed once, checked RUNS times. */
    cwf_arena a = CWF_ARENA_INIT;
    cwf_pattern *p = parse_or_die(text.p, text.len, &a, false);
    cwf_verdict v;
    double min;
    double med = median_check(p, rule, runs, &min, &v);
    printf("%zu chars, %s: check median %.0f us (min %.0f us), parse median %.1f us, "
           "ratio check/parse %.0fx, %d runs\n", text.len, cwf_verdict_name(v), med, min,
           tp[runs / 2], tp[runs / 2] > 0 ? med / tp[runs / 2] : 0.0, runs);
    int status = 0;
    if (goal > 0) {
        printf("goal: check median under %.0f us: %.0f us, %s\n", goal, med,
               med < goal ? "met" : "NOT MET");
        status = med < goal ? 0 : 1;
    }
    cwf_arena_free(&a);
    free(tp);
    cwf_buf_free(&text);
    return status;
}
