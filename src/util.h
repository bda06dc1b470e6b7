/* util.h: allocation that cannot fail, and a growable byte buffer.
 *
 * Out of memory is not an input error: the x-functions print one line and
 * abort, so that no caller carries a path for it. */
#ifndef CWF_UTIL_H
#define CWF_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define CWF_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define CWF_COUNT(a) (sizeof(a) / sizeof((a)[0]))

void *cwf_xmalloc(size_t n);
void *cwf_xcalloc(size_t n, size_t size);
void *cwf_xrealloc(void *p, size_t n);
char *cwf_xstrdup(const char *s);
char *cwf_xstrndup(const char *s, size_t n);
char *cwf_xasprintf(const char *fmt, ...) CWF_PRINTF(1, 2);
char *cwf_xvasprintf(const char *fmt, va_list ap) CWF_PRINTF(1, 0);

/* A growable byte buffer; always NUL-terminated once anything was added. */
typedef struct cwf_buf {
    char *p;
    size_t len, cap;
} cwf_buf;

#define CWF_BUF_INIT {0}

void cwf_buf_add(cwf_buf *b, const void *s, size_t n);
void cwf_buf_puts(cwf_buf *b, const char *s);
void cwf_buf_putc(cwf_buf *b, char c);
void cwf_buf_printf(cwf_buf *b, const char *fmt, ...) CWF_PRINTF(2, 3);
/* s[0..n) as a JSON string literal, quotes included. */
void cwf_buf_json_str(cwf_buf *b, const char *s, size_t n);
/* The contents as a C string (never NULL); the buffer keeps ownership. */
const char *cwf_buf_str(cwf_buf *b);
/* Hands the contents to the caller (malloc'd, never NULL) and resets b. */
char *cwf_buf_take(cwf_buf *b);
void cwf_buf_reset(cwf_buf *b);
void cwf_buf_free(cwf_buf *b);

/* The value of the hex digit c (either case), or -1. */
int cwf_hex_digit(int c);

/* Whether c is ASCII white space: space, \t, \n, \r, \v or \f. */
bool cwf_is_space(char c);

/* Whether needle[0..m) occurs in h[0..n) (memmem is a GNU extension);
 * an empty needle occurs everywhere. */
bool cwf_occurs(const char *h, size_t n, const char *needle, size_t m);

/* cwf_occurs of a NUL-terminated needle in data[0..len). */
bool cwf_contains(const char *data, size_t len, const char *needle);

/* Reads a whole file ("-" is stdin).  Returns false with errno set. */
bool cwf_read_file(const char *path, cwf_buf *out);

/* The vector instructions the scanners use: the widest the CPU has, at most
 * cwf_simd_max.  Every level gives the same results; tests lower
 * cwf_simd_max (before any thread starts) to run each on one machine. */
enum { CWF_SIMD_SSE2, CWF_SIMD_AVX2, CWF_SIMD_AVX512 };
extern int cwf_simd_max;
int cwf_simd_level(void);

#endif
