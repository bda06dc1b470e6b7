/* test_jscan.c: the streaming JSON scanner, on its own and against jansson.
 *
 * jansson is the oracle: json_loadb(JSON_DECODE_ANY | JSON_ALLOW_NUL |
 * JSON_DECODE_INT_AS_REAL) must agree with cwf_jscan_run on validity (except
 * for numbers beyond the double range and keys holding \u0000, which jansson
 * rejects and RFC 8259 allows, and raw NUL bytes, which jansson's reader
 * may skip), and on the value found at every path the test asks for.  The
 * random texts come from a fixed seed, so a failure reproduces. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "jscan.h"

/* ---- helpers ----------------------------------------------------------- */

static bool valid(const char *s)
{
    return cwf_json_valid(s, strlen(s));
}

/* A selector from a compact spec: "a.b[0].*[*]" (names, [n], *, [*]). */
typedef struct path {
    cwf_seg segs[16];
    char names[16][32];
    uint32_t n;
} path;

static void path_parse(path *p, const char *spec)
{
    memset(p, 0, sizeof *p);
    const char *s = spec;
    while (*s) {
        cwf_seg *g = &p->segs[p->n];
        if (*s == '.')
            s++;
        if (s[0] == '[' && s[1] == '*') {
            g->kind = CWF_SEG_ANY_INDEX;
            s += 3;
        } else if (*s == '[') {
            g->kind = CWF_SEG_INDEX;
            g->index = (uint32_t)strtoul(s + 1, (char **)&s, 10);
            s++;
        } else if (*s == '*') {
            g->kind = CWF_SEG_ANY_FIELD;
            s++;
        } else {
            size_t k = strcspn(s, ".[");
            memcpy(p->names[p->n], s, k);
            g->kind = CWF_SEG_FIELD;
            g->name.p = p->names[p->n];
            g->name.len = (uint32_t)k;
            s += k;
        }
        p->n++;
    }
}

/* Resolves a wildcard-free path over the hits: the hit, or CWF_JNONE. */
static uint32_t resolve(const cwf_jscan *s, const uint32_t *nodes, uint32_t n)
{
    uint32_t h = 0;
    for (uint32_t k = 0; k < n && h != CWF_JNONE; k++)
        h = cwf_jscan_child(s, h, nodes[k + 1]);
    return h;
}

/* ---- unit tests -------------------------------------------------------- */

static void test_validity(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        bool ok;
    } cases[] = {
        {"{}", true}, {"[]", true}, {" \t\r\n{ } \n", true}, {"\"x\"", true}, {"0", true},
        {"-0", true}, {"1.5e+3", true}, {"1E-2", true}, {"true", true}, {"null", true},
        {"[1,[2,[3]],{\"a\":{}}]", true}, {"{\"a\":1,\"a\":2}", true},
        {"\"\\u0000\"", true}, {"\"\\ud83d\\ude00\"", true}, {"\"\xf0\x9f\x98\x80\"", true},
        {"\"\x7f\"", true}, {"1e400", true}, /* RFC 8259; jansson says overflow */
        {"", false}, {" ", false}, {"{", false}, {"{}}", false}, {"{} {}", false},
        {"[1,]", false}, {"{\"a\":1,}", false}, {"{\"a\"}", false}, {"{a:1}", false},
        {"{'a':1}", false}, {"01", false}, {"1.", false}, {".5", false}, {"+1", false},
        {"-", false}, {"1e", false}, {"0x10", false}, {"NaN", false}, {"tru", false},
        {"truex", false}, {"nul", false}, {"\"\\x\"", false}, {"\"\\u12\"", false},
        {"\"\\ud800\"", false}, {"\"\\udc00\"", false}, {"\"\\ud800\\u0041\"", false},
        {"\"a\nb\"", false}, {"\"\t\"", false}, {"\"\xc0\xaf\"", false},
        {"\"\xed\xa0\x80\"", false}, {"\"\xf4\x90\x80\x80\"", false}, {"\"\xe2\x82\"", false},
        {"\"\x80\"", false}, {"\xef\xbb\xbf{}", false}, /* a BOM is not JSON text */
        {"{\"a\":1}x", false}, {"[1 2]", false}, {"{\"a\" 1}", false}, {"\"abc", false},
        {"[\"\\\"]", false},
    };
    for (size_t i = 0; i < CWF_COUNT(cases); i++) {
        if (valid(cases[i].text) != cases[i].ok)
            fail_msg("case %zu <%s>: expected %s", i, cases[i].text,
                     cases[i].ok ? "valid" : "invalid");
    }
    /* Embedded NUL bytes: outside strings and raw inside them, invalid. */
    assert_false(cwf_json_valid("{}\0", 3));
    assert_false(cwf_json_valid("\"a\0b\"", 5));
    assert_true(cwf_json_valid("{}", 2));
}

static void test_depth(void **state)
{
    (void)state;
    size_t n = 200000;
    char *b = malloc(2 * n + 2);
    /* 2048 values deep is the limit, scalars counting (as in jansson). */
    for (size_t depth = 2046; depth <= 2050; depth++) {
        for (int scalar = 0; scalar < 2; scalar++) {
            size_t k = 0;
            for (size_t i = 0; i < depth; i++)
                b[k++] = '[';
            if (scalar)
                b[k++] = '1';
            for (size_t i = 0; i < depth; i++)
                b[k++] = ']';
            bool want = depth + (size_t)scalar <= CWF_JSON_MAX_DEPTH;
            assert_int_equal(cwf_json_valid(b, k), want);
        }
    }
    /* Far deeper, unbalanced, and on a trie path: invalid, no crash. */
    memset(b, '[', n);
    assert_false(cwf_json_valid(b, n));
    size_t k = 0;
    for (size_t i = 0; i < n / 6; i++) {
        memcpy(b + k, "{\"a\":", 5);
        k += 5;
    }
    path p;
    path_parse(&p, "a.a.a.a.a.a.a.a.a.a");
    cwf_jpaths *t = cwf_jpaths_new();
    uint32_t nodes[17];
    cwf_jpaths_add(t, p.segs, p.n, nodes);
    cwf_jscan s;
    cwf_jscan_init(&s, t);
    assert_false(cwf_jscan_run(&s, b, k));
    assert_string_equal(s.error, "nesting too deep");
    cwf_jscan_free(&s);
    cwf_jpaths_free(t);
    free(b);
}

static void test_values(void **state)
{
    (void)state;
    const char *text =
        "{\"s\":\"a\\u00e9\\ud83d\\ude00\\n\\\"\\/\",\"n\":1.50,\"e\":-1E+3,\"z\":\"\\u0000x\","
        "\"o\":{\"k\":[10,{\"deep\":true}]},\"nul\":null,\"f\":false,\"a\":[\"x\",\"y\"],"
        "\"dup\":1,\"dup\":\"last\",\"k\\u0065y\":\"escaped key\"}";
    const char *specs[] = {"s", "n", "e", "z", "o.k[1].deep", "nul", "f", "a[1]", "dup",
                           "key", "o.k[2]", "missing.x", "a.x", "o[0]"};
    cwf_jpaths *t = cwf_jpaths_new();
    uint32_t nodes[CWF_COUNT(specs)][17];
    path p[CWF_COUNT(specs)];
    for (size_t i = 0; i < CWF_COUNT(specs); i++) {
        path_parse(&p[i], specs[i]);
        cwf_jpaths_add(t, p[i].segs, p[i].n, nodes[i]);
    }
    cwf_jscan s;
    cwf_jscan_init(&s, t);
    assert_true(cwf_jscan_run(&s, text, strlen(text)));
    size_t n;
    const char *v;
    uint32_t h = resolve(&s, nodes[0], p[0].n);
    v = cwf_jscan_str(&s, h, &n);
    assert_int_equal(n, strlen("a\xc3\xa9\xf0\x9f\x98\x80\n\"/"));
    assert_memory_equal(v, "a\xc3\xa9\xf0\x9f\x98\x80\n\"/", n);
    h = resolve(&s, nodes[1], p[1].n); /* numbers keep their text */
    v = cwf_jscan_str(&s, h, &n);
    assert_int_equal(s.hits[h].type, CWF_J_NUMBER);
    assert_int_equal(n, 4);
    assert_memory_equal(v, "1.50", 4);
    h = resolve(&s, nodes[2], p[2].n);
    v = cwf_jscan_str(&s, h, &n);
    assert_int_equal(n, 5);
    assert_memory_equal(v, "-1E+3", 5);
    h = resolve(&s, nodes[3], p[3].n); /* \u0000 decodes to a NUL byte */
    v = cwf_jscan_str(&s, h, &n);
    assert_int_equal(n, 2);
    assert_memory_equal(v, "\0x", 2);
    h = resolve(&s, nodes[4], p[4].n);
    assert_int_equal(s.hits[h].type, CWF_J_TRUE);
    assert_int_equal(s.hits[resolve(&s, nodes[5], p[5].n)].type, CWF_J_NULL);
    assert_int_equal(s.hits[resolve(&s, nodes[6], p[6].n)].type, CWF_J_FALSE);
    h = resolve(&s, nodes[7], p[7].n);
    v = cwf_jscan_str(&s, h, &n);
    assert_int_equal(n, 1);
    assert_memory_equal(v, "y", 1);
    h = resolve(&s, nodes[8], p[8].n); /* the last duplicate wins */
    assert_int_equal(s.hits[h].type, CWF_J_STRING);
    v = cwf_jscan_str(&s, h, &n);
    assert_memory_equal(v, "last", 4);
    h = resolve(&s, nodes[9], p[9].n); /* keys are compared decoded */
    assert_int_not_equal(h, CWF_JNONE);
    for (size_t i = 10; i < CWF_COUNT(specs); i++)
        assert_int_equal(resolve(&s, nodes[i], p[i].n), CWF_JNONE);
    assert_int_equal(s.hits[0].type, CWF_J_OBJECT);
    assert_int_equal(s.hits[0].start, 0);
    assert_int_equal(s.hits[0].end, strlen(text));
    cwf_jscan_free(&s);
    cwf_jpaths_free(t);
}

static void test_wildcards(void **state)
{
    (void)state;
    /* Duplicate keys under .* : only the last of each key is selected. */
    const char *text = "{\"a\":1,\"b\":2,\"a\":3,\"\\u0062\":4,\"c\":[5,6,7]}";
    path p, q, r;
    path_parse(&p, "*");
    path_parse(&q, "c[*]");
    path_parse(&r, "a");
    cwf_jpaths *t = cwf_jpaths_new();
    uint32_t np[17], nq[17], nr[17];
    cwf_jpaths_add(t, p.segs, p.n, np);
    cwf_jpaths_add(t, q.segs, q.n, nq);
    cwf_jpaths_add(t, r.segs, r.n, nr);
    cwf_jscan s;
    cwf_jscan_init(&s, t);
    assert_true(cwf_jscan_run(&s, text, strlen(text)));
    char got[64] = "";
    for (uint32_t c = cwf_jscan_first(&s, 0, np[1]); c != CWF_JNONE; c = cwf_jscan_next(&s, c)) {
        size_t n;
        const char *v = cwf_jscan_str(&s, c, &n);
        strncat(got, v ? v : "?", v ? n : 1);
        strcat(got, ",");
    }
    assert_string_equal(got, "3,4,?,");
    uint32_t c = cwf_jscan_child(&s, 0, nq[1]);
    int count = 0;
    for (uint32_t e = cwf_jscan_first(&s, c, nq[2]); e != CWF_JNONE; e = cwf_jscan_next(&s, e))
        count++;
    assert_int_equal(count, 3);
    size_t n;
    assert_memory_equal(cwf_jscan_str(&s, cwf_jscan_child(&s, 0, nr[1]), &n), "3", 1);
    /* Root arrays: [*] at the root. */
    path a;
    path_parse(&a, "[*]");
    cwf_jpaths *t2 = cwf_jpaths_new();
    uint32_t na[17];
    cwf_jpaths_add(t2, a.segs, a.n, na);
    cwf_jscan s2;
    cwf_jscan_init(&s2, t2);
    assert_true(cwf_jscan_run(&s2, "[1,\"x\",{}]", 10));
    count = 0;
    for (uint32_t e = cwf_jscan_first(&s2, 0, na[1]); e != CWF_JNONE; e = cwf_jscan_next(&s2, e))
        count++;
    assert_int_equal(count, 3);
    assert_int_equal(s2.hits[0].type, CWF_J_ARRAY);
    cwf_jscan_free(&s2);
    cwf_jpaths_free(t2);
    cwf_jscan_free(&s);
    cwf_jpaths_free(t);
}

/* Strings with escapes, control bytes and UTF-8 (valid and not) at every
 * position across the 16-byte blocks the string scan takes at once, one or
 * two of them, in every place a string can be: a value a path reads, a
 * value no path reads (in the walked object and in a skipped one), an
 * array element and a key.  Validity must agree with jansson, and a value
 * read must decode to jansson's string. */
static void test_string_blocks(void **state)
{
    (void)state;
    static const char *const specials[] = {
        "\\\"", "\\\\", "\\/", "\\n", "\\b", "\\u00e9", "\\ud83d\\ude00", "\xc3\xa9",
        "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\x7f", /* valid */
        "\\x", "\\u12G4", "\\ud83d", "\\ude00", "\x01", "\t", "\x1f", "\xc3", "\xc3(",
        "\xed\xa0\x80", "\xf5\x80\x80\x80", "\xc0\xaf", "\x80", "\xff", "\\", /* invalid */
    };
    static const char *const shapes[][2] = { /* the text before and after the string */
        {"{\"r\":\"", "\",\"z\":1}"}, {"{\"o\":\"", "\",\"r\":\"x\"}"},
        {"{\"o\":{\"p\":[\"", "\"]},\"r\":2}"}, {"[\"", "\"]"}, {"{\"", "\":1,\"r\":true}"},
        {"\"", "\""},
    };
    cwf_jpaths *t = cwf_jpaths_new();
    path p;
    uint32_t nodes[17];
    path_parse(&p, "r");
    cwf_jpaths_add(t, p.segs, p.n, nodes);
    cwf_jscan s;
    cwf_jscan_init(&s, t);
    cwf_buf str = CWF_BUF_INIT, text = CWF_BUF_INIT;
    int checked = 0;
    for (size_t a = 0; a < CWF_COUNT(specials); a++)
        for (size_t b = 0; b <= CWF_COUNT(specials); b++) /* b == count: one special */
            for (int pad = 0; pad < 36; pad += b == CWF_COUNT(specials) ? 1 : 5)
                for (int gap = 0; gap < (b == CWF_COUNT(specials) ? 1 : 18); gap += 3)
                    for (size_t k = 0; k < CWF_COUNT(shapes); k++) {
                        cwf_buf_reset(&str);
                        for (int i = 0; i < pad; i++)
                            cwf_buf_putc(&str, (char)('a' + i % 26));
                        cwf_buf_printf(&str, "%s", specials[a]);
                        if (b < CWF_COUNT(specials)) {
                            for (int i = 0; i < gap; i++)
                                cwf_buf_putc(&str, 'q');
                            cwf_buf_printf(&str, "%s", specials[b]);
                        }
                        cwf_buf_printf(&str, "tail");
                        cwf_buf_reset(&text);
                        cwf_buf_printf(&text, "%s%s%s", shapes[k][0], cwf_buf_str(&str),
                                       shapes[k][1]);
                        json_error_t err;
                        json_t *j = json_loadb(text.p, text.len,
                                               JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
                        bool ok = cwf_jscan_run(&s, text.p, text.len);
                        if (ok != (j != NULL))
                            fail_msg("scanner says %s, jansson %s; text %s", ok ? "valid" : s.error,
                                     j ? "valid" : err.text, cwf_buf_str(&text));
                        if (ok && k == 0) {
                            size_t n;
                            uint32_t h = resolve(&s, nodes, p.n);
                            const char *v = cwf_jscan_str(&s, h, &n);
                            json_t *r = json_object_get(j, "r");
                            assert_int_equal(n, json_string_length(r));
                            assert_memory_equal(v, json_string_value(r), n);
                        }
                        checked++;
                        json_decref(j);
                    }
    assert_true(checked > 10000);
    cwf_buf_free(&str);
    cwf_buf_free(&text);
    cwf_jscan_free(&s);
    cwf_jpaths_free(t);
}

/* ---- differential against jansson -------------------------------------- */

static uint64_t rng = 0x9E3779B97F4A7C15u;

static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng % n);
}

static const char *const keys[] = {"a", "b", "eventName", "k\\u0065y", "key", "", "x y", "\\u00e9"};

static void gen_string(cwf_buf *b)
{
    static const char *const parts[] = {
        "a", "Put", "b c", "\\n", "\\\"", "\\\\", "\\/", "\\u0041", "\\u00e9", "\\ud83d\\ude00",
        "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\\u0000", "*", "1", "\x7f",
    };
    cwf_buf_putc(b, '"');
    for (uint32_t n = rnd(4); n > 0; n--)
        cwf_buf_puts(b, parts[rnd(CWF_COUNT(parts))]);
    cwf_buf_putc(b, '"');
}

static void gen_ws(cwf_buf *b)
{
    static const char *const w[] = {"", "", "", " ", "\n", "\t ", "\r\n"};
    cwf_buf_puts(b, w[rnd(CWF_COUNT(w))]);
}

static void gen_value(cwf_buf *b, int depth)
{
    static const char *const nums[] = {"0", "-0", "1", "42", "-7", "1.5", "1.50", "1e3",
                                       "1E+2", "-2.5e-3", "123456789", "0.000001", "1e308"};
    uint32_t k = rnd(depth > 4 ? 6 : 8);
    switch (k) {
    case 0: cwf_buf_puts(b, "null"); break;
    case 1: cwf_buf_puts(b, rnd(2) ? "true" : "false"); break;
    case 2: case 3: gen_string(b); break;
    case 4: case 5: cwf_buf_puts(b, nums[rnd(CWF_COUNT(nums))]); break;
    case 6: {
        cwf_buf_putc(b, '{');
        uint32_t n = rnd(5);
        for (uint32_t i = 0; i < n; i++) {
            if (i)
                cwf_buf_putc(b, ',');
            gen_ws(b);
            cwf_buf_printf(b, "\"%s\"", keys[rnd(CWF_COUNT(keys))]);
            gen_ws(b);
            cwf_buf_putc(b, ':');
            gen_ws(b);
            gen_value(b, depth + 1);
            gen_ws(b);
        }
        cwf_buf_putc(b, '}');
        break;
    }
    default: {
        cwf_buf_putc(b, '[');
        uint32_t n = rnd(5);
        for (uint32_t i = 0; i < n; i++) {
            if (i)
                cwf_buf_putc(b, ',');
            gen_ws(b);
            gen_value(b, depth + 1);
            gen_ws(b);
        }
        cwf_buf_putc(b, ']');
        break;
    }
    }
}

static void mutate(cwf_buf *b)
{
    static const char alphabet[] = "{}[]:,\"\\ ntfu0123456789-+.eE\x00\x80\xc3\xbf\xed\xf4\x1f";
    size_t n = b->len;
    if (n == 0)
        return;
    size_t at = rnd((uint32_t)n);
    switch (rnd(5)) {
    case 0: b->p[at] = alphabet[rnd(sizeof alphabet - 1)]; break;
    case 1: memmove(b->p + at, b->p + at + 1, n - at - 1); b->len--; break;
    case 2:
        cwf_buf_putc(b, 0);
        memmove(b->p + at + 1, b->p + at, n - at);
        b->p[at] = alphabet[rnd(sizeof alphabet - 1)];
        break;
    case 3: b->len = at; break;
    default: b->p[at] = (char)rnd(256); break;
    }
}

/* The jansson value at a wildcard-free path, or NULL. */
static json_t *jget(json_t *j, const path *p)
{
    for (uint32_t k = 0; k < p->n && j; k++) {
        const cwf_seg *g = &p->segs[k];
        if (g->kind == CWF_SEG_FIELD) {
            if (!json_is_object(j))
                return NULL;
            cwf_buf key = CWF_BUF_INIT;
            char raw[64];
            snprintf(raw, sizeof raw, "\"%.*s\"", (int)g->name.len, g->name.p);
            cwf_json_unescape(raw, strlen(raw), &key);
            j = json_object_getn(j, key.p ? key.p : "", key.len);
            cwf_buf_free(&key);
        } else
            j = json_is_array(j) ? json_array_get(j, g->index) : NULL;
    }
    return j;
}

/* Whether hit h holds the same value as jansson's j. */
static bool same(cwf_jscan *s, uint32_t h, json_t *j)
{
    if (h == CWF_JNONE || !j)
        return h == CWF_JNONE && !j;
    cwf_jtype t = s->hits[h].type;
    size_t n;
    const char *v;
    switch (json_typeof(j)) {
    case JSON_NULL: return t == CWF_J_NULL;
    case JSON_TRUE: return t == CWF_J_TRUE;
    case JSON_FALSE: return t == CWF_J_FALSE;
    case JSON_OBJECT: return t == CWF_J_OBJECT;
    case JSON_ARRAY: return t == CWF_J_ARRAY;
    case JSON_STRING:
        v = cwf_jscan_str(s, h, &n);
        return t == CWF_J_STRING && n == json_string_length(j) &&
               memcmp(v, json_string_value(j), n) == 0;
    case JSON_REAL:
    case JSON_INTEGER: {
        if (t != CWF_J_NUMBER)
            return false;
        v = cwf_jscan_str(s, h, &n);
        char buf[128];
        snprintf(buf, sizeof buf, "%.*s", (int)n, v);
        return strtod(buf, NULL) == json_number_value(j);
    }
    }
    return false;
}

/* A random path through j (sometimes off it), as a spec. */
static void random_path(json_t *j, char *spec, size_t cap)
{
    spec[0] = 0;
    for (int d = 0; d < 4; d++) {
        size_t len = strlen(spec);
        if (json_is_object(j) && json_object_size(j) && rnd(4)) {
            size_t want = rnd((uint32_t)json_object_size(j)), i = 0;
            const char *k;
            json_t *v;
            json_object_foreach(j, k, v) {
                if (i++ == want) {
                    /* keys with characters outside [A-Za-z0-9 ] stay out */
                    if (strspn(k, "abcdefghijklmnopqrstuvwxyzN ") != strlen(k) || !*k)
                        return;
                    snprintf(spec + len, cap - len, "%s%s", len ? "." : "", k);
                    j = v;
                    break;
                }
            }
        } else if (json_is_array(j) && json_array_size(j) && rnd(4)) {
            uint32_t i = rnd((uint32_t)json_array_size(j) + 1);
            snprintf(spec + len, cap - len, "[%u]", i);
            j = json_array_get(j, i);
        } else {
            if (rnd(2))
                snprintf(spec + len, cap - len, "%s%s", len ? "." : "", keys[rnd(3)]);
            return;
        }
    }
}

static void test_differential(void **state)
{
    (void)state;
    const int rounds = getenv("CWF_SOAK") ? 2000000 : 100000;
    int valid_n = 0, invalid_n = 0, paths_n = 0, skipped = 0;
    cwf_buf b = CWF_BUF_INIT;
    for (int r = 0; r < rounds; r++) {
        cwf_buf_reset(&b);
        gen_ws(&b);
        gen_value(&b, rnd(3) ? 0 : 3);
        gen_ws(&b);
        for (uint32_t m = rnd(3) == 0 ? 1 + rnd(3) : 0; m > 0; m--)
            mutate(&b);
        json_error_t err;
        json_t *j = json_loadb(b.p, b.len,
                               JSON_DECODE_ANY | JSON_ALLOW_NUL | JSON_DECODE_INT_AS_REAL, &err);
        if (!j && (strstr(err.text, "overflow") || strstr(err.text, "NUL byte in object key"))) {
            skipped++; /* numbers beyond double, \u0000 in keys: RFC 8259 allows them */
            continue;
        }
        if (memchr(b.p, 0, b.len)) {
            /* jansson's reader drops a raw NUL byte that follows a pushed
             * back character ("1\0" loads); any raw NUL is invalid JSON. */
            assert_false(cwf_json_valid(b.p, b.len));
            skipped++;
            json_decref(j);
            continue;
        }
        /* Paths: a few from the document, plus .* and [*] at the root. */
        char specs[6][128];
        path p[6];
        uint32_t nodes[6][17];
        cwf_jpaths *t = cwf_jpaths_new();
        for (int i = 0; i < 4; i++) {
            if (j)
                random_path(j, specs[i], sizeof specs[i]);
            else
                snprintf(specs[i], sizeof specs[i], "%s", keys[rnd(3)]);
            if (!specs[i][0])
                snprintf(specs[i], sizeof specs[i], "a");
            path_parse(&p[i], specs[i]);
            cwf_jpaths_add(t, p[i].segs, p[i].n, nodes[i]);
        }
        path_parse(&p[4], "*");
        cwf_jpaths_add(t, p[4].segs, p[4].n, nodes[4]);
        path_parse(&p[5], "[*]");
        cwf_jpaths_add(t, p[5].segs, p[5].n, nodes[5]);
        cwf_jscan s;
        cwf_jscan_init(&s, t);
        bool ok = cwf_jscan_run(&s, b.p, b.len);
        if (ok != (j != NULL)) {
            cwf_buf q = CWF_BUF_INIT;
            cwf_buf_json_str(&q, b.p, b.len);
            fail_msg("round %d: scanner says %s, jansson says %s (%s); text %s", r,
                     ok ? "valid" : s.error, j ? "valid" : "invalid", j ? "" : err.text, q.p);
        }
        if (ok) {
            valid_n++;
            for (int i = 0; i < 4; i++) {
                paths_n++;
                if (!same(&s, resolve(&s, nodes[i], p[i].n), jget(j, &p[i])))
                    fail_msg("round %d: path %s differs in %s", r, specs[i], b.p);
            }
            /* .* selects each key once, with its last value */
            size_t count = 0;
            for (uint32_t c = cwf_jscan_first(&s, 0, nodes[4][1]); c != CWF_JNONE;
                 c = cwf_jscan_next(&s, c)) {
                cwf_buf key = CWF_BUF_INIT;
                cwf_json_unescape(b.p + s.hits[c].kstart, s.hits[c].kend - s.hits[c].kstart, &key);
                if (!same(&s, c, json_object_getn(j, key.p ? key.p : "", key.len)))
                    fail_msg("round %d: .* member %s differs in %s", r, key.p, b.p);
                cwf_buf_free(&key);
                count++;
            }
            assert_int_equal(count, json_is_object(j) ? json_object_size(j) : 0);
            count = 0;
            for (uint32_t c = cwf_jscan_first(&s, 0, nodes[5][1]); c != CWF_JNONE;
                 c = cwf_jscan_next(&s, c)) {
                if (!same(&s, c, json_array_get(j, count)))
                    fail_msg("round %d: [*] element %zu differs in %s", r, count, b.p);
                count++;
            }
            assert_int_equal(count, json_is_array(j) ? json_array_size(j) : 0);
        } else
            invalid_n++;
        cwf_jscan_free(&s);
        cwf_jpaths_free(t);
        json_decref(j);
    }
    cwf_buf_free(&b);
    print_message("differential: %d valid, %d invalid, %d paths, %d skipped (overflow, NUL)\n",
                  valid_n, invalid_n, paths_n, skipped);
    assert_true(valid_n > rounds / 2 && invalid_n > rounds / 20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_validity),
        cmocka_unit_test(test_depth),
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_wildcards),
        cmocka_unit_test(test_string_blocks),
        cmocka_unit_test(test_differential),
    };
    return cmocka_run_group_tests_name("jscan", tests, NULL, NULL);
}
