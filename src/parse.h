/* parse.h: from pattern text to AST (lexer.re + parser.y), then validation.
 *
 * Usage:
 *     cwf_arena a = CWF_ARENA_INIT;
 *     cwf_diags d = CWF_DIAGS_INIT;
 *     cwf_pattern *p = cwf_parse(text, len, &a, &d);
 *     ... use p (NULL on a syntax error) and d ...
 *     cwf_diags_free(&d);
 *     cwf_arena_free(&a);
 */
#ifndef CWF_PARSE_H
#define CWF_PARSE_H

#include <stddef.h>

#include "ast.h"

/* The AWS limit on a pattern's length (D2). */
#define CWF_MAX_PATTERN 1024

/* cwfilter's own bounds, so that no input can exhaust time or memory:
 * a longer text is not parsed at all (one CWF201 error); parentheses nest at
 * most CWF_MAX_NESTING levels (CWF208); one parse reports at most
 * CWF_MAX_DIAGS diagnostics (the last one notes how many were left out). */
#define CWF_MAX_INPUT (64 * CWF_MAX_PATTERN)
#define CWF_MAX_NESTING 100
#define CWF_MAX_DIAGS 100

/* Parses text[0..len) (any bytes; need not be NUL-terminated) into an AST in
 * arena a, and appends diagnostics to d: syntax errors (one per spot, no
 * cascades), then the validation of validate.c (AWS limits and quotas, style
 * warnings); at most CWF_MAX_DIAGS of them.  Time and memory are linear in
 * len; a text longer than CWF_MAX_INPUT bytes gets one CWF201 error and is
 * not read further.  Returns NULL when the text has a syntax error; a returned
 * pattern may still carry validation errors, so check
 * cwf_diags_count(d, CWF_ERROR) before treating it as valid. */
cwf_pattern *cwf_parse(const char *text, size_t len, cwf_arena *a, cwf_diags *d);

/* The validation pass alone (called by cwf_parse). */
void cwf_validate(const cwf_pattern *p, const char *text, size_t len, cwf_diags *d);

#endif
