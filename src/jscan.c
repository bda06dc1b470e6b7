/* jscan.c: the one-pass JSON scanner and its path trie (see jscan.h).
 *
 * Two routines read values.  walk() handles a value that sits on at least
 * one trie node: it records hits and recurses into members and elements, so
 * its recursion is bounded by the trie's height (a pattern is at most 1024
 * bytes), not by the event.  skip() validates any other value with an
 * explicit stack and records nothing; it is where the time goes, so strings
 * are scanned sixteen bytes at a time where SSE2 is available. */
#include "jscan.h"

#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

typedef unsigned char uchar;

const char *cwf_jtype_name(cwf_jtype t)
{
    static const char *const names[] = {
        "missing", "null", "false", "true", "number", "string", "object", "array",
    };
    return (unsigned)t < CWF_COUNT(names) ? names[t] : "?";
}

/* ---- the trie ---------------------------------------------------------- */

typedef struct jnode {
    cwf_seg_kind kind; /* the edge from the parent; unused for the root */
    char *name;        /* FIELD */
    uint32_t len;
    uint32_t index;    /* INDEX */
    uint32_t kids;     /* first child, or CWF_JNONE */
    uint32_t next;     /* next sibling, or CWF_JNONE */
} jnode;

struct cwf_jpaths {
    jnode *v;
    uint32_t n, cap;
};

static uint32_t node_new(cwf_jpaths *t, cwf_seg_kind kind)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 8;
        t->v = cwf_xrealloc(t->v, t->cap * sizeof *t->v);
    }
    jnode *d = &t->v[t->n];
    memset(d, 0, sizeof *d);
    d->kind = kind;
    d->kids = d->next = CWF_JNONE;
    return t->n++;
}

cwf_jpaths *cwf_jpaths_new(void)
{
    cwf_jpaths *t = cwf_xcalloc(1, sizeof *t);
    node_new(t, CWF_SEG_FIELD);
    return t;
}

static bool same_edge(const jnode *d, const cwf_seg *g)
{
    if (d->kind != g->kind)
        return false;
    if (g->kind == CWF_SEG_FIELD)
        return d->len == g->name.len && memcmp(d->name, g->name.p, g->name.len) == 0;
    if (g->kind == CWF_SEG_INDEX)
        return d->index == g->index;
    return true;
}

void cwf_jpaths_add(cwf_jpaths *t, const cwf_seg *segs, uint32_t n, uint32_t *nodes)
{
    uint32_t at = 0;
    nodes[0] = 0;
    for (uint32_t k = 0; k < n; k++) {
        uint32_t c = t->v[at].kids;
        while (c != CWF_JNONE && !same_edge(&t->v[c], &segs[k]))
            c = t->v[c].next;
        if (c == CWF_JNONE) {
            c = node_new(t, segs[k].kind);
            jnode *d = &t->v[c];
            if (segs[k].kind == CWF_SEG_FIELD) {
                d->name = cwf_xstrndup(segs[k].name.p, segs[k].name.len);
                d->len = segs[k].name.len;
            }
            d->index = segs[k].index;
            /* New edges go last, so that hits come in pattern order. */
            uint32_t *link = &t->v[at].kids;
            while (*link != CWF_JNONE)
                link = &t->v[*link].next;
            *link = c;
        }
        at = c;
        nodes[k + 1] = at;
    }
}

void cwf_jpaths_free(cwf_jpaths *t)
{
    if (!t)
        return;
    for (uint32_t i = 0; i < t->n; i++)
        free(t->v[i].name);
    free(t->v);
    free(t);
}

/* ---- scanner state ----------------------------------------------------- */

/* The trie of a scanner that only validates: a root without children. */
static jnode lone_root = {.kids = CWF_JNONE, .next = CWF_JNONE};
static const cwf_jpaths lone = {&lone_root, 1, 1};

void cwf_jscan_init(cwf_jscan *s, const cwf_jpaths *t)
{
    memset(s, 0, sizeof *s);
    s->paths = t ? t : &lone;
    s->stack = cwf_xmalloc(CWF_JSON_MAX_DEPTH + 1);
}

void cwf_jscan_free(cwf_jscan *s)
{
    free(s->hits);
    free(s->act);
    free(s->stack);
    free(s->tab);
    cwf_buf_free(&s->key);
    cwf_buf_free(&s->dec);
    memset(s, 0, sizeof *s);
}

/* Fails the scan: records the first error only. */
static const uchar *fail(cwf_jscan *s, const uchar *at, const char *why)
{
    if (!s->error) {
        s->error = why;
        s->error_at = (size_t)(at - (const uchar *)s->text);
    }
    return NULL;
}

static inline const uchar *ws(const uchar *p, const uchar *end)
{
    while (p < end && *p <= ' ' && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
        p++;
    return p;
}


/* The four hex digits at p, or -1. */
static long hex4(const uchar *p)
{
    long v = 0;
    for (int i = 0; i < 4; i++) {
        int h = cwf_hex_digit(p[i]);
        if (h < 0)
            return -1;
        v = v << 4 | h;
    }
    return v;
}

/* Length of the valid UTF-8 sequence at p (p[0] >= 0x80), or 0. */
static size_t utf8_len(const uchar *p, const uchar *end)
{
    uchar c = p[0];
    size_t n;
    uchar lo = 0x80, hi = 0xBF; /* the range of the second byte */
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0; /* overlong */
        else if (c == 0xED)
            hi = 0x9F; /* UTF-16 surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90; /* overlong */
        else if (c == 0xF4)
            hi = 0x8F; /* above U+10FFFF */
    } else
        return 0;
    if ((size_t)(end - p) < n || p[1] < lo || p[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (p[i] < 0x80 || p[i] > 0xBF)
            return 0;
    return n;
}

/* Scans a string whose opening quote is p[-1]; returns the byte after the
 * closing quote, or NULL.  *esc is set when it holds a backslash. */
static const uchar *string_slow(cwf_jscan *s, const uchar *p, const uchar *end, bool *esc);

/* The common case inline: a string of printable ASCII whose closing quote
 * is within the next 16 bytes; anything else goes to string_slow. */
static inline const uchar *string(cwf_jscan *s, const uchar *p, const uchar *end, bool *esc)
{
#if defined(__SSE2__)
    for (int i = 0; i < 2 && end - p >= 16; i++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
        __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
                                              _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
                                 _mm_cmplt_epi8(v, _mm_set1_epi8(' ')));
        int mask = _mm_movemask_epi8(m);
        if (mask) {
            const uchar *q = p + __builtin_ctz((unsigned)mask);
            if (*q == '"')
                return q + 1;
            p = q;
            break;
        }
        p += 16;
    }
#endif
    return string_slow(s, p, end, esc);
}

/* Whether \c is a complete escape (all but \u). */
static inline bool short_escape(uchar c)
{
    switch (c) {
    case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
        return true;
    default:
        return false;
    }
}

static const uchar *string_slow(cwf_jscan *s, const uchar *p, const uchar *end, bool *esc)
{
    for (;;) {
#if defined(__SSE2__)
        const __m128i quote = _mm_set1_epi8('"');
        const __m128i bslash = _mm_set1_epi8('\\');
        const __m128i space = _mm_set1_epi8(' ');
        while (end - p >= 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
            /* Signed compare: bytes >= 0x80 are negative, so "less than a
             * space" flags control characters and non-ASCII alike. */
            __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote),
                                                  _mm_cmpeq_epi8(v, bslash)),
                                     _mm_cmplt_epi8(v, space));
            unsigned mask = (unsigned)_mm_movemask_epi8(m);
            /* Two-byte escapes (\" \\ \n ...) are taken inside the block,
             * without leaving it: policy documents are full of them. */
            const uchar *next = p + 16;
            while (mask) {
                unsigned i = (unsigned)__builtin_ctz(mask);
                const uchar *q = p + i;
                if (*q == '"')
                    return q + 1;
                if (*q != '\\' || end - q < 2 || !short_escape(q[1])) {
                    p = q;
                    goto special;
                }
                *esc = true;
                if (i >= 14) { /* the escape ends the block */
                    next = q + 2;
                    break;
                }
                mask &= ~0u << (i + 2);
            }
            p = next;
        }
#endif
        while (p < end && *p >= 0x20 && *p != '"' && *p != '\\' && *p < 0x80)
            p++;
#if defined(__SSE2__)
    special:
#endif
        if (p >= end)
            return fail(s, p, "unterminated string");
        uchar c = *p;
        if (c == '"')
            return p + 1;
        if (c == '\\') {
            *esc = true;
            if (end - p < 2)
                return fail(s, p, "unterminated string");
            switch (p[1]) {
            case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
                p += 2;
                continue;
            case 'u':
                break;
            default:
                return fail(s, p, "invalid escape");
            }
            long u = end - p >= 6 ? hex4(p + 2) : -1;
            if (u < 0)
                return fail(s, p, "invalid \\u escape");
            if (u >= 0xDC00 && u <= 0xDFFF)
                return fail(s, p, "lone low surrogate");
            if (u >= 0xD800 && u <= 0xDBFF) {
                long lo = end - p >= 12 && p[6] == '\\' && p[7] == 'u' ? hex4(p + 8) : -1;
                if (lo < 0xDC00 || lo > 0xDFFF)
                    return fail(s, p, "high surrogate without a low one");
                p += 12;
            } else
                p += 6;
            continue;
        }
        if (c < 0x20)
            return fail(s, p, "control character in string");
        size_t n = utf8_len(p, end);
        if (!n)
            return fail(s, p, "invalid UTF-8");
        p += n;
    }
}

static inline bool digit(uchar c)
{
    return c >= '0' && c <= '9';
}

/* Scans a number starting at p; returns the byte after it, or NULL. */
static const uchar *number(cwf_jscan *s, const uchar *p, const uchar *end)
{
    const uchar *at = p;
    if (p < end && *p == '-')
        p++;
    if (p < end && *p == '0')
        p++;
    else if (p < end && digit(*p))
        while (++p < end && digit(*p))
            ;
    else
        return fail(s, at, "invalid number");
    if (p < end && *p == '.') {
        if (++p >= end || !digit(*p))
            return fail(s, at, "invalid number");
        while (++p < end && digit(*p))
            ;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        if (++p < end && (*p == '+' || *p == '-'))
            p++;
        if (p >= end || !digit(*p))
            return fail(s, at, "invalid number");
        while (++p < end && digit(*p))
            ;
    }
    return p;
}

/* Scans true, false or null at p; sets *type. */
static const uchar *literal(cwf_jscan *s, const uchar *p, const uchar *end, cwf_jtype *type)
{
    size_t room = (size_t)(end - p);
    if (room >= 4 && memcmp(p, "true", 4) == 0) {
        *type = CWF_J_TRUE;
        return p + 4;
    }
    if (room >= 5 && memcmp(p, "false", 5) == 0) {
        *type = CWF_J_FALSE;
        return p + 5;
    }
    if (room >= 4 && memcmp(p, "null", 4) == 0) {
        *type = CWF_J_NULL;
        return p + 4;
    }
    return fail(s, p, "invalid literal");
}

/* ---- skip: validate a value, record nothing ---------------------------- */

enum { IN_OBJECT = 1, IN_ARRAY = 2 };

/* Validates the value at p (after whitespace) whose nesting depth is depth;
 * returns the byte after it, or NULL. */
static const uchar *skip(cwf_jscan *s, const uchar *p, const uchar *end, uint32_t depth)
{
    uint8_t *stack = s->stack;
    uint32_t sp = 0;
    bool esc;
    cwf_jtype type;
value:
    if (depth + sp > CWF_JSON_MAX_DEPTH)
        return fail(s, p, "nesting too deep");
    if (p >= end)
        return fail(s, p, "unexpected end of text");
    switch (*p) {
    case '"':
        p = string(s, p + 1, end, &esc);
        break;
    case '{':
        p = ws(p + 1, end);
        if (p < end && *p == '}') {
            p++;
            break;
        }
        stack[sp++] = IN_OBJECT;
        goto key;
    case '[':
        p = ws(p + 1, end);
        if (p < end && *p == ']') {
            p++;
            break;
        }
        stack[sp++] = IN_ARRAY;
        goto value;
    case 't': case 'f': case 'n':
        p = literal(s, p, end, &type);
        break;
    default:
        p = number(s, p, end);
        break;
    }
    if (!p)
        return NULL;
close:
    if (sp == 0)
        return p;
    p = ws(p, end);
    if (p >= end)
        return fail(s, p, "unexpected end of text");
    if (*p == ',') {
        p = ws(p + 1, end);
        if (stack[sp - 1] == IN_ARRAY)
            goto value;
        goto key;
    }
    if (*p == (stack[sp - 1] == IN_ARRAY ? ']' : '}')) {
        p++;
        sp--;
        goto close;
    }
    return fail(s, p, "expected ',' or a closing bracket");
key:
    if (p >= end || *p != '"')
        return fail(s, p, "expected a key");
    p = string(s, p + 1, end, &esc);
    if (!p)
        return NULL;
    p = ws(p, end);
    if (p >= end || *p != ':')
        return fail(s, p, "expected ':'");
    p = ws(p + 1, end);
    goto value;
}

/* ---- walk: a value on trie nodes --------------------------------------- */

static uint32_t add_hit(cwf_jscan *s, uint32_t node, uint32_t parent, uint32_t start)
{
    if (s->nhits == s->hcap) {
        s->hcap = s->hcap ? 2 * s->hcap : 64;
        s->hits = cwf_xrealloc(s->hits, s->hcap * sizeof *s->hits);
    }
    uint32_t h = s->nhits++;
    cwf_jhit *x = &s->hits[h];
    memset(x, 0, sizeof *x);
    x->node = node;
    x->parent = parent;
    x->first = x->last = x->next = CWF_JNONE;
    x->start = x->end = start;
    if (parent != CWF_JNONE) {
        cwf_jhit *up = &s->hits[parent];
        if (up->last == CWF_JNONE)
            up->first = h;
        else
            s->hits[up->last].next = h;
        up->last = h;
    }
    return h;
}

/* The decoded form of a key (raw span with quotes), in s->key. */
static void decode_key(cwf_jscan *s, const uchar *k, size_t n, bool kesc,
                       const char **name, size_t *len)
{
    if (!kesc) {
        *name = (const char *)k + 1;
        *len = n - 2;
        return;
    }
    cwf_buf_reset(&s->key);
    cwf_json_unescape((const char *)k, n, &s->key);
    *name = s->key.p ? s->key.p : "";
    *len = s->key.len;
}

/* Walks the value at p (after whitespace) at nesting depth depth, which the
 * active pairs act[a0..a1) (node, parent hit) all select.  The member key
 * (k[0..kn), with quotes) is recorded in the hits, for duplicate keys. */
static const uchar *walk(cwf_jscan *s, const uchar *p, const uchar *end, uint32_t depth,
                         uint32_t a0, uint32_t a1, const uchar *k, size_t kn, bool kesc)
{
    const uchar *base = (const uchar *)s->text;
    if (depth > CWF_JSON_MAX_DEPTH)
        return fail(s, p, "nesting too deep");
    if (p >= end)
        return fail(s, p, "unexpected end of text");
    uint32_t h0 = s->nhits;
    for (uint32_t a = a0; a < a1; a += 2) {
        uint32_t h = add_hit(s, s->act[a], s->act[a + 1], (uint32_t)(p - base));
        if (k) {
            s->hits[h].kstart = (uint32_t)(k - base);
            s->hits[h].kend = (uint32_t)(k - base + kn);
            s->hits[h].kescaped = kesc;
        }
    }
    uint32_t h1 = s->nhits;
    const jnode *nodes = s->paths->v;
    cwf_jtype type = CWF_J_NULL;
    bool esc = false;
    switch (*p) {
    case '"':
        type = CWF_J_STRING;
        p = string(s, p + 1, end, &esc);
        break;
    case 't': case 'f': case 'n':
        p = literal(s, p, end, &type);
        break;
    case '{':
        type = CWF_J_OBJECT;
        p = ws(p + 1, end);
        if (p < end && *p == '}') {
            p++;
            break;
        }
        for (;;) {
            if (p >= end || *p != '"')
                return fail(s, p, "expected a key");
            const uchar *key = p;
            bool key_esc = false;
            p = string(s, p + 1, end, &key_esc);
            if (!p)
                return NULL;
            size_t key_n = (size_t)(p - key);
            p = ws(p, end);
            if (p >= end || *p != ':')
                return fail(s, p, "expected ':'");
            p = ws(p + 1, end);
            uint32_t b0 = a1, b1 = a1; /* the children's pairs go above ours */
            const char *name = NULL;
            size_t len = 0;
            for (uint32_t h = h0; h < h1; h++)
                for (uint32_t c = nodes[s->hits[h].node].kids; c != CWF_JNONE; c = nodes[c].next) {
                    const jnode *d = &nodes[c];
                    if (d->kind == CWF_SEG_FIELD) {
                        if (!name)
                            decode_key(s, key, key_n, key_esc, &name, &len);
                        if (d->len != len || memcmp(d->name, name, len) != 0)
                            continue;
                    } else if (d->kind != CWF_SEG_ANY_FIELD)
                        continue;
                    s->act[b1++] = c;
                    s->act[b1++] = h;
                }
            if (b1 == b0 && p < end && *p == '"' && depth < CWF_JSON_MAX_DEPTH) {
                bool skip_esc; /* a string no path reads, as skip() takes it */
                p = string(s, p + 1, end, &skip_esc);
            } else if (b1 == b0)
                p = skip(s, p, end, depth + 1);
            else
                p = walk(s, p, end, depth + 1, b0, b1, key, key_n, key_esc);
            if (!p)
                return NULL;
            p = ws(p, end);
            if (p < end && *p == ',') {
                p = ws(p + 1, end);
                continue;
            }
            if (p < end && *p == '}') {
                p++;
                break;
            }
            return fail(s, p, "expected ',' or '}'");
        }
        break;
    case '[':
        type = CWF_J_ARRAY;
        p = ws(p + 1, end);
        if (p < end && *p == ']') {
            p++;
            break;
        }
        for (uint32_t i = 0;; i++) {
            uint32_t b0 = a1, b1 = a1;
            for (uint32_t h = h0; h < h1; h++)
                for (uint32_t c = nodes[s->hits[h].node].kids; c != CWF_JNONE; c = nodes[c].next) {
                    const jnode *d = &nodes[c];
                    if (d->kind == CWF_SEG_ANY_INDEX || (d->kind == CWF_SEG_INDEX && d->index == i)) {
                        s->act[b1++] = c;
                        s->act[b1++] = h;
                    }
                }
            if (b1 == b0)
                p = skip(s, p, end, depth + 1);
            else
                p = walk(s, p, end, depth + 1, b0, b1, NULL, 0, false);
            if (!p)
                return NULL;
            p = ws(p, end);
            if (p < end && *p == ',') {
                p = ws(p + 1, end);
                continue;
            }
            if (p < end && *p == ']') {
                p++;
                break;
            }
            return fail(s, p, "expected ',' or ']'");
        }
        break;
    default:
        type = CWF_J_NUMBER;
        p = number(s, p, end);
        break;
    }
    if (!p)
        return NULL;
    for (uint32_t h = h0; h < h1; h++) {
        s->hits[h].type = type;
        s->hits[h].escaped = esc;
        s->hits[h].end = (uint32_t)(p - base);
    }
    return p;
}

bool cwf_jscan_run(cwf_jscan *s, const char *text, size_t len)
{
    s->text = text;
    s->len = len;
    s->error = NULL;
    s->error_at = 0;
    s->nhits = 0;
    cwf_buf_reset(&s->dec);
    /* The active pairs of one nesting level are distinct trie nodes of one
     * trie depth, so all levels together hold at most one pair per node. */
    if (s->acap < 2 * s->paths->n + 2) {
        s->acap = 2 * s->paths->n + 2;
        s->act = cwf_xrealloc(s->act, s->acap * sizeof *s->act);
    }
    if (len >= UINT32_MAX) {
        s->error = "text too long";
        return false;
    }
    const uchar *p = (const uchar *)text, *end = p + len;
    p = ws(p, end);
    s->act[0] = 0;
    s->act[1] = CWF_JNONE;
    p = walk(s, p, end, 1, 0, 2, NULL, 0, false);
    if (!p)
        return false;
    p = ws(p, end);
    if (p != end) {
        fail(s, p, "text after the value");
        return false;
    }
    return true;
}

uint32_t cwf_jscan_child(const cwf_jscan *s, uint32_t h, uint32_t node)
{
    uint32_t found = CWF_JNONE;
    for (uint32_t c = s->hits[h].first; c != CWF_JNONE; c = s->hits[c].next)
        if (s->hits[c].node == node)
            found = c;
    return found;
}

/* FNV-1a of a member's decoded key. */
static uint32_t key_hash(cwf_jscan *s, const cwf_jhit *x)
{
    const char *k = s->text + x->kstart + 1;
    size_t n = x->kend - x->kstart - 2;
    if (x->kescaped) {
        cwf_buf_reset(&s->key);
        cwf_json_unescape(s->text + x->kstart, x->kend - x->kstart, &s->key);
        k = s->key.p;
        n = s->key.len;
    }
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (uchar)k[i]) * 16777619u;
    return h;
}

/* Sets dup on the children of h that a later sibling on the same node
 * overrides: one pass from the end with a hash table of the keys seen. */
static void dedup(cwf_jscan *s, uint32_t h)
{
    s->hits[h].deduped = true;
    uint32_t n = 0;
    for (uint32_t c = s->hits[h].first; c != CWF_JNONE; c = s->hits[c].next)
        n++;
    if (n < 2 || s->hits[s->hits[h].first].kstart == s->hits[s->hits[h].first].kend)
        return; /* one child, or array elements */
    uint32_t cap = 4;
    while (cap < 2 * n)
        cap *= 2;
    if (s->tcap < cap) {
        s->tcap = cap;
        s->tab = cwf_xrealloc(s->tab, cap * sizeof *s->tab);
    }
    for (uint32_t i = 0; i < cap; i++)
        s->tab[i] = CWF_JNONE;
    /* Children are linked forward only: collect them, then go backwards. */
    uint32_t *order = cwf_xmalloc(n * sizeof *order), k = 0;
    for (uint32_t c = s->hits[h].first; c != CWF_JNONE; c = s->hits[c].next)
        order[k++] = c;
    while (k--) {
        uint32_t c = order[k];
        uint32_t i = key_hash(s, &s->hits[c]) & (cap - 1);
        for (;; i = (i + 1) & (cap - 1)) {
            uint32_t o = s->tab[i];
            if (o == CWF_JNONE) {
                s->tab[i] = c;
                break;
            }
            if (s->hits[o].node == s->hits[c].node && cwf_jscan_same_key(s, o, c)) {
                s->hits[c].dup = true;
                break;
            }
        }
    }
    free(order);
}

uint32_t cwf_jscan_first(cwf_jscan *s, uint32_t h, uint32_t node)
{
    if (!s->hits[h].deduped)
        dedup(s, h);
    uint32_t c = s->hits[h].first;
    while (c != CWF_JNONE && (s->hits[c].node != node || s->hits[c].dup))
        c = s->hits[c].next;
    return c;
}

uint32_t cwf_jscan_next(const cwf_jscan *s, uint32_t c)
{
    uint32_t node = s->hits[c].node;
    c = s->hits[c].next;
    while (c != CWF_JNONE && (s->hits[c].node != node || s->hits[c].dup))
        c = s->hits[c].next;
    return c;
}

const char *cwf_jscan_str(cwf_jscan *s, uint32_t h, size_t *len)
{
    cwf_jhit *x = &s->hits[h];
    if (x->type == CWF_J_NUMBER) {
        *len = x->end - x->start;
        return s->text + x->start;
    }
    if (x->type != CWF_J_STRING)
        return NULL;
    if (!x->escaped) {
        *len = x->end - x->start - 2;
        return s->text + x->start + 1;
    }
    if (!x->dec) {
        size_t off = s->dec.len;
        cwf_json_unescape(s->text + x->start, x->end - x->start, &s->dec);
        x->dec = (uint32_t)off + 1;
        x->declen = (uint32_t)(s->dec.len - off);
    }
    *len = x->declen;
    return s->dec.p + x->dec - 1;
}

bool cwf_jscan_same_key(cwf_jscan *s, uint32_t a, uint32_t b)
{
    const cwf_jhit *x = &s->hits[a], *y = &s->hits[b];
    const char *t = s->text;
    if (!x->kescaped && !y->kescaped)
        return x->kend - x->kstart == y->kend - y->kstart &&
               memcmp(t + x->kstart, t + y->kstart, x->kend - x->kstart) == 0;
    cwf_buf_reset(&s->key);
    cwf_json_unescape(t + x->kstart, x->kend - x->kstart, &s->key);
    size_t n = s->key.len;
    cwf_json_unescape(t + y->kstart, y->kend - y->kstart, &s->key);
    return s->key.len - n == n && memcmp(s->key.p, s->key.p + n, n) == 0;
}

/* ---- helpers ----------------------------------------------------------- */

static void put_utf8(cwf_buf *out, unsigned long u)
{
    char b[4];
    size_t n;
    if (u < 0x80) {
        b[0] = (char)u;
        n = 1;
    } else if (u < 0x800) {
        b[0] = (char)(0xC0 | u >> 6);
        b[1] = (char)(0x80 | (u & 0x3F));
        n = 2;
    } else if (u < 0x10000) {
        b[0] = (char)(0xE0 | u >> 12);
        b[1] = (char)(0x80 | (u >> 6 & 0x3F));
        b[2] = (char)(0x80 | (u & 0x3F));
        n = 3;
    } else {
        b[0] = (char)(0xF0 | u >> 18);
        b[1] = (char)(0x80 | (u >> 12 & 0x3F));
        b[2] = (char)(0x80 | (u >> 6 & 0x3F));
        b[3] = (char)(0x80 | (u & 0x3F));
        n = 4;
    }
    cwf_buf_add(out, b, n);
}

void cwf_json_unescape(const char *raw, size_t n, cwf_buf *out)
{
    const uchar *p = (const uchar *)raw + 1, *end = (const uchar *)raw + n - 1;
    while (p < end) {
        const uchar *q = p;
        while (q < end && *q != '\\')
            q++;
        if (q > p)
            cwf_buf_add(out, p, (size_t)(q - p));
        if (q >= end)
            break;
        char c = (char)q[1];
        p = q + 2;
        switch (c) {
        case 'b': cwf_buf_putc(out, '\b'); break;
        case 'f': cwf_buf_putc(out, '\f'); break;
        case 'n': cwf_buf_putc(out, '\n'); break;
        case 'r': cwf_buf_putc(out, '\r'); break;
        case 't': cwf_buf_putc(out, '\t'); break;
        case 'u': {
            unsigned long u = (unsigned long)hex4(p);
            p += 4;
            if (u >= 0xD800 && u <= 0xDBFF && end - p >= 6) {
                unsigned long lo = (unsigned long)hex4(p + 2);
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                p += 6;
            }
            put_utf8(out, u);
            break;
        }
        default: cwf_buf_putc(out, c); break; /* " \ / */
        }
    }
}

bool cwf_json_valid(const char *text, size_t len)
{
    cwf_jscan s;
    cwf_jscan_init(&s, NULL);
    bool ok = cwf_jscan_run(&s, text, len);
    cwf_jscan_free(&s);
    return ok;
}
