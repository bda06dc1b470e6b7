/* extract_res.c: the resources of the monitoring chain as the readers find
 * them (extract.h: cwf_xres), each attribute with its place in the file, for
 * chain_iac.c to build the chain of chain.h from. */
#define CWF_EXTRACT_INTERNAL
#include "extract.h"

#include <stdlib.h>
#include <string.h>

bool cwf_chain_type(const char *type)
{
    static const char *const types[] = {
        "aws_cloudtrail", "aws_cloudwatch_log_group", "aws_cloudwatch_log_metric_filter",
        "aws_cloudwatch_metric_alarm", "aws_sns_topic", "aws_sns_topic_subscription",
        "AWS::CloudTrail::Trail", "AWS::Logs::LogGroup", "AWS::Logs::MetricFilter",
        "AWS::CloudWatch::Alarm", "AWS::SNS::Topic", "AWS::SNS::Subscription",
    };
    for (size_t i = 0; type && i < CWF_COUNT(types); i++)
        if (strcmp(type, types[i]) == 0)
            return true;
    return false;
}

/* The line of host offset start as a source, with the span [start, end)
 * cut to that line. */
static void place(cwf_extract *x, cwf_hmap *h, cwf_xattr *a, size_t start, size_t end)
{
    if (start > h->len)
        start = h->len;
    /* at most CONTEXT bytes either side: a plan is one long line */
    enum { CONTEXT = 80, VALUE = 400 };
    if (end < start)
        end = start;
    if (end - start > VALUE)
        end = start + VALUE;
    size_t ls = start, le = end;
    while (ls > 0 && h->text[ls - 1] != '\n' && start - ls < CONTEXT)
        ls--;
    while (le < h->len && h->text[le] != '\n' && le - end < CONTEXT)
        le++;
    size_t e2 = start;
    while (e2 < end && h->text[e2] != '\n')
        e2++;
    end = e2;
    size_t n = le - ls;
    cwf_pos *map = cwf_xmalloc((n + 1) * sizeof *map);
    /* Within one line a byte's column is the one before it, plus one where
     * a character starts (a continuation byte sits on its character's, the
     * end of the text starts one).  A window of several lines (a long
     * value's first line and the context after it) or near a byte-order
     * mark asks the map for every byte. */
    bool one_line = !memchr(h->text + ls, '\n', n) && !(h->bom && ls < 3);
    map[0] = cwf_hmap_pos(h, ls);
    for (size_t i = 1; i <= n; i++) {
        if (!one_line) {
            map[i] = cwf_hmap_pos(h, ls + i);
            continue;
        }
        map[i] = map[i - 1];
        map[i].col += ls + i >= h->len || ((unsigned char)h->text[ls + i] & 0xC0) != 0x80;
    }
    a->src = (cwf_source){x->path, cwf_xstrndup(h->text + ls, n), n, map};
    a->span = (cwf_span){(uint32_t)(start - ls), (uint32_t)(end - ls)};
}

cwf_xres *cwf_x_res(cwf_extract *x, cwf_hmap *h, const char *type, const char *name, size_t start,
                    size_t end)
{
    if (x->nres == x->capres) {
        x->capres = x->capres ? 2 * x->capres : 8;
        x->res = cwf_xrealloc(x->res, x->capres * sizeof *x->res);
    }
    cwf_xres *r = &x->res[x->nres++];
    memset(r, 0, sizeof *r);
    r->type = cwf_xstrdup(type);
    r->name = cwf_xstrdup(name);
    r->head.key = cwf_xstrdup("");
    r->head.value = cwf_xstrdup(name);
    r->head.literal = true;
    place(x, h, &r->head, start, end);
    return r;
}

void cwf_x_attr(cwf_extract *x, cwf_hmap *h, cwf_xres *r, const char *key, const char *value,
                size_t n, bool literal, size_t start, size_t end)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 8;
        r->v = cwf_xrealloc(r->v, r->cap * sizeof *r->v);
    }
    cwf_xattr *a = &r->v[r->n++];
    memset(a, 0, sizeof *a);
    a->key = cwf_xstrdup(key);
    a->value = cwf_xstrndup(value, n);
    a->literal = literal;
    a->hstart = (uint32_t)start;
    a->hend = (uint32_t)(end < start ? start : end);
    place(x, h, a, start, end);
}

static void attr_free(cwf_xattr *a)
{
    free(a->key);
    free(a->value);
    free((char *)a->src.text);
    free((cwf_pos *)a->src.map);
}

void cwf_x_res_free(cwf_extract *x)
{
    for (size_t i = 0; i < x->nres; i++) {
        cwf_xres *r = &x->res[i];
        free(r->type);
        free(r->name);
        attr_free(&r->head);
        for (size_t k = 0; k < r->n; k++)
            attr_free(&r->v[k]);
        free(r->v);
    }
    free(x->res);
    x->res = NULL;
    x->nres = x->capres = 0;
}
