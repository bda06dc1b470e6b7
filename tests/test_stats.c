/* test_stats.c: the alarm statistics of `match --stats` (stats.h): event
 * times, periods, and the counts an alarm would see. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "stats.h"

static int64_t when(const char *msg)
{
    int64_t t = -1;
    if (!cwf_event_time(msg, strlen(msg), &t))
        return -1;
    return t;
}

static void test_times(void **state)
{
    (void)state;
    assert_int_equal(when("{\"eventTime\":\"1970-01-01T00:00:00Z\"}"), 0);
    assert_int_equal(when("{\"eventTime\":\"2024-03-05T16:10:00Z\"}"), 1709655000);
    assert_int_equal(when("{\"eventTime\":\"2024-02-29T23:59:59.999Z\"}"), 1709251199);
    assert_int_equal(when("{\"eventTime\":\"2024-03-05T18:10:00+02:00\"}"), 1709655000);
    assert_int_equal(when("2026-12-01T09:00:01Z INFO started"), 1796115601);
    assert_int_equal(when("{\"eventTime\":\"2024-03-05 16:10:00\"}"), -1); /* no zone */
    assert_int_equal(when("{\"eventTime\":\"2024-13-05T16:10:00Z\"}"), -1);
    assert_int_equal(when("{\"eventTime\":1709655000}"), -1);
    assert_int_equal(when("{\"other\":\"2024-03-05T16:10:00Z\"}"), -1);
    assert_int_equal(when("INFO 2024-03-05T16:10:00Z"), -1);
    assert_int_equal(when(""), -1);
    assert_int_equal(when("2024-03-05T16:1"), -1);
    /* offsets west of UTC, a leap second, fractions, and each malformed part */
    assert_int_equal(when("{\"eventTime\":\"2024-03-05T16:10:00-02:30\"}"), 1709664000);
    assert_int_equal(when("{\"eventTime\":\"2024-03-05T16:10:60Z\"}"), 1709655060);
    assert_int_equal(when("{\"eventTime\":\"2024-03-05T16:10:00.123456789Z\"}"), 1709655000);
    assert_int_equal(when("{\"eventTime\":\"2024-03-05T16:10:00+0200\"}"), -1);
    assert_int_equal(when("{\"eventTime\":\"2024-03-05T16:10:00+0x:00\"}"), -1);
    assert_int_equal(when("{\"eventTime\":\"2024/03/05T16:10:00Z\"}"), -1);
    assert_int_equal(when("{\"eventTime\":\"2024-03-05X16:10:00Z\"}"), -1);
    assert_int_equal(when("{\"eventTime\":\"2024-03-05T24:10:00Z\"}"), -1);
    assert_int_equal(when("{\"eventTime\":\"2024-03-05T16:60:00Z\"}"), -1);
    assert_int_equal(when("{\"eventTime\":\"2024-03-05T16:10:61Z\"}"), -1);
    assert_int_equal(when("{\"eventTime\":\"2024-03-32T16:10:00Z\"}"), -1);
    assert_int_equal(when("{\"eventTime\":\"2024-00-05T16:10:00Z\"}"), -1);
    assert_int_equal(when("{\"eventTime\":\"2024-03-05T16:10:00\"}"), -1);
    assert_int_equal(when("[\"2024-03-05T16:10:00Z\"]"), -1);
    /* before 1970 and before year 1 of the proleptic calendar's era */
    assert_int_equal(when("{\"eventTime\":\"1960-01-01T00:00:00Z\"}"), -315619200);
    assert_int_equal(when("{\"eventTime\":\"0000-03-01T00:00:00Z\"}"), -62162035200);
    assert_int_equal(when("{\"eventTime\":\"2024-03-05T16:10:00.Z\"}"), 1709655000);
    /* each remaining malformed part */
    assert_int_equal(when("{\"eventTime\":\"x024-03-05T16:10:00Z\"}"), -1);
    assert_int_equal(when("{\"eventTime\":\"2024-03-00T16:10:00Z\"}"), -1);
    assert_int_equal(when("{\"eventTime\":\"2024-03/05T16:10:00Z\"}"), -1);
    assert_int_equal(when("{\"eventTime\":\"2024-03-05Tx6:10:00Z\"}"), -1);
    assert_int_equal(when("{\"eventTime\":\"2024-03-05T16:x0:00Z\"}"), -1);
    assert_int_equal(when("{\"eventTime\":\"2024-03-05T16:10:x0Z\"}"), -1);
    assert_int_equal(when("{\"eventTime\":\"2024-03-05T16.10:00Z\"}"), -1);
    assert_int_equal(when("{\"eventTime\":\"2024-03-05T16:10.00Z\"}"), -1);
    assert_int_equal(when("{\"eventTime\":\"2024-03-05T16:10:00+02:x0\"}"), -1);
}

static void test_periods(void **state)
{
    (void)state;
    assert_int_equal(cwf_stats_period("5m"), 300);
    assert_int_equal(cwf_stats_period("60s"), 60);
    assert_int_equal(cwf_stats_period("1h"), 3600);
    assert_int_equal(cwf_stats_period("1d"), 86400);
    assert_int_equal(cwf_stats_period("5"), 0);
    assert_int_equal(cwf_stats_period("0m"), 0);
    assert_int_equal(cwf_stats_period("-1m"), 0);
    assert_int_equal(cwf_stats_period("m"), 0);
    assert_int_equal(cwf_stats_period("99999999999d"), 0);
}

static void test_counts(void **state)
{
    (void)state;
    char *err;
    cwf_stats *st = cwf_stats_new("$.u.n", 300, 2, &err);
    assert_non_null(st);
    const char *ev[] = {
        "{\"eventTime\":\"2024-03-05T16:04:59Z\",\"u\":{\"n\":\"a\"}}",
        "{\"eventTime\":\"2024-03-05T16:00:00Z\",\"u\":{\"n\":\"a\"}}",
        "{\"eventTime\":\"2024-03-05T16:05:00Z\",\"u\":{\"n\":7}}",
        "{\"u\":{}}",
        "not json",
        "{\"eventTime\":\"2024-03-05T16:06:00Z\",\"u\":{\"n\":\"b\"}}",
    };
    for (size_t i = 0; i < 6; i++)
        cwf_stats_add(st, ev[i], strlen(ev[i]), i != 5, -1);
    /* a reader's timestamp (ms) wins over the message; values by count,
     * then by their text */
    cwf_stats_add(st, ev[0], strlen(ev[0]), true, 1709655000000LL);
    cwf_buf out = CWF_BUF_INIT;
    cwf_stats_json(st, &out);
    assert_string_equal(out.p,
        "{\"events\":7,\"selected\":6,\"withoutTime\":2,\"by\":\"$.u.n\",\"values\":["
        "{\"value\":\"a\",\"count\":3},"
        "{\"value\":null,\"note\":\"missing\",\"count\":1},"
        "{\"value\":null,\"note\":\"not JSON\",\"count\":1},{\"value\":7,\"count\":1}],"
        "\"periodSeconds\":300,\"threshold\":2,\"alarmPeriods\":1,\"periods\":["
        "{\"start\":\"2024-03-05T16:00:00Z\",\"count\":2,\"state\":\"ALARM\"},"
        "{\"start\":\"2024-03-05T16:05:00Z\",\"count\":1,\"state\":\"OK\"},"
        "{\"start\":\"2024-03-05T16:10:00Z\",\"count\":1,\"state\":\"OK\"}]}\n");
    cwf_buf_free(&out);
    cwf_stats_free(st);
    assert_null(cwf_stats_new("a[0]", 300, 1, &err));
    assert_non_null(strstr(err, "not 'a[0]'"));
    free(err);
    assert_null(cwf_stats_new("a..b", 300, 1, &err));
    free(err);
    assert_null(cwf_stats_new("$.", 300, 1, &err));
    free(err);
}

/* The text report: values of every JSON type, events without a time,
 * periods in seconds and days, times before 1970, and more values and
 * periods than the first hash tables hold (64). */
static void test_text(void **state)
{
    (void)state;
    char *err;
    cwf_stats *st = cwf_stats_new("$.v", 90, 2, &err);
    assert_non_null(st);
    const char *ev[] = {
        "{\"eventTime\":\"1969-12-31T23:59:59Z\",\"v\":{\"a\":1}}",
        "{\"eventTime\":\"1969-12-31T23:29:00-00:30\",\"v\":[1]}",
        "{\"eventTime\":\"1970-01-01T00:00:00.5+00:00\",\"v\":true}",
        "{\"v\":null}",
    };
    for (size_t i = 0; i < 4; i++)
        cwf_stats_add(st, ev[i], strlen(ev[i]), true, -1);
    cwf_buf out = CWF_BUF_INIT;
    cwf_stats_text(st, &out);
    assert_string_equal(out.p,
        "selected: 4 of 4 events (1 without a time, left out of the periods)\n"
        "\n"
        "by $.v: 4 values\n"
        "   count  value\n"
        "       1  (array)\n"
        "       1  (object)\n"
        "       1  null\n"
        "       1  true\n"
        "\n"
        "per 90s period: 2 periods with a selected event, 1 in ALARM at threshold 2 (sum >= 2)\n"
        "period start             count  state\n"
        "1969-12-31T23:58:30Z         2  ALARM\n"
        "1970-01-01T00:00:00Z         1  OK\n");
    cwf_buf_free(&out);
    cwf_stats_free(st);

    st = cwf_stats_new("$.v", 86400, 1, &err);
    for (int i = 0; i < 100; i++) {
        char e[100];
        snprintf(e, sizeof e, "{\"eventTime\":\"2024-01-01T00:00:00Z\",\"v\":%d}", i);
        cwf_stats_add(st, e, strlen(e), true, (int64_t)i * 86400000);
    }
    cwf_stats_text(st, &out);
    assert_non_null(strstr(out.p, "by $.v: 100 values\n   count  value\n       1  0\n       1  1\n"));
    assert_non_null(strstr(out.p, "per 1d period: 100 periods with a selected event, 100 in ALARM"));
    assert_non_null(strstr(out.p, "\n1970-04-10T00:00:00Z         1  ALARM\n"));
    cwf_buf_free(&out);
    cwf_stats_free(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_times),
        cmocka_unit_test(test_periods),
        cmocka_unit_test(test_counts),
        cmocka_unit_test(test_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
