/* suppress.c: suppressions and cwfilter-ignore directives (see
 * suppress.h); below the readers, which record them.  Reading a
 * .cwfilter.yml is suppress_config.c. */
#include "suppress.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>


cwf_suppression *cwf_sup_add(cwf_suppressions *s)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 8;
        s->v = cwf_xrealloc(s->v, s->cap * sizeof *s->v);
    }
    cwf_suppression *p = &s->v[s->n++];
    memset(p, 0, sizeof *p);
    p->target = CWF_SUP_NONE;
    return p;
}

void cwf_sups_free(cwf_suppressions *s)
{
    for (size_t i = 0; i < s->n; i++) {
        cwf_suppression *p = &s->v[i];
        free(p->id);
        free(p->reason);
        free((char *)p->where.text);
        free((cwf_pos *)p->where.map);
        free(p->path);
        free(p->resource);
        free(p->filter);
        free(p->log_group);
        free(p->base);
    }
    free(s->v);
    memset(s, 0, sizeof *s);
}

bool cwf_sup_names(const char *id, cwf_rule_id rule)
{
    return strcasecmp(id, "all") == 0 || strcasecmp(id, cwf_rules[rule].id) == 0 ||
           strcasecmp(id, cwf_rules[rule].name) == 0;
}

bool cwf_sup_known(const char *id)
{
    return strcasecmp(id, "all") == 0 || cwf_rule_find(id) != NULL;
}

static bool space(char c)
{
    return c == ' ' || c == '\t';
}

/* A new comment suppression located in the comment text (its own copy of
 * the text and of its position map); the caller sets id, reason and span. */
static cwf_suppression *comment_sup(cwf_suppressions *out, const char *text, size_t len,
                                    const cwf_pos *host_pos, const char *file, size_t target)
{
    cwf_suppression *s = cwf_sup_add(out);
    s->origin = CWF_SUP_COMMENT;
    s->target = target;
    s->where.name = file;
    s->where.text = cwf_xstrndup(text, len);
    s->where.len = len;
    cwf_pos *map = cwf_xmalloc((len + 1) * sizeof *map);
    memcpy(map, host_pos, (len + 1) * sizeof *map);
    s->where.map = map;
    return s;
}

/* cwfilter-ignore: ID[, ID]... [-- reason] */
bool cwf_sup_directive(const char *text, size_t len, const cwf_pos *host_pos,
                       const char *file, size_t target, cwf_suppressions *out)
{
    static const char kw[] = "cwfilter-ignore";
    size_t i = 0;
    while (i < len && space(text[i]))
        i++;
    if (len - i < sizeof kw - 1 || memcmp(text + i, kw, sizeof kw - 1) != 0)
        return false;
    i += sizeof kw - 1;
    while (i < len && space(text[i]))
        i++;
    if (i >= len || text[i] != ':')
        return false;
    i++;
    /* The reason follows " -- ". */
    size_t idend = len, reason = len;
    for (size_t k = i; k + 1 < len; k++)
        if (text[k] == '-' && text[k + 1] == '-' && (k == i || space(text[k - 1]))) {
            idend = k;
            reason = k + 2;
            break;
        }
    char *why = NULL;
    if (reason < len) {
        size_t a = reason, e = len;
        while (a < e && space(text[a]))
            a++;
        while (e > a && (space(text[e - 1]) || text[e - 1] == '\r'))
            e--;
        if (e > a)
            why = cwf_xstrndup(text + a, e - a);
    }
    size_t added = 0;
    while (i < idend) {
        while (i < idend && (space(text[i]) || text[i] == ','))
            i++;
        size_t a = i;
        while (i < idend && !space(text[i]) && text[i] != ',')
            i++;
        if (i == a)
            break;
        cwf_suppression *s = comment_sup(out, text, len, host_pos, file, target);
        s->id = cwf_xstrndup(text + a, i - a);
        s->reason = why ? cwf_xstrdup(why) : NULL;
        s->span = (cwf_span){(uint32_t)a, (uint32_t)i};
        added++;
    }
    free(why);
    if (!added) {
        /* "cwfilter-ignore:" with no id: keep it, so it is reported. */
        cwf_suppression *s = comment_sup(out, text, len, host_pos, file, target);
        s->id = cwf_xstrdup("");
        s->span = (cwf_span){0, (uint32_t)len};
    }
    return true;
}
