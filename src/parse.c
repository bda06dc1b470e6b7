/* parse.c: cwf_parse, which drives the lexer and the parser over a pattern,
 * and the checks that come before the grammar: the hard size limit, a
 * byte-order mark, control characters, backslash-newline.  The builders the
 * grammar's actions call are in parse_build.c. */
#include "parse.h"

#include <stdlib.h>
#include <string.h>

#include "parse_impl.h"
#include "parser.h"

/* D-note in SPEC Part 1: the benchmark's remediation command splits the
 * pattern with `|| \` and a newline inside single quotes; the backslash and
 * newline then stay in the pattern.  Found before lexing, wherever it is
 * (inside a quoted value too), and explained once. */
static bool backslash_newline(const char *t, size_t len, cwf_diags *d)
{
    size_t first = len, count = 0;
    for (size_t i = 0; i + 1 < len; i++) {
        if (t[i] != '\\')
            continue;
        size_t j = i + 1 + (t[i + 1] == '\r' && i + 2 < len);
        if (t[j] == '\n') {
            if (count++ == 0)
                first = i;
        }
    }
    if (count == 0)
        return false;
    cwf_diag *g = cwf_diag_add(d, CWF_R_BACKSLASH_NEWLINE, (cwf_span){(uint32_t)first, (uint32_t)first + 1},
                               "a backslash and a line break are inside the pattern");
    cwf_diag_note(g, "a shell line continuation (`\\` at the end of a line) inside single quotes "
                     "is not a continuation: the backslash and the newline stay in the pattern");
    cwf_diag_note(g, "the CIS benchmark's own remediation command splits the pattern this way; "
                     "remove the backslash and the line break, or put the pattern on one line");
    if (count > 1)
        cwf_diag_note(g, "the pattern has %zu such line breaks", count);
    return true;
}

/* The ASCII name of control character c. */
static const char *control_name(unsigned char c)
{
    static const char *const names[32] = {
        "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF",
        "VT", "FF", "CR", "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK",
        "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US",
    };
    return c < 32 ? names[c] : "DEL";
}

/* NUL, DEL and the C0 control characters other than tab, line feed and
 * carriage return have no place anywhere in a pattern, quoted or not (a NUL
 * in a string used to be kept, and then cut the printed pattern short).
 * Found before lexing; the first one is reported. */
static bool control_char(const char *t, size_t len, cwf_diags *d)
{
    size_t first = len, count = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)t[i];
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
            if (count++ == 0)
                first = i;
        }
    }
    if (count == 0)
        return false;
    unsigned char c = (unsigned char)t[first];
    cwf_diag *g = cwf_diag_add(d, CWF_R_BAD_CHAR, (cwf_span){(uint32_t)first, (uint32_t)first + 1},
                               "the control character U+%04X (%s) is not allowed in a filter pattern",
                               c, control_name(c));
    cwf_diag_note(g, "a pattern may hold tabs and line breaks, but no other control character");
    if (count > 1)
        cwf_diag_note(g, "the pattern has %zu control characters", count);
    return true;
}

/* Moves the diagnostics of one parse from own to d: at most CWF_MAX_DIAGS,
 * the last one noting how many were left out. */
static void take_diags(cwf_diags *d, cwf_diags *own)
{
    size_t keep = own->n < CWF_MAX_DIAGS ? own->n : CWF_MAX_DIAGS;
    for (size_t i = 0; i < keep; i++) {
        if (d->n == d->cap) {
            d->cap = d->cap ? 2 * d->cap : 8;
            d->v = cwf_xrealloc(d->v, d->cap * sizeof *d->v);
        }
        d->v[d->n++] = own->v[i];
    }
    if (own->n > keep) {
        cwf_diag_note(&d->v[d->n - 1], "%zu more diagnostics are not shown: cwfilter reports at most %d per pattern",
                      own->n - keep, CWF_MAX_DIAGS);
        memmove(own->v, own->v + keep, (own->n - keep) * sizeof *own->v);
    }
    own->n -= keep; /* the moved ones are d's now; free the rest */
    cwf_diags_free(own);
}

static cwf_pattern *parse(const char *text, size_t len, cwf_arena *a, cwf_diags *d)
{
    if (len > CWF_MAX_INPUT) {
        /* Not read at all: a bound on time, memory and diagnostics. */
        cwf_diag *g = cwf_diag_add(d, CWF_R_TOO_LONG, (cwf_span){0, 0},
                                   "the pattern is %zu bytes long; CloudWatch takes at most %d characters",
                                   len, CWF_MAX_PATTERN);
        cwf_diag_note(g, "cwfilter does not read a pattern longer than %d bytes", CWF_MAX_INPUT);
        return NULL;
    }
    /* A byte-order mark is an editor's encoding marker, not pattern text:
     * one warning, then the rest is read (spans stay offsets into text). */
    size_t skip = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        cwf_diag *g = cwf_diag_add(d, CWF_R_BYTE_ORDER_MARK, (cwf_span){0, 3},
                                   "the byte-order mark at the start of the pattern is ignored");
        cwf_diag_note(g, "CloudWatch receives it as part of the pattern: save the file as UTF-8 without a byte-order mark");
        skip = 3;
    }
    if (control_char(text, len, d))
        return NULL;
    if (backslash_newline(text, len, d))
        return NULL;

    cwf_parser ps;
    memset(&ps, 0, sizeof ps);
    unsigned char *copy = (unsigned char *)cwf_arena_strndup(a, text, len);
    ps.base = ps.tok = ps.mar = copy;
    ps.cur = copy + skip;
    ps.lim = copy + len;
    ps.cond = cwf_lexer_init_cond();
    ps.arena = a;
    ps.diags = d;
    ps.last_tok = ps.prev_tok = -1;

    int rc = cwf_yyparse(&ps);
    free(ps.parens);
    if (rc != 0 || ps.errors > 0 || !ps.result)
        return NULL;
    cwf_validate(ps.result, text, len, d);
    return ps.result;
}

cwf_pattern *cwf_parse(const char *text, size_t len, cwf_arena *a, cwf_diags *d)
{
    cwf_diags own = CWF_DIAGS_INIT;
    cwf_pattern *p = parse(text, len, a, &own);
    take_diags(d, &own);
    return p;
}
