/* bench_prove.c: times cwf_check_rule (tests/bench/bench_prove.sh runs it).
 *
 * usage: bench_prove RULE PATTERN_FILE [RUNS]
 * Parses the pattern once, then checks it RUNS times (default 200) against
 * the rule, timing each check with CLOCK_MONOTONIC; prints the median and
 * the minimum in microseconds, and the parse time as a baseline. */
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

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_prove RULE PATTERN_FILE [RUNS]\n");
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
    double *t = malloc((size_t)runs * sizeof *t), *tp = malloc((size_t)runs * sizeof *tp);
    cwf_verdict v = CWF_UNKNOWN;
    for (int i = 0; i < runs; i++) {
        cwf_arena a = CWF_ARENA_INIT;
        cwf_diags d = CWF_DIAGS_INIT;
        double t0 = now_us();
        cwf_pattern *p = cwf_parse(text.p, text.len, &a, &d);
        double t1 = now_us();
        if (!p || cwf_diags_count(&d, CWF_ERROR)) {
            fprintf(stderr, "bench_prove: the pattern does not parse\n");
            return 2;
        }
        cwf_proof pr;
        v = cwf_check_rule(p, rule, &pr);
        double t2 = now_us();
        cwf_proof_free(&pr);
        cwf_diags_free(&d);
        cwf_arena_free(&a);
        tp[i] = t1 - t0;
        t[i] = t2 - t1;
    }
    qsort(t, (size_t)runs, sizeof *t, cmp);
    qsort(tp, (size_t)runs, sizeof *tp, cmp);
    printf("%zu chars, %s: check median %.0f us (min %.0f us), parse median %.1f us, "
           "ratio check/parse %.0fx, %d runs\n", text.len, cwf_verdict_name(v), t[runs / 2],
           t[0], tp[runs / 2], tp[runs / 2] > 0 ? t[runs / 2] / tp[runs / 2] : 0.0, runs);
    free(t);
    free(tp);
    cwf_buf_free(&text);
    return 0;
}
