/* fuzz_prove.c: libFuzzer harness for the prover.  The input is two
 * patterns, P and R, separated by the first newline (no newline: R is the
 * IAM rule).  Whatever parses is proved with every explanation and warning,
 * and against the IAM rule; the harness aborts on an internal error (a
 * counterexample the matcher does not confirm), on a counterexample that
 * does not replay, and on a span outside P. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "match.h"
#include "parse.h"
#include "prove.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static cwf_pattern *parse(const char *t, size_t n, cwf_arena *a)
{
    cwf_diags d = CWF_DIAGS_INIT;
    cwf_pattern *p = cwf_parse(t, n, a, &d);
    bool ok = p && cwf_diags_count(&d, CWF_ERROR) == 0;
    cwf_diags_free(&d);
    return ok ? p : NULL;
}

static void check_spans(const cwf_diags *d, size_t n)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->v[i].span.start > d->v[i].span.end || d->v[i].span.end > n)
            abort();
}

static void check_proof(const cwf_proof *pr, const cwf_pattern *p, const cwf_pattern *r,
                        size_t plen)
{
    if (pr->internal_error)
        abort();
    check_spans(&pr->warnings, plen);
    check_spans(&pr->findings, plen);
    cwf_matcher *mp = cwf_matcher_new(p), *mr = cwf_matcher_new(r);
    for (size_t i = 0; i < pr->ncases; i++) {
        const cwf_case *c = &pr->cases[i];
        if (c->span.start > c->span.end || c->span.end > plen)
            abort();
        if ((c->verdict == CWF_NOT_COVERED) != (c->counterexample != NULL))
            abort();
        if (c->counterexample &&
            (!cwf_matcher_match(mr, c->counterexample, strlen(c->counterexample), NULL) ||
             cwf_matcher_match(mp, c->counterexample, strlen(c->counterexample), NULL)))
            abort();
    }
    cwf_matcher_free(mp);
    cwf_matcher_free(mr);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    const char *nl = memchr(text, '\n', size);
    size_t plen = nl ? (size_t)(nl - text) : size;
    cwf_arena a = CWF_ARENA_INIT;
    cwf_pattern *p = parse(text, plen, &a);
    if (p) {
        const cwf_bench_rule *iam = &cwf_bench_rules[0];
        cwf_proof pr;
        cwf_check_rule(p, iam, &pr);
        cwf_pattern *r = parse(iam->requirement, strlen(iam->requirement), &a);
        check_proof(&pr, p, r, plen);
        cwf_proof_free(&pr);
        cwf_literal l;
        cwf_literal_compare(text, plen, iam, &l);
        cwf_literal_free(&l);
        if (nl) {
            cwf_pattern *r2 = parse(nl + 1, size - plen - 1, &a);
            if (r2) {
                cwf_prove(p, r2, &pr);
                check_proof(&pr, p, r2, plen);
                cwf_proof_free(&pr);
            }
        }
    }
    cwf_arena_free(&a);
    return 0;
}
