/* extract_cfn.c: CloudFormation and SAM templates (JSON or YAML), CDK cloud
 * assembly manifests, and describe-metric-filters / describe-subscription-
 * filters exports, all read from the document tree of extract_json.c or
 * extract_yaml.c.
 *
 * Intrinsic functions: Fn::Sub is resolved when each variable is given a
 * literal in its map (`${!X}` is the literal `${X}`), and for the pseudo
 * parameters ${AWS::AccountId}, ${AWS::Region} and ${AWS::Partition} where
 * the value cannot change a verdict (pseudo_value); Fn::Join when its
 * delimiter is literal, each item being resolved in turn.  Everything else
 * (Ref, Fn::GetAtt, Fn::ImportValue, Fn::If, other pseudo parameters and
 * uses, variables of the template) is an unresolved part: the pattern keeps
 * its source form and the filter lists it. */
#define CWF_EXTRACT_INTERNAL
#include <yaml.h>

#include "extract.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Intrinsics nest only a few levels in real templates. */
#define MAX_NEST 32
/* YAML aliases let a small file name a huge expansion (Fn::Join of Joins of
 * ...); resolving a pattern stops after this many nodes or bytes. */
#define MAX_STEPS 10000
#define MAX_TEXT ((size_t)1 << 20)

typedef struct cfn {
    const cwf_xdoc *d;
    cwf_extract *x;
    cwf_hmap *h;
    size_t *steps;  /* while resolving a pattern; SIZE_MAX once given up */
} cfn;

/* The intrinsic function node calls, by its long name, and its argument;
 * NULL if it calls none.  With a short tag (!Sub) the node itself is the
 * argument (its tag aside). */
static const char *intrinsic(const cwf_xnode *n, const cwf_xnode **arg, char *buf, size_t bufsz)
{
    if (n->tag && n->tag[0] == '!') {
        *arg = n;
        if (strcmp(n->tag, "!Ref") == 0 || strcmp(n->tag, "!Condition") == 0)
            snprintf(buf, bufsz, "%s", n->tag + 1);
        else
            snprintf(buf, bufsz, "Fn::%s", n->tag + 1);
        return buf;
    }
    if (n->kind == CWF_X_MAP && n->n == 1 && n->kids[0]->kind == CWF_X_STR) {
        const char *k = n->kids[0]->s;
        if (strcmp(k, "Ref") == 0 || strcmp(k, "Condition") == 0 || strncmp(k, "Fn::", 4) == 0) {
            *arg = n->kids[1];
            return k;
        }
    }
    return NULL;
}

/* The source of node n as one line: runs of white space that hold a line
 * break become one space. */
static void source_of(const cfn *c, const cwf_xnode *n, cwf_buf *text, uint32_t **offs, size_t *len)
{
    const char *s = c->d->text;
    size_t a = n->pstart, e = n->end > n->pstart ? n->end : n->pstart;
    size_t cap = e - a + 1;
    *offs = cwf_xmalloc(cap * sizeof **offs);
    cwf_buf_reset(text);
    for (size_t i = a; i < e;) {
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
            size_t j = i;
            bool nl = false;
            while (j < e && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r'))
                nl |= s[j++] == '\n';
            if (nl) {
                (*offs)[text->len] = (uint32_t)i;
                cwf_buf_putc(text, ' ');
                i = j;
                continue;
            }
        }
        (*offs)[text->len] = (uint32_t)i;
        cwf_buf_putc(text, s[i]);
        i++;
    }
    /* A block collection's end mark may take in the break after it. */
    while (text->len && text->p[text->len - 1] == ' ')
        text->len--;
    *len = text->len;
}

/* The short description of an unresolvable node for messages: "!Ref Code",
 * "Fn::GetAtt Res.Arn", "Fn::If". */
static char *describe(const cwf_xnode *n, const char *fn, const cwf_xnode *arg)
{
    const char *name = n->tag ? n->tag : fn;
    if (arg && arg->kind == CWF_X_STR && arg->slen < 80)
        return cwf_xasprintf("%s %s", name, arg->s);
    return cwf_xstrdup(name);
}

static void part(const cfn *c, const cwf_xnode *n, const char *what, cwf_pbuild *b)
{
    cwf_buf t = CWF_BUF_INIT;
    uint32_t *offs;
    size_t len;
    source_of(c, n, &t, &offs, &len);
    cwf_pb_part_mapped(b, t.p ? t.p : "", len, offs, what);
    free(offs);
    cwf_buf_free(&t);
}

static void resolve(const cfn *c, const cwf_xnode *n, cwf_pbuild *b, int depth);

/* Counts a step of resolving n into b; past the budget, n becomes one
 * unresolved part and everything after it is dropped. */
static bool give_up(const cfn *c, const cwf_xnode *n, cwf_pbuild *b)
{
    if (*c->steps == SIZE_MAX)
        return true;
    if (++*c->steps <= MAX_STEPS && b->text.len <= MAX_TEXT)
        return false;
    *c->steps = SIZE_MAX;
    part(c, n, "an expansion too large to resolve", b);
    return true;
}

/* Whether a pseudo parameter can stay in the pattern as a stand-in for its
 * value without changing a verdict.  ${AWS::AccountId}, ${AWS::Region} and
 * ${AWS::Partition} are, only where the reference is the whole quoted value
 * of an `=` or `!=` comparison of a JSON pattern
 * (`$.recipientAccountId = "${AWS::AccountId}"`): there the pattern tests
 * one string constant, and no built-in rule tests an account id, a region
 * or a partition, nor has a wildcard value that one could match, so every
 * value the parameter may take, and the reference's own text, give the same
 * verdict.  Anywhere else (a term, part of a longer value, a wildcard, a
 * regex, an unquoted number) it stays an unresolved part. */
static bool pseudo_value(const char *s, size_t n, size_t i, size_t e, const char *name)
{
    bool v = strcmp(name, "AWS::AccountId") == 0 || strcmp(name, "AWS::Region") == 0 ||
             strcmp(name, "AWS::Partition") == 0;
    size_t f = 0;
    while (f < n && (s[f] == ' ' || s[f] == '\t' || s[f] == '\n' || s[f] == '\r'))
        f++;
    if (!v || f >= n || s[f] != '{')
        return false; /* not a JSON pattern */
    if (i == 0 || s[i - 1] != '"' || e >= n || s[e] != '"')
        return false;
    size_t j = i - 1;
    while (j > 0 && (s[j - 1] == ' ' || s[j - 1] == '\t'))
        j--;
    if (j == 0 || s[j - 1] != '=')
        return false;
    return !(j >= 2 && (s[j - 2] == '<' || s[j - 2] == '>' || s[j - 2] == '='));
}

/* Fn::Sub: the template string, and its variable map if any. */
static void sub(const cfn *c, const cwf_xnode *whole, const cwf_xnode *arg, cwf_pbuild *b,
                int depth)
{
    const cwf_xnode *tmpl = NULL, *vars = NULL;
    if (arg->kind == CWF_X_STR)
        tmpl = arg;
    else if (arg->kind == CWF_X_SEQ && arg->n >= 1 && arg->kids[0]->kind == CWF_X_STR &&
             !arg->kids[0]->tag) {
        tmpl = arg->kids[0];
        if (arg->n >= 2 && arg->kids[1]->kind == CWF_X_MAP)
            vars = arg->kids[1];
    }
    if (!tmpl) {
        char *what = describe(whole, "Fn::Sub", NULL);
        part(c, whole, what, b);
        free(what);
        return;
    }
    cwf_pbuild t = {0};
    cwf_x_scalar(c->d, tmpl, &t);
    const char *s = t.text.p ? t.text.p : "";
    size_t n = t.text.len, i = 0;
    while (i < n) {
        if (s[i] == '$' && i + 1 < n && s[i + 1] == '{') {
            const char *close = memchr(s + i + 2, '}', n - i - 2);
            if (i + 2 < n && s[i + 2] == '!') {
                /* ${!Literal} is the text ${Literal} */
                cwf_pb_mapped(b, s + i, 2, t.off + i);
                i += 3;
                continue;
            }
            if (close) {
                size_t e = (size_t)(close - s) + 1;
                char *name = cwf_xstrndup(s + i + 2, e - i - 3);
                const cwf_xnode *v = vars ? cwf_x_get(vars, name) : NULL;
                if (v && give_up(c, v, b)) {
                    free(name);
                    break;
                } else if (v && v->kind == CWF_X_STR && !v->tag) {
                    cwf_x_scalar(c->d, v, b);
                } else if (v && depth < MAX_NEST) {
                    resolve(c, v, b, depth + 1);
                } else if (!v && pseudo_value(s, n, i, e, name)) {
                    /* the reference stands for its value */
                    cwf_pb_mapped(b, s + i, e - i, t.off + i);
                } else {
                    char *what = cwf_xstrndup(s + i, e - i);
                    cwf_pb_part_mapped(b, s + i, e - i, t.off + i, what);
                    free(what);
                }
                free(name);
                i = e;
                continue;
            }
        }
        cwf_pb_byte(b, s[i], t.off[i]);
        i++;
    }
    b->end = t.end;
    cwf_pb_free(&t);
}

/* Fn::Join [delimiter, [items]]. */
static void join(const cfn *c, const cwf_xnode *whole, const cwf_xnode *arg, cwf_pbuild *b,
                 int depth)
{
    const cwf_xnode *delim = NULL, *items = NULL;
    if (arg->kind == CWF_X_SEQ && arg->n == 2 && arg->kids[0]->kind == CWF_X_STR &&
        !arg->kids[0]->tag && arg->kids[1]->kind == CWF_X_SEQ && !arg->kids[1]->tag) {
        delim = arg->kids[0];
        items = arg->kids[1];
    }
    if (!delim) {
        char *what = describe(whole, "Fn::Join", NULL);
        part(c, whole, what, b);
        free(what);
        return;
    }
    for (size_t i = 0; i < items->n; i++) {
        if (i > 0)
            cwf_x_scalar(c->d, delim, b);
        resolve(c, items->kids[i], b, depth + 1);
    }
}

static void resolve(const cfn *c, const cwf_xnode *n, cwf_pbuild *b, int depth)
{
    if (give_up(c, n, b))
        return;
    const cwf_xnode *arg = NULL;
    char buf[64];
    const char *fn = intrinsic(n, &arg, buf, sizeof buf);
    if (!fn) {
        if (n->kind == CWF_X_STR || n->kind == CWF_X_NUM || n->kind == CWF_X_BOOL) {
            cwf_x_scalar(c->d, n, b);
        } else {
            part(c, n, n->kind == CWF_X_MAP ? "a mapping" : n->kind == CWF_X_SEQ ? "a list" : "null", b);
        }
        return;
    }
    if (depth >= MAX_NEST) {
        part(c, n, fn, b);
    } else if (strcmp(fn, "Fn::Sub") == 0) {
        sub(c, n, arg, b, depth);
    } else if (strcmp(fn, "Fn::Join") == 0) {
        join(c, n, arg, b, depth);
    } else {
        char *what = describe(n, fn, arg);
        part(c, n, what, b);
        free(what);
    }
}

/* "!Ref X" for a Ref to X, whatever its spelling; NULL for anything else. */
static char *ref_of(const cwf_xnode *n)
{
    const cwf_xnode *arg;
    char buf[64];
    const char *fn = intrinsic(n, &arg, buf, sizeof buf);
    if (fn && strcmp(fn, "Ref") == 0 && arg->kind == CWF_X_STR)
        return cwf_xasprintf("!Ref %s", arg->s);
    return NULL;
}

/* Where a resource's log group is: a name, a Ref, or another expression
 * kept as written. */
static void log_group(const cfn *c, const cwf_xnode *n, cwf_filter *f)
{
    if (!n)
        return;
    if (n->kind == CWF_X_STR && !n->tag) {
        f->log_group = cwf_xstrndup(n->s, n->slen);
        return;
    }
    f->log_group_ref = true;
    if ((f->log_group = ref_of(n)))
        return;
    cwf_buf t = CWF_BUF_INIT;
    uint32_t *offs;
    size_t len;
    source_of(c, n, &t, &offs, &len);
    f->log_group = cwf_xstrndup(t.p ? t.p : "", len);
    free(offs);
    cwf_buf_free(&t);
}

static void suppression(const cfn *c, const cwf_xnode *id, const cwf_xnode *reason, size_t target)
{
    if (!id || id->kind != CWF_X_STR)
        return;
    cwf_suppression *s = cwf_sup_add(&c->x->sup);
    s->origin = CWF_SUP_METADATA;
    s->id = cwf_xstrndup(id->s, id->slen);
    if (reason && reason->kind == CWF_X_STR)
        s->reason = cwf_xstrndup(reason->s, reason->slen);
    s->target = target;
    cwf_pbuild b = {0};
    cwf_x_scalar(c->d, id, &b);
    cwf_pb_source(&b, c->h, &s->where);
    s->where.name = c->x->path;
    s->span = (cwf_span){0, (uint32_t)s->where.len};
    cwf_pb_free(&b);
}

/* Metadata: {cwfilter: {ignore: [CWF210, {id: CWF211, reason: ...}]}} */
static void metadata(const cfn *c, const cwf_xnode *md, size_t target)
{
    const cwf_xnode *ig = cwf_x_get(cwf_x_get(md, "cwfilter"), "ignore");
    if (!ig)
        return;
    if (ig->kind == CWF_X_STR) {
        suppression(c, ig, NULL, target);
        return;
    }
    if (ig->kind != CWF_X_SEQ)
        return;
    for (size_t i = 0; i < ig->n; i++) {
        const cwf_xnode *e = ig->kids[i];
        if (e->kind == CWF_X_STR)
            suppression(c, e, NULL, target);
        else if (e->kind == CWF_X_MAP)
            suppression(c, cwf_x_get(e, "id"), cwf_x_get(e, "reason"), target);
    }
}

static uint32_t line_of(const cfn *c, uint32_t off)
{
    return cwf_hmap_pos(c->h, off).line;
}

/* The line of the last code before host offset end: a YAML block ends
 * where the next key starts, after blank lines and comments that belong
 * to what follows. */
static uint32_t last_line(const cfn *c, uint32_t end)
{
    const char *s = c->d->text;
    size_t i = end;
    for (;;) {
        while (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t' || s[i - 1] == '\n' || s[i - 1] == '\r'))
            i--;
        size_t ls = i;
        while (ls > 0 && s[ls - 1] != '\n')
            ls--;
        size_t k = ls;
        while (k < i && (s[k] == ' ' || s[k] == '\t'))
            k++;
        if (!c->d->yaml || k >= i || s[k] != '#' || ls == 0)
            break;
        i = ls;
    }
    return line_of(c, (uint32_t)(i > 0 ? i - 1 : 0));
}

/* The style of scalar n of this document. */
static cwf_style style_of(const cfn *c, const cwf_xnode *n)
{
    if (!c->d->yaml)
        return CWF_STYLE_JSON;
    switch (n->style) {
    case YAML_PLAIN_SCALAR_STYLE: return CWF_STYLE_YAML_PLAIN;
    case YAML_SINGLE_QUOTED_SCALAR_STYLE: return CWF_STYLE_YAML_SINGLE;
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return CWF_STYLE_YAML_DOUBLE;
    case YAML_LITERAL_SCALAR_STYLE: return CWF_STYLE_YAML_LITERAL;
    case YAML_FOLDED_SCALAR_STYLE: return CWF_STYLE_YAML_FOLDED;
    default: return CWF_STYLE_NONE;
    }
}

/* For `fix`: the one scalar that holds pattern pat (a string, or the
 * template of an Fn::Sub), if there is one. */
static void host_style(const cfn *c, const cwf_xnode *pat, cwf_filter *f)
{
    const cwf_xnode *arg = NULL;
    char buf[64];
    const char *fn = intrinsic(pat, &arg, buf, sizeof buf);
    uint8_t esc = 0;
    const cwf_xnode *s = NULL;
    if (!fn && pat->kind == CWF_X_STR && (!pat->tag || pat->tag[0] != '!')) {
        s = pat;
    } else if (fn && strcmp(fn, "Fn::Sub") == 0) {
        esc = CWF_ESC_SUB;
        if (arg->kind == CWF_X_STR)
            s = arg;
        else if (arg->kind == CWF_X_SEQ && arg->n >= 1 && arg->kids[0]->kind == CWF_X_STR &&
                 !arg->kids[0]->tag)
            s = arg->kids[0];
    }
    if (s && s->kind == CWF_X_STR)
        cwf_x_style(f, style_of(c, s), esc, s->start, s->end);
}

/* One FilterPattern value pat of Properties props of resource res. */
static void filter(const cfn *c, const cwf_xnode *key, const cwf_xnode *res,
                   const cwf_xnode *props, const cwf_xnode *pat, cwf_filter_kind kind)
{
    if (!pat || pat->kind == CWF_X_NULL)
        return;
    cwf_filter *f = cwf_x_filter(c->x, kind);
    size_t index = c->x->n - 1;
    const char *path = cwf_x_str(cwf_x_get(cwf_x_get(res, "Metadata"), "aws:cdk:path"));
    f->resource = cwf_xstrdup(path ? path : key->s);
    f->cdk_path = path != NULL;
    const char *name = cwf_x_str(cwf_x_get(props, "FilterName"));
    if (name)
        f->name = cwf_xstrdup(name);
    log_group(c, cwf_x_get(props, "LogGroupName"), f);
    f->line_first = line_of(c, key->pstart);
    f->line_last = last_line(c, res->end);
    if (f->line_last < f->line_first)
        f->line_last = f->line_first;

    cwf_pbuild b = {0};
    const cwf_xnode *arg;
    char buf[64];
    if ((pat->kind == CWF_X_MAP || pat->kind == CWF_X_SEQ) &&
        !intrinsic(pat, &arg, buf, sizeof buf)) {
        /* FilterPattern: { $.a = 1 } unquoted is a YAML mapping. */
        cwf_buf t = CWF_BUF_INIT;
        uint32_t *offs;
        size_t len;
        source_of(c, pat, &t, &offs, &len);
        cwf_pb_mapped(&b, t.p ? t.p : "", len, offs);
        b.end = len ? offs[len - 1] + 1 : pat->start;
        free(offs);
        cwf_buf_free(&t);
        f->not_string = true;
        f->found = pat->kind == CWF_X_MAP ? (c->d->yaml ? "YAML mapping" : "JSON object")
                                          : (c->d->yaml ? "YAML list" : "JSON array");
    } else {
        size_t steps = 0;
        cfn cc = *c;
        cc.steps = &steps;
        resolve(&cc, pat, &b, 0);
    }
    cwf_pb_finish(&b, c->h, f);
    cwf_pb_free(&b);
    if (!f->not_string)
        host_style(c, pat, f);
    metadata(c, cwf_x_get(res, "Metadata"), index);
}

/* Every FilterPattern of resource res: a repeated Properties or
 * FilterPattern key hides none of them (the last one would win). */
static void filters(const cfn *c, const cwf_xnode *key, const cwf_xnode *res, cwf_filter_kind kind)
{
    for (size_t i = cwf_x_next(res, 0, "Properties"); res->kind == CWF_X_MAP && i < res->n;
         i = cwf_x_next(res, i + 1, "Properties")) {
        const cwf_xnode *props = res->kids[2 * i + 1];
        for (size_t j = cwf_x_next(props, 0, "FilterPattern");
             props->kind == CWF_X_MAP && j < props->n; j = cwf_x_next(props, j + 1, "FilterPattern"))
            filter(c, key, res, props, props->kids[2 * j + 1], kind);
    }
}

static void resources(const cfn *c, const cwf_xnode *res);

/* ---- the chain's resources (extract.h: cwf_xres) ---------------------------- */

/* Property value n under key of chain resource r: scalars literal, Ref and
 * GetAtt as "!Ref X" and "!GetAtt X.Y", other intrinsics as written;
 * mappings and lists flattened (key.sub, key.0). */
static void flatten(const cfn *c, size_t r, const char *key, const cwf_xnode *n, int depth,
                    size_t *steps)
{
    /* YAML aliases may name a huge tree: stop after MAX_STEPS nodes */
    if (!n || depth > MAX_NEST || ++*steps > MAX_STEPS)
        return;
    const cwf_xnode *arg;
    char buf[64];
    const char *fn = intrinsic(n, &arg, buf, sizeof buf);
    cwf_xres *res = &c->x->res[r];
    if (fn) {
        char *v = NULL;
        if (strcmp(fn, "Ref") == 0 && arg->kind == CWF_X_STR)
            v = cwf_xasprintf("!Ref %s", arg->s);
        else if (strcmp(fn, "Fn::GetAtt") == 0 && arg->kind == CWF_X_STR)
            v = cwf_xasprintf("!GetAtt %s", arg->s);
        else if (strcmp(fn, "Fn::GetAtt") == 0 && arg->kind == CWF_X_SEQ && arg->n == 2 &&
                 arg->kids[0]->kind == CWF_X_STR && arg->kids[1]->kind == CWF_X_STR)
            v = cwf_xasprintf("!GetAtt %s.%s", arg->kids[0]->s, arg->kids[1]->s);
        if (v) {
            cwf_x_attr(c->x, c->h, res, key, v, strlen(v), false, n->pstart, n->end);
            free(v);
            return;
        }
        cwf_buf t = CWF_BUF_INIT;
        uint32_t *offs;
        size_t len;
        source_of(c, n, &t, &offs, &len);
        cwf_x_attr(c->x, c->h, res, key, t.p ? t.p : "", len, false, n->pstart, n->end);
        free(offs);
        cwf_buf_free(&t);
        return;
    }
    char sub[512];
    if (n->kind == CWF_X_MAP) {
        for (size_t i = 0; i < n->n; i++)
            if (n->kids[2 * i]->kind == CWF_X_STR) {
                snprintf(sub, sizeof sub, "%s%s%s", key, key[0] ? "." : "", n->kids[2 * i]->s);
                flatten(c, r, sub, n->kids[2 * i + 1], depth + 1, steps);
            }
    } else if (n->kind == CWF_X_SEQ) {
        for (size_t i = 0; i < n->n; i++) {
            snprintf(sub, sizeof sub, "%s.%zu", key, i);
            flatten(c, r, sub, n->kids[i], depth + 1, steps);
        }
    } else if (n->kind != CWF_X_NULL && n->s) {
        /* a quoted scalar's value starts after its quote */
        size_t start = n->start, end = n->end;
        if (end > start + 1 && (c->d->text[start] == '"' || c->d->text[start] == '\'')) {
            start++;
            end--;
        }
        cwf_x_attr(c->x, c->h, res, key, n->s, n->slen, true, start, end);
    }
}

static void chain_resource(const cfn *c, const cwf_xnode *k, const cwf_xnode *r, const char *type)
{
    cwf_x_res(c->x, c->h, type, k->s, k->start, k->end);
    size_t steps = 0;
    flatten(c, c->x->nres - 1, "", cwf_x_get(r, "Properties"), 0, &steps);
}

void cwf_read_cfn(const cwf_xdoc *d, const cwf_xnode *v, cwf_extract *x, cwf_hmap *h)
{
    cfn c = {d, x, h, NULL};
    for (size_t i = cwf_x_next(v, 0, "Resources"); v->kind == CWF_X_MAP && i < v->n;
         i = cwf_x_next(v, i + 1, "Resources"))
        resources(&c, v->kids[2 * i + 1]);
    metadata(&c, cwf_x_get(v, "Metadata"), CWF_SUP_FILE);
}

/* One Resources section. */
static void resources(const cfn *c, const cwf_xnode *res)
{
    cwf_extract *x = c->x;
    if (res->kind != CWF_X_MAP)
        return;
    /* Log groups first, so that a Ref to one can be named. */
    for (size_t i = 0; i < res->n; i++) {
        const cwf_xnode *k = res->kids[2 * i], *r = res->kids[2 * i + 1];
        const char *type = cwf_x_str(cwf_x_get(r, "Type"));
        const char *name = cwf_x_str(cwf_x_get(cwf_x_get(r, "Properties"), "LogGroupName"));
        if (k->kind == CWF_X_STR && type && name && strcmp(type, "AWS::Logs::LogGroup") == 0) {
            char *ref = cwf_xasprintf("!Ref %s", k->s);
            cwf_x_defn(x, ref, name);
            free(ref);
        }
    }
    for (size_t i = 0; i < res->n; i++) {
        const cwf_xnode *k = res->kids[2 * i], *r = res->kids[2 * i + 1];
        const char *type = cwf_x_str(cwf_x_get(r, "Type"));
        if (k->kind != CWF_X_STR || !type)
            continue;
        if (cwf_chain_type(type))
            chain_resource(c, k, r, type);
        if (strcmp(type, "AWS::Logs::MetricFilter") == 0)
            filters(c, k, r, CWF_METRIC_FILTER);
        else if (strcmp(type, "AWS::Logs::SubscriptionFilter") == 0)
            filters(c, k, r, CWF_SUBSCRIPTION_FILTER);
    }
    for (size_t i = 0; i < x->n; i++) {
        cwf_filter *f = &x->v[i];
        for (size_t j = 0; f->log_group_ref && j < x->ndefs; j++)
            if (strcmp(f->log_group, x->defs[j].ref) == 0) {
                free(f->log_group);
                f->log_group = cwf_xstrdup(x->defs[j].name);
                f->log_group_ref = false;
            }
    }
}

/* ---- describe-metric-filters / describe-subscription-filters --------------- */

static void export_list(const cfn *c, const cwf_xnode *list, cwf_filter_kind kind)
{
    if (!list || list->kind != CWF_X_SEQ)
        return;
    for (size_t i = 0; i < list->n; i++) {
        const cwf_xnode *e = list->kids[i];
        const cwf_xnode *pat = cwf_x_get(e, "filterPattern");
        if (!pat || pat->kind != CWF_X_STR)
            continue;
        cwf_filter *f = cwf_x_filter(c->x, kind);
        const char *name = cwf_x_str(cwf_x_get(e, "filterName"));
        const char *group = cwf_x_str(cwf_x_get(e, "logGroupName"));
        if (name)
            f->name = cwf_xstrdup(name);
        if (group)
            f->log_group = cwf_xstrdup(group);
        f->line_first = line_of(c, e->start);
        f->line_last = last_line(c, e->end);
        cwf_pbuild b = {0};
        cwf_x_scalar(c->d, pat, &b);
        cwf_pb_finish(&b, c->h, f);
        cwf_pb_free(&b);
    }
}

void cwf_read_describe(const cwf_xdoc *d, const cwf_xnode *v, cwf_extract *x, cwf_hmap *h)
{
    cfn c = {d, x, h, NULL};
    export_list(&c, cwf_x_get(v, "metricFilters"), CWF_METRIC_FILTER);
    export_list(&c, cwf_x_get(v, "subscriptionFilters"), CWF_SUBSCRIPTION_FILTER);
}

/* ---- CDK cloud assembly manifest ------------------------------------------ */

static void add_template(cwf_extract *x, const char *file, const char *stack)
{
    const char *slash = strrchr(x->path, '/');
    char *p = slash ? cwf_xasprintf("%.*s/%s", (int)(slash - x->path), x->path, file)
                    : cwf_xstrdup(file);
    x->templates = cwf_xrealloc(x->templates, (x->ntemplates + 1) * sizeof *x->templates);
    x->stacks = cwf_xrealloc(x->stacks, (x->ntemplates + 1) * sizeof *x->stacks);
    x->templates[x->ntemplates] = p;
    x->stacks[x->ntemplates] = cwf_xstrdup(stack);
    x->ntemplates++;
}

bool cwf_read_cdk(const cwf_xdoc *d, const cwf_xnode *v, cwf_extract *x, cwf_hmap *h)
{
    (void)d;
    const cwf_xnode *arts = cwf_x_get(v, "artifacts");
    if (!arts || arts->kind != CWF_X_MAP)
        return cwf_x_error(x, h, v->start, "CDK manifest: \"artifacts\" is not an object");
    for (size_t i = 0; i < arts->n; i++) {
        const cwf_xnode *id = arts->kids[2 * i], *a = arts->kids[2 * i + 1];
        const char *type = cwf_x_str(cwf_x_get(a, "type"));
        const cwf_xnode *props = cwf_x_get(a, "properties");
        if (!type)
            continue;
        if (strcmp(type, "aws:cloudformation:stack") == 0) {
            const char *file = cwf_x_str(cwf_x_get(props, "templateFile"));
            if (file && !strstr(file, ".."))
                add_template(x, file, id->s);
        } else if (strcmp(type, "cdk:cloud-assembly") == 0) {
            const char *dir = cwf_x_str(cwf_x_get(props, "directoryName"));
            if (dir && !strstr(dir, "..")) {
                char *m = cwf_xasprintf("%s/manifest.json", dir);
                add_template(x, m, id->s);
                free(m);
            }
        }
    }
    return true;
}
