/* diag.c: see diag.h. */
#include "diag.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

cwf_diag *cwf_diag_add(cwf_diags *d, cwf_rule_id rule, cwf_span span,
                       const char *fmt, ...)
{
    if (d->n == d->cap) {
        d->cap = d->cap ? 2 * d->cap : 8;
        d->v = cwf_xrealloc(d->v, d->cap * sizeof *d->v);
    }
    cwf_diag *g = &d->v[d->n++];
    memset(g, 0, sizeof *g);
    g->rule = rule;
    g->severity = cwf_rules[rule].severity;
    g->span = span;
    va_list ap;
    va_start(ap, fmt);
    g->message = cwf_xvasprintf(fmt, ap);
    va_end(ap);
    return g;
}

void cwf_diag_note(cwf_diag *g, const char *fmt, ...)
{
    g->notes = cwf_xrealloc(g->notes, (g->nnotes + 1) * sizeof *g->notes);
    va_list ap;
    va_start(ap, fmt);
    g->notes[g->nnotes++] = cwf_xvasprintf(fmt, ap);
    va_end(ap);
}

void cwf_diag_suggest(cwf_diag *g, const char *fmt, ...)
{
    free(g->suggestion);
    va_list ap;
    va_start(ap, fmt);
    g->suggestion = cwf_xvasprintf(fmt, ap);
    va_end(ap);
}

cwf_diag *cwf_diag_copy(cwf_diags *d, const cwf_diag *g)
{
    cwf_diag *c = cwf_diag_add(d, g->rule, g->span, "%s", g->message);
    c->severity = g->severity;
    for (size_t k = 0; k < g->nnotes; k++)
        cwf_diag_note(c, "%s", g->notes[k]);
    if (g->suggestion)
        cwf_diag_suggest(c, "%s", g->suggestion);
    return c;
}

size_t cwf_diags_count(const cwf_diags *d, cwf_severity at_least)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n; i++)
        n += d->v[i].severity >= at_least;
    return n;
}

void cwf_diags_sort(cwf_diags *d)
{
    /* Insertion sort: lists are short, and it is stable. */
    for (size_t i = 1; i < d->n; i++) {
        cwf_diag t = d->v[i];
        size_t j = i;
        while (j > 0 && d->v[j - 1].span.start > t.span.start) {
            d->v[j] = d->v[j - 1];
            j--;
        }
        d->v[j] = t;
    }
}

static void diag_free(cwf_diag *g)
{
    free(g->message);
    free(g->suggestion);
    for (size_t i = 0; i < g->nnotes; i++)
        free(g->notes[i]);
    free(g->notes);
}

void cwf_diags_clear(cwf_diags *d)
{
    for (size_t i = 0; i < d->n; i++)
        diag_free(&d->v[i]);
    d->n = 0;
}

void cwf_diags_free(cwf_diags *d)
{
    cwf_diags_clear(d);
    free(d->v);
    d->v = NULL;
    d->cap = 0;
}

const char *cwf_severity_name(cwf_severity s)
{
    switch (s) {
    case CWF_NOTE: return "note";
    case CWF_WARNING: return "warning";
    case CWF_ERROR: return "error";
    }
    return "error";
}

const cwf_rule *cwf_rule_find(const char *id_or_name)
{
    for (size_t i = 0; i < CWF_R_COUNT; i++)
        if (strcasecmp(cwf_rules[i].id, id_or_name) == 0 ||
            strcasecmp(cwf_rules[i].name, id_or_name) == 0)
            return &cwf_rules[i];
    return NULL;
}
