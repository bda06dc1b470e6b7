/* source.c: positions in a pattern or its host file, and the text
 * reporter: a gcc-style line, then the pattern line with a caret. */
#include "source.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Snippets longer than this are shown as a window around the span. */
#define WIDTH 100

static bool continuation(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

cwf_pos cwf_source_pos(const cwf_source *s, uint32_t off)
{
    if (off > s->len)
        off = (uint32_t)s->len;
    if (s->map)
        return s->map[off];
    cwf_pos p = {1, 1};
    for (uint32_t i = 0; i < off; i++) {
        if (s->text[i] == '\n') {
            p.line++;
            p.col = 1;
        } else if (!continuation((unsigned char)s->text[i])) {
            p.col++;
        }
    }
    return p;
}

bool cwf_want_color(int fd)
{
    const char *nc = getenv("NO_COLOR");
    const char *term = getenv("TERM");
    if (nc && nc[0])
        return false;
    if (!term || !term[0] || strcmp(term, "dumb") == 0)
        return false;
    return isatty(fd) == 1;
}

static const char *color_of(cwf_severity s)
{
    switch (s) {
    case CWF_ERROR: return "\033[1;31m";
    case CWF_WARNING: return "\033[1;33m";
    case CWF_NOTE: return "\033[1;36m";
    }
    return "";
}

/* Display column (0-based, in characters) of byte i of line[0..). */
static size_t display_col(const char *line, size_t i)
{
    size_t col = 0;
    for (size_t k = 0; k < i; k++)
        col += !continuation((unsigned char)line[k]);
    return col;
}

static void snippet(cwf_buf *out, const cwf_source *s, cwf_span span, cwf_severity sev, bool color)
{
    size_t start = span.start > s->len ? s->len : span.start;
    size_t end = span.end > s->len ? s->len : span.end;
    if (end < start)
        end = start;
    size_t ls = start, le = start;
    while (ls > 0 && s->text[ls - 1] != '\n')
        ls--;
    while (le < s->len && s->text[le] != '\n')
        le++;
    if (end > le)
        end = le; /* a span over several lines is underlined on its first */
    const char *line = s->text + ls;
    size_t len = le - ls;
    size_t c0 = display_col(line, start - ls);
    size_t c1 = display_col(line, end - ls);
    size_t total = display_col(line, len);

    /* A window of WIDTH characters around the span for long lines. */
    size_t from = 0, to = total;
    if (total > WIDTH) {
        from = c0 > WIDTH / 3 ? c0 - WIDTH / 3 : 0;
        to = from + WIDTH < total ? from + WIDTH : total;
    }
    cwf_buf_puts(out, "  |\n  | ");
    if (from > 0)
        cwf_buf_puts(out, "...");
    size_t col = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)line[i];
        if (!continuation(c) && i > 0)
            col++;
        if (col < from || col >= to)
            continue;
        if (c == '\t' || c == '\r' || c < 0x20)
            cwf_buf_putc(out, ' ');
        else
            cwf_buf_putc(out, (char)c);
    }
    if (to < total)
        cwf_buf_puts(out, "...");
    cwf_buf_puts(out, "\n  | ");
    size_t pad = c0 - from + (from > 0 ? 3 : 0);
    for (size_t i = 0; i < pad; i++)
        cwf_buf_putc(out, ' ');
    if (color)
        cwf_buf_puts(out, color_of(sev));
    cwf_buf_putc(out, '^');
    size_t last = c1 < to ? c1 : to;
    for (size_t i = c0 + 1; i < last; i++)
        cwf_buf_putc(out, '~');
    if (color)
        cwf_buf_puts(out, "\033[0m");
    cwf_buf_putc(out, '\n');
}

void cwf_render_diag(cwf_buf *out, const cwf_source *s, const cwf_diag *g, bool color)
{
    cwf_pos p = cwf_source_pos(s, g->span.start);
    const cwf_rule *r = &cwf_rules[g->rule];
    cwf_buf_printf(out, "%s:%u:%u: ", s->name, p.line, p.col);
    if (color)
        cwf_buf_puts(out, color_of(g->severity));
    cwf_buf_puts(out, cwf_severity_name(g->severity));
    if (color)
        cwf_buf_puts(out, "\033[0m");
    cwf_buf_printf(out, ": %s [%s]\n", g->message, r->id);
    snippet(out, s, g->span, g->severity, color);
    for (size_t i = 0; i < g->nnotes; i++)
        cwf_buf_printf(out, "  = note: %s\n", g->notes[i]);
    if (g->suggestion)
        cwf_buf_printf(out, "  = help: did you mean `%s`?\n", g->suggestion);
}

void cwf_render_text(cwf_buf *out, const cwf_source *s, const cwf_diags *d, bool color)
{
    for (size_t i = 0; i < d->n; i++)
        cwf_render_diag(out, s, &d->v[i], color);
}

/* ---- control characters ------------------------------------------------------ */

size_t cwf_control_len(const char *s, size_t n, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20 || c == 0x7f)
        return 1;
    if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
        (unsigned char)s[i + 1] <= 0x9f)
        return 2;
    return 0;
}

void cwf_put_control(cwf_buf *b, const char *s, size_t len)
{
    unsigned char c = (unsigned char)s[0];
    if (len == 2)
        cwf_buf_printf(b, "\\u%04x", (unsigned char)s[1]);
    else if (c == '\n')
        cwf_buf_puts(b, "\\n");
    else if (c == '\r')
        cwf_buf_puts(b, "\\r");
    else if (c == '\t')
        cwf_buf_puts(b, "\\t");
    else
        cwf_buf_printf(b, "\\x%02x", c);
}

char *cwf_escape_controls(const char *s)
{
    if (!s)
        return NULL;
    cwf_buf b = CWF_BUF_INIT;
    size_t n = strlen(s), len;
    for (size_t i = 0; i < n; i += len ? len : 1) {
        len = cwf_control_len(s, n, i);
        if (len)
            cwf_put_control(&b, s + i, len);
        else
            cwf_buf_putc(&b, s[i]);
    }
    return cwf_buf_take(&b);
}

void cwf_render_text_safe(cwf_buf *out, const cwf_source *s, const cwf_diags *d, bool color)
{
    char *name = cwf_escape_controls(s->name ? s->name : "<pattern>");
    cwf_source src = {name, s->text, s->len, s->map};
    cwf_diags e = CWF_DIAGS_INIT;
    for (size_t i = 0; i < d->n; i++) {
        const cwf_diag *g = &d->v[i];
        char *msg = cwf_escape_controls(g->message);
        cwf_diag *c = cwf_diag_add(&e, g->rule, g->span, "%s", msg);
        free(msg);
        c->severity = g->severity;
        c->suggestion = cwf_escape_controls(g->suggestion);
        for (size_t k = 0; k < g->nnotes; k++) {
            char *note = cwf_escape_controls(g->notes[k]);
            cwf_diag_note(c, "%s", note);
            free(note);
        }
    }
    cwf_render_text(out, &src, &e, color);
    cwf_diags_free(&e);
    free(name);
}
