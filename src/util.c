/* util.c: see util.h. */
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Allocation failure: no test can make malloc fail (the library has no
 * allocation hook), so the report and abort are excluded from coverage. */
static void oom(void) /* GCOVR_EXCL_START */
{
    fputs("cwfilter: out of memory\n", stderr);
    abort();
} /* GCOVR_EXCL_STOP */

void *cwf_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) /* GCOVR_EXCL_LINE: allocation failure, see oom */
        oom(); /* GCOVR_EXCL_LINE */
    return p;
}

void *cwf_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) /* GCOVR_EXCL_LINE: allocation failure, see oom */
        oom(); /* GCOVR_EXCL_LINE */
    return p;
}

void *cwf_xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) /* GCOVR_EXCL_LINE: allocation failure, see oom */
        oom(); /* GCOVR_EXCL_LINE */
    return p;
}

char *cwf_xstrdup(const char *s)
{
    return cwf_xstrndup(s, strlen(s));
}

char *cwf_xstrndup(const char *s, size_t n)
{
    char *p = cwf_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *cwf_xvasprintf(const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) /* GCOVR_EXCL_LINE: an encoding error, only with %ls, which no caller uses */
        oom(); /* GCOVR_EXCL_LINE */
    char *p = cwf_xmalloc((size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *cwf_xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = cwf_xvasprintf(fmt, ap);
    va_end(ap);
    return p;
}

static void grow(cwf_buf *b, size_t extra)
{
    if (b->cap - b->len > extra)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap - b->len <= extra)
        cap *= 2;
    b->p = cwf_xrealloc(b->p, cap);
    b->cap = cap;
}

void cwf_buf_add(cwf_buf *b, const void *s, size_t n)
{
    grow(b, n);
    if (n)
        memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void cwf_buf_puts(cwf_buf *b, const char *s)
{
    cwf_buf_add(b, s, strlen(s));
}

void cwf_buf_putc(cwf_buf *b, char c)
{
    grow(b, 1);
    b->p[b->len++] = c;
    b->p[b->len] = '\0';
}

void cwf_buf_printf(cwf_buf *b, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n > 0) {
        grow(b, (size_t)n);
        vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
        b->len += (size_t)n;
    }
    va_end(ap);
}

void cwf_buf_json_str(cwf_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    cwf_buf_putc(b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': cwf_buf_add(b, "\\\"", 2); break;
        case '\\': cwf_buf_add(b, "\\\\", 2); break;
        case '\n': cwf_buf_add(b, "\\n", 2); break;
        case '\r': cwf_buf_add(b, "\\r", 2); break;
        case '\t': cwf_buf_add(b, "\\t", 2); break;
        default:
            if (c < 0x20 || c == 0x7f) {
                char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
                cwf_buf_add(b, e, 6);
            } else {
                cwf_buf_putc(b, (char)c);
            }
        }
    }
    cwf_buf_putc(b, '"');
}

const char *cwf_buf_str(cwf_buf *b)
{
    return b->p ? b->p : "";
}

char *cwf_buf_take(cwf_buf *b)
{
    char *p = b->p ? b->p : cwf_xstrdup("");
    b->p = NULL;
    b->len = b->cap = 0;
    return p;
}

void cwf_buf_reset(cwf_buf *b)
{
    b->len = 0;
    if (b->p)
        b->p[0] = '\0';
}

void cwf_buf_free(cwf_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

bool cwf_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

bool cwf_occurs(const char *h, size_t n, const char *needle, size_t m)
{
    if (m == 0)
        return true;
    const char *end = h + n;
    while ((size_t)(end - h) >= m) {
        const char *q = memchr(h, needle[0], (size_t)(end - h) - m + 1);
        if (!q)
            return false;
        if (memcmp(q + 1, needle + 1, m - 1) == 0)
            return true;
        h = q + 1;
    }
    return false;
}

bool cwf_contains(const char *data, size_t len, const char *needle)
{
    return cwf_occurs(data, len, needle, strlen(needle));
}

int cwf_hex_digit(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c |= 0x20;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

bool cwf_read_file(const char *path, cwf_buf *out)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f)
        return false;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        cwf_buf_add(out, chunk, n);
    int err = ferror(f) ? (errno ? errno : EIO) : 0;
    if (f != stdin)
        fclose(f);
    if (err) {
        errno = err;
        return false;
    }
    if (!out->p)
        cwf_buf_add(out, "", 0);
    return true;
}

int cwf_simd_max = CWF_SIMD_AVX512;

int cwf_simd_level(void)
{
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    if (cwf_simd_max >= CWF_SIMD_AVX512 && __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("pclmul"))
        return CWF_SIMD_AVX512;
    if (cwf_simd_max >= CWF_SIMD_AVX2 && __builtin_cpu_supports("avx2"))
        return CWF_SIMD_AVX2;
#endif
    return CWF_SIMD_SSE2;
}
