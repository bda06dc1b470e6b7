/* hostmap.c: where each byte of an extracted pattern came from in its host
 * file (see hostmap.h): the line and column map of a host file, and the
 * pattern builder that every reader appends to. */
#include "hostmap.h"

#include <stdlib.h>
#include <string.h>

/* ---- positions ------------------------------------------------------------ */

static bool is_cont(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

/* Characters in text[a..b). */
static uint32_t chars(const char *text, size_t a, size_t b)
{
    uint32_t n = 0;
    for (size_t i = a; i < b; i++)
        n += !is_cont((unsigned char)text[i]);
    return n;
}

void cwf_hmap_init(cwf_hmap *h, const char *text, size_t len)
{
    memset(h, 0, sizeof *h);
    h->text = text;
    h->len = len;
    h->bom = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0;
    size_t n = 1;
    for (size_t i = 0; i < len; i++)
        n += text[i] == '\n';
    h->lines = cwf_xmalloc(n * sizeof *h->lines);
    h->lines[0] = 0;
    h->nlines = 1;
    size_t nck = len / CWF_HMAP_STEP + 1;
    h->chars = cwf_xmalloc(nck * sizeof *h->chars);
    uint32_t c = 0;
    for (size_t i = 0; i < len; i++) {
        if (i % CWF_HMAP_STEP == 0)
            h->chars[i / CWF_HMAP_STEP] = c;
        c += !is_cont((unsigned char)text[i]);
        if (text[i] == '\n')
            h->lines[h->nlines++] = (uint32_t)(i + 1);
    }
    if (len % CWF_HMAP_STEP == 0)
        h->chars[len / CWF_HMAP_STEP] = c;
    h->last = (cwf_pos){1, 1};
}

/* Characters in text[0..off). */
static uint32_t chars_before(const cwf_hmap *h, size_t off)
{
    size_t k = off / CWF_HMAP_STEP;
    return h->chars[k] + chars(h->text, k * CWF_HMAP_STEP, off);
}

cwf_pos cwf_hmap_pos(cwf_hmap *h, size_t off)
{
    if (off > h->len)
        off = h->len;
    /* A continuation byte sits on the column of its character. */
    while (off > 0 && off < h->len && is_cont((unsigned char)h->text[off]))
        off--;
    size_t line = h->last.line - 1;
    size_t next = line + 1 < h->nlines ? h->lines[line + 1] : h->len + 1;
    /* The mark (one character, bytes 0 to 2) is not a column. */
    uint32_t bom = h->bom && off >= 3;
    if (off >= h->last_off && off < next && off - h->last_off < CWF_HMAP_STEP) {
        h->last.col += chars(h->text, h->last_off, off) - (bom && h->last_off < 3);
        h->last_off = off;
        return h->last;
    }
    size_t lo = 0, hi = h->nlines; /* the last line starting at or before off */
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (h->lines[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    size_t ls = h->lines[lo]; /* a short line is counted, a long one looked up */
    uint32_t col = off - ls < CWF_HMAP_STEP ? chars(h->text, ls, off)
                                            : chars_before(h, off) - chars_before(h, ls);
    h->last = (cwf_pos){(uint32_t)lo + 1, 1 + col - (lo == 0 && bom)};
    h->last_off = off;
    return h->last;
}

void cwf_hmap_free(cwf_hmap *h)
{
    free(h->lines);
    free(h->chars);
    h->lines = NULL;
    h->chars = NULL;
}

/* ---- the pattern builder -------------------------------------------------- */

static void pb_grow(cwf_pbuild *b, size_t extra)
{
    size_t need = b->text.len + extra + 1;
    if (need <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    b->off = cwf_xrealloc(b->off, cap * sizeof *b->off);
    b->cap = cap;
}

void cwf_pb_byte(cwf_pbuild *b, char c, uint32_t off)
{
    pb_grow(b, 1);
    b->off[b->text.len] = off;
    cwf_buf_putc(&b->text, c);
}

void cwf_pb_raw(cwf_pbuild *b, const char *s, size_t n, uint32_t off)
{
    pb_grow(b, n);
    for (size_t i = 0; i < n; i++)
        b->off[b->text.len + i] = off + (uint32_t)i;
    cwf_buf_add(&b->text, s, n);
    b->end = off + (uint32_t)n;
}

void cwf_pb_mapped(cwf_pbuild *b, const char *s, size_t n, const uint32_t *offs)
{
    if (!n)
        return;
    pb_grow(b, n);
    memcpy(b->off + b->text.len, offs, n * sizeof *offs);
    cwf_buf_add(&b->text, s, n);
}

static void add_part(cwf_pbuild *b, size_t n, const char *what)
{
    b->parts = cwf_xrealloc(b->parts, (b->nparts + 1) * sizeof *b->parts);
    cwf_part *p = &b->parts[b->nparts++];
    p->span = (cwf_span){(uint32_t)b->text.len, (uint32_t)(b->text.len + n)};
    p->what = cwf_xstrdup(what);
}

void cwf_pb_part(cwf_pbuild *b, const char *s, size_t n, uint32_t off, const char *what)
{
    add_part(b, n, what);
    cwf_pb_raw(b, s, n, off);
}

void cwf_pb_part_mapped(cwf_pbuild *b, const char *s, size_t n, const uint32_t *offs,
                        const char *what)
{
    add_part(b, n, what);
    cwf_pb_mapped(b, s, n, offs);
    if (n)
        b->end = offs[n - 1] + 1;
}

void cwf_pb_trim(cwf_pbuild *b)
{
    size_t n = b->text.len, a = 0;
    while (n > 0 && cwf_is_space(b->text.p[n - 1]))
        n--;
    while (a < n && cwf_is_space(b->text.p[a]))
        a++;
    for (size_t i = 0; i < b->nparts; i++) {
        /* Parts are never white space, so they lie inside [a, n). */
        b->parts[i].span.start -= (uint32_t)a;
        b->parts[i].span.end -= (uint32_t)a;
    }
    if (n < b->text.len)
        b->end = b->off[n];
    if (!b->text.p)
        return;
    memmove(b->text.p, b->text.p + a, n - a);
    memmove(b->off, b->off + a, (n - a) * sizeof *b->off);
    b->text.len = n - a;
    b->text.p[b->text.len] = '\0';
}

void cwf_pb_source(cwf_pbuild *b, cwf_hmap *h, cwf_source *src)
{
    size_t n = b->text.len;
    cwf_pos *map = cwf_xmalloc((n + 1) * sizeof *map);
    for (size_t i = 0; i < n; i++)
        map[i] = cwf_hmap_pos(h, b->off[i]);
    map[n] = cwf_hmap_pos(h, b->end);
    src->text = cwf_buf_take(&b->text);
    src->len = n;
    src->map = map;
}

void cwf_pb_free(cwf_pbuild *b)
{
    cwf_buf_free(&b->text);
    free(b->off);
    for (size_t i = 0; i < b->nparts; i++)
        free(b->parts[i].what);
    free(b->parts);
    memset(b, 0, sizeof *b);
}
