/* extract_tf.c: Terraform in JSON: .tf.json configuration, and
 * `terraform show -json` of a plan (or of the state).
 *
 * In .tf.json a string is an HCL template: `${...}` and `%{...}` are
 * unresolved parts, `$${` and `%%{` literal.  A plan holds values already
 * resolved (planned_values), so its patterns are literal; a pattern known
 * only after apply is one unresolved part.  The AWS provider trims white
 * space around a pattern before sending it, and so do we. */
#define CWF_EXTRACT_INTERNAL
#include "extract.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const METRIC = "aws_cloudwatch_log_metric_filter";
static const char *const SUBSCRIPTION = "aws_cloudwatch_log_subscription_filter";

/* The end of the template sequence opened at s[i] ("${" or "%{"): the
 * offset after its matching '}', skipping quoted strings; n if unclosed. */
static size_t seq_end(const char *s, size_t n, size_t i)
{
    int depth = 0;
    for (size_t k = i + 1; k < n; k++) {
        if (s[k] == '"') {
            for (k++; k < n && s[k] != '"'; k++)
                if (s[k] == '\\')
                    k++;
            continue;
        }
        if (s[k] == '{')
            depth++;
        else if (s[k] == '}' && --depth == 0)
            return k + 1;
    }
    return n;
}

void cwf_tpl_decode(const char *s, size_t n, const uint32_t *offs, cwf_pbuild *b)
{
    size_t i = 0;
    while (i < n) {
        if ((s[i] == '$' || s[i] == '%') && i + 2 < n && s[i + 1] == s[i] && s[i + 2] == '{') {
            cwf_pb_byte(b, s[i], offs[i]);
            cwf_pb_byte(b, '{', offs[i + 2]);
            i += 3;
            continue;
        }
        if ((s[i] == '$' || s[i] == '%') && i + 1 < n && s[i + 1] == '{') {
            size_t e = seq_end(s, n, i);
            char *what = cwf_xstrndup(s + i, e - i);
            cwf_pb_part_mapped(b, s + i, e - i, offs + i, what);
            free(what);
            i = e;
            continue;
        }
        cwf_pb_byte(b, s[i], offs[i]);
        i++;
    }
}

/* A .tf.json string: JSON-decoded, then read as a template. */
static void tf_string(const cwf_xdoc *d, const cwf_xnode *n, cwf_pbuild *b)
{
    cwf_pbuild t = {0};
    cwf_x_scalar(d, n, &t);
    cwf_tpl_decode(t.text.p ? t.text.p : "", t.text.len, t.off, b);
    b->end = t.end;
    cwf_pb_free(&t);
}

/* log_group_name: a literal, or "${aws_cloudwatch_log_group.x.name}" kept as
 * the reference inside. */
static void tf_log_group(const cwf_xnode *n, cwf_filter *f)
{
    const char *s = cwf_x_str(n);
    if (!s)
        return;
    size_t len = strlen(s);
    if (len > 3 && s[0] == '$' && s[1] == '{' && s[len - 1] == '}' && !strchr(s + 2, '{')) {
        f->log_group = cwf_xstrndup(s + 2, len - 3);
        f->log_group_ref = true;
    } else if (strstr(s, "${")) {
        f->log_group = cwf_xstrdup(s);
        f->log_group_ref = true;
    } else {
        f->log_group = cwf_xstrdup(s);
    }
}

static void tfjson_filter(const cwf_xdoc *d, cwf_extract *x, cwf_hmap *h, const char *type,
                          const cwf_xnode *name, const cwf_xnode *body)
{
    bool metric = strcmp(type, METRIC) == 0;
    const cwf_xnode *pat = cwf_x_get(body, metric ? "pattern" : "filter_pattern");
    if (!pat || pat->kind == CWF_X_NULL)
        return;
    cwf_filter *f = cwf_x_filter(x, metric ? CWF_METRIC_FILTER : CWF_SUBSCRIPTION_FILTER);
    size_t index = x->n - 1;
    f->resource = cwf_xasprintf("%s.%s", type, name->s);
    const char *fname = cwf_x_str(cwf_x_get(body, "name"));
    if (fname && !strstr(fname, "${"))
        f->name = cwf_xstrdup(fname);
    tf_log_group(cwf_x_get(body, "log_group_name"), f);
    f->line_first = cwf_hmap_pos(h, name->start).line;
    f->line_last = cwf_hmap_pos(h, body->end > 0 ? body->end - 1 : 0).line;
    cwf_pbuild b = {0};
    if (pat->kind == CWF_X_STR) {
        tf_string(d, pat, &b);
        cwf_pb_trim(&b);
    } else {
        cwf_pb_part(&b, d->text + pat->start, pat->end - pat->start, pat->start, "a non-string value");
    }
    cwf_pb_finish(&b, h, f);
    cwf_pb_free(&b);
    if (pat->kind == CWF_X_STR)
        cwf_x_style(f, CWF_STYLE_JSON, CWF_ESC_TF, pat->start, pat->end);
    /* "//": "cwfilter-ignore: CWF210 -- reason", Terraform's JSON comment */
    const cwf_xnode *cm = cwf_x_get(body, "//");
    if (cm && cm->kind == CWF_X_STR && strstr(cm->s, "cwfilter-ignore")) {
        cwf_pbuild t = {0};
        cwf_x_scalar(d, cm, &t);
        cwf_pos *pos = cwf_xmalloc((t.text.len + 1) * sizeof *pos);
        for (size_t i = 0; i < t.text.len; i++)
            pos[i] = cwf_hmap_pos(h, t.off[i]);
        pos[t.text.len] = cwf_hmap_pos(h, t.end);
        cwf_sup_directive(t.text.p, t.text.len, pos, x->path, index, &x->sup);
        free(pos);
        cwf_pb_free(&t);
    }
}

/* Blocks in .tf.json may be an object or an array of objects at each level. */
static void each_object(const cwf_xnode *n, void (*fn)(const cwf_xnode *, void *), void *ctx)
{
    if (!n)
        return;
    if (n->kind == CWF_X_MAP)
        fn(n, ctx);
    else if (n->kind == CWF_X_SEQ)
        for (size_t i = 0; i < n->n; i++)
            if (n->kids[i]->kind == CWF_X_MAP)
                fn(n->kids[i], ctx);
}

/* ---- the chain's resources (extract.h: cwf_xres) ---------------------------- */

/* Value n under key of chain resource r: a string "${X}" is the reference X
 * (.tf.json only: a plan holds values), other scalars are literal; a list
 * of objects is a repeated block (key.attr, as HCL reads it), any other
 * list key.0, key.1, ... */
static void flatten(const cwf_xdoc *d, cwf_extract *x, cwf_hmap *h, size_t r, const char *key,
                    const cwf_xnode *n, bool tpl, int depth)
{
    if (!n || depth > 32)
        return;
    char sub[512];
    if (n->kind == CWF_X_MAP) {
        for (size_t i = 0; i < n->n; i++)
            if (n->kids[2 * i]->kind == CWF_X_STR) {
                snprintf(sub, sizeof sub, "%s%s%s", key, key[0] ? "." : "", n->kids[2 * i]->s);
                flatten(d, x, h, r, sub, n->kids[2 * i + 1], tpl, depth + 1);
            }
    } else if (n->kind == CWF_X_SEQ) {
        for (size_t i = 0; i < n->n; i++) {
            if (n->kids[i]->kind == CWF_X_MAP)
                snprintf(sub, sizeof sub, "%s", key);
            else
                snprintf(sub, sizeof sub, "%s.%zu", key, i);
            flatten(d, x, h, r, sub, n->kids[i], tpl, depth + 1);
        }
    } else if (n->kind != CWF_X_NULL && n->s) {
        size_t start = n->start, end = n->end;
        if (n->kind == CWF_X_STR && end > start + 1 && d->text[start] == '"') {
            start++;
            end--;
        }
        const char *v = n->s;
        size_t len = n->slen;
        if (tpl && len > 3 && v[0] == '$' && v[1] == '{' && v[len - 1] == '}' &&
            !memchr(v + 2, '{', len - 3)) {
            cwf_x_attr(x, h, &x->res[r], key, v + 2, len - 3, false, start + 2, end - 1);
            return;
        }
        cwf_x_attr(x, h, &x->res[r], key, v, len, !(tpl && strstr(v, "${")), start, end);
    }
}

typedef struct tfj {
    const cwf_xdoc *d;
    cwf_extract *x;
    cwf_hmap *h;
    const char *type;
    const cwf_xnode *name;
} tfj;

static void tfj_body(const cwf_xnode *body, void *ctx)
{
    tfj *c = ctx;
    if (cwf_chain_type(c->type)) {
        char *nm = cwf_xasprintf("%s.%s", c->type, c->name->s);
        cwf_x_res(c->x, c->h, c->type, nm, c->name->start, c->name->end);
        free(nm);
        flatten(c->d, c->x, c->h, c->x->nres - 1, "", body, true, 0);
    }
    if (strcmp(c->type, METRIC) == 0 || strcmp(c->type, SUBSCRIPTION) == 0) {
        tfjson_filter(c->d, c->x, c->h, c->type, c->name, body);
    } else if (strcmp(c->type, "aws_cloudwatch_log_group") == 0) {
        const char *n = cwf_x_str(cwf_x_get(body, "name"));
        if (n && !strstr(n, "${")) {
            char *ref = cwf_xasprintf("aws_cloudwatch_log_group.%s.name", c->name->s);
            cwf_x_defn(c->x, ref, n);
            free(ref);
        }
    }
}

/* The names of one resource type (c->type): each maps to a body, or to an
 * array of bodies. */
static void tfj_names(const cwf_xnode *names, void *ctx)
{
    tfj *c = ctx;
    for (size_t j = 0; j < names->n; j++) {
        c->name = names->kids[2 * j];
        each_object(names->kids[2 * j + 1], tfj_body, c);
    }
}

/* "resource": {type: {name: body}}, where the value of "resource", of each
 * type and of each name may also be an array of such objects (HCL's JSON
 * syntax: an array at any label level or at the body). */
static void tfj_types(const cwf_xnode *types, void *ctx)
{
    tfj *c = ctx;
    for (size_t i = 0; i < types->n; i++) {
        c->type = types->kids[2 * i]->s;
        each_object(types->kids[2 * i + 1], tfj_names, c);
    }
}

void cwf_read_tfjson(const cwf_xdoc *d, const cwf_xnode *v, cwf_extract *x, cwf_hmap *h)
{
    tfj c = {d, x, h, NULL, NULL};
    each_object(cwf_x_get(v, "resource"), tfj_types, &c);
}

/* ---- terraform show -json --------------------------------------------------- */

typedef struct plan {
    const cwf_xdoc *d;
    cwf_extract *x;
    cwf_hmap *h;
    const cwf_xnode *changes; /* resource_changes */
} plan;

/* Whether resource_changes says the attribute is known only after apply. */
static bool after_unknown(const plan *p, const char *address, const char *attr)
{
    if (!p->changes || p->changes->kind != CWF_X_SEQ)
        return false;
    for (size_t i = 0; i < p->changes->n; i++) {
        const cwf_xnode *rc = p->changes->kids[i];
        const char *a = cwf_x_str(cwf_x_get(rc, "address"));
        if (a && strcmp(a, address) == 0) {
            const cwf_xnode *u = cwf_x_get(cwf_x_get(cwf_x_get(rc, "change"), "after_unknown"), attr);
            return u && u->kind == CWF_X_BOOL && strcmp(u->s, "true") == 0;
        }
    }
    return false;
}

/* A chain resource of the plan: its values, and "(known after apply)" for
 * an attribute that resource_changes says only apply will tell. */
static void plan_chain(const plan *p, const cwf_xnode *r, const char *type, const char *address)
{
    const cwf_xnode *an = cwf_x_get(r, "address");
    cwf_x_res(p->x, p->h, type, address, an->start + 1, an->end > an->start + 1 ? an->end - 1 : an->end);
    size_t k = p->x->nres - 1;
    const cwf_xnode *values = cwf_x_get(r, "values");
    flatten(p->d, p->x, p->h, k, "", values, false, 0);
    for (size_t i = 0; p->changes && p->changes->kind == CWF_X_SEQ && i < p->changes->n; i++) {
        const cwf_xnode *rc = p->changes->kids[i];
        const char *a = cwf_x_str(cwf_x_get(rc, "address"));
        if (!a || strcmp(a, address) != 0)
            continue;
        const cwf_xnode *u = cwf_x_get(cwf_x_get(rc, "change"), "after_unknown");
        for (size_t j = 0; u && u->kind == CWF_X_MAP && j < u->n; j++) {
            const cwf_xnode *key = u->kids[2 * j], *v = u->kids[2 * j + 1];
            bool unknown = v->kind == CWF_X_BOOL && strcmp(v->s, "true") == 0;
            for (size_t e = 0; v->kind == CWF_X_SEQ && e < v->n; e++)
                unknown |= v->kids[e]->kind == CWF_X_BOOL && strcmp(v->kids[e]->s, "true") == 0;
            const cwf_xnode *have = cwf_x_get(values, key->s);
            if (!unknown || key->kind != CWF_X_STR ||
                (have && !(have->kind == CWF_X_SEQ && have->n == 0) && have->kind != CWF_X_NULL))
                continue;
            char *name = v->kind == CWF_X_SEQ ? cwf_xasprintf("%s.0", key->s) : cwf_xstrdup(key->s);
            static const char ka[] = "(known after apply)";
            cwf_x_attr(p->x, p->h, &p->x->res[k], name, ka, sizeof ka - 1, false, key->start,
                       key->end);
            free(name);
        }
        break;
    }
}

static void plan_resource(const plan *p, const cwf_xnode *r)
{
    const char *type = cwf_x_str(cwf_x_get(r, "type"));
    const char *mode = cwf_x_str(cwf_x_get(r, "mode"));
    const char *address = cwf_x_str(cwf_x_get(r, "address"));
    if (!type || !address || (mode && strcmp(mode, "managed") != 0))
        return;
    if (cwf_chain_type(type))
        plan_chain(p, r, type, address);
    bool metric = strcmp(type, METRIC) == 0;
    if (!metric && strcmp(type, SUBSCRIPTION) != 0)
        return;
    const char *attr = metric ? "pattern" : "filter_pattern";
    const cwf_xnode *values = cwf_x_get(r, "values");
    const cwf_xnode *pat = cwf_x_get(values, attr);
    bool unknown = !pat && after_unknown(p, address, attr);
    if (!unknown && (!pat || pat->kind != CWF_X_STR))
        return;
    cwf_filter *f = cwf_x_filter(p->x, metric ? CWF_METRIC_FILTER : CWF_SUBSCRIPTION_FILTER);
    f->resource = cwf_xstrdup(address);
    const char *name = cwf_x_str(cwf_x_get(values, "name"));
    const char *group = cwf_x_str(cwf_x_get(values, "log_group_name"));
    if (name)
        f->name = cwf_xstrdup(name);
    if (group)
        f->log_group = cwf_xstrdup(group);
    f->line_first = cwf_hmap_pos(p->h, r->start).line;
    f->line_last = cwf_hmap_pos(p->h, r->end > 0 ? r->end - 1 : 0).line;
    cwf_pbuild b = {0};
    if (unknown) {
        static const char ka[] = "(known after apply)";
        uint32_t offs[sizeof ka - 1];
        for (size_t i = 0; i < sizeof ka - 1; i++)
            offs[i] = r->start;
        cwf_pb_part_mapped(&b, ka, sizeof ka - 1, offs, ka);
        b.end = r->start;
    } else {
        cwf_x_scalar(p->d, pat, &b);
        cwf_pb_trim(&b);
    }
    cwf_pb_finish(&b, p->h, f);
    cwf_pb_free(&b);
}

static void plan_module(const plan *p, const cwf_xnode *m, int depth)
{
    if (!m || m->kind != CWF_X_MAP || depth > 64)
        return;
    const cwf_xnode *rs = cwf_x_get(m, "resources");
    for (size_t i = 0; rs && rs->kind == CWF_X_SEQ && i < rs->n; i++)
        plan_resource(p, rs->kids[i]);
    const cwf_xnode *kids = cwf_x_get(m, "child_modules");
    for (size_t i = 0; kids && kids->kind == CWF_X_SEQ && i < kids->n; i++)
        plan_module(p, kids->kids[i], depth + 1);
}

bool cwf_read_plan(const cwf_xdoc *d, const cwf_xnode *v, cwf_extract *x, cwf_hmap *h)
{
    const cwf_xnode *fv = cwf_x_get(v, "format_version");
    const char *ver = cwf_x_str(fv);
    if (!ver || !((ver[0] == '0' || ver[0] == '1') && ver[1] == '.'))
        return cwf_x_error(x, h, fv->start,
                           "unsupported plan format_version %s%s%s (1.x expected)",
                           ver ? "\"" : "", ver ? ver : "(not a string)", ver ? "\"" : "");
    plan p = {d, x, h, cwf_x_get(v, "resource_changes")};
    /* A plan has planned_values; `terraform show -json` of a state has
     * values, in the same shape. */
    const cwf_xnode *vals = cwf_x_get(v, "planned_values");
    plan_module(&p, cwf_x_get(vals ? vals : cwf_x_get(v, "values"), "root_module"), 0);
    return true;
}
