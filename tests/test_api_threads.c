/* test_api_threads.c: eight threads, each parsing, matching, proving and
 * linting (a describe-metric-filters export holding the pattern) on handles
 * of its own, through the public API only, over and over; every
 * result is compared with the one the main thread computed alone.  Then
 * match jobs on threads of their own, each on two threads, over a file
 * large enough to be cut into pieces.  Run under
 * ThreadSanitizer by `make tsan`, where any shared mutable state inside the
 * library shows up as a data race; plainly by `make unit`. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cwfilter.h"
#include "fixtures.h"

#define NTHREADS 8
#define ROUNDS 6

static const char *const patterns[] = {
    "{ ($.eventName = PutRolePolicy || $.eventName = DeleteRolePolicy) && "
    "$.userIdentity.type = \"Root\" }",
    IAM_PATTERN,
    "PutRolePolicy",
    "%PutRolePolicy|PutUserPolicy%",
    "[ip, user, status = 404, ...]",
};
#define NPATTERNS (sizeof patterns / sizeof *patterns)

static const char events[] =
    "{\"eventSource\":\"iam.amazonaws.com\",\"eventName\":\"PutRolePolicy\","
    "\"userIdentity\":{\"type\":\"Root\"}}\n"
    "{\"eventName\":\"DeleteRolePolicy\",\"userIdentity\":{\"type\":\"IAMUser\"}}\n"
    "{\"eventName\":\"CreatePolicy\"}\n"
    "10.0.0.1 alice 404 GET /x\n"
    "10.0.0.2 bob 200 PutUserPolicy\n";

/* What one pattern gives: matches in the buffer, the IAM verdict and the
 * number of uncovered cases, the first case's reason. */
typedef struct outcome {
    size_t matches;
    cwf_answer answer;
    size_t uncovered;
    char reason[256];
    size_t findings;   /* lint of an export holding the pattern, cis-4.4 */
    char first[300];   /* its first finding: file:line:column: message [id] */
} outcome;

static outcome expected[NPATTERNS];

/* Lints an export holding text as one metric filter, judged on cis-4.4. */
static bool lint(const char *text, outcome *o)
{
    char buf[2048];
    size_t n = (size_t)snprintf(buf, sizeof buf, "{\"metricFilters\":[{\"filterName\":\"f\","
                                "\"logGroupName\":\"trail\",\"filterPattern\":\"");
    for (const char *c = text; *c && n + 8 < sizeof buf; c++) {
        if (*c == '"' || *c == '\\')
            buf[n++] = '\\';
        buf[n++] = *c;
    }
    n += (size_t)snprintf(buf + n, sizeof buf - n, "\"}]}\n");
    cwf_lint *l;
    if (cwf_lint_new(&l) != CWF_STATUS_OK)
        return false;
    bool ok = cwf_lint_add_rule(l, "cis-4.4") == CWF_STATUS_OK &&
              cwf_lint_add_buffer(l, "filters.json", buf, n) == CWF_STATUS_OK &&
              cwf_lint_judge(l) == CWF_STATUS_OK;
    o->findings = cwf_lint_finding_count(l);
    const cwf_finding *f = cwf_lint_finding(l, 0);
    if (f)
        snprintf(o->first, sizeof o->first, "%s:%u:%u: %s [%s]", f->file, f->diag->line,
                 f->diag->column, f->diag->message, f->diag->rule_id);
    cwf_lint_free(l);
    return ok;
}

/* Computes one outcome; false on any failure of the API. */
static bool run(const char *text, outcome *o)
{
    memset(o, 0, sizeof *o);
    cwf_parsed *p;
    cwf_compiled *m;
    cwf_proof_result *r;
    if (cwf_parse_pattern(text, strlen(text), &p) != CWF_STATUS_OK)
        return false;
    bool ok = cwf_compile(p, &m) == CWF_STATUS_OK &&
              cwf_match_buffer(m, events, sizeof events - 1, NULL, NULL, &o->matches) ==
                  CWF_STATUS_OK;
    cwf_compiled_free(m);
    if (ok && cwf_check(p, "cis-4.4", &r) == CWF_STATUS_OK) {
        o->answer = cwf_proof_answer(r);
        for (size_t i = 0; i < cwf_proof_case_count(r); i++)
            o->uncovered += cwf_proof_case_at(r, i)->answer != CWF_ANSWER_COVERS;
        const cwf_proof_case *c = cwf_proof_case_at(r, 0);
        snprintf(o->reason, sizeof o->reason, "%s", c && c->reason ? c->reason : "");
        cwf_proof_result_free(r);
    } else {
        ok = false;
    }
    cwf_parsed_free(p);
    return ok && lint(text, o);
}

static void *worker(void *arg)
{
    size_t id = (size_t)(uintptr_t)arg, bad = 0;
    for (size_t k = 0; k < ROUNDS * NPATTERNS; k++) {
        size_t i = (id + k) % NPATTERNS;
        outcome o;
        if (!run(patterns[i], &o) || memcmp(&o, &expected[i], sizeof o) != 0)
            bad++;
    }
    return (void *)(uintptr_t)bad;
}

static void test_threads(void **state)
{
    (void)state;
    for (size_t i = 0; i < NPATTERNS; i++)
        assert_true(run(patterns[i], &expected[i]));
    /* The outcomes differ, so a mix-up between threads would show. */
    assert_int_equal(expected[0].matches, 1);
    assert_int_equal(expected[1].matches, 3);
    assert_int_equal(expected[1].answer, CWF_ANSWER_COVERS);
    assert_int_equal(expected[0].uncovered, 16);
    assert_int_equal(expected[4].matches, 1);
    assert_int_equal(expected[1].findings, 0);
    assert_int_equal(expected[0].findings, 2);
    assert_string_equal(expected[0].first,
                        "filters.json:1:146: log group trail: no metric filter covers "
                        "cis-iam-policy-changes (IAM policy changes); the closest, filter f, "
                        "covers 0 of 16 cases [CWF404]");

    pthread_t t[NTHREADS];
    for (size_t i = 0; i < NTHREADS; i++)
        assert_int_equal(pthread_create(&t[i], NULL, worker, (void *)(uintptr_t)i), 0);
    size_t bad = 0;
    for (size_t i = 0; i < NTHREADS; i++) {
        void *r;
        assert_int_equal(pthread_join(t[i], &r), 0);
        bad += (size_t)(uintptr_t)r;
    }
    assert_int_equal(bad, 0);
}

/* ---- match jobs ---------------------------------------------------------- */

/* A report seen through its length and FNV-1a hash. */
typedef struct digest {
    uint64_t hash;
    size_t len;
} digest;

static int digest_write(void *arg, const char *data, size_t len)
{
    digest *d = arg;
    for (size_t i = 0; i < len; i++)
        d->hash = (d->hash ^ (unsigned char)data[i]) * 0x100000001b3u;
    d->len += len;
    return 0;
}

static char big_path[64];
static digest big_expected;

/* The json report of a delimited pattern over big_path, on jobs threads. */
static bool job_digest(unsigned jobs, digest *d, size_t *selected)
{
    static const char pat[] = "[n, id, level = ERROR, ...]";
    d->hash = 0xcbf29ce484222325u;
    d->len = 0;
    cwf_parsed *p;
    cwf_match_job *j;
    if (cwf_parse_pattern(pat, sizeof pat - 1, &p) != CWF_STATUS_OK)
        return false;
    bool ok = cwf_match_job_new(&j) == CWF_STATUS_OK &&
              cwf_match_job_set_flag(j, "json", true) == CWF_STATUS_OK &&
              cwf_match_job_set_jobs(j, jobs) == CWF_STATUS_OK;
    const char *paths[] = {big_path};
    ok = ok && cwf_match_job_run(j, p, NULL, paths, 1, digest_write, NULL, d, selected) ==
                   CWF_STATUS_OK;
    cwf_match_job_free(j);
    cwf_parsed_free(p);
    return ok;
}

static void *job_worker(void *arg)
{
    (void)arg;
    digest d;
    size_t n;
    bool same = job_digest(2, &d, &n) && d.hash == big_expected.hash &&
                d.len == big_expected.len;
    return (void *)(uintptr_t)!same;
}

static void test_match_jobs(void **state)
{
    (void)state;
    /* About 10 MB of lines: more than twice the 4 MiB pieces. */
    snprintf(big_path, sizeof big_path, "/tmp/cwf_test_threads.XXXXXX");
    int fd = mkstemp(big_path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    size_t lines = 160000;
    for (size_t i = 1; i <= lines; i++)
        fprintf(f, "%zu id-%zu %s %.*s\n", i, i * 7919 % 1000003, i % 16 ? "INFO" : "ERROR",
                (int)(i % 90), "padding padding padding padding padding padding padding "
                               "padding padding padding padding padding");
    assert_true(ftell(f) > 9 << 20);
    assert_int_equal(fclose(f), 0);

    size_t n;
    assert_true(job_digest(1, &big_expected, &n));
    assert_int_equal(n, lines / 16);
    digest two;
    assert_true(job_digest(2, &two, &n));
    assert_int_equal(two.len, big_expected.len);
    assert_true(two.hash == big_expected.hash);

    pthread_t t[4];
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&t[i], NULL, job_worker, NULL), 0);
    size_t bad = 0;
    for (size_t i = 0; i < 4; i++) {
        void *r;
        assert_int_equal(pthread_join(t[i], &r), 0);
        bad += (size_t)(uintptr_t)r;
    }
    unlink(big_path);
    assert_int_equal(bad, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_match_jobs),
    };
    return cmocka_run_group_tests_name("api_threads", tests, NULL, NULL);
}
