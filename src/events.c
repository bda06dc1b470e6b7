/* events.c: the event readers (see events.h).
 *
 * Three layers.  The source gives raw bytes (a file descriptor or memory);
 * the window holds decoded bytes not yet consumed (inflated when the input
 * is gzip), compacted and refilled as events are taken; the format layer
 * takes events out of the window: lines directly (no copy), JSON container
 * elements through a structural scan that copies each element, compact,
 * into the event buffer.  The structural scan only tracks strings and
 * brackets: whether a record is valid JSON is the matcher's business (an
 * invalid record is a non-JSON message), but a file whose brackets do not
 * nest, or that ends inside a record, is an error. */
#include "events.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libdeflate.h>
#include <zlib.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__SSE2__) && defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define HAVE_AVX2 1 /* AVX2 and AVX-512 variants, chosen by cwf_simd_level() */
#endif

#include "jscan.h"
#include "util.h"

typedef unsigned char uchar;

enum { CHUNK = 1 << 20, RAW_CHUNK = 1 << 18, DETECT_MAX = 1 << 20, POPULATE_AHEAD = 1 << 21 };

/* gzip held in memory (a mapped file) whose members inflate to at most
 * this many bytes in all is inflated at once by libdeflate; anything larger
 * (a gzip bomb included) is streamed through zlib instead. */
#define WHOLE_MAX CWF_EVENT_MAX

/* Where the container formats are between two calls. */
typedef enum cstate {
    S_DOC,      /* before a document (or at the end of the input) */
    S_MEMBER,   /* before a member of the top-level object */
    S_ELEMENT,  /* before an element of the events array */
    S_AFTER,    /* after an element: ',' or ']' */
    S_NEXT,     /* after a member: ',' or '}' */
    S_DONE,
} cstate;

struct cwf_events {
    int fd;                 /* -1: memory */
    bool own_fd;
    const uchar *mem;       /* memory source */
    size_t memlen, mempos;
    void *map;              /* the mapping of a regular file, or NULL */
    size_t maplen;
    bool borrowed;          /* win is mem itself (uncompressed memory) */
    bool virt;              /* detecting on uncompressed memory: win is
                               mem + off and fill() copies nothing, with the
                               window's sizes kept as if it did */
    bool droppable;         /* mem is a read-only file mapping: pages read
                               can be dropped (they fault back if needed) */
    size_t dropped;         /* win[0..dropped) was given back */
    size_t populated;       /* win[0..populated) was mapped in ahead */
    size_t prefetched;      /* win[0..prefetched) was prefetched (lines in memory) */
    size_t rdropped;        /* the same for a mapping read through raw_read */
    char *inflated;         /* libdeflate's output, now mem, or NULL */
    bool raw_eof;
    /* gzip */
    bool gz, z_live, member_done;
    z_stream z;
    uchar *raw;
    size_t raw_lo, raw_hi;
    /* the window of decoded bytes: unconsumed are win[lo..hi) */
    char *win;
    size_t lo, hi, cap;
    size_t off;             /* decoded bytes dropped before win[0] */
    bool eof;
    /* formats */
    cwf_events_format fmt;
    cstate st;
    size_t scanned;         /* lines: bytes of win[lo..) without a newline */
    cwf_buf ev;             /* the current element, compact */
    const char *evp;        /* the element: ev's text, or in place */
    size_t evn;
    cwf_buf msg;            /* log-events: the decoded message */
    uchar *stack;           /* brackets open in the element */
    size_t scap;
    cwf_jpaths *paths;      /* log-events: $.message */
    uint32_t nodes[2];
    uint32_t tsnodes[2];    /* log-events: $.timestamp */
    int64_t ts;             /* the current event's timestamp (ms), or -1 */
    cwf_jscan scan;
    size_t count;
    char *error;
};

const char *cwf_events_format_name(cwf_events_format f)
{
    switch (f) {
    case CWF_EV_LINES: return "lines";
    case CWF_EV_CLOUDTRAIL: return "cloudtrail";
    case CWF_EV_LOG_EVENTS: return "log-events";
    case CWF_EV_JSON: return "json";
    }
    return "?";
}

static int set_error(cwf_events *e, const char *fmt, ...) CWF_PRINTF(2, 3);

static int set_error(cwf_events *e, const char *fmt, ...)
{
    if (!e->error) {
        va_list ap;
        va_start(ap, fmt);
        e->error = cwf_xvasprintf(fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* ---- the source -------------------------------------------------------- */

/* Reads up to n raw bytes into p: the count, 0 at the end, -1 on error. */
static long raw_read(cwf_events *e, uchar *p, size_t n)
{
    if (e->raw_eof)
        return 0;
    if (e->fd < 0) {
        size_t k = e->memlen - e->mempos < n ? e->memlen - e->mempos : n;
        memcpy(p, e->mem + e->mempos, k);
        e->mempos += k;
        if (e->map && e->mem == e->map && e->mempos - e->rdropped >= ((size_t)8 << 20)) {
            /* a mapped gzip file streamed: give back what was read */
            uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
            uintptr_t a = ((uintptr_t)e->mem + e->rdropped + page - 1) & ~(page - 1);
            uintptr_t b = ((uintptr_t)e->mem + e->mempos) & ~(page - 1);
            if (b > a)
                madvise((void *)a, b - a, MADV_DONTNEED);
            e->rdropped = e->mempos;
        }
        if (k == 0)
            e->raw_eof = true;
        return (long)k;
    }
    for (;;) {
        ssize_t k = read(e->fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            return set_error(e, "%s", strerror(errno));
        if (k == 0)
            e->raw_eof = true;
        return (long)k;
    }
}

/* Makes sure at least one raw byte is buffered: 1, 0 at the end, -1. */
static int raw_more(cwf_events *e)
{
    if (e->raw_lo < e->raw_hi)
        return 1;
    long k = raw_read(e, e->raw, RAW_CHUNK);
    if (k <= 0)
        return (int)k;
    e->raw_lo = 0;
    e->raw_hi = (size_t)k;
    return 1;
}

/* Inflates into p[0..n): bytes produced, 0 at the end, -1 on error. */
static long inflate_some(cwf_events *e, uchar *p, size_t n)
{
    for (;;) {
        if (e->member_done) {
            /* Another member may follow (gzip files can be concatenated). */
            int r = raw_more(e);
            if (r <= 0)
                return r;
            if (e->raw_hi - e->raw_lo < 2 && !e->raw_eof) {
                memmove(e->raw, e->raw + e->raw_lo, e->raw_hi - e->raw_lo);
                e->raw_hi -= e->raw_lo;
                e->raw_lo = 0;
                long k = raw_read(e, e->raw + e->raw_hi, RAW_CHUNK - e->raw_hi);
                if (k < 0)
                    return -1;
                e->raw_hi += (size_t)k;
            }
            if (e->raw_hi - e->raw_lo < 2 || e->raw[e->raw_lo] != 0x1f ||
                e->raw[e->raw_lo + 1] != 0x8b)
                return set_error(e, "unexpected bytes after the gzip data");
            inflateReset(&e->z);
            e->member_done = false;
        }
        int r = raw_more(e);
        if (r < 0)
            return -1;
        if (r == 0)
            return set_error(e, "truncated gzip data (unexpected end of file)");
        e->z.next_in = e->raw + e->raw_lo;
        e->z.avail_in = (uInt)(e->raw_hi - e->raw_lo);
        e->z.next_out = p;
        e->z.avail_out = (uInt)n;
        int z = inflate(&e->z, Z_NO_FLUSH);
        e->raw_lo = e->raw_hi - e->z.avail_in;
        size_t made = n - e->z.avail_out;
        if (z == Z_STREAM_END)
            e->member_done = true;
        else if (z != Z_OK && z != Z_BUF_ERROR)
            return set_error(e, "corrupt gzip data (%s)", e->z.msg ? e->z.msg : "inflate failed");
        if (made)
            return (long)made;
    }
}

/* Reads up to n bytes of an uncompressed input: what detection left in
 * e->raw first, then straight from the source. */
static long plain_read(cwf_events *e, uchar *p, size_t n)
{
    if (e->raw_lo < e->raw_hi) {
        size_t k = e->raw_hi - e->raw_lo < n ? e->raw_hi - e->raw_lo : n;
        memcpy(p, e->raw + e->raw_lo, k);
        e->raw_lo += k;
        return (long)k;
    }
    return raw_read(e, p, n);
}

/* Reads more decoded bytes into the window, compacting or growing it: the
 * count, 0 at the end of the input, -1 on error. */
static long fill(cwf_events *e)
{
    if (e->eof)
        return 0;
    if (e->lo > 0) {
        if (e->virt)
            e->win += e->lo;
        else
            memmove(e->win, e->win + e->lo, e->hi - e->lo);
        e->off += e->lo;
        e->hi -= e->lo;
        e->lo = 0;
    }
    if (e->cap - e->hi < CHUNK / 4) {
        if (e->cap >= CWF_EVENT_MAX + CHUNK)
            return set_error(e, "an event longer than %zu bytes", CWF_EVENT_MAX);
        e->cap *= 2;
        if (!e->virt)
            e->win = cwf_xrealloc(e->win, e->cap);
    }
    uchar *p = (uchar *)e->win + e->hi;
    size_t n = e->cap - e->hi;
    long k;
    if (e->virt) { /* plain_read's and raw_read's counts, without copies */
        size_t left = e->raw_lo < e->raw_hi ? e->raw_hi - e->raw_lo : e->memlen - e->mempos;
        k = (long)(left < n ? left : n);
        if (e->raw_lo < e->raw_hi)
            e->raw_lo += (size_t)k;
        else
            e->mempos += (size_t)k;
    } else
        k = e->z_live ? inflate_some(e, p, n) : plain_read(e, p, n);
    if (k < 0)
        return -1;
    if (k == 0)
        e->eof = true;
    e->hi += (size_t)k;
    return k;
}

/* ---- small readers over the window ------------------------------------- */

/* The next byte (not consumed), -1 at the end, -2 on error. */
static int peek(cwf_events *e)
{
    while (e->lo == e->hi) {
        long k = fill(e);
        if (k <= 0)
            return k < 0 ? -2 : -1;
    }
    return (uchar)e->win[e->lo];
}

/* Skips JSON whitespace; returns the next byte like peek. */
static int skip_ws(cwf_events *e)
{
    for (;;) {
        int c = peek(e);
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
            return c;
        e->lo++;
    }
}

static size_t where(const cwf_events *e)
{
    return e->off + e->lo;
}

static int bad(cwf_events *e, const char *what)
{
    static const char *const kinds[] = {"?", "CloudTrail log", "log events", "JSON"};
    return set_error(e, "not a valid %s file: %s at byte %zu", kinds[e->fmt], what,
                     where(e) + 1);
}

/* Reads a JSON string (a key) at the window into out, raw (escapes kept),
 * quotes dropped.  Keys are short: a byte at a time is fine. */
static int read_key(cwf_events *e, cwf_buf *out)
{
    cwf_buf_reset(out);
    if (skip_ws(e) != '"')
        return bad(e, "expected a key");
    e->lo++;
    for (;;) {
        int c = peek(e);
        if (c < 0)
            return c == -2 ? -1 : bad(e, "unexpected end of file in a key");
        e->lo++;
        if (c == '"')
            return 0;
        cwf_buf_putc(out, (char)c);
        if (c == '\\') {
            c = peek(e);
            if (c < 0)
                return c == -2 ? -1 : bad(e, "unexpected end of file in a key");
            e->lo++;
            cwf_buf_putc(out, (char)c);
        }
        if (out->len > CWF_EVENT_MAX)
            return bad(e, "a key too long");
    }
}

/* The end of the run of string bytes at p: the first '"' or '\\'. */
static const uchar *string_run(const uchar *p, const uchar *end)
{
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\');
    while (end - p >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
        int mask = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, quote),
                                                  _mm_cmpeq_epi8(v, bslash)));
        if (mask)
            return p + __builtin_ctz((unsigned)mask);
        p += 16;
    }
#endif
    while (p < end && *p != '"' && *p != '\\')
        p++;
    return p;
}

#if defined(__SSE2__)
/* Over the 64 bytes at p: the quotes, the backslashes, and the bytes that
 * may be structural outside strings (brackets, whitespace, and as harmless
 * extras controls and non-ASCII bytes), one bit per byte.  Commas are left
 * out: inside a container they change nothing here. */
static void block_masks(const uchar *p, uint64_t *q, uint64_t *b, uint64_t *st)
{
    const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\');
    const __m128i lower = _mm_set1_epi8(0x20), open = _mm_set1_epi8('{');
    const __m128i close = _mm_set1_epi8('}'), space = _mm_set1_epi8(0x21);
    *q = *b = *st = 0;
    for (int i = 0; i < 4; i++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * i));
        __m128i l = _mm_or_si128(v, lower); /* [ -> {, ] -> } */
        __m128i s = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(l, open), _mm_cmpeq_epi8(l, close)),
                                 _mm_cmplt_epi8(v, space));
        *q |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, quote)) << (16 * i);
        *b |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, bslash)) << (16 * i);
        *st |= (uint64_t)(unsigned)_mm_movemask_epi8(s) << (16 * i);
    }
}

#if defined(HAVE_AVX2)
/* block_masks with 32-byte vectors. */
__attribute__((target("avx2"))) static void block_masks_avx2(const uchar *p, uint64_t *q,
                                                             uint64_t *b, uint64_t *st)
{
    const __m256i quote = _mm256_set1_epi8('"'), bslash = _mm256_set1_epi8('\\');
    const __m256i lower = _mm256_set1_epi8(0x20), open = _mm256_set1_epi8('{');
    const __m256i close = _mm256_set1_epi8('}'), space = _mm256_set1_epi8(0x21);
    __m256i v0 = _mm256_loadu_si256((const __m256i *)(const void *)p);
    __m256i v1 = _mm256_loadu_si256((const __m256i *)(const void *)(p + 32));
    __m256i l0 = _mm256_or_si256(v0, lower), l1 = _mm256_or_si256(v1, lower);
    __m256i s0 = _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(l0, open),
                                                 _mm256_cmpeq_epi8(l0, close)),
                                 _mm256_cmpgt_epi8(space, v0));
    __m256i s1 = _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(l1, open),
                                                 _mm256_cmpeq_epi8(l1, close)),
                                 _mm256_cmpgt_epi8(space, v1));
    *q = (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v0, quote)) |
         (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v1, quote)) << 32;
    *b = (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v0, bslash)) |
         (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v1, bslash)) << 32;
    *st = (uint64_t)(uint32_t)_mm256_movemask_epi8(s0) |
          (uint64_t)(uint32_t)_mm256_movemask_epi8(s1) << 32;
}
#endif

/* The bytes of a 64-byte block that a backslash escapes, given the
 * backslashes b and a first byte that is not escaped: the byte after every
 * run of backslashes of odd length (simdjson's carry trick: adding a run's
 * start bit carries to the bit after the run).  *carry: the block ends in
 * such a run, so the next block's first byte is escaped. */
static uint64_t escaped_bits(uint64_t b, bool *carry)
{
    const uint64_t even = 0x5555555555555555ULL;
    uint64_t starts = b & ~(b << 1);
    uint64_t even_carries = b + (starts & even), odd_carries;
    *carry = __builtin_add_overflow(b, starts & ~even, &odd_carries);
    return (even_carries & ~b & ~even) | (odd_carries & ~b & even);
}

/* Bit i: the xor of bits 0..i of x (inside a string, from its quote on). */
static inline uint64_t prefix_xor(uint64_t x)
{
    x ^= x << 1;
    x ^= x << 2;
    x ^= x << 4;
    x ^= x << 8;
    x ^= x << 16;
    x ^= x << 32;
    return x;
}

#if defined(HAVE_AVX2)
/* block_masks with one 64-byte vector, straight into bit masks. */
__attribute__((target("avx512f,avx512bw"))) static inline void
block_masks_avx512(const uchar *p, uint64_t *q, uint64_t *b, uint64_t *st)
{
    __m512i v = _mm512_loadu_si512((const void *)p);
    __m512i l = _mm512_or_si512(v, _mm512_set1_epi8(0x20)); /* [ -> {, ] -> } */
    *q = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('"'));
    *b = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\\'));
    *st = _mm512_cmpeq_epi8_mask(l, _mm512_set1_epi8('{')) |
          _mm512_cmpeq_epi8_mask(l, _mm512_set1_epi8('}')) |
          _mm512_cmplt_epi8_mask(v, _mm512_set1_epi8(0x21));
}

/* prefix_xor in one carry-less multiplication by all ones. */
__attribute__((target("pclmul,sse2"))) static inline uint64_t prefix_xor_clmul(uint64_t x)
{
    __m128i r = _mm_clmulepi64_si128(_mm_set_epi64x(0, (long long)x), _mm_set1_epi8(-1), 0);
    return (uint64_t)_mm_cvtsi128_si64(r);
}
#endif
#endif

#if defined(__SSE2__)
/* What scan_value's byte loop and blocks() share. */
typedef struct scan_st {
    const uchar *p, *run; /* the next byte; the start of the bytes not copied */
    size_t sp;            /* brackets open */
    bool instr, done;     /* inside a string; the value has ended */
} scan_st;

/* Takes t->p on 64 bytes at a time while inside a container and a whole
 * block remains: the quotes that no backslash escapes open and close
 * strings exactly, and only the brackets and whitespace outside strings are
 * visited.  Stops at the end of the value (t->done), or returns 1 before a
 * block the byte loop must take: one whose escaping backslash lies outside
 * a string (the byte loop reads it as an ordinary byte there) or escapes
 * the next block's first byte.  0, 1, or -1 on brackets that do not match.
 * Compiled three times (isa: SSE2, AVX2, AVX-512) through the functions
 * after it.  The state lives in locals: stores through e->stack (bytes)
 * could alias *t and would pin it in memory. */
enum { ISA_SSE2, ISA_AVX2, ISA_AVX512 };
static inline __attribute__((always_inline)) int blocks(cwf_events *e, scan_st *t,
                                                        const uchar *base, const uchar *end,
                                                        bool copy, int isa)
{
    const uchar *p = t->p, *run = t->run;
    size_t sp = t->sp;
    uint64_t instr = t->instr ? ~(uint64_t)0 : 0;
    int r = 0;
    while (sp > 0 && end - p >= 64) {
        uint64_t q, b, st;
#if defined(HAVE_AVX2)
        if (isa == ISA_AVX512)
            block_masks_avx512(p, &q, &b, &st);
        else if (isa == ISA_AVX2)
            block_masks_avx2(p, &q, &b, &st);
        else
#endif
            block_masks(p, &q, &b, &st);
        uint64_t escd = 0;
        bool carry = false;
        if (b) /* escaped quotes neither open nor close */
            q &= ~(escd = escaped_bits(b, &carry));
#if defined(HAVE_AVX2)
        uint64_t in = (isa == ISA_AVX512 ? prefix_xor_clmul(q) : prefix_xor(q)) ^ instr;
#else
        uint64_t in = prefix_xor(q) ^ instr;
#endif
        if (b && (carry || (b & ~escd & ~in) != 0)) {
            r = 1;
            break;
        }
        instr = (uint64_t)((int64_t)in >> 63);
        st &= ~in;
        if (sp + 64 >= e->scap) { /* room for every bracket of the block */
            e->scap = 2 * e->scap + 64;
            e->stack = cwf_xrealloc(e->stack, e->scap);
        }
        /* Without branches on the kind of bracket (they mispredict): an
         * opening one is pushed as its closer (the closer of '[' 0x5B is
         * ']' 0x5D, of '{' 0x7B '}' 0x7D), a closing one is compared with
         * the top, and the byte written above the top then is dead. */
        for (; st; st &= st - 1) {
            const uchar *x = p + __builtin_ctzll(st);
            uchar c = *x, k = c | 0x20;
            int open = k == '{', close = k == '}';
            if (__builtin_expect(!(open | close), 0)) {
                if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                    if (copy && x > run)
                        cwf_buf_add(&e->ev, run, (size_t)(x - run));
                    run = x + 1;
                }
                continue;
            }
            if (__builtin_expect(close & (e->stack[sp - 1] != c), 0)) {
                e->lo = (size_t)(x - base);
                return bad(e, "brackets do not match");
            }
            e->stack[sp] = (uchar)(c + 2);
            sp = sp + (size_t)open - (size_t)close;
            if (__builtin_expect(sp == 0, 0)) {
                t->done = true;
                p = x + 1;
                goto out;
            }
        }
        p += 64;
    }
out:
    t->p = p;
    t->run = run;
    t->sp = sp;
    t->instr = instr != 0;
    return r;
}

static int blocks_sse2(cwf_events *e, scan_st *t, const uchar *base, const uchar *end, bool copy)
{
    return blocks(e, t, base, end, copy, ISA_SSE2);
}

#if defined(HAVE_AVX2)
__attribute__((target("avx2"))) static int blocks_avx2(cwf_events *e, scan_st *t,
                                                       const uchar *base, const uchar *end,
                                                       bool copy)
{
    return blocks(e, t, base, end, copy, ISA_AVX2);
}

__attribute__((target("avx512f,avx512bw,pclmul"))) static int
blocks_avx512(cwf_events *e, scan_st *t, const uchar *base, const uchar *end, bool copy)
{
    return blocks(e, t, base, end, copy, ISA_AVX512);
}
#endif
#endif

/* Scans one JSON value at the window (after whitespace): an object or
 * array up to its closing bracket, anything else up to the whitespace, ','
 * ']' or '}' that follows it (not consumed).  With copy, its text goes to
 * e->ev without the whitespace outside strings.  0, or -1 on error. */
static int scan_value(cwf_events *e, bool copy)
{
    bool instr = false, esc = false;
    size_t sp = 0;
    cwf_buf_reset(&e->ev);
#if defined(HAVE_AVX2)
    const int simd = cwf_simd_level();
#endif
    for (;;) {
        if (e->lo == e->hi) {
            long k = fill(e);
            if (k < 0)
                return -1;
            if (k == 0)
                return bad(e, "unexpected end of file inside a record");
        }
        const uchar *base = (const uchar *)e->win;
        const uchar *p = base + e->lo, *end = base + e->hi, *run = p;
        bool done = false;
        if (esc) { /* the byte after a backslash that ended the last chunk */
            esc = false;
            p++;
        }
#if defined(__SSE2__)
        const uchar *slow_until = p;
#endif
        while (p < end) {
#if defined(__SSE2__)
            /* Inside a container, 64 bytes at a time (see blocks()). */
            if (sp > 0 && p >= slow_until && end - p >= 64) {
                scan_st t = {p, run, sp, instr, false};
#if defined(HAVE_AVX2)
                int r = simd == CWF_SIMD_AVX512 ? blocks_avx512(e, &t, base, end, copy)
                        : simd == CWF_SIMD_AVX2 ? blocks_avx2(e, &t, base, end, copy)
                                                : blocks_sse2(e, &t, base, end, copy);
#else
                int r = blocks_sse2(e, &t, base, end, copy);
#endif
                p = t.p;
                run = t.run;
                sp = t.sp;
                instr = t.instr;
                done = t.done;
                if (r < 0)
                    return -1;
                if (done)
                    break;
                if (r == 1)
                    slow_until = p + 64;
                continue;
            }
#endif
            if (instr) {
                p = string_run(p, end);
                if (p == end)
                    break;
                if (*p == '\\') {
                    if (end - p < 2) {
                        esc = true;
                        p = end;
                        break;
                    }
                    p += 2;
                    continue;
                }
                instr = false;
                p++;
                continue;
            }
            uchar c = *p;
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                if (sp == 0) { /* after a scalar */
                    done = true;
                    break;
                }
                if (copy && p > run)
                    cwf_buf_add(&e->ev, run, (size_t)(p - run));
                run = ++p;
                continue;
            }
            if (c == '"') {
                instr = true;
            } else if (c == '{' || c == '[') {
                if (sp == e->scap) {
                    e->scap = e->scap ? 2 * e->scap : 64;
                    e->stack = cwf_xrealloc(e->stack, e->scap);
                }
                e->stack[sp++] = c == '{' ? '}' : ']';
            } else if (c == '}' || c == ']' || c == ',') {
                if (sp == 0) {
                    done = true;
                    break;
                }
                if (c != ',' && e->stack[--sp] != c) {
                    e->lo = (size_t)(p - base);
                    return bad(e, "brackets do not match");
                }
                if (sp == 0) {
                    done = true;
                    p++;
                    break;
                }
            }
            p++;
        }
        /* In memory read in place, an element without whitespace outside
         * its strings is taken where it is, without a copy. */
        bool direct = copy && done && e->borrowed && e->ev.len == 0;
        if (copy && p > run && !direct)
            cwf_buf_add(&e->ev, run, (size_t)(p - run));
        e->evp = direct ? (const char *)run : e->ev.p;
        e->evn = direct ? (size_t)(p - run) : e->ev.len;
        e->lo = (size_t)(p - base);
        if (e->evn > CWF_EVENT_MAX)
            return set_error(e, "an event longer than %zu bytes", CWF_EVENT_MAX);
        if (done) {
            if (copy && e->evn == 0)
                return bad(e, "an empty element");
            return 0;
        }
    }
}

/* ---- recognising the format -------------------------------------------- */

/* Whether the window, at lo, starts a document whose first key is name with
 * an array value.  Looks ahead without consuming; fills as needed. */
static bool first_key_is(cwf_events *e, const char *name)
{
    size_t n = strlen(name);
    for (;;) {
        const char *p = e->win + e->lo, *end = e->win + e->hi;
        const char *q = p;
        bool need_more = false;
        /* '{' ws '"' name '"' ws ':' ws '[' */
        const char *steps = "{w\"n\"w:w[";
        for (const char *s = steps; *s && !need_more; s++) {
            if (*s == 'w') {
                while (q < end && (*q == ' ' || *q == '\n' || *q == '\r' || *q == '\t'))
                    q++;
                need_more = q == end;
            } else if (*s == 'n') {
                if ((size_t)(end - q) < n)
                    need_more = true;
                else if (memcmp(q, name, n) != 0)
                    return false;
                else
                    q += n;
            } else if (q == end)
                need_more = true;
            else if (*q++ != *s)
                return false;
        }
        if (!need_more)
            return true;
        if (e->hi - e->lo > DETECT_MAX || fill(e) <= 0)
            return false;
    }
}

/* Whether the window starts a JSON document that closes after its first
 * line (a pretty-printed event) rather than on it (JSON Lines) or not at
 * all within DETECT_MAX bytes (lines, of whatever kind).  Tracks strings and
 * brackets only. */
static bool multi_line_document(cwf_events *e)
{
    size_t at = 0;
    long depth = 0;
    bool instr = false, esc = false, crossed = false;
    for (;;) {
        const char *p = e->win + e->lo + at, *end = e->win + e->hi;
        for (; p < end; p++) {
            if (esc)
                esc = false;
            else if (instr) {
                if (*p == '\\')
                    esc = true;
                else if (*p == '"')
                    instr = false;
            } else if (*p == '"')
                instr = true;
            else if (*p == '{' || *p == '[')
                depth++;
            else if ((*p == '}' || *p == ']') && --depth <= 0)
                return crossed;
            if (*p == '\n')
                crossed = true;
        }
        at = e->hi - e->lo;
        if (e->eof || at > DETECT_MAX || fill(e) <= 0)
            return false;
    }
}

/* Inflates every gzip member of the memory source at once (libdeflate)
 * and makes the result the source.  False, with nothing changed, when the
 * data is not well-formed gzip or inflates to more than WHOLE_MAX bytes:
 * zlib's streaming then reads it (and says what is wrong). */
static bool inflate_whole(cwf_events *e)
{
    const uchar *in = e->mem;
    size_t inlen = e->memlen;
    if (inlen < 18 || in[0] != 0x1f || in[1] != 0x8b)
        return false;
    /* the last member's size (mod 2^32) is the first guess */
    size_t cap = (size_t)in[inlen - 4] | (size_t)in[inlen - 3] << 8 |
                 (size_t)in[inlen - 2] << 16 | (size_t)in[inlen - 1] << 24;
    if (cap > WHOLE_MAX) /* the last member alone is too large: stream */
        return false;
    cap = cap < (1 << 16) ? 1 << 16 : cap;
    struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
    if (!d)
        return false;
    for (;;) {
        uchar *out = cwf_xmalloc(cap);
        size_t at_in = 0, at_out = 0;
        enum libdeflate_result r = LIBDEFLATE_SUCCESS;
        while (at_in < inlen && r == LIBDEFLATE_SUCCESS) {
            size_t used = 0, made = 0;
            if (inlen - at_in < 2 || in[at_in] != 0x1f || in[at_in + 1] != 0x8b) {
                r = LIBDEFLATE_BAD_DATA;
                break;
            }
            r = libdeflate_gzip_decompress_ex(d, in + at_in, inlen - at_in, out + at_out,
                                              cap - at_out, &used, &made);
            if (r != LIBDEFLATE_SUCCESS)
                break;
            at_in += used;
            at_out += made;
        }
        if (r == LIBDEFLATE_SUCCESS) {
            libdeflate_free_decompressor(d);
            e->inflated = (char *)out;
            e->mem = out;
            e->memlen = at_out;
            e->mempos = 0;
            return true;
        }
        free(out);
        if (r != LIBDEFLATE_INSUFFICIENT_SPACE || cap >= WHOLE_MAX) {
            libdeflate_free_decompressor(d);
            return false;
        }
        cap = cap > WHOLE_MAX / 2 ? WHOLE_MAX : 2 * cap;
    }
}

static int detect(cwf_events *e)
{
    /* gzip magic: inflate everything from here on */
    if (!e->virt && !e->inflated && e->raw_hi - e->raw_lo >= 2 && e->raw[e->raw_lo] == 0x1f &&
        e->raw[e->raw_lo + 1] == 0x8b) {
        e->gz = true;
        if (inflateInit2(&e->z, 15 + 16) != Z_OK)
            return set_error(e, "zlib: cannot initialise");
        e->z_live = true;
    }
    /* the first non-blank byte, after a byte order mark */
    int c = peek(e);
    if (c == -2)
        return -1;
    if (e->hi - e->lo < 3 && !e->eof)
        fill(e);
    if (e->hi - e->lo >= 3 && memcmp(e->win + e->lo, "\xef\xbb\xbf", 3) == 0)
        e->lo += 3;
    size_t save = e->off + e->lo; /* absolute: skip_ws may slide the window */
    c = skip_ws(e);
    if (c == -2)
        return -1;
    if (c == '{' && first_key_is(e, "Records"))
        e->fmt = CWF_EV_CLOUDTRAIL;
    else if (c == '{' && first_key_is(e, "events"))
        e->fmt = CWF_EV_LOG_EVENTS;
    else if (c == '{' && multi_line_document(e))
        e->fmt = CWF_EV_JSON;
    else {
        e->fmt = CWF_EV_LINES;
        /* blank lines are lines: back to where they start, or to what the
         * window still holds of them */
        e->lo = save >= e->off ? save - e->off : 0;
    }
    if (e->error)
        return -1;
    if (e->fmt == CWF_EV_LOG_EVENTS) {
        cwf_seg seg = {.kind = CWF_SEG_FIELD, .name = {"message", 7}};
        e->paths = cwf_jpaths_new();
        cwf_jpaths_add(e->paths, &seg, 1, e->nodes);
        cwf_seg ts = {.kind = CWF_SEG_FIELD, .name = {"timestamp", 9}};
        cwf_jpaths_add(e->paths, &ts, 1, e->tsnodes);
        cwf_jscan_init(&e->scan, e->paths);
    }
    return 0;
}

/* An uncompressed memory source needs no window of its own: events are
 * taken from the memory itself, without a copy. */
static void borrow(cwf_events *e)
{
    size_t pos = e->off + e->lo;
    if (!e->virt)
        free(e->win);
    e->virt = false;
    free(e->raw);
    e->raw = NULL;
    e->raw_lo = e->raw_hi = 0;
    e->win = (char *)(uintptr_t)e->mem;
    e->off = 0;
    e->lo = pos;
    e->hi = e->cap = e->memlen;
    e->eof = e->raw_eof = true;
    e->borrowed = true;
}

static cwf_events *open_common(cwf_events *e, char **err)
{
    e->cap = CHUNK;
    if (e->fd < 0 && inflate_whole(e))
        e->gz = true;
    /* Uncompressed memory (gzip inflated whole included) is detected in
     * place: the window's steps are counted as if the bytes were read into
     * it (test_detect_edges), and it then becomes the memory itself. */
    e->virt = e->fd < 0 && (e->inflated || e->memlen < 2 || e->mem[0] != 0x1f ||
                            e->mem[1] != 0x8b);
    long k;
    if (e->virt) {
        e->win = (char *)(uintptr_t)e->mem;
        k = (long)(e->memlen < RAW_CHUNK ? e->memlen : RAW_CHUNK);
        e->mempos = (size_t)k;
    } else {
        e->win = cwf_xmalloc(e->cap);
        e->raw = cwf_xmalloc(RAW_CHUNK);
        k = raw_read(e, e->raw, RAW_CHUNK);
    }
    if (k >= 0) {
        e->raw_hi = (size_t)k;
        detect(e);
    }
    if (!e->error && e->fd < 0 && !e->z_live)
        borrow(e);
    if (e->error) {
        *err = e->error;
        e->error = NULL;
        cwf_events_close(e);
        return NULL;
    }
    return e;
}

cwf_events *cwf_events_open(const char *path, char **err)
{
    *err = NULL;
    int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY);
    if (fd < 0) {
        *err = cwf_xstrdup(strerror(errno));
        return NULL;
    }
    cwf_events *e = cwf_xcalloc(1, sizeof *e);
    e->fd = fd;
    e->own_fd = fd != 0;
    /* A regular file is read through a mapping: no copy by the kernel. */
    struct stat st;
    if (fd != 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
        (uint64_t)st.st_size <= SIZE_MAX) {
        void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (map != MAP_FAILED) {
            madvise(map, (size_t)st.st_size, MADV_SEQUENTIAL);
            e->map = map;
            e->maplen = (size_t)st.st_size;
            e->mem = map;
            e->memlen = e->maplen;
            e->droppable = true;
            close(fd);
            e->fd = -1;
            e->own_fd = false;
        }
    }
    return open_common(e, err);
}

cwf_events *cwf_events_open_lines(const char *data, size_t len, bool mapped)
{
    cwf_events *e = cwf_xcalloc(1, sizeof *e);
    e->droppable = mapped;
    e->fd = -1;
    e->mem = (const uchar *)data;
    e->memlen = len;
    e->fmt = CWF_EV_LINES;
    borrow(e);
    return e;
}

bool cwf_events_data(const cwf_events *e, const char **data, size_t *len, size_t *pos,
                     bool *mapped)
{
    if (!e->borrowed || e->fmt != CWF_EV_LINES || e->count != 0)
        return false;
    *mapped = e->droppable && !e->inflated;
    *data = e->win;
    *len = e->hi;
    *pos = e->lo;
    return true;
}

cwf_events *cwf_events_open_mem(const char *data, size_t len, char **err)
{
    *err = NULL;
    cwf_events *e = cwf_xcalloc(1, sizeof *e);
    e->fd = -1;
    e->mem = (const uchar *)data;
    e->memlen = len;
    return open_common(e, err);
}

/* ---- taking events ----------------------------------------------------- */

/* Asks for the cache lines of the next PREFETCH bytes (a page) of a reader
 * in memory (a mapped file): the hardware's prefetcher stops at every 4 KB
 * page, so the first touch of each page (by memchr, below) waited for
 * memory; 3% to 5% of the time of a JSON Lines match (2 KB and 8 KB ahead
 * did as well, within 2%). */
enum { PREFETCH = 4096 };
static void prefetch_ahead(cwf_events *e)
{
    size_t to = e->hi - e->lo > PREFETCH ? e->lo + PREFETCH : e->hi;
    size_t off = (e->prefetched > e->lo ? e->prefetched : e->lo) & ~(size_t)63;
    for (; off < to; off += 64)
        __builtin_prefetch(e->win + off);
    e->prefetched = off;
}

static int next_line(cwf_events *e, const char **msg, size_t *len)
{
    for (;;) {
        char *nl = memchr(e->win + e->lo + e->scanned, '\n', e->hi - e->lo - e->scanned);
        size_t start = e->lo, end;
        if (nl) {
            end = (size_t)(nl - e->win);
            e->lo = end + 1;
        } else if (e->eof) {
            if (e->lo == e->hi)
                return 0;
            end = e->hi;
            e->lo = e->hi;
        } else {
            e->scanned = e->hi - e->lo;
            if (e->scanned > CWF_EVENT_MAX)
                return set_error(e, "a line longer than %zu bytes", CWF_EVENT_MAX);
            if (fill(e) < 0)
                return -1;
            continue;
        }
        e->scanned = 0;
        if (e->borrowed && end - start > CWF_EVENT_MAX)
            return set_error(e, "a line longer than %zu bytes", CWF_EVENT_MAX);
        if (e->borrowed)
            prefetch_ahead(e);
        if (end > start && e->win[end - 1] == '\r')
            end--;
        if (end == start)
            continue;
        *msg = e->win + start;
        *len = end - start;
        return 1;
    }
}

/* Delivers the element in e->ev: as is, or its decoded "message". */
static int deliver(cwf_events *e, const char **msg, size_t *len)
{
    if (e->fmt == CWF_EV_CLOUDTRAIL) {
        *msg = e->evp;
        *len = e->evn;
        return 1;
    }
    uint32_t h;
    if (!cwf_jscan_run(&e->scan, e->evp, e->evn) ||
        (h = cwf_jscan_child(&e->scan, 0, e->nodes[1])) == CWF_JNONE ||
        e->scan.hits[h].type != CWF_J_STRING)
        return set_error(e, "event %zu has no \"message\" string", e->count + 1);
    size_t n;
    const char *s = cwf_jscan_str(&e->scan, h, &n);
    cwf_buf_reset(&e->msg);
    cwf_buf_add(&e->msg, s, n);
    e->ts = -1;
    uint32_t t = cwf_jscan_child(&e->scan, 0, e->tsnodes[1]);
    if (t != CWF_JNONE && e->scan.hits[t].type == CWF_J_NUMBER) {
        const char *d = e->evp + e->scan.hits[t].start;
        size_t dn = e->scan.hits[t].end - e->scan.hits[t].start, i = 0;
        int64_t v = 0;
        while (i < dn && i < 18 && d[i] >= '0' && d[i] <= '9')
            v = v * 10 + (d[i++] - '0');
        if (i == dn && dn > 0)
            e->ts = v;
    }
    *msg = e->msg.p;
    *len = e->msg.len;
    return 1;
}

/* The json format: every top-level object or array is one event. */
static int next_document(cwf_events *e, const char **msg, size_t *len)
{
    int c = skip_ws(e);
    if (c == -1)
        return 0;
    if (c != '{' && c != '[')
        return c == -2 ? -1 : bad(e, "expected '{' or '['");
    if (scan_value(e, true) < 0)
        return -1;
    *msg = e->evp;
    *len = e->evn;
    return 1;
}

static int next_element(cwf_events *e, const char **msg, size_t *len)
{
    const char *key = e->fmt == CWF_EV_CLOUDTRAIL ? "Records" : "events";
    cwf_buf name = CWF_BUF_INIT;
    int r = 0, c;
    for (;;) {
        switch (e->st) {
        case S_DOC:
            c = skip_ws(e);
            if (c == -2)
                goto fail;
            if (c == -1) {
                e->st = S_DONE;
                break;
            }
            if (c != '{') {
                r = bad(e, "expected '{'");
                goto out;
            }
            e->lo++;
            if (skip_ws(e) == '}') {
                e->lo++;
                break;
            }
            e->st = S_MEMBER;
            break;
        case S_MEMBER:
            if (read_key(e, &name) < 0)
                goto fail;
            if (skip_ws(e) != ':') {
                r = bad(e, "expected ':'");
                goto out;
            }
            e->lo++;
            c = skip_ws(e);
            if (strcmp(cwf_buf_str(&name), key) == 0 && c == '[') {
                e->lo++;
                e->st = skip_ws(e) == ']' ? S_AFTER : S_ELEMENT;
                break;
            }
            if (c < 0 || scan_value(e, false) < 0) {
                r = c == -1 ? bad(e, "unexpected end of file") : -1;
                goto out;
            }
            e->st = S_NEXT;
            break;
        case S_ELEMENT:
            if (skip_ws(e) < 0 || scan_value(e, true) < 0)
                goto fail;
            e->st = S_AFTER;
            r = deliver(e, msg, len);
            goto out;
        case S_AFTER:
            c = skip_ws(e);
            if (c != ',' && c != ']') {
                r = c == -2 ? -1 : bad(e, "expected ',' or ']'");
                goto out;
            }
            e->lo++;
            e->st = c == ',' ? S_ELEMENT : S_NEXT;
            break;
        case S_NEXT:
            c = skip_ws(e);
            if (c != ',' && c != '}') {
                r = c == -2 ? -1 : bad(e, "expected ',' or '}'");
                goto out;
            }
            e->lo++;
            e->st = c == ',' ? S_MEMBER : S_DOC;
            break;
        case S_DONE:
            r = 0;
            goto out;
        }
    }
fail:
    r = e->error ? -1 : bad(e, "unexpected end of file");
out:
    cwf_buf_free(&name);
    return r;
}

int cwf_events_next(cwf_events *e, const char **msg, size_t *len)
{
    if (e->error)
        return -1;
    int r = e->fmt == CWF_EV_LINES  ? next_line(e, msg, len)
          : e->fmt == CWF_EV_JSON ? next_document(e, msg, len)
                                  : next_element(e, msg, len);
    if (r == 1)
        e->count++;
    /* A mapped file's pages are mapped in ahead of the reader, POPULATE_AHEAD
     * bytes at a time: one call instead of a page fault every 16 pages
     * (where the kernel lacks MADV_POPULATE_READ, the faults remain). */
    if (e->borrowed && e->droppable && !e->inflated && e->lo + POPULATE_AHEAD / 2 > e->populated &&
        e->populated < e->hi) {
        uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
        size_t to = e->hi - e->populated > POPULATE_AHEAD ? e->populated + POPULATE_AHEAD : e->hi;
        uintptr_t a = ((uintptr_t)e->win + (e->lo > e->populated ? e->lo : e->populated)) & ~(page - 1);
        uintptr_t b = ((uintptr_t)e->win + to + page - 1) & ~(page - 1);
#if defined(MADV_POPULATE_READ)
        if (b > a)
            madvise((void *)a, b - a, MADV_POPULATE_READ);
#else
        (void)a;
        (void)b;
#endif
        e->populated = to;
    }
    /* Resident memory stays small on a large mapped file: every 8 MB, and at
     * the end, the pages already read are given back. */
    if (e->borrowed && e->droppable && !e->inflated && e->lo > e->dropped &&
        (e->lo - e->dropped >= ((size_t)8 << 20) || r == 0)) {
        uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
        uintptr_t a = ((uintptr_t)e->win + e->dropped + page - 1) & ~(page - 1);
        uintptr_t b = ((uintptr_t)e->win + e->lo) & ~(page - 1);
        if (b > a)
            madvise((void *)a, b - a, MADV_DONTNEED);
        e->dropped = e->lo;
    }
    return r;
}

const char *cwf_events_error(const cwf_events *e)
{
    return e->error;
}

cwf_events_format cwf_events_format_of(const cwf_events *e)
{
    return e->fmt;
}

bool cwf_events_gzipped(const cwf_events *e)
{
    return e->gz;
}

int64_t cwf_events_timestamp(const cwf_events *e)
{
    return e->fmt == CWF_EV_LOG_EVENTS && e->count ? e->ts : -1;
}

size_t cwf_events_count(const cwf_events *e)
{
    return e->count;
}

void cwf_events_close(cwf_events *e)
{
    if (!e)
        return;
    if (e->own_fd)
        close(e->fd);
    if (e->z_live)
        inflateEnd(&e->z);
    if (e->paths) {
        cwf_jscan_free(&e->scan);
        cwf_jpaths_free(e->paths);
    }
    free(e->raw);
    if (!e->borrowed && !e->virt)
        free(e->win);
    if (e->map)
        munmap(e->map, e->maplen);
    free(e->inflated);
    free(e->stack);
    free(e->error);
    cwf_buf_free(&e->ev);
    cwf_buf_free(&e->msg);
    free(e);
}
