/* source.h: where a pattern came from, and the text reporter.
 *
 * A pattern may be a file of its own, a command-line argument, or a string
 * inside a host file (JSON, YAML, HCL).  For the last, map[i] gives the host
 * file position of pattern byte i (len + 1 entries, the last one for the end),
 * so that a diagnostic lands on the right character of the right file. */
#ifndef CWF_SOURCE_H
#define CWF_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "util.h"

typedef struct cwf_pos {
    uint32_t line, col; /* 1-based; col counts characters, not bytes */
} cwf_pos;

typedef struct cwf_source {
    const char *name;    /* a path, or "<pattern>", "<stdin>" */
    const char *text;    /* the pattern */
    size_t len;
    const cwf_pos *map;  /* NULL: positions are within text itself */
} cwf_source;

/* The position of byte offset off (clamped to len). */
cwf_pos cwf_source_pos(const cwf_source *s, uint32_t off);

/* Renders one diagnostic: `name:line:col: severity: message [id]`, the
 * pattern line with a caret and tildes under the span, then notes and the
 * "did you mean".  color adds ANSI colour to severity and carets only. */
void cwf_render_diag(cwf_buf *out, const cwf_source *s, const cwf_diag *g, bool color);
void cwf_render_text(cwf_buf *out, const cwf_source *s, const cwf_diags *d, bool color);
/* cwf_render_text with the control characters of the name, the messages,
 * notes and suggestions escaped, for text that goes to a terminal or a CI
 * log. */
void cwf_render_text_safe(cwf_buf *out, const cwf_source *s, const cwf_diags *d, bool color);
/* s with its control characters written as C does (\n, \x1b, \u009b),
 * malloc'd; for file names in messages.  NULL stays NULL. */
char *cwf_escape_controls(const char *s);
/* The length of the control character at s[i] of s[0..n): 1 for C0 and
 * DEL, 2 for C1 (U+0080 to U+009F, which some terminals obey), 0 if none. */
size_t cwf_control_len(const char *s, size_t n, size_t i);
/* Appends the control character s[0..len) as C writes it. */
void cwf_put_control(cwf_buf *b, const char *s, size_t len);

/* Whether to colour output on this stream: a terminal, TERM not "dumb",
 * NO_COLOR unset or empty. */
bool cwf_want_color(int fd);

#endif
