/* test_simd.c: the SIMD variants (cwf_simd_max: SSE2, AVX2, AVX-512)
 * against each other and against plain references, on seeded random input.
 *
 *   - events.c's structural scan: thousands of generated CloudTrail Records
 *     files (and pretty-printed JSON documents, log-events output, JSON
 *     Lines) with runs of backslashes of every length before quotes,
 *     brackets and u, \u escapes, brackets and whitespace inside strings,
 *     deep nesting, whitespace between tokens, non-ASCII and control bytes,
 *     every byte of a record at every offset of a 64-byte block, and mutated
 *     (malformed) copies.  Every level must give the same events and the same
 *     error at the same byte; a CloudTrail or json file, broken or not, what
 *     a byte-at-a-time model of the reader gives (the same messages); and a
 *     well-formed file the records (documents) exactly as the generator
 *     wrote them, compact;
 *   - prefilter.c's pair scan (and its hash scan): random texts of 0..300
 *     bytes with literals planted whole, cut or changed at random offsets and
 *     \u escapes: cwf_matcher_candidate is the same at every level and equals
 *     a naive search for the literals (cwf_prefilter_literal), or, for a JSON
 *     pattern, a backslash that escapes a u (prefilter.h, the memchr loop of
 *     cwf_prefilter_candidate);
 *   - cwf_matcher_match: the same verdict at every level and with the
 *     prefilter off; for the JSON patterns the verdict the generator knows
 *     (which also holds jscan's string scan and \u decoding to it), for the
 *     terms a plain search.
 * The generator has its own PRNG (splitmix64) with a fixed seed per test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "events.h"
#include "match.h"
#include "parse.h"
#include "fixtures.h"
#include "prefilter.h"
#include "util.h"

static const char *const level_name[] = {"SSE2", "AVX2", "AVX-512"};

/* ---- the PRNG ------------------------------------------------------------ */

static uint64_t rng;

static uint64_t next64(void)
{
    uint64_t z = (rng += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

/* 0..n-1 (n > 0). */
static uint32_t rnd(uint32_t n)
{
    return (uint32_t)(next64() % n);
}

static bool chance(uint32_t percent)
{
    return rnd(100) < percent;
}

/* A run length: mostly short, sometimes past a whole 64-byte block. */
static uint32_t run_len(void)
{
    return chance(80) ? rnd(8) : rnd(140);
}

/* ---- showing a failure ---------------------------------------------------- */

/* p[0..n) printable, at most 20000 bytes of it (malloc'd). */
static char *shown(const char *p, size_t n)
{
    cwf_buf b = CWF_BUF_INIT;
    for (size_t i = 0; i < n && b.len < 20000; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c == '\\')
            cwf_buf_puts(&b, "\\\\");
        else if (c >= 0x20 && c < 0x7f)
            cwf_buf_putc(&b, (char)c);
        else
            cwf_buf_printf(&b, "\\x%02x", c);
    }
    if (b.len >= 20000)
        cwf_buf_puts(&b, "...");
    cwf_buf_add(&b, "", 0);
    return cwf_buf_take(&b);
}

/* Prints what went wrong on which input, with the two results that differ
 * (la: a, lb: b), and fails the test. */
static void report(const char *what, const char *in, size_t inlen, const char *la,
                   const cwf_buf *a, const char *lb, const cwf_buf *b)
{
    char *si = shown(in, inlen), *sa = shown(a->p, a->len), *sb = shown(b->p, b->len);
    print_error("%s\n  input (%zu bytes): %s\n  %s: %s\n  %s: %s\n", what, inlen, si, la, sa,
                lb, sb);
    free(si);
    free(sa);
    free(sb);
    cwf_simd_max = CWF_SIMD_AVX512;
    fail();
}

static bool same(const cwf_buf *a, const cwf_buf *b)
{
    return a->len == b->len && (a->len == 0 || memcmp(a->p, b->p, a->len) == 0);
}

/* ---- generated JSON --------------------------------------------------------- */

/* raw: the text as written; cmp: the value being generated, compact (what
 * the reader gives for it).  valid: strings are valid JSON (no raw control
 * bytes, no bad UTF-8, no unknown escapes). */
typedef struct gen {
    cwf_buf raw, cmp;
    bool valid;
} gen;

static void both(gen *g, const char *s, size_t n)
{
    cwf_buf_add(&g->raw, s, n);
    cwf_buf_add(&g->cmp, s, n);
}

static void both_s(gen *g, const char *s)
{
    both(g, s, strlen(s));
}

static void both_c(gen *g, char c)
{
    both(g, &c, 1);
}

static void raw_s(gen *g, const char *s)
{
    cwf_buf_puts(&g->raw, s);
}

/* Whitespace outside strings (dropped from cmp): often none, sometimes a
 * run across a block. */
static void ws(gen *g)
{
    static const char sp[] = " \t\n\r";
    uint32_t n = chance(50) ? 0 : chance(85) ? 1 + rnd(3) : run_len();
    for (uint32_t i = 0; i < n; i++)
        cwf_buf_putc(&g->raw, sp[rnd(4)]);
}

static void repeat(gen *g, char c, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        both_c(g, c);
}

static void gen_string(gen *g)
{
    static const char *const utf8[] = {"\xc3\xa9", "\xe4\xb8\xad", "\xf0\x9f\x98\x80", "\xc2\xa0"};
    static const char *const esc[] = {"\\\"", "\\\\", "\\u00e9", "\\n", "\\/", "\\t", "\\u005C",
                                      "\\u0022", "\\b", "\\ud83d\\ude00"};
    static const char structural[] = "[]{},:";
    both_c(g, '"');
    uint32_t pieces = rnd(9);
    for (uint32_t i = 0; i < pieces; i++) {
        switch (rnd(11)) {
        case 0: /* literal backslashes, then an escape or a structural byte */
        case 1:
            repeat(g, '\\', 2 * run_len());
            if (chance(60))
                both_s(g, esc[rnd(sizeof esc / sizeof *esc)]);
            else if (chance(70))
                both_c(g, structural[rnd(6)]);
            break;
        case 2: /* an odd run escaping anything (not valid JSON) */
            if (g->valid) {
                both_s(g, "\\\"");
                break;
            }
            repeat(g, '\\', 2 * run_len() + 1);
            both_c(g, "]}[{,:\"u \n\t\x01\x80x"[rnd(14)]);
            break;
        case 3:
            repeat(g, 'x', run_len());
            break;
        case 4:
            for (uint32_t n = 1 + rnd(6); n; n--)
                both_c(g, structural[rnd(6)]);
            break;
        case 5:
            if (g->valid || chance(50)) {
                both_s(g, utf8[rnd(4)]);
            } else {
                for (uint32_t n = 1 + rnd(4); n; n--)
                    both_c(g, (char)(0x80 + rnd(128)));
            }
            break;
        case 6:
            if (g->valid) {
                repeat(g, ' ', 1 + rnd(3));
            } else {
                for (uint32_t n = 1 + rnd(5); n; n--)
                    both_c(g, " \t\n\r\x0b\x01\x1f\x7f"[rnd(8)]);
            }
            break;
        case 7: {
            char hex[8];
            snprintf(hex, sizeof hex, "\\u%04X", 0x20 + rnd(0x7000));
            both_s(g, hex);
            break;
        }
        case 8:
            if (!g->valid && chance(20)) {
                both_c(g, '\0');
                break;
            }
            /* fall through */
        default:
            for (uint32_t n = 1 + rnd(10); n; n--)
                both_c(g, (char)("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"[rnd(52)]));
            break;
        }
    }
    both_c(g, '"');
}

static void gen_number(gen *g)
{
    static const char *const nums[] = {"0", "-1", "12.5", "1e10", "-0.25E-3", "1234567890123"};
    if (chance(80)) {
        both_s(g, nums[rnd(6)]);
        return;
    }
    both_c(g, '1');
    for (uint32_t n = run_len(); n; n--)
        both_c(g, (char)('0' + rnd(10)));
}

static void gen_value(gen *g, int depth);

/* An object; pad >= 0: its first member is "p" with pad bytes of string,
 * which shifts what follows against the blocks (without a draw of the
 * PRNG, so that the same record can be generated at every shift). */
static void gen_object(gen *g, int depth, int pad, bool newline)
{
    both_c(g, '{');
    if (newline)
        raw_s(g, "\n");
    ws(g);
    uint32_t n = rnd(depth == 0 ? 7 : 5);
    if (pad >= 0) {
        both_s(g, "\"p\":\"");
        repeat(g, 'x', (uint32_t)pad);
        both_c(g, '"');
        n++;
    }
    for (uint32_t i = pad >= 0; i < n; i++) {
        if (i) {
            both_c(g, ',');
            ws(g);
        }
        gen_string(g);
        ws(g);
        both_c(g, ':');
        ws(g);
        gen_value(g, depth + 1);
        ws(g);
    }
    both_c(g, '}');
}

static void gen_array(gen *g, int depth)
{
    both_c(g, '[');
    ws(g);
    uint32_t n = rnd(5);
    for (uint32_t i = 0; i < n; i++) {
        if (i) {
            both_c(g, ',');
            ws(g);
        }
        gen_value(g, depth + 1);
        ws(g);
    }
    both_c(g, ']');
}

/* Brackets nested deeper than the reader's first stack (64). */
static void gen_deep(gen *g, int depth)
{
    uint32_t n = 10 + rnd(150);
    char *closers = cwf_xmalloc(n);
    for (uint32_t i = 0; i < n; i++) {
        if (chance(50)) {
            both_c(g, '[');
            closers[i] = ']';
        } else {
            both_s(g, "{\"k\":");
            closers[i] = '}';
        }
        ws(g);
    }
    gen_value(g, depth + 6);
    for (uint32_t i = n; i-- > 0;) {
        ws(g);
        both_c(g, closers[i]);
    }
    free(closers);
}

static void gen_value(gen *g, int depth)
{
    uint32_t k = depth >= 5 ? 3 + rnd(5) : rnd(8);
    switch (k) {
    case 0:
    case 1:
        gen_object(g, depth, -1, false);
        break;
    case 2:
        if (depth < 3 && chance(4))
            gen_deep(g, depth);
        else
            gen_array(g, depth);
        break;
    case 3:
    case 4:
    case 5:
        gen_string(g);
        break;
    case 6:
        gen_number(g);
        break;
    default:
        both_s(g, (const char *[]){"true", "false", "null"}[rnd(3)]);
        break;
    }
}

/* One element of a Records array (mostly an object) into g->cmp, and its
 * compact text as "length:text\n" onto want. */
static void gen_record(gen *g, int pad, cwf_buf *want)
{
    cwf_buf_reset(&g->cmp);
    if (pad >= 0 || chance(85))
        gen_object(g, 0, pad, false);
    else if (chance(70))
        gen_array(g, 0);
    else
        gen_value(g, 5);
    cwf_buf_printf(want, "%zu:", g->cmp.len);
    cwf_buf_add(want, g->cmp.p, g->cmp.len);
    cwf_buf_putc(want, '\n');
}

/* A CloudTrail file of one to three documents; want: "cloudtrail\n", the
 * records, "END". */
static void gen_cloudtrail(gen *g, cwf_buf *want)
{
    cwf_buf_puts(want, "cloudtrail\n");
    uint32_t docs = chance(80) ? 1 : 2 + rnd(2);
    for (uint32_t d = 0; d < docs; d++) {
        ws(g);
        raw_s(g, "{");
        ws(g);
        raw_s(g, "\"Records\"");
        ws(g);
        raw_s(g, ":");
        ws(g);
        raw_s(g, "[");
        ws(g);
        uint32_t n = rnd(10);
        for (uint32_t i = 0; i < n; i++) {
            if (i) {
                raw_s(g, ",");
                ws(g);
            }
            gen_record(g, -1, want);
            ws(g);
        }
        raw_s(g, "]");
        /* other members: skipped (scanned without a copy) */
        for (uint32_t m = chance(70) ? 0 : 1 + rnd(2); m; m--) {
            ws(g);
            raw_s(g, ",");
            ws(g);
            gen_string(g);
            ws(g);
            raw_s(g, ":");
            ws(g);
            gen_value(g, 0);
        }
        ws(g);
        raw_s(g, "}");
    }
    ws(g);
    cwf_buf_puts(want, "END");
}

/* Pretty-printed JSON documents (the first breaks its line inside, so that
 * the format is json); want: "json\n", the documents, "END". */
static void gen_json_docs(gen *g, cwf_buf *want)
{
    cwf_buf_puts(want, "json\n");
    uint32_t docs = 1 + rnd(3);
    for (uint32_t d = 0; d < docs; d++) {
        ws(g);
        cwf_buf_reset(&g->cmp);
        if (d == 0 || chance(70))
            gen_object(g, 0, -1, d == 0);
        else
            gen_array(g, 0);
        cwf_buf_printf(want, "%zu:", g->cmp.len);
        cwf_buf_add(want, g->cmp.p, g->cmp.len);
        cwf_buf_putc(want, '\n');
    }
    ws(g);
    cwf_buf_puts(want, "END");
}

/* `aws logs filter-log-events` output (no expectation: messages decoded). */
static void gen_log_events(gen *g)
{
    raw_s(g, "{");
    ws(g);
    raw_s(g, "\"events\":");
    ws(g);
    raw_s(g, "[");
    for (uint32_t i = 0, n = rnd(6); i < n; i++) {
        if (i)
            raw_s(g, ",");
        ws(g);
        raw_s(g, "{\"message\":");
        ws(g);
        gen_string(g);
        ws(g);
        raw_s(g, ",\"timestamp\":");
        gen_number(g);
        if (chance(30)) {
            raw_s(g, ",\"x\":");
            gen_value(g, 1);
        }
        raw_s(g, "}");
    }
    ws(g);
    raw_s(g, "]}");
}

/* JSON Lines (no expectation: not the block scan's, but read all the same). */
static void gen_lines(gen *g)
{
    for (uint32_t i = 0, n = 1 + rnd(6); i < n; i++) {
        cwf_buf_reset(&g->cmp);
        gen_object(g, 1, -1, false);
        raw_s(g, chance(20) ? "\r\n" : "\n");
    }
}

/* Breaks g->raw: one to three bytes replaced, dropped or inserted (a
 * quote, a backslash, a bracket), a bracket turned into one of the other
 * kind, a backslash put before a quote, or the end cut off. */
static void mutate(cwf_buf *raw)
{
    static const char bytes[] = "\"\\[]{},: \nx";
    for (uint32_t m = 1 + rnd(3); m && raw->len > 0; m--) {
        size_t at = rnd((uint32_t)raw->len);
        uint32_t k = rnd(7);
        if (k >= 4) { /* the next bracket (k 4, 5) or quote (k 6) from at */
            const char *want = k < 6 ? "[]{}" : "\"";
            while (at < raw->len && (!raw->p[at] || !strchr(want, raw->p[at])))
                at++;
            if (at == raw->len)
                continue;
            if (k < 6) {
                raw->p[at] ^= '[' ^ '{'; /* [ <-> {, ] <-> } */
                continue;
            }
            k = 2;
        }
        switch (k) {
        case 0:
            raw->p[at] = bytes[rnd(sizeof bytes - 1)];
            break;
        case 1:
            memmove(raw->p + at, raw->p + at + 1, raw->len - at - 1);
            raw->len--;
            break;
        case 2: {
            char c = raw->p[at] == '"' ? '\\' : bytes[rnd(sizeof bytes - 1)];
            cwf_buf_putc(raw, c);
            memmove(raw->p + at + 1, raw->p + at, raw->len - at - 1);
            raw->p[at] = c;
            break;
        }
        default:
            raw->len = at;
            break;
        }
    }
}

/* ---- events at every level ------------------------------------------------- */

/* Everything the reader gives for data[0..len) at the current level: the
 * format, each event as "length:bytes\n", then "END" or the error. */
static void read_events(const char *data, size_t len, cwf_buf *out)
{
    cwf_buf_reset(out);
    char *err;
    cwf_events *e = cwf_events_open_mem(data, len, &err);
    if (!e) {
        cwf_buf_printf(out, "OPEN: %s", err);
        free(err);
        return;
    }
    cwf_buf_printf(out, "%s\n", cwf_events_format_name(cwf_events_format_of(e)));
    const char *msg;
    size_t n;
    int r;
    while ((r = cwf_events_next(e, &msg, &n)) == 1) {
        cwf_buf_printf(out, "%zu:", n);
        cwf_buf_add(out, msg, n);
        cwf_buf_putc(out, '\n');
    }
    if (r < 0)
        cwf_buf_printf(out, "ERROR: %s", cwf_events_error(e));
    else
        cwf_buf_puts(out, "END");
    cwf_events_close(e);
}

/* ---- the reader, modelled a byte at a time --------------------------------- */

/* events.c's CloudTrail and json formats over memory, the plain way: the
 * state machine of next_element / next_document and scan_value's byte loop
 * without the blocks, with the same messages.  Appends what read_events
 * would after the format line. */
typedef struct model {
    const unsigned char *d;
    size_t n, pos;
    cwf_buf *out;
    const char *kind; /* "CloudTrail log" or "JSON" */
} model;

static bool model_bad(model *m, const char *what)
{
    cwf_buf_printf(m->out, "ERROR: not a valid %s file: %s at byte %zu", m->kind, what,
                   m->pos + 1);
    return false;
}

static bool is_ws(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Skips whitespace: the next byte, or -1 at the end. */
static int model_ws(model *m)
{
    while (m->pos < m->n && is_ws(m->d[m->pos]))
        m->pos++;
    return m->pos < m->n ? m->d[m->pos] : -1;
}

/* One value at m->pos: an object or array up to its closing bracket, a
 * scalar up to whitespace or , ] } (not taken); its text without the
 * whitespace outside strings appended to ev (when not NULL). */
static bool model_value(model *m, cwf_buf *ev)
{
    const unsigned char *d = m->d;
    size_t p = m->pos, run = p;
    cwf_buf stack = CWF_BUF_INIT;
    bool instr = false, ok = true;
    for (;;) {
        if (p >= m->n) {
            m->pos = m->n;
            ok = model_bad(m, "unexpected end of file inside a record");
            break;
        }
        unsigned char c = d[p];
        if (instr) {
            if (c == '\\')
                p = p + 2 <= m->n ? p + 2 : m->n;
            else {
                instr = c != '"';
                p++;
            }
            continue;
        }
        if (is_ws(c)) {
            if (stack.len == 0)
                break;
            if (ev)
                cwf_buf_add(ev, d + run, p - run);
            run = ++p;
            continue;
        }
        if (c == '"') {
            instr = true;
        } else if (c == '{' || c == '[') {
            cwf_buf_putc(&stack, c == '{' ? '}' : ']');
        } else if (c == '}' || c == ']' || c == ',') {
            if (stack.len == 0)
                break;
            if (c != ',' && stack.p[--stack.len] != c) {
                m->pos = p;
                ok = model_bad(m, "brackets do not match");
                break;
            }
            if (stack.len == 0) {
                p++;
                break;
            }
        }
        p++;
    }
    cwf_buf_free(&stack);
    if (!ok)
        return false;
    if (ev)
        cwf_buf_add(ev, d + run, p - run);
    m->pos = p;
    if (ev && ev->len == 0)
        return model_bad(m, "an empty element");
    return true;
}

static void model_event(model *m, const cwf_buf *ev)
{
    cwf_buf_printf(m->out, "%zu:", ev->len);
    cwf_buf_add(m->out, ev->p, ev->len);
    cwf_buf_putc(m->out, '\n');
}

static void model_cloudtrail(model *m)
{
    enum { DOC, MEMBER, ELEMENT, AFTER, NEXT } st = DOC;
    cwf_buf key = CWF_BUF_INIT, ev = CWF_BUF_INIT;
    for (;;) {
        int c;
        if (st == DOC) {
            c = model_ws(m);
            if (c < 0) {
                cwf_buf_puts(m->out, "END");
                break;
            }
            if (c != '{' && !model_bad(m, "expected '{'"))
                break;
            m->pos++;
            if (model_ws(m) == '}')
                m->pos++;
            else
                st = MEMBER;
        } else if (st == MEMBER) {
            if (model_ws(m) != '"' && !model_bad(m, "expected a key"))
                break;
            m->pos++;
            cwf_buf_reset(&key);
            bool ok = true;
            while (ok) {
                if (m->pos >= m->n) {
                    ok = model_bad(m, "unexpected end of file in a key");
                    break;
                }
                c = m->d[m->pos++];
                if (c == '"')
                    break;
                cwf_buf_putc(&key, (char)c);
                if (c == '\\') {
                    if (m->pos >= m->n)
                        ok = model_bad(m, "unexpected end of file in a key");
                    else
                        cwf_buf_putc(&key, (char)m->d[m->pos++]);
                }
            }
            if (!ok || (model_ws(m) != ':' && !model_bad(m, "expected ':'")))
                break;
            m->pos++;
            c = model_ws(m);
            if (strcmp(cwf_buf_str(&key), "Records") == 0 && c == '[') {
                m->pos++;
                st = model_ws(m) == ']' ? AFTER : ELEMENT;
                continue;
            }
            if (c < 0) {
                model_bad(m, "unexpected end of file");
                break;
            }
            if (!model_value(m, NULL))
                break;
            st = NEXT;
        } else if (st == ELEMENT) {
            if (model_ws(m) < 0) {
                model_bad(m, "unexpected end of file");
                break;
            }
            cwf_buf_reset(&ev);
            if (!model_value(m, &ev))
                break;
            model_event(m, &ev);
            st = AFTER;
        } else {
            c = model_ws(m);
            bool after = st == AFTER;
            if (c != ',' && c != (after ? ']' : '}')) {
                model_bad(m, after ? "expected ',' or ']'" : "expected ',' or '}'");
                break;
            }
            m->pos++;
            st = c == ',' ? (after ? ELEMENT : MEMBER) : (after ? NEXT : DOC);
        }
    }
    cwf_buf_free(&key);
    cwf_buf_free(&ev);
}

static void model_json(model *m)
{
    cwf_buf ev = CWF_BUF_INIT;
    for (;;) {
        int c = model_ws(m);
        if (c < 0) {
            cwf_buf_puts(m->out, "END");
            break;
        }
        if (c != '{' && c != '[') {
            model_bad(m, "expected '{' or '['");
            break;
        }
        cwf_buf_reset(&ev);
        if (!model_value(m, &ev))
            break;
        model_event(m, &ev);
    }
    cwf_buf_free(&ev);
}

/* What read_events gives for data in the format named by the first line of
 * got, when that is cloudtrail or json; false for the other formats. */
static bool model_read(const char *data, size_t len, const cwf_buf *got, cwf_buf *out)
{
    bool ct = got->len >= 11 && memcmp(got->p, "cloudtrail\n", 11) == 0;
    bool js = got->len >= 5 && memcmp(got->p, "json\n", 5) == 0;
    if (!ct && !js)
        return false;
    cwf_buf_reset(out);
    cwf_buf_puts(out, ct ? "cloudtrail\n" : "json\n");
    model m = {(const unsigned char *)data, len, 0, out, ct ? "CloudTrail log" : "JSON"};
    if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
        m.pos = 3;
    if (ct)
        model_cloudtrail(&m);
    else
        model_json(&m);
    return true;
}

/* Reads text[0..len) (copied to a block of exactly len bytes, so that a
 * read past the end shows under valgrind or ASan) at every level: all give
 * the same; and want, when not NULL, is what they give.  Returns whether
 * the reader ended with an error. */
static bool check_doc(const char *text, size_t len, const cwf_buf *want, size_t doc)
{
    char *data = cwf_xmalloc(len ? len : 1);
    memcpy(data, text, len);
    cwf_buf got[3] = {CWF_BUF_INIT, CWF_BUF_INIT, CWF_BUF_INIT};
    for (int level = CWF_SIMD_SSE2; level <= CWF_SIMD_AVX512; level++) {
        cwf_simd_max = level;
        read_events(data, len, &got[level]);
    }
    cwf_simd_max = CWF_SIMD_AVX512;
    char what[128];
    for (int level = CWF_SIMD_SSE2; level < CWF_SIMD_AVX512; level++)
        if (!same(&got[level], &got[CWF_SIMD_AVX512])) {
            snprintf(what, sizeof what, "document %zu: the levels disagree", doc);
            report(what, data, len, level_name[level], &got[level], "AVX-512",
                   &got[CWF_SIMD_AVX512]);
        }
    cwf_buf plain = CWF_BUF_INIT;
    if (model_read(data, len, &got[CWF_SIMD_AVX512], &plain) &&
        !same(&got[CWF_SIMD_AVX512], &plain)) {
        snprintf(what, sizeof what, "document %zu: not what a byte loop reads", doc);
        report(what, data, len, "got (every level)", &got[CWF_SIMD_AVX512], "byte loop", &plain);
    }
    cwf_buf_free(&plain);
    if (want && !same(&got[CWF_SIMD_AVX512], want)) {
        snprintf(what, sizeof what, "document %zu: not the records generated", doc);
        report(what, data, len, "got (every level)", &got[CWF_SIMD_AVX512], "want", want);
    }
    bool failed = got[0].len >= 6 && strstr(got[0].p, "ERROR:") != NULL;
    free(data);
    for (int i = 0; i < 3; i++)
        cwf_buf_free(&got[i]);
    return failed;
}

/* Random files of every kind, whole and broken. */
static void test_events_random(void **state)
{
    (void)state;
    rng = 0x5EED0001u;
    gen g = {CWF_BUF_INIT, CWF_BUF_INIT, false};
    cwf_buf want = CWF_BUF_INIT;
    size_t errors = 0, broken = 0;
    for (size_t doc = 0; doc < 4000; doc++) {
        cwf_buf_reset(&g.raw);
        cwf_buf_reset(&want);
        g.valid = chance(50);
        uint32_t kind = rnd(10);
        if (kind < 6)
            gen_cloudtrail(&g, &want);
        else if (kind < 8)
            gen_json_docs(&g, &want);
        else if (kind < 9)
            gen_log_events(&g);
        else
            gen_lines(&g);
        bool expect = kind < 8;
        if (chance(40)) {
            mutate(&g.raw);
            expect = false;
            broken++;
        }
        errors += check_doc(g.raw.p ? g.raw.p : "", g.raw.len, expect ? &want : NULL, doc);
    }
    /* the broken files did reach the errors (not all of them are errors:
     * a record that is not JSON is still an event) */
    assert_true(errors > broken / 3);
    cwf_buf_free(&g.raw);
    cwf_buf_free(&g.cmp);
    cwf_buf_free(&want);
    cwf_simd_max = CWF_SIMD_AVX512;
}

/* The same records shifted by 0..127 bytes against the blocks (a string
 * member first), whole and then cut at every 7th byte. */
static void test_events_shifted(void **state)
{
    (void)state;
    rng = 0x5EED0002u;
    gen g = {CWF_BUF_INIT, CWF_BUF_INIT, false};
    cwf_buf want = CWF_BUF_INIT;
    size_t doc = 0;
    for (int r = 0; r < 40; r++) {
        uint64_t saved = rng;
        g.valid = r % 2;
        for (int pad = 0; pad < 128; pad++, doc++) {
            rng = saved;
            cwf_buf_reset(&g.raw);
            cwf_buf_reset(&want);
            cwf_buf_puts(&want, "cloudtrail\n");
            raw_s(&g, "{\"Records\":[");
            gen_record(&g, pad, &want);
            raw_s(&g, ",");
            ws(&g);
            cwf_buf_reset(&g.cmp);
            both_s(&g, "{\"z\":\"zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz\"}");
            cwf_buf_printf(&want, "%zu:%s\n", g.cmp.len, cwf_buf_str(&g.cmp));
            raw_s(&g, "]}");
            cwf_buf_puts(&want, "END");
            check_doc(g.raw.p, g.raw.len, &want, doc);
            if (pad % 16 == 0) /* cut: ends inside the record or after */
                for (size_t cut = 12; cut < g.raw.len; cut += 7)
                    check_doc(g.raw.p, cut, NULL, doc);
        }
    }
    cwf_buf_free(&g.raw);
    cwf_buf_free(&g.cmp);
    cwf_buf_free(&want);
    cwf_simd_max = CWF_SIMD_AVX512;
}

/* ---- the prefilter and the matcher ----------------------------------------- */

static const char benchmark[] = IAM_PATTERN;


/* Names that are not IAM policy changes but look like them or like the
 * other patterns' values. */
static const char *const other_names[] = {
    "GetPolicy", "DeleteGroupPolicyX", "eleteGroupPolicy", "PutRolePolic", "DisableKey",
    "ScheduleKeyDeletion", "kms.amazonaws.com", "AccessDenied", "Policy", "ab",
};

/* The patterns: the pair scan with one pair, two, four; the hash scan
 * (more than four pairs needed) with short and long literals; JSON and
 * not. */
static const char *const patterns[] = {
    benchmark,
    "?ab ?Policy",
    "?Kx ?Zq ?AccessDenied ?Vpc",
    "?Kx ?Zq ?Jw ?Vp ?Qm ?AccessDenied",
    "{ $.userIdentity.arn = \"arn:aws:iam::*\" }",
    "{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || "
    "($.eventName = ScheduleKeyDeletion)) }",
    "{ $.a = Kx || $.b = Zq || $.c = Jw || $.d = Vp || $.eventName = *Policy }",
    "[ip, user = root*, status]",
};

enum { NPAT = sizeof patterns / sizeof *patterns, NLEVEL = 3 };

typedef struct compiled {
    cwf_arena a;
    cwf_diags d;
    cwf_pattern *p;
    cwf_prefilter *f;       /* its literals */
    cwf_matcher *m[NLEVEL + 1]; /* one per level; the last without prefilter */
} compiled;

static void compile(compiled *c, const char *text)
{
    memset(c, 0, sizeof *c);
    c->p = cwf_parse(text, strlen(text), &c->a, &c->d);
    if (!c->p || cwf_diags_count(&c->d, CWF_ERROR) > 0)
        fail_msg("pattern does not parse: %s", text);
    c->f = cwf_prefilter_new(c->p);
    if (!c->f || cwf_prefilter_count(c->f) == 0)
        fail_msg("pattern has no literal: %s", text);
    for (int i = 0; i <= NLEVEL; i++)
        c->m[i] = cwf_matcher_new(c->p);
    cwf_matcher_set_prefilter(c->m[NLEVEL], false);
}

static void release(compiled *c)
{
    for (int i = 0; i <= NLEVEL; i++)
        cwf_matcher_free(c->m[i]);
    cwf_prefilter_free(c->f);
    cwf_diags_free(&c->d);
    cwf_arena_free(&c->a);
}

/* A literal of c, any. */
static const char *some_literal(const compiled *c, size_t *len)
{
    return cwf_prefilter_literal(c->f, rnd((uint32_t)cwf_prefilter_count(c->f)), len);
}

/* A random text of 0..300 bytes for c's literals: filler made of their
 * bytes and of quotes, backslashes and u, literals whole, cut or with a
 * byte changed, \u and \\u and a lone backslash; sometimes a literal
 * (whole or cut) at the very end.  Returns its length; buf holds 400. */
static size_t gen_text(const compiled *c, char *buf)
{
    size_t target = rnd(301), n = 0, len;
    bool plant = chance(50); /* else only filler, cut literals and \\u */
    while (n < target) {
        const char *lit = some_literal(c, &len);
        uint32_t k = rnd(100);
        if (k < 60 || (!plant && k >= 75)) { /* filler */
            for (uint32_t i = 1 + rnd(24); i && n < 360; i--) {
                uint32_t w = rnd(40);
                buf[n++] = w < 8    ? lit[rnd((uint32_t)len)]
                           : w < 12 ? '"'
                           : w < 13 ? (plant ? '\\' : 'v')
                           : w < 14 ? 'u'
                           : w < 36 ? "xyz {}:,"[rnd(8)]
                                    : (char)rnd(256);
            }
        } else if (k < 70 && len > 1) { /* a literal cut or changed */
            switch (rnd(3)) {
            case 0:
                memcpy(buf + n, lit + 1, len - 1);
                n += len - 1;
                break;
            case 1:
                memcpy(buf + n, lit, len - 1);
                n += len - 1;
                break;
            default:
                memcpy(buf + n, lit, len);
                buf[n + rnd((uint32_t)len)] ^= (char)(1 + rnd(255));
                n += len;
                break;
            }
        } else if (k < 75) {
            memcpy(buf + n, "\\\\u", 3);
            n += 3;
        } else if (k < 80) {
            buf[n++] = '\\';
        } else if (k < 90) { /* a literal */
            memcpy(buf + n, lit, len);
            n += len;
        } else {
            memcpy(buf + n, "\\u", 2);
            n += 2;
        }
    }
    n = target;
    if (plant && chance(20)) { /* at the very end */
        const char *lit = some_literal(c, &len);
        size_t cut = chance(50) ? 0 : 1;
        if (len - cut <= n)
            memcpy(buf + n - (len - cut), lit, len - cut);
    }
    return n;
}

/* Whether needle[0..m) occurs in h[0..n), the plain way. */
static bool naive_occurs(const char *h, size_t n, const char *needle, size_t m)
{
    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(h + i, needle, m) == 0)
            return true;
    return false;
}

/* The prefilter's contract (prefilter.h): a literal occurs, or, for a JSON
 * pattern, a backslash escapes a u (backslashes taken in pairs from the
 * first, as cwf_prefilter_candidate reads them: \\u is not one). */
static bool ref_candidate(const compiled *c, const char *t, size_t n)
{
    for (size_t i = 0; i < cwf_prefilter_count(c->f); i++) {
        size_t len;
        const char *lit = cwf_prefilter_literal(c->f, i, &len);
        if (naive_occurs(t, n, lit, len))
            return true;
    }
    if (c->p->kind == CWF_K_JSON)
        for (size_t i = 0; i < n; i++)
            if (t[i] == '\\') {
                if (i + 1 < n && t[i + 1] == 'u')
                    return true;
                i++;
            }
    return false;
}

/* name into b as a JSON string, some of its bytes as \u escapes. */
static void put_name(cwf_buf *b, const char *name, bool escape)
{
    cwf_buf_putc(b, '"');
    for (const char *p = name; *p; p++)
        if (escape && chance(15))
            cwf_buf_printf(b, chance(50) ? "\\u%04x" : "\\u%04X", (unsigned char)*p);
        else
            cwf_buf_putc(b, *p);
    cwf_buf_putc(b, '"');
}

/* What gen_event put in an event: the eventName, eventSource and
 * userIdentity.arn strings (decoded), each NULL when absent or not a
 * string; cut: the event was cut short (not JSON). */
typedef struct facts {
    const char *name, *source, *arn;
    bool cut;
} facts;

/* A CloudTrail-like event into b (valid JSON unless cut): an eventName (an
 * IAM name, another, or none; some bytes as \u escapes), an eventSource, a
 * userIdentity.arn, members of random valid strings; no key twice. */
static void gen_event(cwf_buf *b, facts *f)
{
    gen g = {CWF_BUF_INIT, CWF_BUF_INIT, true};
    bool escape = chance(30);
    memset(f, 0, sizeof *f);
    cwf_buf_reset(b);
    cwf_buf_putc(b, '{');
    uint32_t members = 1 + rnd(6);
    uint32_t name_at = chance(85) ? rnd(members) : members;
    bool source = false, user = false;
    for (uint32_t i = 0; i < members; i++) {
        if (i)
            cwf_buf_puts(b, chance(20) ? ", " : ",");
        if (i == name_at) {
            cwf_buf_puts(b, "\"eventName\":");
            uint32_t k = rnd(10);
            if (k < 5) {
                f->name = iam_names[rnd(16)];
                put_name(b, f->name, escape);
            } else if (k < 8) {
                f->name = other_names[rnd(sizeof other_names / sizeof *other_names)];
                put_name(b, f->name, escape);
            } else if (k < 9) {
                cwf_buf_puts(b, "[\"DeletePolicy\"]");
            } else {
                cwf_buf_puts(b, "12");
            }
            continue;
        }
        uint32_t k = rnd(4);
        if (k == 0 && !source) {
            source = true;
            f->source = chance(50) ? "kms.amazonaws.com" : "iam.amazonaws.com";
            cwf_buf_puts(b, "\"eventSource\":");
            put_name(b, f->source, escape);
        } else if (k == 1 && !user) {
            user = true;
            f->arn = chance(50) ? "arn:aws:iam::123456789012:user/Kx" : "arn:aws:sts::1:x";
            cwf_buf_puts(b, "\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":");
            put_name(b, f->arn, escape);
            cwf_buf_putc(b, '}');
        } else {
            cwf_buf_reset(&g.raw);
            cwf_buf_reset(&g.cmp);
            gen_string(&g);
            cwf_buf_printf(b, "\"pad%u\":", i);
            cwf_buf_add(b, g.raw.p, g.raw.len);
        }
    }
    cwf_buf_putc(b, '}');
    if (chance(5)) { /* cut: not JSON, no match */
        b->len = rnd((uint32_t)b->len);
        f->cut = true;
    }
    cwf_buf_free(&g.raw);
    cwf_buf_free(&g.cmp);
}

static bool is(const char *s, const char *t)
{
    return s && strcmp(s, t) == 0;
}

/* The verdict of patterns[pi] on the event of f, as the generator knows
 * it; -1 when there is no such reference. */
static int known_verdict(size_t pi, const facts *f)
{
    bool ok = !f->cut;
    size_t n = f->name ? strlen(f->name) : 0;
    switch (pi) {
    case 0:
        for (size_t i = 0; i < 16; i++)
            if (is(f->name, iam_names[i]))
                return ok;
        return 0;
    case 4:
        return ok && f->arn && strncmp(f->arn, "arn:aws:iam::", 13) == 0;
    case 5:
        return ok && is(f->source, "kms.amazonaws.com") &&
               (is(f->name, "DisableKey") || is(f->name, "ScheduleKeyDeletion"));
    case 6:
        return ok && n >= 6 && strcmp(f->name + n - 6, "Policy") == 0;
    default:
        return -1;
    }
}

/* For a pattern of optional terms only (?a ?b): whether one of them occurs
 * in t[0..n), the plain way; -1 for another pattern. */
static int terms_verdict(const char *pattern, const char *t, size_t n)
{
    if (pattern[0] != '?')
        return -1;
    for (const char *p = pattern; *p;) {
        if (*p++ != '?')
            return -1;
        size_t len = strcspn(p, " ");
        if (naive_occurs(t, n, p, len))
            return 1;
        p += len;
        p += *p == ' ';
    }
    return 0;
}

/* Random texts: the candidate verdict at every level and the reference. */
static void test_candidates(void **state)
{
    (void)state;
    rng = 0x5EED0003u;
    char buf[400];
    for (size_t pi = 0; pi < NPAT; pi++) {
        compiled c;
        compile(&c, patterns[pi]);
        size_t yes = 0, no = 0;
        for (size_t t = 0; t < 6000; t++) {
            size_t n = gen_text(&c, buf);
            char *text = cwf_xmalloc(n ? n : 1); /* exactly n bytes: over-reads show */
            memcpy(text, buf, n);
            bool want = ref_candidate(&c, text, n);
            for (int level = CWF_SIMD_SSE2; level <= CWF_SIMD_AVX512; level++) {
                cwf_simd_max = level;
                bool got = cwf_matcher_candidate(c.m[level], text, n);
                if (got != want) {
                    char *s = shown(text, n);
                    cwf_simd_max = CWF_SIMD_AVX512;
                    fail_msg("pattern %s\n  text (%zu bytes): %s\n  %s: candidate %d, "
                             "reference %d", patterns[pi], n, s, level_name[level], got, want);
                }
            }
            cwf_simd_max = CWF_SIMD_AVX512;
            yes += want;
            no += !want;
            free(text);
        }
        /* both verdicts are common enough to mean something */
        if (yes < 1000 || no < 1000)
            fail_msg("pattern %s: %zu candidates, %zu not", patterns[pi], yes, no);
        release(&c);
    }
    cwf_simd_max = CWF_SIMD_AVX512;
}

/* Random texts and events: the full verdict at every level, with the
 * prefilter and without; and the verdict a reference gives: a plain search
 * for optional terms, what the generator put in an event for the JSON
 * patterns. */
static void test_verdicts(void **state)
{
    (void)state;
    rng = 0x5EED0004u;
    char buf[400];
    cwf_buf ev = CWF_BUF_INIT;
    for (size_t pi = 0; pi < NPAT; pi++) {
        compiled c;
        compile(&c, patterns[pi]);
        size_t matched = 0, rejected = 0, known = 0;
        for (size_t t = 0; t < 8000; t++) {
            facts f;
            bool event = t % 2 == 1;
            const char *src = buf;
            size_t n;
            if (event) {
                gen_event(&ev, &f);
                src = ev.p;
                n = ev.len;
            } else {
                n = gen_text(&c, buf);
            }
            char *text = cwf_xmalloc(n ? n : 1);
            memcpy(text, src, n);
            bool got[NLEVEL + 1];
            for (int level = CWF_SIMD_SSE2; level <= CWF_SIMD_AVX512; level++) {
                cwf_simd_max = level;
                got[level] = cwf_matcher_match(c.m[level], text, n, NULL);
            }
            cwf_simd_max = CWF_SIMD_AVX512;
            got[NLEVEL] = cwf_matcher_match(c.m[NLEVEL], text, n, NULL);
            rejected += !cwf_matcher_candidate(c.m[NLEVEL], text, n);
            int want = terms_verdict(patterns[pi], text, n);
            if (want < 0 && event)
                want = known_verdict(pi, &f);
            bool bad = want >= 0 && got[NLEVEL] != want;
            for (int i = 0; i < NLEVEL; i++)
                bad |= got[i] != got[NLEVEL];
            if (bad) {
                char *s = shown(text, n);
                fail_msg("pattern %s\n  text (%zu bytes): %s\n  SSE2 %d, AVX2 %d, AVX-512 %d, "
                         "no prefilter %d, reference %s",
                         patterns[pi], n, s, got[0], got[1], got[2], got[3],
                         want < 0 ? "none" : want ? "1" : "0");
            }
            known += want >= 0;
            matched += got[NLEVEL];
            free(text);
        }
        /* the prefilter rejects many texts (well below the 7 in 8
         * candidates that make the matcher stop asking it), some match, and
         * every pattern but the delimited one has a reference for most */
        if (rejected < 1000 || matched == 0 || (patterns[pi][0] != '[' && known < 3900))
            fail_msg("pattern %s: %zu rejected, %zu matched, %zu with a reference",
                     patterns[pi], rejected, matched, known);
        release(&c);
    }
    cwf_buf_free(&ev);
    cwf_simd_max = CWF_SIMD_AVX512;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_events_random),
        cmocka_unit_test(test_events_shifted),
        cmocka_unit_test(test_candidates),
        cmocka_unit_test(test_verdicts),
    };
    return cmocka_run_group_tests_name("simd", tests, NULL, NULL);
}
