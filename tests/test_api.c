/* test_api.c: the public API (cwfilter.h) as a program sees it: exact
 * results of parse, match, check, implies and equiv, the rule tables,
 * ownership (every handle freed: valgrind and ASan run this file), and the
 * error paths (bad patterns, bad events, NULL where a contract forbids it).
 * Includes only the public header. */
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

#define S(lit) lit, sizeof(lit) - 1

static const char iam[] = IAM_PATTERN;


static cwf_parsed *parse_ok(const char *text)
{
    cwf_parsed *p = NULL;
    assert_int_equal(cwf_parse_pattern(text, strlen(text), &p), CWF_STATUS_OK);
    assert_non_null(p);
    assert_true(cwf_parsed_ok(p));
    return p;
}

/* ---- version, status ----------------------------------------------------- */

static void test_version(void **state)
{
    (void)state;
    assert_string_equal(cwf_version(), "0.1.0");
    assert_string_equal(cwf_status_string(CWF_STATUS_OK), "ok");
    assert_string_equal(cwf_status_string(CWF_STATUS_BAD_PATTERN), "the pattern has errors");
    assert_string_equal(cwf_status_string((cwf_status)99), "unknown status");
    assert_string_equal(cwf_answer_name(CWF_ANSWER_NOT_COVERED), "not covered");
}

/* ---- parse --------------------------------------------------------------- */

static void test_parse_ast_and_canonical(void **state)
{
    (void)state;
    cwf_parsed *p = parse_ok("{ $.a = 1 }");
    assert_string_equal(cwf_parsed_kind(p), "json");
    assert_string_equal(cwf_parsed_ast_json(p),
                        "{\"kind\":\"json\",\"span\":[0,11],\"expr\":{\"type\":\"compare\","
                        "\"span\":[2,9],\"selector\":{\"text\":\"$.a\",\"segments\":[{\"field\":"
                        "\"a\",\"span\":[3,5]}],\"span\":[2,5]},\"op\":\"=\",\"value\":{\"type\":"
                        "\"number\",\"text\":\"1\",\"number\":1,\"span\":[8,9]}}}");
    assert_string_equal(cwf_parsed_canonical(p), "{ $.a = 1 }");
    assert_int_equal(cwf_parsed_diag_count(p), 0);
    assert_null(cwf_parsed_diag(p, 0));
    cwf_parsed_free(p);

    p = parse_ok("{$.a=1||$.b=\"x\"}");
    assert_string_equal(cwf_parsed_canonical(p), "{ $.a = 1 || $.b = \"x\" }");
    cwf_parsed_free(p);

    /* Not NUL-terminated: only len bytes are read. */
    cwf_parsed *q = NULL;
    assert_int_equal(cwf_parse_pattern("ERROR -DEBUG garbage", 12, &q), CWF_STATUS_OK);
    assert_string_equal(cwf_parsed_kind(q), "terms");
    assert_string_equal(cwf_parsed_canonical(q), "ERROR -DEBUG");
    cwf_parsed_free(q);

    /* Empty: matches every event. */
    assert_int_equal(cwf_parse_pattern(NULL, 0, &q), CWF_STATUS_OK);
    assert_string_equal(cwf_parsed_kind(q), "all");
    cwf_parsed_free(q);
}

static void test_parse_errors(void **state)
{
    (void)state;
    cwf_parsed *p = NULL;
    assert_int_equal(cwf_parse_pattern(S("{ eventName = \"x\" }"), &p), CWF_STATUS_BAD_PATTERN);
    assert_non_null(p);
    assert_false(cwf_parsed_ok(p));
    assert_null(cwf_parsed_canonical(p));
    assert_int_equal(cwf_parsed_diag_count(p), 1);
    const cwf_diagnostic *d = cwf_parsed_diag(p, 0);
    assert_string_equal(d->rule_id, "CWF105");
    assert_string_equal(d->rule_name, "missing-dollar");
    assert_int_equal(d->level, CWF_LEVEL_ERROR);
    assert_int_equal(d->start, 2);
    assert_int_equal(d->end, 11);
    assert_int_equal(d->line, 1);
    assert_int_equal(d->column, 3);
    assert_int_equal(d->end_column, 12);
    assert_string_equal(d->message, "a property selector starts with `$.`: `eventName` is not one");
    assert_string_equal(d->suggestion, "$.eventName");
    assert_null(cwf_parsed_diag(p, 1));

    /* A compiled matcher or a proof needs a pattern without errors. */
    cwf_compiled *m = (cwf_compiled *)1;
    assert_int_equal(cwf_compile(p, &m), CWF_STATUS_BAD_PATTERN);
    assert_null(m);
    cwf_proof_result *r = (cwf_proof_result *)1;
    assert_int_equal(cwf_check(p, "cis-4.4", &r), CWF_STATUS_BAD_PATTERN);
    assert_null(r);
    cwf_parsed_free(p);

    assert_int_equal(cwf_parse_pattern(S("{ $.eventName = \"x }"), &p), CWF_STATUS_BAD_PATTERN);
    assert_null(cwf_parsed_kind(p));
    assert_null(cwf_parsed_ast_json(p));
    d = cwf_parsed_diag(p, 0);
    assert_string_equal(d->rule_id, "CWF114");
    assert_int_equal(d->start, 16);
    assert_string_equal(d->message, "this string has no closing `\"`");
    cwf_parsed_free(p);
}

static void test_null_arguments(void **state)
{
    (void)state;
    cwf_parsed *p = (cwf_parsed *)1;
    assert_int_equal(cwf_parse_pattern("x", 1, NULL), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_parse_pattern(NULL, 3, &p), CWF_STATUS_INVALID_ARGUMENT);
    assert_null(p);
    assert_int_equal(cwf_parse_pattern("x", (size_t)UINT32_MAX, &p), CWF_STATUS_INVALID_ARGUMENT);
    assert_false(cwf_parsed_ok(NULL));
    assert_null(cwf_parsed_kind(NULL));
    assert_null(cwf_parsed_ast_json(NULL));
    assert_null(cwf_parsed_canonical(NULL));
    assert_int_equal(cwf_parsed_diag_count(NULL), 0);
    assert_null(cwf_parsed_diag(NULL, 0));

    cwf_compiled *m = (cwf_compiled *)1;
    assert_int_equal(cwf_compile(NULL, &m), CWF_STATUS_INVALID_ARGUMENT);
    assert_null(m);
    bool hit = true;
    size_t n = 7;
    assert_int_equal(cwf_match(NULL, "x", 1, &hit), CWF_STATUS_INVALID_ARGUMENT);
    assert_false(hit);
    assert_int_equal(cwf_match_buffer(NULL, "x", 1, NULL, NULL, &n), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(n, 0);
    assert_int_equal(cwf_compiled_value_count(NULL), 0);
    const char *name = "x";
    assert_null(cwf_compiled_value(NULL, 0, &name, NULL));
    assert_null(name);
    assert_null(cwf_compiled_error(NULL));

    p = parse_ok("ERROR");
    assert_int_equal(cwf_compile(p, NULL), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_compile(p, &m), CWF_STATUS_OK);
    assert_int_equal(cwf_match(m, "ERROR", 5, NULL), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_match(m, NULL, 5, &hit), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_match_buffer(m, NULL, 5, NULL, NULL, &n), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_match_buffer(m, "ERROR", 5, NULL, NULL, NULL),
                     CWF_STATUS_INVALID_ARGUMENT);
    /* An empty event, NULL with length 0, is an event. */
    assert_int_equal(cwf_match(m, NULL, 0, &hit), CWF_STATUS_OK);
    assert_false(hit);

    cwf_proof_result *r = (cwf_proof_result *)1;
    assert_int_equal(cwf_check(NULL, NULL, &r), CWF_STATUS_INVALID_ARGUMENT);
    assert_null(r);
    assert_int_equal(cwf_check(p, NULL, NULL), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_implies(p, NULL, &r), CWF_STATUS_INVALID_ARGUMENT);
    bool eq = true;
    assert_int_equal(cwf_equiv(NULL, p, &eq, NULL, NULL), CWF_STATUS_INVALID_ARGUMENT);
    assert_false(eq);
    assert_int_equal(cwf_equiv(p, p, NULL, NULL, NULL), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_proof_answer(NULL), CWF_ANSWER_UNKNOWN);
    assert_false(cwf_proof_covered(NULL));
    assert_null(cwf_proof_reason(NULL));
    assert_int_equal(cwf_proof_case_count(NULL), 0);
    assert_null(cwf_proof_case_at(NULL, 0));
    assert_int_equal(cwf_proof_diag_count(NULL), 0);

    cwf_rule_info ri;
    cwf_benchmark_info bi;
    assert_int_equal(cwf_rule_get(0, NULL), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_rule_lookup(NULL, &ri), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_benchmark_get(0, NULL), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_benchmark_lookup(NULL, &bi), CWF_STATUS_INVALID_ARGUMENT);

    /* Every free takes NULL. */
    cwf_parsed_free(NULL);
    cwf_compiled_free(NULL);
    cwf_proof_result_free(NULL);
    cwf_compiled_free(m);
    cwf_parsed_free(p);
}

/* ---- match --------------------------------------------------------------- */

static void test_match_extracted(void **state)
{
    (void)state;
    cwf_parsed *p = parse_ok("[ip, user, status = 404, ...]");
    cwf_compiled *m;
    assert_int_equal(cwf_compile(p, &m), CWF_STATUS_OK);
    cwf_parsed_free(p); /* the matcher does not need it */
    bool hit;
    assert_int_equal(cwf_match(m, S("10.0.0.1 alice 404 GET /x"), &hit), CWF_STATUS_OK);
    assert_true(hit);
    static const char *const names[] = {"$ip", "$user", "$status", "$4", "$5"};
    static const char *const values[] = {"10.0.0.1", "alice", "404", "GET", "/x"};
    assert_int_equal(cwf_compiled_value_count(m), 5);
    for (size_t i = 0; i < 5; i++) {
        const char *name;
        size_t n;
        const char *v = cwf_compiled_value(m, i, &name, &n);
        assert_string_equal(name, names[i]);
        assert_int_equal(n, strlen(values[i]));
        assert_memory_equal(v, values[i], n);
    }
    assert_null(cwf_compiled_value(m, 5, NULL, NULL));
    assert_int_equal(cwf_match(m, S("10.0.0.1 alice 200 GET /x"), &hit), CWF_STATUS_OK);
    assert_false(hit);
    assert_int_equal(cwf_compiled_value_count(m), 0);
    cwf_compiled_free(m);
}

static void test_match_json_events(void **state)
{
    (void)state;
    cwf_parsed *p = parse_ok(iam);
    cwf_compiled *m;
    assert_int_equal(cwf_compile(p, &m), CWF_STATUS_OK);
    bool hit;
    assert_int_equal(cwf_match(m, S("{\"eventName\":\"PutRolePolicy\"}"), &hit), CWF_STATUS_OK);
    assert_true(hit);
    assert_int_equal(cwf_compiled_value_count(m), 0);
    assert_int_equal(cwf_match(m, S("{\"eventName\":\"PutRolePolicyX\"}"), &hit), CWF_STATUS_OK);
    assert_false(hit);
    /* A bad event is not an error: it does not match. */
    assert_int_equal(cwf_match(m, S("{\"eventName\":\"PutRolePolicy\""), &hit), CWF_STATUS_OK);
    assert_false(hit);
    assert_int_equal(cwf_match(m, S("\xff\xfe not json"), &hit), CWF_STATUS_OK);
    assert_false(hit);
    cwf_compiled_free(m);
    cwf_parsed_free(p);
}

typedef struct seen {
    size_t numbers[8];
    size_t n, stop_after;
} seen;

static int on_event(void *arg, size_t number, const char *event, size_t len)
{
    seen *s = arg;
    assert_true(len > 0 && event[0] == '{');
    s->numbers[s->n++] = number;
    return s->stop_after && s->n == s->stop_after;
}

static void test_match_buffer(void **state)
{
    (void)state;
    static const char lines[] =
        "{\"eventName\":\"PutRolePolicy\"}\n"
        "{\"eventName\":\"GetRole\"}\r\n"
        "\n"
        "not json\n"
        "{\"eventName\":\"CreatePolicy\"}\r\n"
        "{\"eventName\":\"DetachGroupPolicy\"}";
    cwf_parsed *p = parse_ok(iam);
    cwf_compiled *m;
    assert_int_equal(cwf_compile(p, &m), CWF_STATUS_OK);
    size_t count = 99;
    seen s = {{0}, 0, 0};
    assert_int_equal(cwf_match_buffer(m, S(lines), on_event, &s, &count), CWF_STATUS_OK);
    assert_int_equal(count, 3);
    assert_int_equal(s.n, 3);
    /* Event numbers count events, not lines: the empty line is skipped. */
    assert_int_equal(s.numbers[0], 1);
    assert_int_equal(s.numbers[1], 4);
    assert_int_equal(s.numbers[2], 5);
    assert_null(cwf_compiled_error(m));

    seen t = {{0}, 0, 2};
    assert_int_equal(cwf_match_buffer(m, S(lines), on_event, &t, &count), CWF_STATUS_OK);
    assert_int_equal(count, 2);

    /* CloudTrail files are recognised as `cwfilter match` does. */
    static const char trail[] = "{\"Records\":[{\"eventName\":\"PutUserPolicy\"},"
                                "{\"eventName\":\"GetUser\"}]}";
    assert_int_equal(cwf_match_buffer(m, S(trail), NULL, NULL, &count), CWF_STATUS_OK);
    assert_int_equal(count, 1);

    /* A truncated gzip stream: an error with its reason. */
    static const char gz[] = "\x1f\x8b\x08\x00\x00\x00\x00\x00";
    assert_int_equal(cwf_match_buffer(m, S(gz), NULL, NULL, &count), CWF_STATUS_BAD_INPUT);
    assert_int_equal(count, 0);
    assert_non_null(cwf_compiled_error(m));

    assert_int_equal(cwf_match_buffer(m, NULL, 0, NULL, NULL, &count), CWF_STATUS_OK);
    assert_int_equal(count, 0);
    assert_null(cwf_compiled_error(m));
    cwf_compiled_free(m);
    cwf_parsed_free(p);
}

/* ---- match jobs ---------------------------------------------------------- */

/* What a job wrote: the report and the errors, each one string. */
typedef struct sink {
    char out[4096];
    size_t len;
    char errors[512];
} sink;

static int sink_write(void *arg, const char *data, size_t len)
{
    sink *s = arg;
    assert_true(s->len + len < sizeof s->out);
    memcpy(s->out + s->len, data, len);
    s->len += len;
    s->out[s->len] = 0;
    return 0;
}

static void sink_error(void *arg, const char *file, const char *why)
{
    sink *s = arg;
    size_t n = strlen(s->errors);
    snprintf(s->errors + n, sizeof s->errors - n, "%s: %s\n", file, why);
}

/* Counts writes and bytes in arg's size_t[2], and stops the run. */
static int stop_write(void *arg, const char *data, size_t len)
{
    size_t *got = arg;
    (void)data;
    got[0]++;
    got[1] += len;
    return 1;
}


static const char alog[] = "2026-12-01T09:00:01Z ERROR disk full\n"
                           "2026-12-01T09:03:00Z INFO ok\r\n"
                           "\n"
                           "2026-12-01T09:07:00Z ERROR again\n";
static const char evlines[] =
    "{\"eventName\":\"PutRolePolicy\",\"eventTime\":\"2026-12-01T09:00:00Z\"}\n"
    "{\"eventName\":\"GetRole\",\"eventTime\":\"2026-12-01T09:01:00Z\"}\n"
    "{\"eventName\":\"PutRolePolicy\",\"eventTime\":\"2026-12-01T09:06:00Z\"}\n";

/* Runs j over paths with p (and p_new); returns the status. */
static cwf_status run_job(cwf_match_job *j, const char *pattern, const char *pattern_new,
                          const char *const *paths, size_t n, sink *s, size_t *selected)
{
    cwf_parsed *p = parse_ok(pattern), *p2 = pattern_new ? parse_ok(pattern_new) : NULL;
    memset(s, 0, sizeof *s);
    cwf_status st = cwf_match_job_run(j, p, p2, paths, n, sink_write, sink_error, s, selected);
    cwf_parsed_free(p);
    cwf_parsed_free(p2);
    return st;
}

static void test_match_job_report(void **state)
{
    (void)state;
    const char *a = tmp_file(0, "a.log", S(alog));
    const char *ev = tmp_file(1, "ev.jsonl", S(evlines));
    const char *both[] = {a, ev};
    cwf_match_job *j = NULL;
    assert_int_equal(cwf_match_job_new(&j), CWF_STATUS_OK);
    sink s;
    size_t n = 99;
    char want[1024];

    /* The default: every selected event, one line each (\r dropped). */
    assert_int_equal(run_job(j, "ERROR", NULL, both, 2, &s, &n), CWF_STATUS_OK);
    assert_int_equal(n, 2);
    assert_string_equal(s.out, "2026-12-01T09:00:01Z ERROR disk full\n"
                               "2026-12-01T09:07:00Z ERROR again\n");
    assert_string_equal(s.errors, "");

    assert_int_equal(cwf_match_job_set_flag(j, "invert", true), CWF_STATUS_OK);
    assert_int_equal(run_job(j, "ERROR", NULL, both, 1, &s, &n), CWF_STATUS_OK);
    assert_int_equal(n, 1);
    assert_string_equal(s.out, "2026-12-01T09:03:00Z INFO ok\n");
    assert_int_equal(cwf_match_job_set_flag(j, "invert", false), CWF_STATUS_OK);

    assert_int_equal(cwf_match_job_set_flag(j, "count", true), CWF_STATUS_OK);
    assert_int_equal(run_job(j, "ERROR", NULL, both, 2, &s, &n), CWF_STATUS_OK);
    assert_string_equal(s.out, "2\n");
    /* Nothing selected: still a count, and OK. */
    assert_int_equal(run_job(j, "NOWHERE", NULL, both, 2, &s, &n), CWF_STATUS_OK);
    assert_int_equal(n, 0);
    assert_string_equal(s.out, "0\n");
    assert_int_equal(cwf_match_job_set_flag(j, "count", false), CWF_STATUS_OK);

    /* json: event numbers count events (the empty line is none), and the
     * values a delimited pattern extracts. */
    assert_int_equal(cwf_match_job_set_flag(j, "json", true), CWF_STATUS_OK);
    assert_int_equal(run_job(j, "[time, level = ERROR, ...]", NULL, both, 1, &s, &n),
                     CWF_STATUS_OK);
    snprintf(want, sizeof want,
             "{\"file\":\"%s\",\"eventNumber\":1,\"eventMessage\":\"2026-12-01T09:00:01Z "
             "ERROR disk full\",\"extractedValues\":{\"$time\":\"2026-12-01T09:00:01Z\","
             "\"$level\":\"ERROR\",\"$3\":\"disk\",\"$4\":\"full\"}}\n"
             "{\"file\":\"%s\",\"eventNumber\":3,\"eventMessage\":\"2026-12-01T09:07:00Z "
             "ERROR again\",\"extractedValues\":{\"$time\":\"2026-12-01T09:07:00Z\","
             "\"$level\":\"ERROR\",\"$3\":\"again\"}}\n", a, a);
    assert_string_equal(s.out, want);
    /* The same report on several threads, files in input order. */
    assert_int_equal(cwf_match_job_set_jobs(j, 3), CWF_STATUS_OK);
    const char *three[] = {a, ev, a};
    assert_int_equal(run_job(j, "ERROR", NULL, three, 3, &s, &n), CWF_STATUS_OK);
    assert_int_equal(n, 4);
    assert_int_equal(cwf_match_job_set_jobs(j, 1), CWF_STATUS_OK);
    sink one;
    assert_int_equal(run_job(j, "ERROR", NULL, three, 3, &one, &n), CWF_STATUS_OK);
    assert_string_equal(s.out, one.out);
    assert_int_equal(cwf_match_job_set_flag(j, "json", false), CWF_STATUS_OK);

    /* explain: the assumption first, then every event with its verdict;
     * the prefilter does not change it. */
    assert_int_equal(cwf_match_job_set_flag(j, "explain", true), CWF_STATUS_OK);
    assert_int_equal(cwf_match_job_set_flag(j, "prefilter", false), CWF_STATUS_OK);
    const char *b = tmp_file(2, "b.jsonl", S("{\"x\":true}\n{\"x\":\"true\"}\n"));
    assert_int_equal(run_job(j, "{$.x = true}", NULL, &b, 1, &s, &n), CWF_STATUS_OK);
    assert_int_equal(n, 1);
    snprintf(want, sizeof want,
             "<pattern>: assumes `$.x = true` compares the text \"true\" and never matches "
             "the JSON boolean true\n"
             "%s: event 1: no match\n"
             "  false  1:2-11     $.x = true    ($.x is true)\n"
             "%s: event 2: match\n"
             "  true   1:2-11     $.x = true    ($.x is \"true\")\n", b, b);
    assert_string_equal(s.out, want);
    cwf_match_job_free(j);
}

static void test_match_job_stats_diff(void **state)
{
    (void)state;
    const char *a = tmp_file(0, "a.log", S(alog));
    const char *ev = tmp_file(1, "ev.jsonl", S(evlines));
    cwf_match_job *j = NULL;
    assert_int_equal(cwf_match_job_new(&j), CWF_STATUS_OK);
    sink s;
    size_t n;
    char want[1024];

    assert_int_equal(cwf_match_job_set_flag(j, "stats", true), CWF_STATUS_OK);
    assert_int_equal(cwf_match_job_set(j, "by", "eventName"), CWF_STATUS_OK);
    assert_null(cwf_match_job_error(j));
    assert_int_equal(run_job(j, "{$.eventName=PutRolePolicy}", NULL, &ev, 1, &s, &n),
                     CWF_STATUS_OK);
    assert_int_equal(n, 2);
    assert_string_equal(s.out,
                        "selected: 2 of 3 events\n"
                        "\n"
                        "by $.eventName: 1 value\n"
                        "   count  value\n"
                        "       2  \"PutRolePolicy\"\n"
                        "\n"
                        "per 5m period: 2 periods with a selected event, 2 in ALARM at "
                        "threshold 1 (sum >= 1)\n"
                        "period start             count  state\n"
                        "2026-12-01T09:00:00Z         1  ALARM\n"
                        "2026-12-01T09:05:00Z         1  ALARM\n");
    cwf_match_job_free(j);

    assert_int_equal(cwf_match_job_new(&j), CWF_STATUS_OK);
    assert_int_equal(cwf_match_job_set_flag(j, "stats", true), CWF_STATUS_OK);
    assert_int_equal(cwf_match_job_set(j, "period", "1h"), CWF_STATUS_OK);
    assert_int_equal(cwf_match_job_set(j, "threshold", "2"), CWF_STATUS_OK);
    assert_int_equal(cwf_match_job_set(j, "format", "json"), CWF_STATUS_OK);
    assert_int_equal(run_job(j, "{$.eventName=*Role*}", NULL, &ev, 1, &s, &n), CWF_STATUS_OK);
    assert_string_equal(s.out, "{\"events\":3,\"selected\":3,\"withoutTime\":0,"
                               "\"periodSeconds\":3600,\"threshold\":2,\"alarmPeriods\":1,"
                               "\"periods\":[{\"start\":\"2026-12-01T09:00:00Z\",\"count\":3,"
                               "\"state\":\"ALARM\"}]}\n");
    /* A stats report that would leave out an unreadable file is left out. */
    const char *with_missing[] = {ev, "/nonexistent/cwf"};
    assert_int_equal(run_job(j, "{$.eventName=*Role*}", NULL, with_missing, 2, &s, &n),
                     CWF_STATUS_BAD_INPUT);
    assert_string_equal(s.out, "");
    assert_string_equal(s.errors, "/nonexistent/cwf: No such file or directory\n");
    cwf_match_job_free(j);

    /* diff: the events only one pattern selects, then the counts. */
    assert_int_equal(cwf_match_job_new(&j), CWF_STATUS_OK);
    const char *both[] = {ev, a};
    assert_int_equal(run_job(j, "{$.eventName=PutRolePolicy}", "{$.eventName=*Role*}", both, 2,
                             &s, &n), CWF_STATUS_OK);
    assert_int_equal(n, 1);
    snprintf(want, sizeof want,
             "+ %s:2: {\"eventName\":\"GetRole\",\"eventTime\":\"2026-12-01T09:01:00Z\"}\n"
             "6 events: OLD selects 2, NEW selects 3; both 2, only OLD 0 (-, lost by the "
             "change), only NEW 1 (+, added)\n", ev);
    assert_string_equal(s.out, want);
    assert_int_equal(cwf_match_job_set_flag(j, "json", true), CWF_STATUS_OK);
    assert_int_equal(cwf_match_job_set_flag(j, "count", true), CWF_STATUS_OK);
    assert_int_equal(run_job(j, "{$.eventName=*Role*}", "{$.eventName=PutRolePolicy}", &ev, 1,
                             &s, &n), CWF_STATUS_OK);
    assert_string_equal(s.out, "{\"events\":3,\"old\":3,\"new\":2,\"both\":2,\"oldOnly\":1,"
                               "\"newOnly\":0}\n");
    cwf_match_job_free(j);
}

static void test_match_job_errors(void **state)
{
    (void)state;
    const char *a = tmp_file(0, "a.log", S(alog));
    /* A gzip stream cut short after its header: an error part-way. */
    const char *gz = tmp_file(3, "bad.gz", S("\x1f\x8b\x08\x00\x00\x00\x00\x00"));
    cwf_match_job *j = NULL;
    assert_int_equal(cwf_match_job_new(NULL), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_match_job_new(&j), CWF_STATUS_OK);
    sink s;
    size_t n = 7;

    /* Options: NULL, unknown names, values out of range. */
    assert_int_equal(cwf_match_job_set_flag(NULL, "count", true), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_match_job_set_flag(j, NULL, true), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_match_job_set_flag(j, "colour", true), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_match_job_set_jobs(NULL, 2), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_match_job_set_jobs(j, 0), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_match_job_set_jobs(j, 257), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_match_job_set_jobs(j, 256), CWF_STATUS_OK);
    assert_int_equal(cwf_match_job_set(NULL, "by", "x"), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_match_job_set(j, NULL, "x"), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_match_job_set(j, "by", NULL), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_match_job_set(j, "size", "1"), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_match_job_set(j, "by", "a[0]"), CWF_STATUS_INVALID_ARGUMENT);
    assert_string_equal(cwf_match_job_error(j), "--by takes a field path such as eventName or "
                                                "$.userIdentity.arn (members only), not 'a[0]'");
    /* The next call forgets the reason. */
    assert_int_equal(cwf_match_job_set(j, "period", "7q"), CWF_STATUS_INVALID_ARGUMENT);
    assert_null(cwf_match_job_error(j));
    assert_int_equal(cwf_match_job_set(j, "period", "0s"), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_match_job_set(j, "threshold", "0"), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_match_job_set(j, "threshold", "2x"), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_match_job_set(j, "threshold", ""), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_match_job_set(j, "format", "sarif"), CWF_STATUS_INVALID_ARGUMENT);
    assert_null(cwf_match_job_error(NULL));

    /* run: NULL where the contract forbids it, a pattern with errors. */
    cwf_parsed *p = parse_ok("ERROR"), *bad = NULL;
    assert_int_equal(cwf_parse_pattern(S("{$.x"), &bad), CWF_STATUS_BAD_PATTERN);
    assert_int_equal(cwf_match_job_run(NULL, p, NULL, &a, 1, sink_write, NULL, &s, &n),
                     CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(n, 0);
    assert_int_equal(cwf_match_job_run(j, NULL, NULL, &a, 1, sink_write, NULL, &s, &n),
                     CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_match_job_run(j, p, NULL, &a, 1, NULL, NULL, &s, &n),
                     CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_match_job_run(j, p, NULL, &a, 1, sink_write, NULL, &s, NULL),
                     CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_match_job_run(j, p, NULL, NULL, 1, sink_write, NULL, &s, &n),
                     CWF_STATUS_INVALID_ARGUMENT);
    const char *holes[] = {a, NULL};
    assert_int_equal(cwf_match_job_run(j, p, NULL, holes, 2, sink_write, NULL, &s, &n),
                     CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_match_job_run(j, bad, NULL, &a, 1, sink_write, NULL, &s, &n),
                     CWF_STATUS_BAD_PATTERN);
    assert_int_equal(cwf_match_job_run(j, p, bad, &a, 1, sink_write, NULL, &s, &n),
                     CWF_STATUS_BAD_PATTERN);

    /* Unreadable inputs: reported, the others read, the count left out;
     * the same on one thread and on 256. */
    assert_int_equal(cwf_match_job_set_flag(j, "count", true), CWF_STATUS_OK);
    const char *inputs[] = {gz, "/nonexistent/cwf", a};
    for (unsigned t = 1; t <= 256; t += 255) {
        assert_int_equal(cwf_match_job_set_jobs(j, t), CWF_STATUS_OK);
        memset(&s, 0, sizeof s);
        assert_int_equal(cwf_match_job_run(j, p, NULL, inputs, 3, sink_write, sink_error, &s,
                                           &n), CWF_STATUS_BAD_INPUT);
        assert_int_equal(n, 2);
        assert_string_equal(s.out, "");
        char want[256];
        snprintf(want, sizeof want, "%s: truncated gzip data (unexpected end of file)\n"
                                    "/nonexistent/cwf: No such file or directory\n", gz);
        assert_string_equal(s.errors, want);
        /* Without an error callback: the status alone says it. */
        assert_int_equal(cwf_match_job_run(j, p, NULL, inputs, 3, sink_write, NULL, &s, &n),
                         CWF_STATUS_BAD_INPUT);
    }

    /* A write callback that stops the run: nothing more is written.  On
     * one thread the report comes in pieces of 64 KiB, on several one
     * input's report at a time. */
    assert_int_equal(cwf_match_job_set_flag(j, "count", false), CWF_STATUS_OK);
    static char big[120000];
    for (size_t i = 0; i + 60 <= sizeof big; i += 60)
        memcpy(big + i, "ERROR 01234567890123456789012345678901234567890123456789012\n", 60);
    const char *many[] = {tmp_file(2, "big.log", big, sizeof big), a, a};
    for (unsigned t = 1; t <= 2; t++) {
        assert_int_equal(cwf_match_job_set_jobs(j, t), CWF_STATUS_OK);
        size_t got[2] = {0, 0}; /* writes, bytes */
        assert_int_equal(cwf_match_job_run(j, p, NULL, many, 3, stop_write, sink_error, got,
                                           &n), CWF_STATUS_OK);
        assert_int_equal(got[0], 1);
        if (t == 1)
            assert_int_equal(got[1], 65536);
        else
            assert_int_equal(got[1], sizeof big);
    }
    cwf_parsed_free(p);
    cwf_parsed_free(bad);
    cwf_match_job_free(j);
    cwf_match_job_free(NULL);
}

/* ---- events reader -------------------------------------------------------- */

static void test_reader(void **state)
{
    (void)state;
    const char *a = tmp_file(0, "a.log", S(alog));
    cwf_reader *r = NULL;
    const char *e;
    size_t n;

    /* A lines file: a trailing \r dropped, the empty line no event. */
    assert_int_equal(cwf_reader_open(a, &r), CWF_STATUS_OK);
    assert_string_equal(cwf_reader_name(r), a);
    assert_string_equal(cwf_reader_format(r), "lines");
    assert_false(cwf_reader_gzipped(r));
    assert_int_equal(cwf_reader_number(r), 0);
    static const char *const want[] = {"2026-12-01T09:00:01Z ERROR disk full",
                                       "2026-12-01T09:03:00Z INFO ok",
                                       "2026-12-01T09:07:00Z ERROR again"};
    for (size_t i = 0; i < 3; i++) {
        assert_true(cwf_reader_next(r, &e, &n));
        assert_int_equal(n, strlen(want[i]));
        assert_memory_equal(e, want[i], n);
        assert_int_equal(cwf_reader_number(r), i + 1);
        assert_int_equal(cwf_reader_timestamp(r), -1);
    }
    assert_false(cwf_reader_next(r, &e, &n));
    assert_false(cwf_reader_next(r, &e, &n));
    assert_null(cwf_reader_error(r));
    assert_false(cwf_reader_next(r, NULL, &n));
    assert_false(cwf_reader_next(r, &e, NULL));
    cwf_reader_free(r);

    /* `aws logs` output in a buffer: messages with their timestamps. */
    static const char logs[] = "{\"events\":[{\"timestamp\":1764579601000,\"message\":\"a\\tb\"},"
                               "{\"message\":\"c\",\"timestamp\":5}]}";
    assert_int_equal(cwf_reader_open_buffer(S(logs), &r), CWF_STATUS_OK);
    assert_string_equal(cwf_reader_name(r), "<buffer>");
    assert_string_equal(cwf_reader_format(r), "log-events");
    assert_true(cwf_reader_next(r, &e, &n));
    assert_int_equal(n, 3);
    assert_memory_equal(e, "a\tb", 3);
    assert_true(cwf_reader_timestamp(r) == 1764579601000);
    assert_true(cwf_reader_next(r, &e, &n));
    assert_memory_equal(e, "c", 1);
    assert_true(cwf_reader_timestamp(r) == 5);
    assert_false(cwf_reader_next(r, &e, &n));
    cwf_reader_free(r);

    /* A gzipped CloudTrail file: each record, made compact. */
    static const char gz[] =
        "\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03\xab\x56\x0a\x4a\x4d\xce\x2f\x4a\x29\x56\xb2"
        "\x8a\xae\x56\x4a\x2d\x4b\xcd\x2b\xf1\x4b\xcc\x4d\x55\xb2\x52\x0a\x28\x2d\x09\xca\xcf"
        "\x49\x0d\xc8\xcf\xc9\x4c\xae\x54\xd2\x51\x50\xaa\x50\xb2\x52\x30\xac\xd5\x41\x55\xe5"
        "\x9e\x0a\x56\xa5\x54\x1b\x5b\xcb\x05\x00\xa7\x85\x7f\x30\x4c\x00\x00\x00";
    assert_int_equal(cwf_reader_open_buffer(S(gz), &r), CWF_STATUS_OK);
    assert_string_equal(cwf_reader_format(r), "cloudtrail");
    assert_true(cwf_reader_gzipped(r));
    assert_true(cwf_reader_next(r, &e, &n));
    assert_int_equal(n, strlen("{\"eventName\":\"PutRolePolicy\",\"x\":1}"));
    assert_memory_equal(e, "{\"eventName\":\"PutRolePolicy\",\"x\":1}", n);
    assert_true(cwf_reader_next(r, &e, &n));
    assert_memory_equal(e, "{\"eventName\":\"GetRole\"}", n);
    assert_int_equal(cwf_reader_number(r), 2);
    assert_false(cwf_reader_next(r, &e, &n));
    assert_null(cwf_reader_error(r));
    cwf_reader_free(r);

    /* The same cut short: the events before the cut, then the error; cut
     * in the header: the open fails. */
    assert_int_equal(cwf_reader_open_buffer(gz, 64, &r), CWF_STATUS_OK);
    assert_true(cwf_reader_next(r, &e, &n));
    assert_memory_equal(e, "{\"eventName\":\"PutRolePolicy\",\"x\":1}", n);
    assert_null(cwf_reader_error(r));
    assert_false(cwf_reader_next(r, &e, &n));
    assert_string_equal(cwf_reader_error(r), "truncated gzip data (unexpected end of file)");
    assert_false(cwf_reader_next(r, &e, &n));
    assert_int_equal(cwf_reader_number(r), 1);
    cwf_reader_free(r);
    assert_int_equal(cwf_reader_open_buffer(gz, 8, &r), CWF_STATUS_BAD_INPUT);
    assert_non_null(r);
    assert_string_equal(cwf_reader_error(r), "truncated gzip data (unexpected end of file)");
    assert_false(cwf_reader_next(r, &e, &n));
    assert_null(cwf_reader_format(r));
    cwf_reader_free(r);

    /* A file that cannot be opened: a reader with the reason, no event. */
    assert_int_equal(cwf_reader_open("/nonexistent/cwf", &r), CWF_STATUS_BAD_INPUT);
    assert_non_null(r);
    assert_string_equal(cwf_reader_name(r), "/nonexistent/cwf");
    assert_string_equal(cwf_reader_error(r), "No such file or directory");
    assert_false(cwf_reader_next(r, &e, &n));
    assert_int_equal(cwf_reader_number(r), 0);
    assert_null(cwf_reader_format(r));
    assert_false(cwf_reader_gzipped(r));
    cwf_reader_free(r);

    /* An empty buffer: no event, no error. */
    assert_int_equal(cwf_reader_open_buffer(NULL, 0, &r), CWF_STATUS_OK);
    assert_false(cwf_reader_next(r, &e, &n));
    assert_null(cwf_reader_error(r));
    cwf_reader_free(r);

    /* NULL where the contract forbids it. */
    r = (cwf_reader *)1;
    assert_int_equal(cwf_reader_open(NULL, &r), CWF_STATUS_INVALID_ARGUMENT);
    assert_null(r);
    assert_int_equal(cwf_reader_open(a, NULL), CWF_STATUS_INVALID_ARGUMENT);
    r = (cwf_reader *)1;
    assert_int_equal(cwf_reader_open_buffer(NULL, 3, &r), CWF_STATUS_INVALID_ARGUMENT);
    assert_null(r);
    assert_int_equal(cwf_reader_open_buffer(S("x"), NULL), CWF_STATUS_INVALID_ARGUMENT);
    assert_false(cwf_reader_next(NULL, &e, &n));
    assert_int_equal(cwf_reader_number(NULL), 0);
    assert_true(cwf_reader_timestamp(NULL) == -1);
    assert_null(cwf_reader_name(NULL));
    assert_null(cwf_reader_format(NULL));
    assert_false(cwf_reader_gzipped(NULL));
    assert_null(cwf_reader_error(NULL));
    cwf_reader_free(NULL);
}

/* ---- prove --------------------------------------------------------------- */

static void test_check_iam_covered(void **state)
{
    (void)state;
    cwf_parsed *p = parse_ok(iam);
    cwf_proof_result *r;
    assert_int_equal(cwf_check(p, "cis-4.4", &r), CWF_STATUS_OK);
    assert_true(cwf_proof_covered(r));
    assert_int_equal(cwf_proof_answer(r), CWF_ANSWER_COVERS);
    assert_string_equal(cwf_proof_rule_id(r), "cis-iam-policy-changes");
    assert_string_equal(cwf_proof_title(r), "IAM policy changes");
    assert_null(cwf_proof_counterexample(r));
    assert_int_equal(cwf_proof_case_count(r), 16);
    for (size_t i = 0; i < 16; i++) {
        const cwf_proof_case *c = cwf_proof_case_at(r, i);
        assert_string_equal(c->label, iam_names[i]);
        assert_int_equal(c->answer, CWF_ANSWER_COVERS);
        assert_null(c->reason);
        assert_null(c->counterexample);
    }
    assert_int_equal(cwf_proof_diag_count(r), 0);
    cwf_proof_result_free(r);

    /* The default rule is the IAM one; an unknown rule is an error. */
    assert_int_equal(cwf_check(p, NULL, &r), CWF_STATUS_OK);
    assert_string_equal(cwf_proof_rule_id(r), "cis-iam-policy-changes");
    cwf_proof_result_free(r);
    assert_int_equal(cwf_check(p, "cis-99.9", &r), CWF_STATUS_UNKNOWN_RULE);
    assert_null(r);
    cwf_parsed_free(p);
}

static void test_check_root_narrowed(void **state)
{
    (void)state;
    cwf_parsed *p = parse_ok("{ ($.eventName = PutRolePolicy || $.eventName = DeleteRolePolicy)"
                             " && $.userIdentity.type = \"Root\" }");
    cwf_proof_result *r;
    assert_int_equal(cwf_check(p, "cis-4.4", &r), CWF_STATUS_OK);
    assert_false(cwf_proof_covered(r));
    assert_int_equal(cwf_proof_answer(r), CWF_ANSWER_NOT_COVERED);
    assert_int_equal(cwf_proof_case_count(r), 16);
    const cwf_proof_case *c = cwf_proof_case_at(r, 1);
    assert_string_equal(c->label, "DeleteRolePolicy");
    assert_int_equal(c->answer, CWF_ANSWER_NOT_COVERED);
    assert_string_equal(c->reason, "DeleteRolePolicy is matched only when "
                                   "`$.userIdentity.type = \"Root\"`");
    assert_string_equal(c->residual, "$.userIdentity.type = \"Root\"");
    assert_true(c->has_span);
    assert_int_equal(c->start, 69);
    assert_int_equal(c->end, 97);
    assert_string_equal(c->counterexample, "{\"eventSource\":\"iam.amazonaws.com\","
                                           "\"eventType\":\"AwsApiCall\","
                                           "\"eventName\":\"DeleteRolePolicy\"}");
    c = cwf_proof_case_at(r, 0);
    assert_string_equal(c->reason, "no term matches DeleteGroupPolicy");
    assert_false(c->has_span);

    assert_int_equal(cwf_proof_diag_count(r), 2);
    const cwf_diagnostic *d = cwf_proof_diag(r, 0);
    assert_string_equal(d->rule_id, "CWF301");
    d = cwf_proof_diag(r, 1);
    assert_string_equal(d->rule_id, "CWF302");
    assert_int_equal(d->start, 69);
    assert_int_equal(d->end, 97);
    assert_int_equal(d->column, 70);
    assert_string_equal(d->message, "DeleteRolePolicy and PutRolePolicy are matched only when "
                                    "`$.userIdentity.type = \"Root\"`");
    assert_int_equal(d->nnotes, 1);
    assert_string_equal(d->notes[0], "IAM policy changes requires no such condition, so "
                                     "events without it are missed");
    cwf_proof_result_free(r);
    cwf_parsed_free(p);
}

static void test_implies_equiv(void **state)
{
    (void)state;
    cwf_parsed *a = parse_ok("{ $.x = \"a*\" }");
    cwf_parsed *b = parse_ok("{ $.x = \"ab\" }");
    cwf_proof_result *r;
    /* "ab" implies "a*" (every event x = "ab" matches x = "a*") ... */
    assert_int_equal(cwf_implies(b, a, &r), CWF_STATUS_OK);
    assert_true(cwf_proof_covered(r));
    assert_null(cwf_proof_rule_id(r));
    cwf_proof_result_free(r);
    /* ... and "a*" does not imply "ab". */
    assert_int_equal(cwf_implies(a, b, &r), CWF_STATUS_OK);
    assert_int_equal(cwf_proof_answer(r), CWF_ANSWER_NOT_COVERED);
    const char *ce = cwf_proof_counterexample(r);
    assert_non_null(ce);
    /* The counterexample matches a, the premise, and not b. */
    cwf_compiled *ma, *mb;
    bool ha, hb;
    assert_int_equal(cwf_compile(a, &ma), CWF_STATUS_OK);
    assert_int_equal(cwf_compile(b, &mb), CWF_STATUS_OK);
    assert_int_equal(cwf_match(ma, ce, strlen(ce), &ha), CWF_STATUS_OK);
    assert_int_equal(cwf_match(mb, ce, strlen(ce), &hb), CWF_STATUS_OK);
    assert_true(ha);
    assert_false(hb);
    cwf_compiled_free(ma);
    cwf_compiled_free(mb);
    cwf_proof_result_free(r);

    bool eq = true;
    cwf_proof_result *ab, *ba;
    assert_int_equal(cwf_equiv(a, b, &eq, &ab, &ba), CWF_STATUS_OK);
    assert_false(eq);
    assert_false(cwf_proof_covered(ab)); /* "a*" does not imply "ab" */
    assert_true(cwf_proof_covered(ba));  /* "ab" implies "a*" */
    cwf_proof_result_free(ab);
    cwf_proof_result_free(ba);

    cwf_parsed *c = parse_ok("{$.x=\"a*\"}");
    assert_int_equal(cwf_equiv(a, c, &eq, NULL, NULL), CWF_STATUS_OK);
    assert_true(eq);
    cwf_parsed_free(c);
    cwf_parsed_free(a);
    cwf_parsed_free(b);
}

/* ---- rule tables --------------------------------------------------------- */

static void test_rules(void **state)
{
    (void)state;
    cwf_rule_info ri;
    assert_true(cwf_rule_count() > 50);
    assert_int_equal(cwf_rule_get(0, &ri), CWF_STATUS_OK);
    assert_string_equal(ri.id, "CWF100");
    assert_int_equal(cwf_rule_get(cwf_rule_count(), &ri), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_rule_lookup("missing-dollar", &ri), CWF_STATUS_OK);
    assert_string_equal(ri.id, "CWF105");
    assert_int_equal(ri.level, CWF_LEVEL_ERROR);
    assert_non_null(ri.summary);
    assert_non_null(ri.explanation);
    assert_int_equal(cwf_rule_lookup("cwf105", &ri), CWF_STATUS_OK);
    assert_string_equal(ri.name, "missing-dollar");
    assert_int_equal(cwf_rule_lookup("CWF999", &ri), CWF_STATUS_UNKNOWN_RULE);

    cwf_benchmark_info bi;
    assert_true(cwf_benchmark_count() >= 14);
    assert_int_equal(cwf_benchmark_get(0, &bi), CWF_STATUS_OK);
    assert_string_equal(bi.id, "cis-iam-policy-changes");
    assert_int_equal(cwf_benchmark_get(cwf_benchmark_count(), &bi), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_benchmark_lookup("CIS-4.4", &bi), CWF_STATUS_OK);
    assert_string_equal(bi.id, "cis-iam-policy-changes");
    assert_string_equal(bi.title, "IAM policy changes");
    bool alias = false;
    for (const char *const *a = bi.aliases; *a; a++)
        alias |= strcmp(*a, "cis-4.4") == 0;
    assert_true(alias);
    /* The requirement is itself a pattern the library parses. */
    cwf_parsed *p = parse_ok(bi.requirement);
    cwf_parsed_free(p);
    assert_int_equal(cwf_benchmark_lookup("nope", &bi), CWF_STATUS_UNKNOWN_RULE);
    /* Every benchmark rule is proved against its own requirement. */
    for (size_t i = 0; i < cwf_benchmark_count(); i++) {
        assert_int_equal(cwf_benchmark_get(i, &bi), CWF_STATUS_OK);
        p = parse_ok(bi.requirement);
        cwf_proof_result *r;
        assert_int_equal(cwf_check(p, bi.id, &r), CWF_STATUS_OK);
        assert_true(cwf_proof_covered(r));
        cwf_proof_result_free(r);
        cwf_parsed_free(p);
    }
}

/* ---- lint ---------------------------------------------------------------- */

static const char tf[] =
    "resource \"aws_cloudwatch_log_metric_filter\" \"root\" {\n"
    "  name           = \"root\"\n"
    "  log_group_name = \"trail\"\n"
    "  pattern        = \"{ $.userIdentity.type = Root && $.eventType != AwsServiceEvent }\"\n"
    "  metric_transformation {\n"
    "    name      = \"m\"\n"
    "    namespace = \"n\"\n"
    "    value     = \"1\"\n"
    "  }\n"
    "}\n"
    "\n"
    "resource \"aws_cloudwatch_log_metric_filter\" \"bad\" {\n"
    "  name           = \"bad\"\n"
    "  log_group_name = \"app\"\n"
    "  # cwfilter-ignore: CWF999\n"
    "  pattern        = \"ERROR {\"\n"
    "  metric_transformation {\n"
    "    name      = \"m\"\n"
    "    namespace = \"n\"\n"
    "    value     = \"1\"\n"
    "  }\n"
    "}\n";

/* A Terraform file in memory: a syntax error located on its line and
 * column in the .tf file, coverage of a rule no filter covers (CWF404 at
 * no filter), and an unused suppression naming an unknown rule. */
static void test_lint_buffer(void **state)
{
    (void)state;
    cwf_lint *l = NULL;
    assert_int_equal(cwf_lint_new(&l), CWF_STATUS_OK);
    assert_int_equal(cwf_lint_add_rule(l, "cis-4.4"), CWF_STATUS_OK);
    assert_int_equal(cwf_lint_add_rule(l, "cis-9.9"), CWF_STATUS_UNKNOWN_RULE);
    assert_int_equal(cwf_lint_add_buffer(l, "main.tf", S(tf)), CWF_STATUS_OK);
    /* Rules and config come before files. */
    assert_int_equal(cwf_lint_add_rule(l, "cis-4.3"), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_lint_set_config(l, CWF_LINT_CONFIG_NEAREST, NULL),
                     CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_lint_finding_count(l), 0); /* not judged yet */
    assert_int_equal(cwf_lint_judge(l), CWF_STATUS_OK);
    assert_int_equal(cwf_lint_judge(l), CWF_STATUS_OK); /* a second call does nothing */
    assert_int_equal(cwf_lint_add_buffer(l, "more.tf", S(tf)), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_lint_files_read(l), 1);
    assert_int_equal(cwf_lint_patterns_found(l), 2);
    assert_int_equal(cwf_lint_rule_count(l), 1);
    assert_int_equal(cwf_lint_problem_count(l), 0);
    assert_int_equal(cwf_lint_finding_count(l), 3);

    const cwf_finding *f = cwf_lint_finding(l, 0);
    assert_string_equal(f->diag->rule_id, "CWF111");
    assert_string_equal(f->diag->rule_name, "needs-quotes");
    assert_int_equal(f->diag->level, CWF_LEVEL_ERROR);
    assert_string_equal(f->file, "main.tf");
    assert_string_equal(f->logical, "aws_cloudwatch_log_metric_filter.bad");
    assert_int_equal(f->len, 7);
    assert_memory_equal(f->text, "ERROR {", 7);
    assert_int_equal(f->diag->start, 6);
    assert_int_equal(f->diag->end, 7);
    assert_int_equal(f->diag->line, 16);
    assert_int_equal(f->diag->column, 27);
    assert_int_equal(f->diag->end_line, 16);
    assert_int_equal(f->diag->end_column, 28);
    assert_string_equal(f->diag->message, "the term `{` has characters that need double quotes");
    assert_string_equal(f->diag->suggestion, "\"{\"");

    f = cwf_lint_finding(l, 1);
    assert_string_equal(f->diag->rule_id, "CWF404");
    assert_null(f->file); /* no trail or log-group resource: about no file */
    assert_null(f->logical);
    assert_int_equal(f->len, 0);
    assert_int_equal(f->diag->line, 0);
    assert_int_equal(f->diag->column, 0);
    assert_string_equal(f->diag->message, "no metric filter in the linted files covers "
                                         "cis-iam-policy-changes (IAM policy changes)");
    assert_int_equal(f->diag->nnotes, 1);
    assert_string_equal(f->diag->notes[0],
                        "the one metric filter checked does not test what the rule requires");

    f = cwf_lint_finding(l, 2);
    assert_string_equal(f->diag->rule_id, "CWF402");
    assert_int_equal(f->diag->level, CWF_LEVEL_WARNING);
    assert_int_equal(f->diag->line, 15);
    assert_int_equal(f->diag->column, 22);
    assert_int_equal(f->diag->end_column, 28);
    assert_string_equal(f->diag->message, "unknown rule `CWF999` in this suppression comment");
    assert_null(cwf_lint_finding(l, 3));
    cwf_lint_free(l);
}

/* A file that is not what its name says is a problem, not a crash; a
 * suppression comment silences its rule. */
static void test_lint_problems(void **state)
{
    (void)state;
    cwf_lint *l = NULL;
    assert_int_equal(cwf_lint_new(&l), CWF_STATUS_OK);
    assert_int_equal(cwf_lint_add_buffer(l, "broken.json", S("{\"metricFilters\": [")),
                     CWF_STATUS_BAD_INPUT);
    static const char yaml[] =
        "Resources:\n"
        "  F:\n"
        "    Type: AWS::Logs::MetricFilter\n"
        "    Properties:\n"
        "      LogGroupName: app\n"
        "      # cwfilter-ignore: CWF111 -- known\n"
        "      FilterPattern: 'ERROR {'\n";
    assert_int_equal(cwf_lint_add_buffer(l, "t.yaml", S(yaml)), CWF_STATUS_OK);
    assert_int_equal(cwf_lint_judge(l), CWF_STATUS_OK);
    assert_int_equal(cwf_lint_problem_count(l), 1);
    bool error = false;
    const char *p = cwf_lint_problem(l, 0, &error);
    assert_non_null(p);
    assert_true(error);
    assert_int_equal(strncmp(p, "broken.json:", 12), 0);
    assert_null(cwf_lint_problem(l, 1, &error));
    assert_false(error);
    assert_int_equal(cwf_lint_files_read(l), 1);
    assert_int_equal(cwf_lint_finding_count(l), 0);
    cwf_lint_free(l);
}

/* Paths walked as `cwfilter lint` walks them, with the nearest
 * .cwfilter.yml or none (tests run from the top of the tree). */
static void test_lint_paths_config(void **state)
{
    (void)state;
    static const char *const dir[] = {"corpus/configs/describe"};
    cwf_lint *l = NULL;
    assert_int_equal(cwf_lint_new(&l), CWF_STATUS_OK);
    assert_int_equal(cwf_lint_set_config(l, CWF_LINT_CONFIG_NEAREST, NULL), CWF_STATUS_OK);
    assert_int_equal(cwf_lint_add_paths(l, dir, 1, false), CWF_STATUS_OK);
    assert_int_equal(cwf_lint_judge(l), CWF_STATUS_OK);
    assert_int_equal(cwf_lint_finding_count(l), 4);
    const cwf_finding *f = cwf_lint_finding(l, 3);
    assert_string_equal(f->diag->rule_id, "CWF402");
    assert_string_equal(f->file, "corpus/configs/describe/.cwfilter.yml");
    assert_int_equal(f->diag->line, 7);
    assert_int_equal(f->diag->column, 9);
    f = cwf_lint_finding(l, 0);
    assert_string_equal(f->diag->rule_id, "CWF108");
    assert_string_equal(f->file, "corpus/configs/describe/metric-filters.json");
    assert_int_equal(f->diag->line, 57);
    assert_int_equal(f->diag->column, 81);
    cwf_lint_free(l);

    assert_int_equal(cwf_lint_new(&l), CWF_STATUS_OK);
    assert_int_equal(cwf_lint_add_paths(l, dir, 1, false), CWF_STATUS_OK);
    assert_int_equal(cwf_lint_judge(l), CWF_STATUS_OK);
    /* Without the config its entry is not reported; what it silences is. */
    size_t n = cwf_lint_finding_count(l);
    for (size_t i = 0; i < n; i++)
        assert_string_not_equal(cwf_lint_finding(l, i)->diag->rule_id, "CWF402");
    cwf_lint_free(l);

    static const char *const missing[] = {"corpus/configs/no-such-file.tf"};
    assert_int_equal(cwf_lint_new(&l), CWF_STATUS_OK);
    assert_int_equal(cwf_lint_add_paths(l, missing, 1, false), CWF_STATUS_OK);
    assert_int_equal(cwf_lint_judge(l), CWF_STATUS_OK);
    assert_int_equal(cwf_lint_problem_count(l), 1);
    assert_int_equal(cwf_lint_finding_count(l), 0);
    cwf_lint_free(l);
}

static void test_lint_null_arguments(void **state)
{
    (void)state;
    const char *label = "x";
    assert_int_equal(cwf_lint_new(NULL), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_lint_add_rule(NULL, "cis-4.4"), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_lint_add_benchmark(NULL, "cis", &label), CWF_STATUS_INVALID_ARGUMENT);
    assert_null(label);
    assert_int_equal(cwf_lint_add_buffer(NULL, "f.tf", S("")), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_lint_add_paths(NULL, NULL, 0, false), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_lint_judge(NULL), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_lint_finding_count(NULL), 0);
    assert_null(cwf_lint_finding(NULL, 0));
    assert_null(cwf_lint_problem(NULL, 0, NULL));
    cwf_lint_free(NULL);

    cwf_lint *l = NULL;
    assert_int_equal(cwf_lint_new(&l), CWF_STATUS_OK);
    assert_int_equal(cwf_lint_add_rule(l, NULL), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_lint_set_config(l, CWF_LINT_CONFIG_FILE, NULL),
                     CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_lint_set_config(l, (cwf_lint_config)7, NULL),
                     CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_lint_add_benchmark(l, "cis-9.9", &label), CWF_STATUS_UNKNOWN_RULE);
    assert_int_equal(cwf_lint_add_benchmark(l, "cis-1.2", &label), CWF_STATUS_OK);
    assert_string_equal(label, "CIS 1.2");
    assert_int_equal(cwf_lint_rule_count(l), 14); /* CIS 1.2: 3.1 to 3.14 */
    assert_int_equal(cwf_lint_add_buffer(l, NULL, S("")), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_lint_add_buffer(l, "f.tf", NULL, 3), CWF_STATUS_INVALID_ARGUMENT);
    const char *const bad[] = {NULL};
    assert_int_equal(cwf_lint_add_paths(l, bad, 1, false), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_lint_add_buffer(l, "empty.tf", NULL, 0), CWF_STATUS_OK);
    assert_int_equal(cwf_lint_judge(l), CWF_STATUS_OK);
    cwf_lint_free(l);
}

/* ---- sql ----------------------------------------------------------------- */

static void test_sql(void **state)
{
    (void)state;
    cwf_sql_job *j = NULL;
    assert_int_equal(cwf_sql_new(&j), CWF_STATUS_OK);
    cwf_parsed *p = parse_ok("{ $.eventName = \"ConsoleLogin\" }");
    assert_int_equal(cwf_sql_set(j, "column", "json"), CWF_STATUS_OK);
    assert_int_equal(cwf_sql_run(j, p), CWF_STATUS_OK);
    assert_non_null(cwf_sql_text(j));
    assert_int_equal(cwf_sql_diag_count(j), 0);
    assert_int_equal(cwf_sql_set(j, "dialect", "oracle"), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_sql_set(j, "colour", "x"), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_sql_set(j, NULL, "x"), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_sql_set_period(j, 367u * 86400), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_sql_set_period(j, 300), CWF_STATUS_OK);
    assert_int_equal(cwf_sql_run(j, p), CWF_STATUS_OK);
    cwf_parsed_free(p);

    /* The cloudtrail table has no column for a term pattern: refused. */
    assert_int_equal(cwf_sql_set(j, "source", "cloudtrail-table"), CWF_STATUS_OK);
    assert_int_equal(cwf_sql_set(j, "column", NULL), CWF_STATUS_OK);
    assert_int_equal(cwf_sql_set_period(j, 0), CWF_STATUS_OK);
    p = parse_ok("ERROR");
    assert_int_equal(cwf_sql_run(j, p), CWF_STATUS_REFUSED);
    assert_null(cwf_sql_text(j));
    assert_int_equal(cwf_sql_diag_count(j), 1);
    assert_string_equal(cwf_sql_diag(j, 0)->rule_id, "CWF601");
    assert_null(cwf_sql_diag(j, 1));
    cwf_parsed_free(p);

    cwf_parsed *bad = NULL;
    assert_int_equal(cwf_parse_pattern(S("{ $.a = "), &bad), CWF_STATUS_BAD_PATTERN);
    assert_int_equal(cwf_sql_run(j, bad), CWF_STATUS_BAD_PATTERN);
    assert_int_equal(cwf_sql_run(j, NULL), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_sql_run(NULL, bad), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_sql_new(NULL), CWF_STATUS_INVALID_ARGUMENT);
    assert_null(cwf_sql_text(NULL));
    cwf_parsed_free(bad);
    cwf_sql_free(j);
    cwf_sql_free(NULL);
}

/* cwf_explain: the text `cwfilter explain` prints, snprintf's contract. */
static void test_explain(void **state)
{
    (void)state;
    size_t n = cwf_explain("missing-dollar", NULL, 0);
    assert_true(n > 40);
    char small[8];
    assert_int_equal(cwf_explain("CWF105", small, sizeof small), n);
    assert_string_equal(small, "CWF105 ");
    char big[4096];
    assert_true(n < sizeof big);
    assert_int_equal(cwf_explain("cwf105", big, sizeof big), n);
    assert_int_equal(strncmp(big, "CWF105 missing-dollar (", 23), 0);
    assert_int_equal(big[n - 1], '\n');
    size_t b = cwf_explain("cis-4.4", NULL, 0);
    assert_true(b > 0);
    char *text = test_malloc(b + 1);
    assert_int_equal(cwf_explain("cis-4.4", text, b + 1), b);
    assert_int_equal(strncmp(text, "cis-iam-policy-changes: IAM policy changes\n", 43), 0);
    test_free(text);
    assert_int_equal(cwf_explain("CWF999", big, sizeof big), 0);
    assert_int_equal(cwf_explain(NULL, big, sizeof big), 0);
    assert_string_equal(cwf_level_name(CWF_LEVEL_WARNING), "warning");
    assert_non_null(strstr(cwf_benchmark_versions(), "cis-1.2"));
}

/* ---- audit --------------------------------------------------------------- */

/* A bundle whose one filter is narrowed to the root user: step 5 fails,
 * located in the export (the same place `cwfilter audit` names). */
static void test_audit_paths(void **state)
{
    (void)state;
    static const char *const dir[] = {"corpus/audit/narrowed-pattern"};
    static const char mf[] = "corpus/audit/narrowed-pattern/111122223333/us-east-1/"
                             "log-groups/cloudtrail-main/describe-metric-filters.json";
    cwf_audit_job *a = NULL;
    assert_int_equal(cwf_audit_new(&a), CWF_STATUS_OK);
    assert_int_equal(cwf_audit_add_rule(a, "cis-4.4"), CWF_STATUS_OK);
    assert_int_equal(cwf_audit_add_rule(a, "cis-9.9"), CWF_STATUS_UNKNOWN_RULE);
    assert_int_equal(cwf_audit_add_paths(a, dir, 1, false), CWF_STATUS_OK);
    assert_true(cwf_audit_export_count(a) > 5);
    assert_int_equal(cwf_audit_problem_count(a), 0);
    assert_null(cwf_audit_render(a, "text", NULL)); /* not judged yet */
    assert_int_equal(cwf_audit_control_count(a), 0);
    assert_int_equal(cwf_audit_judge(a), CWF_STATUS_OK);
    assert_int_equal(cwf_audit_add_rule(a, "cis-4.3"), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_audit_rule_count(a), 1);
    assert_int_equal(cwf_audit_control_count(a), 1);
    assert_int_equal(cwf_audit_pass_count(a), 0);

    cwf_audit_control c;
    assert_int_equal(cwf_audit_control_get(a, 0, &c), CWF_STATUS_OK);
    assert_string_equal(c.rule_id, "cis-iam-policy-changes");
    assert_string_equal(c.title, "IAM policy changes");
    assert_string_equal(c.account, "111122223333");
    assert_string_equal(c.verdict, "fail");
    assert_int_equal(c.step, 5);
    assert_string_equal(c.message, "the pattern of filter IAMChanges covers 0 of 16 event names: "
                                   "each is matched only when $.userIdentity.type = \"Root\"");
    assert_int_equal(cwf_audit_control_get(a, 1, &c), CWF_STATUS_INVALID_ARGUMENT);

    cwf_audit_step_info s;
    assert_int_equal(cwf_audit_step_get(a, 0, 5, &s), CWF_STATUS_OK);
    assert_string_equal(s.name, "metric filter");
    assert_string_equal(s.verdict, "fail");
    assert_string_equal(s.file, mf);
    assert_int_equal(s.line, 44);
    assert_int_equal(s.column, 30);
    assert_int_equal(cwf_audit_step_get(a, 0, 7, &s), CWF_STATUS_OK);
    assert_string_equal(s.verdict, "pass");
    assert_string_equal(s.text, "topic alerts has 1 confirmed subscription (email)");
    assert_int_equal(cwf_audit_step_get(a, 0, 0, &s), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_audit_step_get(a, 0, 8, &s), CWF_STATUS_INVALID_ARGUMENT);

    assert_int_equal(cwf_audit_finding_count(a), 1);
    const cwf_finding *f = cwf_audit_finding(a, 0);
    assert_string_equal(f->diag->rule_id, "CWF505");
    assert_string_equal(f->file, mf);
    assert_string_equal(f->logical, "111122223333/cis-iam-policy-changes");
    assert_int_equal(f->diag->line, 44);
    assert_int_equal(f->diag->column, 30);
    assert_int_equal(f->diag->end_line, 44);
    assert_int_equal(f->diag->end_column, 577);
    assert_int_equal(f->diag->nnotes, 7);
    assert_string_equal(f->diag->notes[6], "step 7 (" "subscription" ") pass: topic alerts has 1 "
                                          "confirmed subscription (email)");
    assert_null(cwf_audit_finding(a, 1));

    size_t len = 0;
    const char *text = cwf_audit_render(a, "text", &len);
    assert_non_null(text);
    assert_int_equal(strlen(text), len);
    assert_int_equal(strncmp(text, "account 111122223333: 0 pass, 1 fail, 0 unknown\n", 48), 0);
    assert_non_null(cwf_audit_render(a, "json", NULL));
    assert_non_null(cwf_audit_render(a, "fix", NULL));
    assert_null(cwf_audit_render(a, "xml", &len));
    assert_int_equal(len, 0);
    cwf_audit_job_free(a);
}

static void test_audit_exports(void **state)
{
    (void)state;
    cwf_audit_job *a = NULL;
    const char *label = NULL;
    assert_int_equal(cwf_audit_new(&a), CWF_STATUS_OK);
    assert_int_equal(cwf_audit_add_benchmark(a, "cis-1.2", &label), CWF_STATUS_OK);
    assert_string_equal(label, "CIS 1.2");
    assert_int_equal(cwf_audit_add_benchmark(a, "cis-1.2", NULL), CWF_STATUS_OK);
    assert_int_equal(cwf_audit_rule_count(a), 14); /* no duplicates */
    assert_int_equal(cwf_audit_add_export(a, "x.json", S("[1, 2")), CWF_STATUS_BAD_INPUT);
    assert_int_equal(cwf_audit_add_export(a, "y.json", S("{\"Nothing\": []}")),
                     CWF_STATUS_BAD_INPUT);
    assert_int_equal(cwf_audit_add_export(a, "trails.json", S("{\"trailList\": []}")),
                     CWF_STATUS_OK);
    assert_int_equal(cwf_audit_problem_count(a), 2);
    bool error = false;
    assert_int_equal(strncmp(cwf_audit_problem(a, 0, &error), "x.json: ", 8), 0);
    assert_true(error);
    assert_int_equal(cwf_audit_export_count(a), 1);
    assert_int_equal(cwf_audit_judge(a), CWF_STATUS_OK);
    assert_int_equal(cwf_audit_add_export(a, "t.json", S("{}")), CWF_STATUS_INVALID_ARGUMENT);
    /* No trail: nothing passes. */
    assert_int_equal(cwf_audit_pass_count(a), 0);
    cwf_audit_job_free(a);

    assert_int_equal(cwf_audit_new(NULL), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_audit_add_rule(NULL, "cis-4.4"), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_audit_add_export(NULL, "a", S("{}")), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_audit_add_paths(NULL, NULL, 0, false), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_audit_judge(NULL), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_audit_control_count(NULL), 0);
    assert_null(cwf_audit_render(NULL, "text", NULL));
    assert_null(cwf_audit_problem(NULL, 0, NULL));
    cwf_audit_job_free(NULL);
}

/* cwf_check_*: check through a requirement and a rule, text and the
 * literal comparison, exact reports and statuses. */
static void test_check_job(void **state)
{
    (void)state;
    cwf_check_job *j = NULL;
    size_t n = 7;
    assert_int_equal(cwf_check_new(NULL), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_check_new(&j), CWF_STATUS_OK);
    assert_null(cwf_check_output(j, &n));
    assert_int_equal(n, 0);
    assert_false(cwf_check_passed(j));
    assert_int_equal(cwf_check_set_requirement(j, "req", S("ERROR")), CWF_STATUS_OK);
    assert_int_equal(cwf_check_add_rule(j, "cis-4.4"), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_check_set_flag(j, "literal", true), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_check_set_flag(j, "bogus", true), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_check_run(j, "<pattern>", S("ERROR")), CWF_STATUS_OK);
    assert_true(cwf_check_passed(j));
    assert_string_equal(cwf_check_output(j, &n), "<pattern>: the requirement in req: covers\n");
    assert_int_equal(n, 42);
    assert_string_equal(cwf_check_messages(j, &n), "");
    assert_int_equal(n, 0);
    assert_int_equal(cwf_check_run(j, "<pattern>", S("ERROR")), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_check_set_flag(j, "json", true), CWF_STATUS_INVALID_ARGUMENT);
    cwf_check_free(j);

    assert_int_equal(cwf_check_new(&j), CWF_STATUS_OK);
    assert_int_equal(cwf_check_add_rule(j, "nope"), CWF_STATUS_UNKNOWN_RULE);
    assert_int_equal(cwf_check_add_rule(NULL, "cis-4.4"), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_check_add_rule(j, "cis-4.4"), CWF_STATUS_OK);
    assert_int_equal(cwf_check_set_requirement(j, "req", S("x")), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_check_set_flag(j, "literal", true), CWF_STATUS_OK);
    assert_int_equal(cwf_check_run(j, "<pattern>", iam, strlen(iam)), CWF_STATUS_OK);
    assert_true(cwf_check_passed(j));
    assert_string_equal(cwf_check_output(j, NULL),
                        "<pattern>: cis-iam-policy-changes (IAM policy changes): covers\n"
                        "  literal: the prescribed text (CIS 1.2.0 to 7.0.0, audit and "
                        "remediation (3.4, 4.4, 5.4))\n");
    cwf_check_free(j);

    /* A pattern with an error: its diagnostics, no report, not passed. */
    assert_int_equal(cwf_check_new(&j), CWF_STATUS_OK);
    assert_int_equal(cwf_check_run(j, "<pattern>", S("{ $.a = ")), CWF_STATUS_BAD_PATTERN);
    assert_false(cwf_check_passed(j));
    assert_string_equal(cwf_check_output(j, &n), "");
    assert_int_equal(n, 0);
    assert_string_equal(cwf_check_messages(j, NULL),
                        "<pattern>:1:9: error: expected value at the end of the pattern "
                        "[CWF100]\n  |\n  | { $.a = \n  |         ^\n");
    cwf_check_free(j);
    cwf_check_free(NULL);
}

/* cwf_check_relate: implies, covers, equiv, text and JSON. */
static void test_check_relate(void **state)
{
    (void)state;
    cwf_check_job *j = NULL;
    assert_int_equal(cwf_check_new(&j), CWF_STATUS_OK);
    assert_int_equal(cwf_check_relate(j, "entails", "A", S("a"), "B", S("b")),
                     CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_check_relate(j, "implies", "A", NULL, 1, "B", S("b")),
                     CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_check_relate(j, "implies", "A", S("ERROR"), "B", S("ERROR WARN")),
                     CWF_STATUS_OK);
    assert_false(cwf_check_passed(j));
    assert_string_equal(cwf_check_output(j, NULL),
                        "A does not imply B: \"ERROR\" matches A and not B\n");
    assert_string_equal(cwf_check_messages(j, NULL), "");
    cwf_check_free(j);

    assert_int_equal(cwf_check_new(&j), CWF_STATUS_OK);
    assert_int_equal(cwf_check_relate(j, "covers", "A", S("ERROR"), "B", S("ERROR WARN")),
                     CWF_STATUS_OK);
    assert_true(cwf_check_passed(j));
    assert_string_equal(cwf_check_output(j, NULL), "A covers B\n");
    cwf_check_free(j);

    assert_int_equal(cwf_check_new(&j), CWF_STATUS_OK);
    assert_int_equal(cwf_check_set_flag(j, "json", true), CWF_STATUS_OK);
    assert_int_equal(cwf_check_relate(j, "equiv", "A", S("ERROR"), "B", S("\"ERROR\"")),
                     CWF_STATUS_OK);
    assert_true(cwf_check_passed(j));
    assert_string_equal(
        cwf_check_output(j, NULL),
        "{\"version\":1,\"equiv\":[{\"covers\":\"B\",\"covered\":\"A\",\"verdict\":\"covers\","
        "\"reason\":null,\"assumes\":null,\"internalError\":false,\"counterexample\":null,"
        "\"cases\":[{\"label\":\"A\",\"verdict\":\"covers\",\"reason\":null,\"residual\":null,"
        "\"span\":null,\"suggestion\":null,\"counterexample\":null}],\"findings\":[],"
        "\"warnings\":[]},{\"covers\":\"A\",\"covered\":\"B\",\"verdict\":\"covers\","
        "\"reason\":null,\"assumes\":null,\"internalError\":false,\"counterexample\":null,"
        "\"cases\":[{\"label\":\"B\",\"verdict\":\"covers\",\"reason\":null,\"residual\":null,"
        "\"span\":null,\"suggestion\":null,\"counterexample\":null}],\"findings\":[],"
        "\"warnings\":[]}],\"result\":true}\n");
    cwf_check_free(j);

    /* Either pattern bad: both patterns' diagnostics, no output. */
    assert_int_equal(cwf_check_new(&j), CWF_STATUS_OK);
    assert_int_equal(cwf_check_relate(j, "implies", "A", S("x*y"), "B", S("x")),
                     CWF_STATUS_BAD_PATTERN);
    assert_false(cwf_check_passed(j));
    assert_string_equal(cwf_check_output(j, NULL), "");
    assert_string_equal(cwf_check_messages(j, NULL),
                        "A:1:1: error: the term `x*y` has characters that need double quotes "
                        "[CWF111]\n  |\n  | x*y\n  | ^~~\n  = help: did you mean `\"x*y\"`?\n");
    cwf_check_free(j);
}

/* The order contract: options before inputs, nothing added after judging;
 * out-of-range indexes give NULL; the setters' every value. */
static void test_call_order_and_ranges(void **state)
{
    (void)state;
    const char *label = "x";
    bool err = true;
    cwf_lint *l = NULL;
    assert_int_equal(cwf_lint_new(&l), CWF_STATUS_OK);
    assert_int_equal(cwf_lint_set_config(l, CWF_LINT_CONFIG_NONE, NULL), CWF_STATUS_OK);
    assert_int_equal(cwf_lint_set_config(l, CWF_LINT_CONFIG_NEAREST, NULL), CWF_STATUS_OK);
    assert_int_equal(cwf_lint_want_fixes(l, true), CWF_STATUS_OK);
    assert_int_equal(cwf_lint_add_rule(l, "cis-9.99"), CWF_STATUS_UNKNOWN_RULE);
    assert_int_equal(cwf_lint_add_rule(l, "cis-4.5"), CWF_STATUS_OK);
    assert_int_equal(cwf_lint_add_benchmark(l, NULL, &label), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_lint_add_benchmark(l, "cis-1.2", NULL), CWF_STATUS_OK);
    assert_int_equal(cwf_lint_add_paths(l, NULL, 0, false), CWF_STATUS_OK);
    /* options after an input are refused */
    assert_int_equal(cwf_lint_set_config(l, CWF_LINT_CONFIG_NONE, NULL), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_lint_want_fixes(l, false), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_lint_add_rule(l, "cis-4.5"), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_lint_add_benchmark(l, "cis", &label), CWF_STATUS_INVALID_ARGUMENT);
    assert_null(label);
    assert_int_equal(cwf_lint_judge(l), CWF_STATUS_OK);
    assert_int_equal(cwf_lint_judge(l), CWF_STATUS_OK);
    /* inputs after judging are refused */
    assert_int_equal(cwf_lint_add_buffer(l, "f.tf", S("")), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_lint_add_paths(l, NULL, 0, false), CWF_STATUS_INVALID_ARGUMENT);
    assert_null(cwf_lint_problem(l, 99, &err));
    assert_false(err);
    assert_null(cwf_lint_finding(l, 99));
    cwf_lint_free(l);
    assert_int_equal(cwf_lint_want_fixes(NULL, true), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_lint_set_config(NULL, CWF_LINT_CONFIG_NONE, NULL), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_lint_problem_count(NULL), 0);
    assert_int_equal(cwf_lint_files_read(NULL), 0);
    assert_int_equal(cwf_lint_patterns_found(NULL), 0);
    assert_int_equal(cwf_lint_rule_count(NULL), 0);

    cwf_audit_job *a = NULL;
    assert_int_equal(cwf_audit_new(&a), CWF_STATUS_OK);
    assert_int_equal(cwf_audit_add_rule(a, NULL), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_audit_add_rule(a, "cis-9.99"), CWF_STATUS_UNKNOWN_RULE);
    assert_int_equal(cwf_audit_add_rule(a, "cis-4.5"), CWF_STATUS_OK);
    assert_int_equal(cwf_audit_add_benchmark(a, NULL, &label), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_audit_add_benchmark(a, "cis-9.9", &label), CWF_STATUS_UNKNOWN_RULE);
    assert_null(label);
    /* a benchmark adds only the rules not there yet: CIS 1.2 3.5 is cis-4.5 */
    assert_int_equal(cwf_audit_add_benchmark(a, "cis-1.2", NULL), CWF_STATUS_OK);
    assert_int_equal(cwf_audit_rule_count(a), 14);
    assert_int_equal(cwf_audit_add_benchmark(a, "cis-1.2", &label), CWF_STATUS_OK);
    assert_string_equal(label, "CIS 1.2");
    assert_int_equal(cwf_audit_rule_count(a), 14);
    assert_int_equal(cwf_audit_add_export(a, NULL, S("{}")), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_audit_add_export(a, "x", NULL, 2), CWF_STATUS_INVALID_ARGUMENT);
    const char *const bad[] = {NULL};
    assert_int_equal(cwf_audit_add_paths(a, bad, 1, false), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_audit_add_paths(a, NULL, 1, false), CWF_STATUS_INVALID_ARGUMENT);
    assert_null(cwf_audit_render(a, "text", NULL)); /* not judged yet */
    assert_int_equal(cwf_audit_judge(a), CWF_STATUS_OK);
    assert_int_equal(cwf_audit_judge(a), CWF_STATUS_OK);
    assert_int_equal(cwf_audit_add_rule(a, "cis-4.5"), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_audit_add_benchmark(a, "cis", NULL), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_audit_add_export(a, "x", S("{}")), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_audit_add_paths(a, NULL, 0, false), CWF_STATUS_INVALID_ARGUMENT);
    size_t len = 7;
    assert_null(cwf_audit_render(a, "xml", &len));
    assert_int_equal(len, 0);
    assert_null(cwf_audit_render(a, NULL, &len));
    cwf_audit_control c;
    cwf_audit_step_info si;
    assert_int_equal(cwf_audit_control_get(a, 99, &c), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_audit_control_get(a, 0, NULL), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_audit_step_get(a, 0, 0, &si), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_audit_step_get(a, 99, 1, &si), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_audit_step_get(a, 0, 1, NULL), CWF_STATUS_INVALID_ARGUMENT);
    assert_null(cwf_audit_problem(a, 99, &err));
    assert_false(err);
    assert_null(cwf_audit_finding(a, 99));
    cwf_audit_job_free(a);
    assert_int_equal(cwf_audit_export_count(NULL), 0);
    assert_int_equal(cwf_audit_rule_count(NULL), 0);
    assert_int_equal(cwf_audit_problem_count(NULL), 0);
    assert_int_equal(cwf_audit_pass_count(NULL), 0);
    assert_int_equal(cwf_audit_finding_count(NULL), 0);
    assert_null(cwf_audit_finding(NULL, 0));
    assert_int_equal(cwf_audit_control_get(NULL, 0, &c), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_audit_step_get(NULL, 0, 1, &si), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_audit_add_benchmark(NULL, "cis", NULL), CWF_STATUS_INVALID_ARGUMENT);

    cwf_sql_job *j = NULL;
    assert_int_equal(cwf_sql_new(&j), CWF_STATUS_OK);
    assert_int_equal(cwf_sql_set(j, "dialect", "athena"), CWF_STATUS_OK);
    assert_int_equal(cwf_sql_set(j, "dialect", "duckdb"), CWF_STATUS_OK);
    assert_int_equal(cwf_sql_set(j, "dialect", NULL), CWF_STATUS_OK);
    assert_int_equal(cwf_sql_set(j, "source", "json-text"), CWF_STATUS_OK);
    assert_int_equal(cwf_sql_set(j, "source", NULL), CWF_STATUS_OK);
    assert_int_equal(cwf_sql_set(j, "source", "csv"), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_sql_set(j, "table", "t"), CWF_STATUS_OK);
    assert_int_equal(cwf_sql_set(j, "count-by", "$.a"), CWF_STATUS_OK);
    assert_int_equal(cwf_sql_set(NULL, "table", "t"), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_sql_set_period(NULL, 60), CWF_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cwf_sql_diag_count(NULL), 0);
    assert_null(cwf_sql_diag(NULL, 0));
    cwf_sql_free(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version),
        cmocka_unit_test(test_call_order_and_ranges),
        cmocka_unit_test(test_parse_ast_and_canonical),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_null_arguments),
        cmocka_unit_test(test_match_extracted),
        cmocka_unit_test(test_match_json_events),
        cmocka_unit_test(test_match_buffer),
        cmocka_unit_test(test_match_job_report),
        cmocka_unit_test(test_match_job_stats_diff),
        cmocka_unit_test(test_match_job_errors),
        cmocka_unit_test(test_reader),
        cmocka_unit_test(test_check_iam_covered),
        cmocka_unit_test(test_check_root_narrowed),
        cmocka_unit_test(test_implies_equiv),
        cmocka_unit_test(test_rules),
        cmocka_unit_test(test_lint_buffer),
        cmocka_unit_test(test_lint_problems),
        cmocka_unit_test(test_lint_paths_config),
        cmocka_unit_test(test_lint_null_arguments),
        cmocka_unit_test(test_sql),
        cmocka_unit_test(test_explain),
        cmocka_unit_test(test_audit_paths),
        cmocka_unit_test(test_audit_exports),
        cmocka_unit_test(test_check_job),
        cmocka_unit_test(test_check_relate),
    };
    return cmocka_run_group_tests_name("api", tests, make_tmpdir, remove_tmpdir);
}
