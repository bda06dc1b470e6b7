/* prefilter.c: required literals of a pattern and a multi-literal scan (see
 * prefilter.h).
 *
 * The scan: when at most 4 adjacent byte pairs cover the literals (each
 * literal holds one; chosen rare by a rough table of byte frequencies in
 * logs), SSE2 compares 16 positions at a time against the pairs (AVX2 32,
 * AVX-512 64, as cwf_simd_level allows) and only a pair's positions are
 * verified.  Otherwise literals of 4 bytes or more are
 * indexed by a hash of their first 4 bytes in a 65536-bit set, tested at
 * each position, and shorter ones are searched one by one. */
#include "prefilter.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__SSE2__) && defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define HAVE_AVX2 1 /* AVX2 and AVX-512 variants, chosen by cwf_simd_level() */
#endif

enum { MAX_LITS = 64, MAX_PAIRS = 4 };

/* A set of literals during derivation; n == NONE: no literal required. */
typedef struct lits {
    size_t n;
    char **p;
    size_t *len;
} lits;

#define NONE ((size_t)-1)

struct cwf_prefilter {
    bool json;
    lits l;
    uint32_t *head;          /* per literal: its first 4 bytes (len >= 4) */
    uint64_t bits[1024];     /* the hashes of the heads */
    /* The pair scan: every literal holds one of npairs byte pairs, at
     * offset off[i] (pair[i] its index); 0 pairs: the hash scan. */
    size_t npairs;
    unsigned char pa[MAX_PAIRS], pb[MAX_PAIRS];
    size_t *off;
    unsigned char *pair;
};

static void lits_free(lits *s)
{
    if (s->n != NONE)
        for (size_t i = 0; i < s->n; i++)
            free(s->p[i]);
    free(s->p);
    free(s->len);
    memset(s, 0, sizeof *s);
}

static lits none(void)
{
    lits s = {NONE, NULL, NULL};
    return s;
}

static void lits_add(lits *s, const char *p, size_t n)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->len[i] == n && memcmp(s->p[i], p, n) == 0)
            return;
    s->p = cwf_xrealloc(s->p, (s->n + 1) * sizeof *s->p);
    s->len = cwf_xrealloc(s->len, (s->n + 1) * sizeof *s->len);
    s->p[s->n] = cwf_xstrndup(p, n);
    s->len[s->n] = n;
    s->n++;
}

/* Moves b's literals into a (the union); none if either is none or the
 * union grows past MAX_LITS. */
static void lits_union(lits *a, lits *b)
{
    if (a->n == NONE || b->n == NONE || a->n + b->n > MAX_LITS) {
        lits_free(a);
        lits_free(b);
        *a = none();
        return;
    }
    for (size_t i = 0; i < b->n; i++)
        lits_add(a, b->p[i], b->len[i]);
    lits_free(b);
}

/* How selective a set is: its shortest literal, longer is better. */
static size_t score(const lits *s)
{
    if (s->n == NONE || s->n == 0)
        return 0;
    size_t m = SIZE_MAX;
    for (size_t i = 0; i < s->n; i++)
        m = s->len[i] < m ? s->len[i] : m;
    return m * 4 + (s->n < 4 ? 4 - s->n : 0);
}

/* Keeps the better of a and b in a. */
static void lits_best(lits *a, lits *b)
{
    if (score(b) > score(a)) {
        lits t = *a;
        *a = *b;
        *b = t;
    }
    lits_free(b);
}

/* A character that a JSON escape other than \u can spell, or that must be
 * escaped in a JSON string: the literal could be written another way. */
static bool escapable(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] == '"' || p[i] == '\\' || p[i] == '/' || (unsigned char)p[i] < 0x20)
            return true;
    return false;
}

/* Whether a JSON number's text could equal t[0..n). */
static bool numberish(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strchr("0123456789.eE+-", p[i]) || p[i] == '\0')
            return false;
    return true;
}

/* The literal of one condition: `sel = string` only. */
static lits leaf_lits(const cwf_expr *e, bool json)
{
    lits s = none();
    const cwf_value *v = &e->u.leaf.val;
    if (e->kind != CWF_E_CMP || e->u.leaf.op != CWF_OP_EQ || v->kind != CWF_V_STRING ||
        v->wild == CWF_W_ANY)
        return s;
    const cwf_str *t = v->wild == CWF_W_NONE ? &v->text : &v->core;
    if (t->len == 0 || (json && escapable(t->p, t->len)))
        return s;
    s.n = 0;
    if (!json || numberish(t->p, t->len)) {
        lits_add(&s, t->p, t->len);
        return s;
    }
    /* Only a JSON string can hold it: its quotes are in the text. */
    bool open = v->wild == CWF_W_NONE || v->wild == CWF_W_PREFIX;
    bool close = v->wild == CWF_W_NONE || v->wild == CWF_W_SUFFIX;
    cwf_buf b = CWF_BUF_INIT;
    if (open)
        cwf_buf_putc(&b, '"');
    cwf_buf_add(&b, t->p, t->len);
    if (close)
        cwf_buf_putc(&b, '"');
    lits_add(&s, b.p, b.len);
    cwf_buf_free(&b);
    return s;
}

/* Recursion follows the pattern's nesting, which its length bounds. */
static lits expr_lits(const cwf_expr *e, bool json)
{
    if (e->kind == CWF_E_OR) {
        lits s = {0, NULL, NULL};
        for (uint32_t i = 0; i < e->u.list.n; i++) {
            lits k = expr_lits(e->u.list.kids[i], json);
            lits_union(&s, &k);
        }
        return s;
    }
    if (e->kind == CWF_E_AND) {
        lits s = none();
        for (uint32_t i = 0; i < e->u.list.n; i++) {
            lits k = expr_lits(e->u.list.kids[i], json);
            lits_best(&s, &k);
        }
        return s;
    }
    return leaf_lits(e, json);
}

static lits pattern_lits(const cwf_pattern *p)
{
    lits s = none();
    switch (p->kind) {
    case CWF_K_JSON:
        return expr_lits(p->u.json, true);
    case CWF_K_DELIM:
        for (uint32_t i = 0; i < p->u.delim.n; i++)
            if (p->u.delim.v[i].kind == CWF_F_COND && p->u.delim.v[i].cond) {
                lits k = expr_lits(p->u.delim.v[i].cond, false);
                lits_best(&s, &k);
            }
        return s;
    case CWF_K_TERMS: {
        bool strict = false;
        for (uint32_t i = 0; i < p->u.terms.n; i++)
            strict |= p->u.terms.v[i].kind != CWF_T_OPTIONAL;
        if (!strict) { /* one of the optional terms must occur */
            if (p->u.terms.n == 0)
                return s;
            s.n = 0;
            for (uint32_t i = 0; i < p->u.terms.n; i++) {
                const cwf_str *t = &p->u.terms.v[i].text;
                lits k = none();
                if (t->len) {
                    k.n = 0;
                    lits_add(&k, t->p, t->len);
                }
                lits_union(&s, &k);
            }
            return s;
        }
        for (uint32_t i = 0; i < p->u.terms.n; i++) {
            const cwf_term *t = &p->u.terms.v[i];
            if (t->kind != CWF_T_PLAIN || t->text.len == 0)
                continue;
            lits k = {0, NULL, NULL};
            lits_add(&k, t->text.p, t->text.len);
            lits_best(&s, &k);
        }
        return s;
    }
    case CWF_K_ALL:
    case CWF_K_REGEX:
        break;
    }
    return s;
}

static uint32_t load4(const char *p)
{
    uint32_t w;
    memcpy(&w, p, 4);
    return w;
}

static uint32_t hash4(uint32_t w)
{
    return (w * 2654435761u) >> 16;
}

/* How common byte c is in logs and JSON, roughly: lower is rarer. */
static unsigned cost(unsigned char c)
{
    if (strchr("etaoinsr\"", c) && c)
        return 10;
    if (c >= 'a' && c <= 'z')
        return strchr("ykvxzqjw", c) ? 3 : 5;
    if (c >= '0' && c <= '9')
        return 6;
    if (c >= 'A' && c <= 'Z')
        return 2;
    if (c == ':' || c == ',' || c == ' ')
        return 6;
    if (strchr("-./_{}[]", c) && c)
        return 4;
    return 1;
}

/* Chooses at most MAX_PAIRS adjacent byte pairs such that every literal
 * holds one (greedy set cover, cheapest per literal covered first). */
static void choose_pairs(cwf_prefilter *f)
{
    const lits *l = &f->l;
    bool *done = cwf_xcalloc(l->n, sizeof *done);
    f->off = cwf_xcalloc(l->n, sizeof *f->off);
    f->pair = cwf_xcalloc(l->n, 1);
    size_t left = l->n;
    for (size_t i = 0; i < l->n; i++)
        if (l->len[i] < 2)
            goto fail;
    while (left) {
        if (f->npairs == MAX_PAIRS)
            goto fail;
        double best = 0;
        unsigned char ba = 0, bb = 0;
        for (size_t i = 0; i < l->n; i++) {
            if (done[i])
                continue;
            for (size_t k = 0; k + 1 < l->len[i]; k++) {
                unsigned char a = (unsigned char)l->p[i][k], b = (unsigned char)l->p[i][k + 1];
                size_t covered = 0;
                for (size_t j = 0; j < l->n; j++) {
                    if (done[j])
                        continue;
                    for (size_t t = 0; t + 1 < l->len[j]; t++)
                        if ((unsigned char)l->p[j][t] == a && (unsigned char)l->p[j][t + 1] == b) {
                            covered++;
                            break;
                        }
                }
                double w = (double)covered / (cost(a) * cost(b));
                if (w > best) {
                    best = w;
                    ba = a;
                    bb = b;
                }
            }
        }
        f->pa[f->npairs] = ba;
        f->pb[f->npairs] = bb;
        for (size_t j = 0; j < l->n; j++) {
            if (done[j])
                continue;
            for (size_t t = 0; t + 1 < l->len[j]; t++)
                if ((unsigned char)l->p[j][t] == ba && (unsigned char)l->p[j][t + 1] == bb) {
                    done[j] = true;
                    f->off[j] = t;
                    f->pair[j] = (unsigned char)f->npairs;
                    left--;
                    break;
                }
        }
        f->npairs++;
    }
    free(done);
    return;
fail:
    f->npairs = 0;
    free(done);
}

cwf_prefilter *cwf_prefilter_new(const cwf_pattern *p)
{
    lits s = pattern_lits(p);
    if (s.n == NONE || s.n == 0) {
        lits_free(&s);
        return NULL;
    }
    cwf_prefilter *f = cwf_xcalloc(1, sizeof *f);
    f->json = p->kind == CWF_K_JSON;
    f->l = s;
    f->head = cwf_xcalloc(s.n, sizeof *f->head);
    for (size_t i = 0; i < s.n; i++)
        if (s.len[i] >= 4) {
            f->head[i] = load4(s.p[i]);
            uint32_t h = hash4(f->head[i]);
            f->bits[h >> 6] |= (uint64_t)1 << (h & 63);
        }
    choose_pairs(f);
    return f;
}

/* Whether a literal holding pair k at offset q - msg occurs. */
static bool pair_verify(const cwf_prefilter *f, size_t k, const char *msg, size_t len, size_t q)
{
    for (size_t i = 0; i < f->l.n; i++)
        if (f->pair[i] == k && q >= f->off[i] && q - f->off[i] + f->l.len[i] <= len &&
            memcmp(msg + q - f->off[i], f->l.p[i], f->l.len[i]) == 0)
            return true;
    return false;
}

#if defined(HAVE_AVX2)
/* The pair scan's first part with AVX2, 32 positions at a time: whether a
 * literal occurs at a position below *at, which it sets to where the
 * rest of the scan starts; *bs is set when a backslash is at one of those
 * positions.  A text of 33 bytes or more is taken whole: its last 32
 * positions are one more block, overlapping the one before (a position
 * seen twice is verified twice, which changes nothing). */
__attribute__((target("avx2"))) static bool pair_hit_avx2(const cwf_prefilter *f,
                                                          const char *msg, size_t len,
                                                          size_t *at, bool *bs)
{
    size_t q = 0;
    const __m256i bslash = _mm256_set1_epi8('\\');
    __m256i seen = _mm256_setzero_si256();
    __m256i va[MAX_PAIRS], vb[MAX_PAIRS];
    for (size_t k = 0; k < f->npairs; k++) {
        va[k] = _mm256_set1_epi8((char)f->pa[k]);
        vb[k] = _mm256_set1_epi8((char)f->pb[k]);
    }
    for (bool last = false;; q += 32) {
        if (q + 33 > len) {
            if (len < 33 || q + 1 >= len)
                break;
            q = len - 33;
            last = true;
        }
        __m256i x = _mm256_loadu_si256((const __m256i *)(const void *)(msg + q));
        __m256i y = _mm256_loadu_si256((const __m256i *)(const void *)(msg + q + 1));
        seen = _mm256_or_si256(seen, _mm256_cmpeq_epi8(x, bslash));
        uint32_t masks[MAX_PAIRS], any = 0;
        for (size_t k = 0; k < f->npairs; k++) {
            masks[k] = (uint32_t)_mm256_movemask_epi8(
                _mm256_and_si256(_mm256_cmpeq_epi8(x, va[k]), _mm256_cmpeq_epi8(y, vb[k])));
            any |= masks[k];
        }
        for (size_t k = 0; any && k < f->npairs; k++)
            for (uint32_t m = masks[k]; m; m &= m - 1)
                if (pair_verify(f, k, msg, len, q + (size_t)__builtin_ctz(m)))
                    return true;
        if (last) {
            q = len - 1;
            break;
        }
    }
    *at = q;
    *bs = _mm256_movemask_epi8(seen) != 0;
    return false;
}
/* pair_hit_avx2 with AVX-512, 64 positions at a time (65 bytes or more). */
__attribute__((target("avx512f,avx512bw"))) static bool pair_hit_avx512(const cwf_prefilter *f,
                                                                        const char *msg,
                                                                        size_t len, size_t *at,
                                                                        bool *bs)
{
    size_t q = 0;
    const __m512i bslash = _mm512_set1_epi8('\\');
    uint64_t seen = 0;
    __m512i va[MAX_PAIRS], vb[MAX_PAIRS];
    for (size_t k = 0; k < f->npairs; k++) {
        va[k] = _mm512_set1_epi8((char)f->pa[k]);
        vb[k] = _mm512_set1_epi8((char)f->pb[k]);
    }
    for (bool last = false;; q += 64) {
        if (q + 65 > len) {
            if (len < 65 || q + 1 >= len)
                break;
            q = len - 65;
            last = true;
        }
        __m512i x = _mm512_loadu_si512((const void *)(msg + q));
        __m512i y = _mm512_loadu_si512((const void *)(msg + q + 1));
        seen |= _mm512_cmpeq_epi8_mask(x, bslash);
        uint64_t masks[MAX_PAIRS], any = 0;
        for (size_t k = 0; k < f->npairs; k++) {
            masks[k] = _mm512_cmpeq_epi8_mask(x, va[k]) & _mm512_cmpeq_epi8_mask(y, vb[k]);
            any |= masks[k];
        }
        for (size_t k = 0; any && k < f->npairs; k++)
            for (uint64_t m = masks[k]; m; m &= m - 1)
                if (pair_verify(f, k, msg, len, q + (size_t)__builtin_ctzll(m)))
                    return true;
        if (last) {
            q = len - 1;
            break;
        }
    }
    *at = q;
    *bs = seen != 0;
    return false;
}
#endif

/* The pair scan: SSE2 compares 16 positions at a time against every pair
 * (AVX2 32, AVX-512 64, as cwf_simd_level allows) and verifies the literals
 * only where a pair is.  On false, *bs says whether a backslash is in
 * msg[0..len - 1) (the positions a pair can start at; it may also be set
 * when one is only at len - 1), so that the \u check can be left out when
 * none is. */
static bool pair_hit(const cwf_prefilter *f, const char *msg, size_t len, bool *bs)
{
    size_t q = 0;
    *bs = false;
#if defined(HAVE_AVX2)
    int simd = cwf_simd_level();
    if (simd == CWF_SIMD_AVX512 ? pair_hit_avx512(f, msg, len, &q, bs)
        : simd == CWF_SIMD_AVX2 ? pair_hit_avx2(f, msg, len, &q, bs)
                                : false)
        return true;
#endif
#if defined(__SSE2__)
    const __m128i bslash = _mm_set1_epi8('\\');
    __m128i seen = _mm_setzero_si128();
    __m128i va[MAX_PAIRS], vb[MAX_PAIRS];
    for (size_t k = 0; k < f->npairs; k++) {
        va[k] = _mm_set1_epi8((char)f->pa[k]);
        vb[k] = _mm_set1_epi8((char)f->pb[k]);
    }
    for (; q + 17 <= len; q += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(msg + q));
        __m128i y = _mm_loadu_si128((const __m128i *)(const void *)(msg + q + 1));
        seen = _mm_or_si128(seen, _mm_cmpeq_epi8(x, bslash));
        unsigned masks[MAX_PAIRS], any = 0;
        for (size_t k = 0; k < f->npairs; k++) {
            masks[k] = (unsigned)_mm_movemask_epi8(
                _mm_and_si128(_mm_cmpeq_epi8(x, va[k]), _mm_cmpeq_epi8(y, vb[k])));
            any |= masks[k];
        }
        if (!any)
            continue;
        for (size_t k = 0; k < f->npairs; k++)
            for (unsigned m = masks[k]; m; m &= m - 1)
                if (pair_verify(f, k, msg, len, q + (size_t)__builtin_ctz(m)))
                    return true;
    }
    *bs |= _mm_movemask_epi8(seen) != 0;
#endif
    for (; q + 1 < len; q++) {
        *bs |= msg[q] == '\\';
        for (size_t k = 0; k < f->npairs; k++)
            if ((unsigned char)msg[q] == f->pa[k] && (unsigned char)msg[q + 1] == f->pb[k] &&
                pair_verify(f, k, msg, len, q))
                return true;
    }
    return false;
}

/* Whether a literal of 4 bytes or more occurs in msg[0..len). */
static bool long_hit(const cwf_prefilter *f, const char *msg, size_t len)
{
    if (len < 4)
        return false;
    const char *end = msg + len - 3;
    for (const char *q = msg; q < end; q++) {
        uint32_t w = load4(q);
        uint32_t h = hash4(w);
        if (!(f->bits[h >> 6] & ((uint64_t)1 << (h & 63))))
            continue;
        size_t left = (size_t)(msg + len - q);
        for (size_t i = 0; i < f->l.n; i++)
            if (f->l.len[i] >= 4 && f->head[i] == w && f->l.len[i] <= left &&
                memcmp(q + 4, f->l.p[i] + 4, f->l.len[i] - 4) == 0)
                return true;
    }
    return false;
}

bool cwf_prefilter_candidate(const cwf_prefilter *f, const char *msg, size_t len)
{
    if (!f)
        return true;
    bool bs = true; /* a backslash may be in msg[0..len - 1) */
    if (f->npairs) {
        if (pair_hit(f, msg, len, &bs))
            return true;
    } else if (long_hit(f, msg, len)) {
        return true;
    }
    for (size_t i = 0; !f->npairs && i < f->l.n; i++)
        if (f->l.len[i] < 4 && cwf_occurs(msg, len, f->l.p[i], f->l.len[i]))
            return true;
    if (f->json && bs) { /* a \u escape can spell any literal */
        const char *q = msg, *end = msg + len;
        while ((q = memchr(q, '\\', (size_t)(end - q))) && q + 1 < end) {
            if (q[1] == 'u')
                return true;
            q += 2;
        }
    }
    return false;
}

size_t cwf_prefilter_count(const cwf_prefilter *f)
{
    return f ? f->l.n : 0;
}

const char *cwf_prefilter_literal(const cwf_prefilter *f, size_t i, size_t *len)
{
    if (len)
        *len = f->l.len[i];
    return f->l.p[i];
}

void cwf_prefilter_free(cwf_prefilter *f)
{
    if (!f)
        return;
    lits_free(&f->l);
    free(f->head);
    free(f->off);
    free(f->pair);
    free(f);
}
