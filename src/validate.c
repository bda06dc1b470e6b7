/* validate.c: the AWS limits and quotas (SPEC 1.5, 4.8, 5.4) and the style
 * warnings that the grammar does not express. */
#include "parse.h"

#include <stdlib.h>
#include <string.h>

typedef struct walk {
    cwf_diags *d;
    uint32_t regexes;   /* %regex% values seen so far */
    uint32_t wild_sels; /* selectors with a wildcard segment */
} walk;

static bool is_plain(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '.' || c == '*';
}

/* D7: a * that is not at either end of a value is a literal character. */
static void infix_star(walk *w, const cwf_str *core, const cwf_str *text, cwf_span span,
                       const char *what)
{
    if (!memchr(core->p, '*', core->len))
        return;
    cwf_diag *g = cwf_diag_add(w->d, CWF_R_INFIX_WILDCARD, span,
                               "the `*` inside %s `%.*s` is a literal character, not a wildcard",
                               what, (int)text->len, text->p);
    cwf_diag_note(g, "CloudWatch treats `*` as a wildcard only at the start or the end of a value; "
                     "this matches only text that contains a real `*`");
}

static void check_value(walk *w, cwf_op op, const cwf_value *v)
{
    switch (v->kind) {
    case CWF_V_REGEX:
        if (++w->regexes == 3)
            cwf_diag_add(w->d, CWF_R_TOO_MANY_REGEX, v->span,
                         "a pattern may hold at most 2 regular expressions; this is the third");
        break;
    case CWF_V_STRING:
        infix_star(w, &v->core, &v->text, v->span, "the value");
        if (!v->quoted) {
            const char *bad = NULL;
            for (uint32_t i = 0; i < v->text.len && !bad; i++)
                if (!is_plain(v->text.p[i]))
                    bad = &v->text.p[i];
            if (bad) {
                cwf_diag *g = cwf_diag_add(w->d, CWF_R_LENIENT_UNQUOTED, v->span,
                    "the unquoted value `%s` contains `%c`; CloudWatch documents double quotes "
                    "for values with characters other than letters, digits and `_`",
                    v->text.p, *bad);
                cwf_diag_suggest(g, "\"%s\"", v->text.p);
            }
            if ((op == CWF_OP_EQ || op == CWF_OP_NE) &&
                (strcmp(v->text.p, "true") == 0 || strcmp(v->text.p, "false") == 0 ||
                 strcmp(v->text.p, "null") == 0)) {
                const char *kw = v->text.p[0] == 't' ? "IS TRUE" : v->text.p[0] == 'f' ? "IS FALSE" : "IS NULL";
                cwf_diag *g = cwf_diag_add(w->d, CWF_R_BOOLEAN_STRING, v->span,
                    "`%s %s` compares the text \"%s\", not the JSON %s",
                    cwf_op_text(op), v->text.p, v->text.p, v->text.p[0] == 'n' ? "null" : "boolean");
                cwf_diag_suggest(g, "%s", kw);
            }
        }
        break;
    case CWF_V_NUMBER:
        break;
    }
    if (op != CWF_OP_EQ && op != CWF_OP_NE && v->kind != CWF_V_NUMBER) {
        cwf_diag *g = cwf_diag_add(w->d, CWF_R_NUMERIC_OPERAND, v->span,
                                   "`%s` compares numbers, but `%.*s` is not a number",
                                   cwf_op_text(op), (int)v->text.len, v->text.p);
        cwf_diag_note(g, "strings and regexes take only `=` and `!=`");
    }
}

static void check_selector(walk *w, const cwf_selector *s)
{
    uint32_t wild = 0;
    for (uint32_t i = 0; i < s->n; i++)
        wild += s->segs[i].kind == CWF_SEG_ANY_FIELD || s->segs[i].kind == CWF_SEG_ANY_INDEX;
    if (wild > 1)
        cwf_diag_add(w->d, CWF_R_TOO_MANY_WILDCARDS, s->span,
                     "a property selector may hold at most 1 wildcard; this one has %u", wild);
    if (wild > 0 && ++w->wild_sels == 4)
        cwf_diag_add(w->d, CWF_R_TOO_MANY_WILDCARDS, s->span,
                     "a pattern may hold at most 3 wildcard selectors; this is the fourth");
}

static void check_expr(walk *w, const cwf_expr *e)
{
    if (e->kind == CWF_E_OR || e->kind == CWF_E_AND) {
        for (uint32_t i = 0; i < e->u.list.n; i++)
            check_expr(w, e->u.list.kids[i]);
        return;
    }
    check_selector(w, &e->u.leaf.sel);
    if (e->kind == CWF_E_CMP)
        check_value(w, e->u.leaf.op, &e->u.leaf.val);
}

/* A delimited chain names one field only (SPEC 5.2, I3). */
static const cwf_expr *other_field(const cwf_expr *e, const cwf_str *name)
{
    if (e->kind == CWF_E_OR || e->kind == CWF_E_AND) {
        for (uint32_t i = 0; i < e->u.list.n; i++) {
            const cwf_expr *o = other_field(e->u.list.kids[i], name);
            if (o)
                return o;
        }
        return NULL;
    }
    const cwf_str *n = &e->u.leaf.sel.segs[0].name;
    return n->len == name->len && memcmp(n->p, name->p, n->len) == 0 ? NULL : e;
}

typedef struct named {
    cwf_str name;
    uint32_t i; /* the field's index */
} named;

static int named_cmp(const void *x, const void *y)
{
    const named *a = x, *b = y;
    uint32_t n = a->name.len < b->name.len ? a->name.len : b->name.len;
    int c = n ? memcmp(a->name.p, b->name.p, n) : 0;
    if (c == 0)
        c = (a->name.len > b->name.len) - (a->name.len < b->name.len);
    return c ? c : (a->i > b->i) - (a->i < b->i);
}

/* dup[i]: field i has the name of an earlier field.  Sorted, not compared
 * pairwise, so that many fields cost O(n log n). */
static bool *duplicate_names(const cwf_pattern *p)
{
    uint32_t n = p->u.delim.n, k = 0;
    bool *dup = cwf_xcalloc(n ? n : 1, sizeof *dup);
    named *v = cwf_xmalloc((n ? n : 1) * sizeof *v);
    for (uint32_t i = 0; i < n; i++) {
        const cwf_field *f = &p->u.delim.v[i];
        if (f->kind == CWF_F_NAME || f->kind == CWF_F_COND)
            v[k++] = (named){f->name, i};
    }
    qsort(v, k, sizeof *v, named_cmp);
    for (uint32_t j = 1; j < k; j++)
        dup[v[j].i] = v[j].name.len == v[j - 1].name.len &&
                      memcmp(v[j].name.p, v[j - 1].name.p, v[j].name.len) == 0;
    free(v);
    return dup;
}

static void check_delim(walk *w, const cwf_pattern *p)
{
    const cwf_field *ellipsis = NULL;
    bool *dup = duplicate_names(p);
    for (uint32_t i = 0; i < p->u.delim.n; i++) {
        const cwf_field *f = &p->u.delim.v[i];
        if (f->kind == CWF_F_ELLIPSIS) {
            if (ellipsis)
                cwf_diag_add(w->d, CWF_R_MULTIPLE_ELLIPSIS, f->span,
                             "a space-delimited pattern may hold one `...` only");
            ellipsis = f;
        }
        if (f->kind == CWF_F_COND) {
            const cwf_expr *o = other_field(f->cond, &f->name);
            if (o) {
                cwf_diag *g = cwf_diag_add(w->d, CWF_R_CHAIN_FIELDS, o->u.leaf.sel.span,
                    "conditions joined with `&&` or `||` must all test the same field: "
                    "`%s` is not `%s`", o->u.leaf.sel.segs[0].name.p, f->name.p);
                cwf_diag_note(g, "CloudWatch rejects a condition across two fields as \"Invalid filter pattern\"");
            }
            check_expr(w, f->cond);
        }
        if (dup[i])
            cwf_diag_add(w->d, CWF_R_DUPLICATE_FIELD, f->span,
                         "the field name `%s` is used twice", f->name.p);
    }
    free(dup);
}

/* The length in characters (UTF-8 continuation bytes do not count). */
static size_t char_len(const char *t, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)t[i] & 0xC0) != 0x80;
    return n;
}

void cwf_validate(const cwf_pattern *p, const char *text, size_t len, cwf_diags *d)
{
    walk w = {d, 0, 0};
    size_t chars = char_len(text, len);
    if (chars > CWF_MAX_PATTERN)
        cwf_diag_add(d, CWF_R_TOO_LONG, (cwf_span){0, (uint32_t)len},
                     "the pattern is %zu characters long; CloudWatch takes at most %d",
                     chars, CWF_MAX_PATTERN);
    switch (p->kind) {
    case CWF_K_JSON:
        check_expr(&w, p->u.json);
        break;
    case CWF_K_DELIM:
        check_delim(&w, p);
        break;
    case CWF_K_TERMS:
        for (uint32_t i = 0; i < p->u.terms.n; i++)
            if (p->u.terms.v[i].quoted)
                infix_star(&w, &p->u.terms.v[i].text, &p->u.terms.v[i].text,
                           p->u.terms.v[i].span, "the phrase");
        break;
    case CWF_K_REGEX:
    case CWF_K_ALL:
        break;
    }
}
