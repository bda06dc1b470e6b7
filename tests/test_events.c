/* test_events.c: the event readers: lines, CloudTrail Records (streamed),
 * log-events output, pretty-printed JSON documents, gzip (whole, several
 * members, truncated, corrupt), and errors that name what went wrong. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <zlib.h>

#include "events.h"
#include "util.h"

/* All events of data[0..len) joined by "|", or "ERROR: why" appended. */
static char *read_all(const char *data, size_t len, cwf_events_format *fmt)
{
    char *err;
    cwf_events *e = cwf_events_open_mem(data, len, &err);
    if (!e) {
        char *r = cwf_xasprintf("OPEN: %s", err);
        free(err);
        return r;
    }
    if (fmt)
        *fmt = cwf_events_format_of(e);
    cwf_buf out = CWF_BUF_INIT;
    const char *msg;
    size_t n;
    int r;
    while ((r = cwf_events_next(e, &msg, &n)) == 1) {
        cwf_buf_add(&out, msg, n);
        cwf_buf_putc(&out, '|');
    }
    if (r < 0)
        cwf_buf_printf(&out, "ERROR: %s", cwf_events_error(e));
    cwf_events_close(e);
    return cwf_buf_take(&out);
}

static void expect(const char *data, const char *want, cwf_events_format want_fmt)
{
    cwf_events_format fmt = CWF_EV_LINES;
    char *got = read_all(data, strlen(data), &fmt);
    if (strcmp(got, want) != 0)
        fail_msg("input %s\n  got  %s\n  want %s", data, got, want);
    if (fmt != want_fmt && strncmp(got, "OPEN", 4) != 0)
        fail_msg("input %s: format %s, expected %s", data, cwf_events_format_name(fmt),
                 cwf_events_format_name(want_fmt));
    free(got);
}

static void test_lines(void **state)
{
    (void)state;
    expect("", "", CWF_EV_LINES);
    expect("a\r\nb\n\n\nc", "a|b|c|", CWF_EV_LINES);
    expect("\xef\xbb\xbf" "first\nsecond\n", "first|second|", CWF_EV_LINES);
    expect("[ERROR] x\n[INFO] y\n", "[ERROR] x|[INFO] y|", CWF_EV_LINES);
    /* JSON Lines: an invalid line is still an event (a non-JSON message) */
    expect("{\"a\":1}\n{\"a\":2,}\n{\"Records\" : 1}\n", "{\"a\":1}|{\"a\":2,}|{\"Records\" : 1}|",
           CWF_EV_LINES);
    expect("  {\"a\": 1}  \n", "  {\"a\": 1}  |", CWF_EV_LINES);
    /* a line that never closes its brace is a line too */
    expect("{\"a\":\n", "{\"a\":|", CWF_EV_LINES);
}

static void test_cloudtrail(void **state)
{
    (void)state;
    expect("{\"Records\":[{\"a\":1},{\"b\":[1, 2]}]}", "{\"a\":1}|{\"b\":[1,2]}|",
           CWF_EV_CLOUDTRAIL);
    /* whitespace outside strings goes; inside strings, escapes included, stays */
    expect("\n{ \"Records\" :\n [\n  { \"a\" : \"x y\\\" z\\\\\" ,\n \"n\": 1.50 } ,\n"
           "  [ ] , 7, \"s\" ]\n}\n",
           "{\"a\":\"x y\\\" z\\\\\",\"n\":1.50}|[]|7|\"s\"|", CWF_EV_CLOUDTRAIL);
    expect("{\"Records\":[]}", "", CWF_EV_CLOUDTRAIL);
    /* other members are skipped; documents may follow one another */
    expect("{\"Records\":[{\"a\":1}],\"x\":{\"Records\":[{\"no\":1}]}}\n"
           "{\"Records\":[{\"b\":2}]} {}",
           "{\"a\":1}|{\"b\":2}|", CWF_EV_CLOUDTRAIL);
    /* a record that is not valid JSON is delivered as it is */
    expect("{\"Records\":[{\"a\":tru},{\"b\":1}]}", "{\"a\":tru}|{\"b\":1}|", CWF_EV_CLOUDTRAIL);
    /* errors come after the good records */
    expect("{\"Records\":[{\"a\":1},{\"b\":", "{\"a\":1}|ERROR: not a valid CloudTrail log file: "
           "unexpected end of file inside a record at byte 26", CWF_EV_CLOUDTRAIL);
    expect("{\"Records\":[{\"a\":[1}]}", "ERROR: not a valid CloudTrail log file: brackets do "
           "not match at byte 20", CWF_EV_CLOUDTRAIL);
    expect("{\"Records\":[{\"a\":1} {\"b\":2}]}", "{\"a\":1}|ERROR: not a valid CloudTrail log "
           "file: expected ',' or ']' at byte 21", CWF_EV_CLOUDTRAIL);
    expect("{\"Records\":[{\"a\":1},,{}]}", "{\"a\":1}|ERROR: not a valid CloudTrail log file: "
           "an empty element at byte 21", CWF_EV_CLOUDTRAIL);
    expect("{\"Records\":[{\"a\":1}]} junk", "{\"a\":1}|ERROR: not a valid CloudTrail log file: "
           "expected '{' at byte 23", CWF_EV_CLOUDTRAIL);
}

static void test_log_events(void **state)
{
    (void)state;
    expect("{\n  \"events\": [\n    {\"logStreamName\": \"s\", \"timestamp\": 1,\n"
           "     \"message\": \"{\\\"eventName\\\":\\\"PutRolePolicy\\\"}\"},\n"
           "    {\"message\": \"line one\\nline two\\u00e9\", \"eventId\": \"2\"}\n  ],\n"
           "  \"searchedLogStreams\": [{\"logStreamName\": \"s\", \"searchedCompletely\": true}]\n}\n",
           "{\"eventName\":\"PutRolePolicy\"}|line one\nline two\xc3\xa9|", CWF_EV_LOG_EVENTS);
    expect("{\"events\":[{\"timestamp\":1}]}",
           "ERROR: event 1 has no \"message\" string", CWF_EV_LOG_EVENTS);
    expect("{\"events\":[],\"nextForwardToken\":\"f/1\",\"nextBackwardToken\":\"b/1\"}", "",
           CWF_EV_LOG_EVENTS);
}

static void test_json_documents(void **state)
{
    (void)state;
    /* a pretty-printed event: one event, compact */
    expect("{\n  \"eventName\": \"PutRolePolicy\",\n  \"n\": [1, 2]\n}\n",
           "{\"eventName\":\"PutRolePolicy\",\"n\":[1,2]}|", CWF_EV_JSON);
    expect("{\n \"a\": 1\n}\n{\n \"b\": 2\n}", "{\"a\":1}|{\"b\":2}|", CWF_EV_JSON);
    expect("{\n \"a\": 1\n}\nnot json\n",
           "{\"a\":1}|ERROR: not a valid JSON file: expected '{' or '[' at byte 13", CWF_EV_JSON);
}

/* Members around the Records array: escaped keys, and every way a member
 * can be malformed, each an error at its byte after the records before. */
static void test_member_errors(void **state)
{
    (void)state;
    const char *ok = "{\"a\":1}|";
    static const struct {
        const char *tail, *why;
    } cases[] = {
        {"\"k\\\"y\":2}", NULL},
        {"\"k\":\"a\\\"b}\"}", NULL},
        {"\"k\" 2}", "expected ':' at byte 26"},
        {"\"k\":2 3}", "expected ',' or '}' at byte 28"},
        {"5:2}", "expected a key at byte 22"},
        {"\"k\":", "unexpected end of file at byte 26"},
        {"\"k", "unexpected end of file in a key at byte 24"},
        {"\"k\\", "unexpected end of file in a key at byte 25"},
        {"\"k\":[1}]}", "brackets do not match at byte 28"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *in = cwf_xasprintf("{\"Records\":[{\"a\":1}],%s", cases[i].tail);
        char *want = cases[i].why ? cwf_xasprintf("%sERROR: not a valid CloudTrail log file: %s",
                                                  ok, cases[i].why)
                                  : cwf_xstrdup(ok);
        expect(in, want, CWF_EV_CLOUDTRAIL);
        free(want);
        free(in);
    }
    /* records nest deeper than the reader's first bracket stack (64), both
     * in a record (copied) and in a member that is skipped */
    cwf_buf deep = CWF_BUF_INIT, rec = CWF_BUF_INIT;
    for (int i = 0; i < 100; i++)
        cwf_buf_putc(&rec, '[');
    for (int i = 0; i < 100; i++)
        cwf_buf_putc(&rec, ']');
    cwf_buf_printf(&deep, "{\"Records\":[%s],\"x\":%s}", cwf_buf_str(&rec), cwf_buf_str(&rec));
    cwf_buf_putc(&rec, '|');
    expect(cwf_buf_str(&deep), cwf_buf_str(&rec), CWF_EV_CLOUDTRAIL);
    cwf_buf_free(&deep);
    cwf_buf_free(&rec);
    assert_string_equal(cwf_events_format_name(CWF_EV_LINES), "lines");
    assert_string_equal(cwf_events_format_name(CWF_EV_CLOUDTRAIL), "cloudtrail");
    assert_string_equal(cwf_events_format_name(CWF_EV_LOG_EVENTS), "log-events");
    assert_string_equal(cwf_events_format_name(CWF_EV_JSON), "json");
}

/* ---- gzip -------------------------------------------------------------- */

static void gzip(const char *data, size_t len, cwf_buf *out)
{
    z_stream z = {0};
    assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    size_t cap = deflateBound(&z, len) + 64;
    size_t at = out->len;
    cwf_buf_add(out, NULL, 0);
    out->p = cwf_xrealloc(out->p, at + cap + 1);
    out->cap = at + cap + 1;
    z.next_in = (Bytef *)(uintptr_t)data;
    z.avail_in = (uInt)len;
    z.next_out = (Bytef *)out->p + at;
    z.avail_out = (uInt)cap;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    out->len = at + z.total_out;
    deflateEnd(&z);
}

static void test_gzip(void **state)
{
    (void)state;
    const char *ct = "{\"Records\":[{\"eventName\":\"PutRolePolicy\"},{\"eventName\":\"x\"}]}";
    cwf_buf gz = CWF_BUF_INIT;
    gzip(ct, strlen(ct), &gz);
    cwf_events_format fmt;
    char *got = read_all(gz.p, gz.len, &fmt);
    assert_string_equal(got, "{\"eventName\":\"PutRolePolicy\"}|{\"eventName\":\"x\"}|");
    assert_int_equal(fmt, CWF_EV_CLOUDTRAIL);
    free(got);
    /* two members, as `cat a.gz b.gz` gives: lines run across them */
    cwf_buf two = CWF_BUF_INIT;
    gzip("a\nb", 3, &two);
    gzip("c\nd\n", 4, &two);
    got = read_all(two.p, two.len, NULL);
    assert_string_equal(got, "a|bc|d|");
    free(got);
    /* truncated: every cut is an error after the events that were whole */
    for (size_t cut = 10; cut < gz.len; cut += 3) {
        got = read_all(gz.p, cut, NULL);
        if (!strstr(got, "truncated gzip data"))
            fail_msg("cut at %zu of %zu: %s", cut, gz.len, got);
        free(got);
    }
    /* trailing bytes, and corruption */
    cwf_buf bad = CWF_BUF_INIT;
    cwf_buf_add(&bad, gz.p, gz.len);
    cwf_buf_puts(&bad, "junk");
    got = read_all(bad.p, bad.len, NULL);
    assert_non_null(strstr(got, "unexpected bytes after the gzip data"));
    free(got);
    bad.len = gz.len;
    bad.p[gz.len / 2] ^= 0x55;
    bad.p[gz.len / 2 + 1] ^= 0x55;
    got = read_all(bad.p, bad.len, NULL);
    if (!strstr(got, "corrupt gzip data (incorrect data check)"))
        fail_msg("corrupt gzip: %s", got);
    free(got);
    cwf_buf_free(&bad);
    cwf_buf_free(&two);
    cwf_buf_free(&gz);
}

/* A gzip bomb: 72 members of 1 MB each (lines of 1000 bytes, or one line
 * without a newline), 72 MB inflated from a few kilobytes: more than
 * libdeflate's whole-file limit (CWF_EVENT_MAX), so it is streamed. */
static void bomb(bool lines, cwf_buf *out)
{
    char *mb = cwf_xmalloc(1 << 20);
    memset(mb, 'a', 1 << 20);
    for (size_t i = 999; lines && i < (1 << 20); i += 1000)
        mb[i] = '\n';
    cwf_buf one = CWF_BUF_INIT;
    gzip(mb, 1 << 20, &one);
    for (int i = 0; i < 72; i++)
        cwf_buf_add(out, one.p, one.len);
    cwf_buf_free(&one);
    free(mb);
}

static void test_gzip_bomb(void **state)
{
    (void)state;
    cwf_buf gz = CWF_BUF_INIT;
    bomb(true, &gz);
    assert_true(gz.len < 400000);
    char *err;
    cwf_events *ev = cwf_events_open_mem(gz.p, gz.len, &err);
    assert_non_null(ev);
    const char *msg;
    size_t len, n = 0, bytes = 0;
    int r;
    while ((r = cwf_events_next(ev, &msg, &len)) == 1) {
        n++;
        bytes += len + 1;
    }
    assert_int_equal(r, 0);
    /* 1048 lines of 999 bytes per member, and 576 bytes that run on into
     * the next member's first line */
    assert_int_equal(n, 72 * 1048 + 1);
    assert_int_equal(bytes, ((size_t)72 << 20) + 1); /* the last line has no newline */
    assert_true(cwf_events_gzipped(ev));
    cwf_events_close(ev);
    cwf_buf_reset(&gz);
    /* one line of 72 MB: an error once the line passes CWF_EVENT_MAX */
    bomb(false, &gz);
    ev = cwf_events_open_mem(gz.p, gz.len, &err);
    assert_non_null(ev);
    assert_int_equal(cwf_events_next(ev, &msg, &len), -1);
    assert_non_null(strstr(cwf_events_error(ev), "longer than 67108864 bytes"));
    cwf_events_close(ev);
    cwf_buf_free(&gz);
}

/* ---- streaming over chunk boundaries ----------------------------------- */

static uint64_t rng = 0x853C49E6748FEA9Bu;

static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng % n);
}

/* Many records, pretty-printed in random ways, with escapes everywhere, so
 * that window refills fall inside strings, escapes and whitespace. */
static void test_streaming(void **state)
{
    (void)state;
    cwf_buf file = CWF_BUF_INIT, want = CWF_BUF_INIT, rec = CWF_BUF_INIT;
    cwf_buf_puts(&file, "{\"Records\": [\n");
    int n = 6000;
    for (int i = 0; i < n; i++) {
        cwf_buf_reset(&rec);
        cwf_buf_printf(&rec, "{\"i\":%d,\"s\":\"", i);
        for (uint32_t k = rnd(600); k > 0; k--) {
            static const char *const parts[] = {"a", " ", "\\\\", "\\\"", "\\u00e9", "{", "]"};
            cwf_buf_puts(&rec, parts[rnd(CWF_COUNT(parts))]);
        }
        cwf_buf_puts(&rec, "\",\"o\":{\"a\":[1,2,{}]}}");
        cwf_buf_add(&want, rec.p, rec.len);
        cwf_buf_putc(&want, '|');
        /* the file gets the record with whitespace between tokens */
        int instr = 0;
        for (size_t k = 0; k < rec.len; k++) {
            char c = rec.p[k];
            cwf_buf_putc(&file, c);
            if (instr && c == '\\') {
                cwf_buf_putc(&file, rec.p[++k]);
                continue;
            }
            if (c == '"')
                instr = !instr;
            else if (!instr && rnd(3) == 0)
                cwf_buf_puts(&file, rnd(2) ? " " : "\n\t");
        }
        cwf_buf_puts(&file, i + 1 < n ? ",\n" : "\n");
    }
    cwf_buf_puts(&file, "]}\n");
    assert_true(file.len > 3 * (1 << 20)); /* several windows */
    char *got = read_all(file.p, file.len, NULL);
    assert_int_equal(strlen(got), want.len);
    assert_string_equal(got, want.p);
    free(got);
    /* and the same through gzip */
    cwf_buf gz = CWF_BUF_INIT;
    gzip(file.p, file.len, &gz);
    got = read_all(gz.p, gz.len, NULL);
    assert_string_equal(got, want.p);
    free(got);
    /* lines longer than a window */
    cwf_buf lines = CWF_BUF_INIT, lw = CWF_BUF_INIT;
    for (int i = 0; i < 5; i++) {
        size_t len = (size_t)(1 << 20) + rnd(1 << 20);
        for (size_t k = 0; k < len; k++)
            cwf_buf_putc(&lines, (char)('a' + k % 26));
        cwf_buf_add(&lw, lines.p + lines.len - len, len);
        cwf_buf_putc(&lines, '\n');
        cwf_buf_putc(&lw, '|');
    }
    got = read_all(lines.p, lines.len, NULL);
    assert_int_equal(strlen(got), lw.len);
    assert_true(strcmp(got, lw.p) == 0);
    free(got);
    cwf_buf_free(&lines);
    cwf_buf_free(&lw);
    cwf_buf_free(&gz);
    cwf_buf_free(&rec);
    cwf_buf_free(&want);
    cwf_buf_free(&file);
}

static void test_files(void **state)
{
    (void)state;
    char *err;
    assert_null(cwf_events_open("no/such/file.json", &err));
    assert_string_equal(err, "No such file or directory");
    free(err);
    /* a directory opens, then fails on the first read */
    cwf_events *e = cwf_events_open("corpus", &err);
    if (e) {
        const char *m;
        size_t n;
        assert_int_equal(cwf_events_next(e, &m, &n), -1);
        cwf_events_close(e);
    } else {
        assert_string_equal(err, "Is a directory");
        free(err);
    }
    /* the corpus CloudTrail log, from a file */
    e = cwf_events_open("corpus/events/cloudtrail-log.json", &err);
    assert_non_null(e);
    assert_int_equal(cwf_events_format_of(e), CWF_EV_CLOUDTRAIL);
    const char *m;
    size_t n;
    while (cwf_events_next(e, &m, &n) == 1)
        assert_true(n > 0 && m[0] == '{' && m[n - 1] == '}');
    assert_null(cwf_events_error(e));
    assert_true(cwf_events_count(e) > 1);
    cwf_events_close(e);
}

/* A mapped file of lines hands its data over before the first event (and
 * not after, nor for other formats); a file of more than 8 MiB of lines is
 * read whole, its pages dropped as it goes. */
static void test_mapped_lines(void **state)
{
    (void)state;
    char path[] = "/tmp/cwf-events-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    char line[100];
    memset(line, 'x', 99);
    line[99] = '\n';
    size_t lines = 100000; /* 10 MB */
    for (size_t i = 0; i < lines; i++)
        assert_int_equal(write(fd, line, 100), 100);
    close(fd);
    char *err;
    cwf_events *e = cwf_events_open(path, &err);
    assert_non_null(e);
    const char *data, *m;
    size_t len, pos, n;
    bool mapped = false;
    assert_true(cwf_events_data(e, &data, &len, &pos, &mapped));
    assert_true(mapped);
    assert_int_equal(pos, 0);
    assert_true(len > 0 && len <= 100 * lines);
    assert_memory_equal(data, line, 100);
    size_t count = 0;
    while (cwf_events_next(e, &m, &n) == 1) {
        if (n != 99 || memcmp(m, line, 99) != 0)
            fail_msg("event %zu: %zu bytes", count, n);
        count++;
    }
    assert_null(cwf_events_error(e));
    assert_int_equal(count, lines);
    assert_false(cwf_events_data(e, &data, &len, &pos, &mapped));
    cwf_events_close(e);
    unlink(path);
    const char *ct = "{\"Records\":[]}";
    e = cwf_events_open_mem(ct, strlen(ct), &err);
    assert_false(cwf_events_data(e, &data, &len, &pos, &mapped));
    cwf_events_close(e);
}

/* A byte-order mark and nothing else, or a mark and blank lines: the
 * lines start after the mark (found by fuzz_prefilter: the window slid
 * while the format was detected, and the saved start pointed past the
 * data). */
static void test_bom_only(void **state)
{
    (void)state;
    char *got = read_all("\xef\xbb\xbf", 3, NULL);
    assert_string_equal(got, "");
    free(got);
    got = read_all("\xef\xbb\xbf  \nx\n", 8, NULL);
    assert_string_equal(got, "  |x|");
    free(got);
}

/* Records whose strings hold runs of backslashes (escaping a quote when
 * the run is odd) followed by brackets, at every position of the 64-byte
 * blocks that the structural scan takes at once; and a backslash outside
 * a string (invalid JSON, but an ordinary byte to the scan) before a
 * string holding a bracket.  Every element must come out whole. */
static void escaped_blocks(void)
{
    for (int outside = 0; outside < 2; outside++)
        for (int k = 0; k <= 5; k++) {
            cwf_buf doc = CWF_BUF_INIT, want = CWF_BUF_INIT;
            cwf_buf_printf(&doc, "{\"Records\":[");
            for (int pad = 0; pad < 140; pad++) {
                cwf_buf el = CWF_BUF_INIT;
                if (outside) {
                    cwf_buf_printf(&el, "{\"a\":[1");
                    for (int i = 0; i < pad; i++)
                        cwf_buf_putc(&el, '0');
                    for (int i = 0; i < k + 1; i++)
                        cwf_buf_putc(&el, '\\');
                    cwf_buf_printf(&el, "\"]}x\"]}");
                } else {
                    cwf_buf_printf(&el, "{\"a\":\"");
                    for (int i = 0; i < pad; i++)
                        cwf_buf_putc(&el, 'x');
                    for (int i = 0; i < k; i++)
                        cwf_buf_putc(&el, '\\');
                    cwf_buf_printf(&el, "%s}]{[\",\"b\":[\"]\"]}", k % 2 ? "\"" : "");
                }
                cwf_buf_printf(&doc, "%s%s", pad ? "," : "", cwf_buf_str(&el));
                cwf_buf_printf(&want, "%s|", cwf_buf_str(&el));
                cwf_buf_free(&el);
            }
            cwf_buf_printf(&doc, "]}");
            expect(cwf_buf_str(&doc), cwf_buf_str(&want), CWF_EV_CLOUDTRAIL);
            cwf_buf_free(&doc);
            cwf_buf_free(&want);
        }
}

/* ... at every SIMD level the scan has (SSE2, AVX2, AVX-512). */
static void test_escaped_blocks(void **state)
{
    (void)state;
    for (int level = CWF_SIMD_SSE2; level <= CWF_SIMD_AVX512; level++) {
        cwf_simd_max = level;
        escaped_blocks();
    }
    cwf_simd_max = CWF_SIMD_AVX512;
}

/* Detection of a memory source (a mapped file, or gzip inflated whole) reads
 * through the same window steps as a stream: how far it looks for a format
 * (a run of whitespace or a long string before the first key or the end of
 * the first document) gives the same results at every window edge (256 KB
 * reads, 1 MB windows, DETECT_MAX) as it did when the bytes were copied.
 * The table holds the format and a hash of all events read, from the
 * copying implementation; every case is also read gzipped (inflated whole). */
static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return h;
}

static void test_detect_edges(void **state)
{
    (void)state;
    static const char *const pre[] = {"", "{", "{\"x\":\"", "", "{\"Records\":[{\"a\":\""};
    static const char *const post[] = {"{\"Records\":[{\"a\":1}]}", "\"Records\":[{\"a\":1}]}",
                                       "\"\n}", "{\"x\":1}\n{\"y\":2}\n", "\"}]}"};
    static const char fillc[] = {' ', '\n', 'a', '\n', 'b'};
    static const struct {
        int kind;
        long n;
        int fmt;
        uint64_t hash;
    } cases[] = {
        {0, 0, 1, 0xf1c3fb3e9244a8fdull},
        {0, 1, 1, 0xf1c3fb3e9244a8fdull},
        {0, 262140, 1, 0xf1c3fb3e9244a8fdull},
        {0, 262141, 1, 0xf1c3fb3e9244a8fdull},
        {0, 262142, 1, 0xf1c3fb3e9244a8fdull},
        {0, 262143, 1, 0xf1c3fb3e9244a8fdull},
        {0, 262144, 1, 0xf1c3fb3e9244a8fdull},
        {0, 262145, 1, 0xf1c3fb3e9244a8fdull},
        {0, 262146, 1, 0xf1c3fb3e9244a8fdull},
        {0, 786431, 1, 0xf1c3fb3e9244a8fdull},
        {0, 786432, 1, 0xf1c3fb3e9244a8fdull},
        {0, 786433, 1, 0xf1c3fb3e9244a8fdull},
        {0, 1048564, 1, 0xf1c3fb3e9244a8fdull},
        {0, 1048574, 1, 0xf1c3fb3e9244a8fdull},
        {0, 1048575, 1, 0xf1c3fb3e9244a8fdull},
        {0, 1048576, 1, 0xf1c3fb3e9244a8fdull},
        {0, 1048577, 1, 0xf1c3fb3e9244a8fdull},
        {0, 1048578, 1, 0xf1c3fb3e9244a8fdull},
        {0, 1048588, 1, 0xf1c3fb3e9244a8fdull},
        {0, 1310719, 1, 0xf1c3fb3e9244a8fdull},
        {0, 1310720, 1, 0xf1c3fb3e9244a8fdull},
        {0, 1310721, 1, 0xf1c3fb3e9244a8fdull},
        {0, 1572864, 1, 0xf1c3fb3e9244a8fdull},
        {0, 2097140, 1, 0xf1c3fb3e9244a8fdull},
        {0, 2097141, 1, 0xf1c3fb3e9244a8fdull},
        {0, 2097142, 1, 0xf1c3fb3e9244a8fdull},
        {0, 2097143, 1, 0xf1c3fb3e9244a8fdull},
        {0, 2097144, 1, 0xf1c3fb3e9244a8fdull},
        {0, 2097145, 1, 0xf1c3fb3e9244a8fdull},
        {0, 2097152, 1, 0xf1c3fb3e9244a8fdull},
        {1, 0, 1, 0xf1c3fb3e9244a8fdull},
        {1, 1, 1, 0xf1c3fb3e9244a8fdull},
        {1, 262140, 1, 0xf1c3fb3e9244a8fdull},
        {1, 262141, 1, 0xf1c3fb3e9244a8fdull},
        {1, 262142, 1, 0xf1c3fb3e9244a8fdull},
        {1, 262143, 1, 0xf1c3fb3e9244a8fdull},
        {1, 262144, 1, 0xf1c3fb3e9244a8fdull},
        {1, 262145, 1, 0xf1c3fb3e9244a8fdull},
        {1, 262146, 1, 0xf1c3fb3e9244a8fdull},
        {1, 786431, 1, 0xf1c3fb3e9244a8fdull},
        {1, 786432, 1, 0xf1c3fb3e9244a8fdull},
        {1, 786433, 1, 0xf1c3fb3e9244a8fdull},
        {1, 1048564, 1, 0xf1c3fb3e9244a8fdull},
        {1, 1048574, 1, 0xf1c3fb3e9244a8fdull},
        {1, 1048575, 1, 0xf1c3fb3e9244a8fdull},
        {1, 1048576, 1, 0xf1c3fb3e9244a8fdull},
        {1, 1048577, 1, 0xf1c3fb3e9244a8fdull},
        {1, 1048578, 1, 0xf1c3fb3e9244a8fdull},
        {1, 1048588, 1, 0xf1c3fb3e9244a8fdull},
        {1, 1310719, 1, 0xf1c3fb3e9244a8fdull},
        {1, 1310720, 1, 0xf1c3fb3e9244a8fdull},
        {1, 1310721, 1, 0xf1c3fb3e9244a8fdull},
        {1, 1572864, 1, 0xf1c3fb3e9244a8fdull},
        {1, 2097140, 1, 0xf1c3fb3e9244a8fdull},
        {1, 2097141, 0, 0x0ecb45ba1b5cdff9ull},
        {1, 2097142, 0, 0x0ecb45ba1b5cdff9ull},
        {1, 2097143, 0, 0x0ecb45ba1b5cdff9ull},
        {1, 2097144, 0, 0x0ecb45ba1b5cdff9ull},
        {1, 2097145, 0, 0x0ecb45ba1b5cdff9ull},
        {1, 2097152, 0, 0x0ecb45ba1b5cdff9ull},
        {2, 0, 3, 0x850b061f7ffa2c03ull},
        {2, 1, 3, 0x875d59944e502ba6ull},
        {2, 262140, 3, 0xe68604389ec5a94full},
        {2, 262141, 3, 0x70152a41a237000aull},
        {2, 262142, 3, 0x18e468a61e99c6a5ull},
        {2, 262143, 3, 0xf6d1de47dc180e24ull},
        {2, 262144, 3, 0xebbae0eedb8e2c03ull},
        {2, 262145, 3, 0x982e27eceacc2ba6ull},
        {2, 262146, 3, 0x39cb0a84be804439ull},
        {2, 786431, 3, 0xf962efd424500e24ull},
        {2, 786432, 3, 0x803bb24d92b62c03ull},
        {2, 786433, 3, 0x1711ebde23c42ba6ull},
        {2, 1048564, 3, 0xbdb6606fc297d827ull},
        {2, 1048574, 3, 0xeadfc6e50ef5c6a5ull},
        {2, 1048575, 3, 0x20f3033a486c0e24ull},
        {2, 1048576, 3, 0xd60ca8dcee4a2c03ull},
        {2, 1048577, 3, 0x7d24e176c0402ba6ull},
        {2, 1048578, 3, 0xbd084fba729c4439ull},
        {2, 1048588, 3, 0xa67146745440511full},
        {2, 1310719, 3, 0xdcb2c8606c880e24ull},
        {2, 1310720, 3, 0xf8e8a8ac49de2c03ull},
        {2, 1310721, 3, 0x4cf88ecf5cbc2ba6ull},
        {2, 1572864, 3, 0x7ccfb1bba5722c03ull},
        {2, 2097140, 3, 0xafeebcd4a9e7d827ull},
        {2, 2097141, 3, 0x9e07f36ab6c4add2ull},
        {2, 2097142, 3, 0x9c9dfd4455e51afdull},
        {2, 2097143, 3, 0xe1e9ff21f7ad4b6cull},
        {2, 2097144, 0, 0xa77afe2f7c782ad3ull},
        {2, 2097145, 0, 0x684be8b9b07e8a70ull},
        {2, 2097152, 0, 0x88d7454b535cb8dbull},
        {3, 0, 0, 0x6c7a2f6ab0636917ull},
        {3, 1, 0, 0x6c7a2f6ab0636917ull},
        {3, 262140, 0, 0x6c7a2f6ab0636917ull},
        {3, 262141, 0, 0x6c7a2f6ab0636917ull},
        {3, 262142, 0, 0x6c7a2f6ab0636917ull},
        {3, 262143, 0, 0x6c7a2f6ab0636917ull},
        {3, 262144, 0, 0x6c7a2f6ab0636917ull},
        {3, 262145, 0, 0x6c7a2f6ab0636917ull},
        {3, 262146, 0, 0x6c7a2f6ab0636917ull},
        {3, 786431, 0, 0x6c7a2f6ab0636917ull},
        {3, 786432, 0, 0x6c7a2f6ab0636917ull},
        {3, 786433, 0, 0x6c7a2f6ab0636917ull},
        {3, 1048564, 0, 0x6c7a2f6ab0636917ull},
        {3, 1048574, 0, 0x6c7a2f6ab0636917ull},
        {3, 1048575, 0, 0x6c7a2f6ab0636917ull},
        {3, 1048576, 0, 0x6c7a2f6ab0636917ull},
        {3, 1048577, 0, 0x6c7a2f6ab0636917ull},
        {3, 1048578, 0, 0x6c7a2f6ab0636917ull},
        {3, 1048588, 0, 0x6c7a2f6ab0636917ull},
        {3, 1310719, 0, 0x6c7a2f6ab0636917ull},
        {3, 1310720, 0, 0x6c7a2f6ab0636917ull},
        {3, 1310721, 0, 0x6c7a2f6ab0636917ull},
        {3, 1572864, 0, 0x6c7a2f6ab0636917ull},
        {3, 2097140, 0, 0x6c7a2f6ab0636917ull},
        {3, 2097141, 0, 0x6c7a2f6ab0636917ull},
        {3, 2097142, 0, 0x6c7a2f6ab0636917ull},
        {3, 2097143, 0, 0x6c7a2f6ab0636917ull},
        {3, 2097144, 0, 0x6c7a2f6ab0636917ull},
        {3, 2097145, 0, 0x6c7a2f6ab0636917ull},
        {3, 2097152, 0, 0x6c7a2f6ab0636917ull},
        {4, 0, 1, 0xc61470e57e7b07dcull},
        {4, 1, 1, 0xa4ca7f0c5e708a5cull},
        {4, 262140, 1, 0xd89bc3494ae973dcull},
        {4, 262141, 1, 0x8f277ea0be120e5cull},
        {4, 262142, 1, 0xe73154396c1095dcull},
        {4, 262143, 1, 0x7e6ec6a91390d45cull},
        {4, 262144, 1, 0xfc16ba62b27b07dcull},
        {4, 262145, 1, 0x6aad5ecbba708a5cull},
        {4, 262146, 1, 0x4a293d44409d49dcull},
        {4, 786431, 1, 0x42f453810b90d45cull},
        {4, 786432, 1, 0xeb050d5d1a7b07dcull},
        {4, 786433, 1, 0x69a45e4a72708a5cull},
        {4, 1048564, 1, 0xdb69f04508700bdcull},
        {4, 1048574, 1, 0xd94a3ae3a81095dcull},
        {4, 1048575, 1, 0xdebeb9ed0790d45cull},
        {4, 1048576, 1, 0xa3f116da4e7b07dcull},
        {4, 1048577, 1, 0xa2b87e09ce708a5cull},
        {4, 1048578, 1, 0x850f53c03c9d49dcull},
        {4, 1048588, 1, 0xba6324d0eb3343dcull},
        {4, 1310719, 1, 0xf638e0590390d45cull},
        {4, 1310720, 1, 0x88806057827b07dcull},
        {4, 1310721, 1, 0x02325dc92a708a5cull},
        {4, 1572864, 1, 0x98b2e9d4b67b07dcull},
        {4, 2097140, 1, 0xca41cfbad8700bdcull},
        {4, 2097141, 1, 0xb2e6a39439c6565cull},
        {4, 2097142, 1, 0x59451df49f66eddcull},
        {4, 2097143, 1, 0xac668fc14f485c5cull},
        {4, 2097144, 1, 0xcfa96e902b571fdcull},
        {4, 2097145, 1, 0xc90d8810186d525cull},
        {4, 2097152, 1, 0x3c01bccf1e7b07dcull},
    };
    for (size_t i = 0; i < CWF_COUNT(cases); i++) {
        int k = cases[i].kind;
        size_t a = strlen(pre[k]), b = strlen(post[k]), n = a + (size_t)cases[i].n + b;
        char *d = cwf_xmalloc(n);
        memcpy(d, pre[k], a);
        memset(d + a, fillc[k], (size_t)cases[i].n);
        memcpy(d + a + cases[i].n, post[k], b);
        cwf_buf z = CWF_BUF_INIT;
        gzip(d, n, &z);
        for (int gz = 0; gz < 2; gz++) {
            cwf_events_format fmt = CWF_EV_LINES;
            char *got = gz ? read_all(z.p, z.len, &fmt) : read_all(d, n, &fmt);
            if ((int)fmt != cases[i].fmt || fnv1a(got) != cases[i].hash)
                fail_msg("case %d, %ld bytes%s: format %s, hash %016llx", k, cases[i].n,
                         gz ? " gzipped" : "", cwf_events_format_name(fmt),
                         (unsigned long long)fnv1a(got));
            free(got);
        }
        cwf_buf_free(&z);
        free(d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lines),
        cmocka_unit_test(test_cloudtrail),
        cmocka_unit_test(test_log_events),
        cmocka_unit_test(test_json_documents),
        cmocka_unit_test(test_member_errors),
        cmocka_unit_test(test_gzip),
        cmocka_unit_test(test_gzip_bomb),
        cmocka_unit_test(test_streaming),
        cmocka_unit_test(test_files),
        cmocka_unit_test(test_mapped_lines),
        cmocka_unit_test(test_bom_only),
        cmocka_unit_test(test_escaped_blocks),
        cmocka_unit_test(test_detect_edges),
    };
    return cmocka_run_group_tests_name("events", tests, NULL, NULL);
}
