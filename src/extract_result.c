/* extract_result.c: what the readers record in a cwf_extract (extract.h):
 * the filters (a finished pattern moves in from its builder), the log-group
 * definitions, the first error, the cwfilter-ignore directives among the
 * comments; and freeing it all.  The readers call it; it calls nothing of
 * theirs. */
#define CWF_EXTRACT_INTERNAL
#include "extract.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void cwf_pb_finish(cwf_pbuild *b, cwf_hmap *h, cwf_filter *f)
{
    f->hoff = cwf_xmalloc((b->text.len + 1) * sizeof *f->hoff);
    if (b->text.len)
        memcpy(f->hoff, b->off, b->text.len * sizeof *f->hoff);
    f->hoff[b->text.len] = b->end;
    cwf_pb_source(b, h, &f->src);
    f->parts = b->parts;
    f->nparts = b->nparts;
    b->parts = NULL;
    b->nparts = 0;
    b->end = 0;
}

/* ---- the extraction ------------------------------------------------------- */

void cwf_x_style(cwf_filter *f, cwf_style style, uint8_t escape, uint32_t start, uint32_t end)
{
    size_t n = f->src.len;
    bool inside = f->nparts == 0 && !f->not_string && f->hoff;
    for (size_t i = 0; inside && i <= n; i++)
        inside = f->hoff[i] >= start && f->hoff[i] <= end;
    if (!inside)
        return;
    f->style = style;
    f->escape = escape;
    f->hstart = start;
    f->hend = end;
}

cwf_filter *cwf_x_filter(cwf_extract *x, cwf_filter_kind kind)
{
    if (x->n == x->cap) {
        x->cap = x->cap ? 2 * x->cap : 8;
        x->v = cwf_xrealloc(x->v, x->cap * sizeof *x->v);
    }
    cwf_filter *f = &x->v[x->n++];
    memset(f, 0, sizeof *f);
    f->kind = kind;
    f->src.name = x->path;
    return f;
}

void cwf_x_defn(cwf_extract *x, const char *ref, const char *name)
{
    if (x->ndefs == x->capdefs) {
        x->capdefs = x->capdefs ? 2 * x->capdefs : 4;
        x->defs = cwf_xrealloc(x->defs, x->capdefs * sizeof *x->defs);
    }
    x->defs[x->ndefs++] = (cwf_defn){cwf_xstrdup(ref), cwf_xstrdup(name)};
}

bool cwf_x_error(cwf_extract *x, cwf_hmap *h, size_t off, const char *fmt, ...)
{
    if (x->error)
        return false;
    va_list ap;
    va_start(ap, fmt);
    x->error = cwf_xvasprintf(fmt, ap);
    va_end(ap);
    x->error_pos = cwf_hmap_pos(h, off);
    return false;
}

/* The first line after line (1-based) that holds code: not blank, not only
 * a comment. */
static uint32_t next_code_line(cwf_hmap *h, uint32_t line)
{
    for (size_t l = line; l < h->nlines; l++) {
        size_t i = h->lines[l], end = l + 1 < h->nlines ? h->lines[l + 1] : h->len;
        while (i < end && cwf_is_space(h->text[i]))
            i++;
        if (i == end || h->text[i] == '#' ||
            (h->text[i] == '/' && i + 1 < end && (h->text[i + 1] == '/' || h->text[i + 1] == '*')))
            continue;
        return (uint32_t)l + 1;
    }
    return 0;
}

void cwf_x_directives(cwf_extract *x, cwf_hmap *h, const cwf_comment *c, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        const char *text = h->text + c[k].off;
        size_t len = c[k].len;
        /* Cheap test first: most comments are not directives. */
        if (len < 15 || !cwf_contains(text, len, "cwfilter-ignore"))
            continue;
        uint32_t line = cwf_hmap_pos(h, c[k].off).line;
        uint32_t aim = c[k].own_line ? next_code_line(h, line) : line;
        size_t target = CWF_SUP_NONE;
        for (size_t i = 0; i < x->n && aim; i++)
            if (x->v[i].line_first <= aim && aim <= x->v[i].line_last) {
                target = i;
                break;
            }
        cwf_pos *pos = cwf_xmalloc((len + 1) * sizeof *pos);
        for (size_t i = 0; i <= len; i++)
            pos[i] = cwf_hmap_pos(h, c[k].off + i);
        cwf_sup_directive(text, len, pos, x->path, target, &x->sup);
        free(pos);
    }
}

static void filter_free(cwf_filter *f)
{
    free(f->name);
    free(f->resource);
    free(f->log_group);
    free((char *)f->src.text);
    free((cwf_pos *)f->src.map);
    free(f->hoff);
    for (size_t i = 0; i < f->nparts; i++)
        free(f->parts[i].what);
    free(f->parts);
}

void cwf_extract_free(cwf_extract *x)
{
    for (size_t i = 0; i < x->n; i++)
        filter_free(&x->v[i]);
    free(x->v);
    cwf_sups_free(&x->sup);
    for (size_t i = 0; i < x->ndefs; i++) {
        free(x->defs[i].ref);
        free(x->defs[i].name);
    }
    free(x->defs);
    for (size_t i = 0; i < x->ntemplates; i++) {
        free(x->templates[i]);
        free(x->stacks[i]);
    }
    free(x->templates);
    free(x->stacks);
    for (size_t i = 0; i < x->ndups; i++) {
        free((char *)x->dups[i].key.text);
        free((cwf_pos *)x->dups[i].key.map);
    }
    free(x->dups);
    free(x->error);
    cwf_x_res_free(x);
    memset(x, 0, sizeof *x);
}
