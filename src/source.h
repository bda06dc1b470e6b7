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

/* Whether to colour output on this stream: a terminal, TERM not "dumb",
 * NO_COLOR unset or empty. */
bool cwf_want_color(int fd);

#endif
