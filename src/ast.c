/* ast.c: the canonical printer, structural equality and JSON form of the
 * AST (see ast.h). */
#include "ast.h"

#include <string.h>

const char *cwf_op_text(cwf_op op)
{
    static const char *const text[] = {"=", "!=", "<", ">", "<=", ">="};
    return text[op];
}

const char *cwf_kind_name(cwf_kind k)
{
    static const char *const name[] = {"all", "terms", "regex", "json", "delimited"};
    return name[k];
}

/* ---- equality ------------------------------------------------------------ */

static bool str_eq(cwf_str a, cwf_str b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.p, b.p, a.len) == 0);
}

static bool value_eq(const cwf_value *a, const cwf_value *b)
{
    /* How a string was quoted does not change what it matches (D6). */
    return a->kind == b->kind && str_eq(a->text, b->text);
}

static bool selector_eq(const cwf_selector *a, const cwf_selector *b)
{
    if (a->n != b->n)
        return false;
    for (uint32_t i = 0; i < a->n; i++) {
        const cwf_seg *x = &a->segs[i], *y = &b->segs[i];
        if (x->kind != y->kind || (x->kind == CWF_SEG_FIELD && !str_eq(x->name, y->name)) ||
            (x->kind == CWF_SEG_INDEX && x->index != y->index))
            return false;
    }
    return true;
}

static bool expr_eq(const cwf_expr *a, const cwf_expr *b)
{
    if (a->kind != b->kind)
        return false;
    if (a->kind == CWF_E_OR || a->kind == CWF_E_AND) {
        if (a->u.list.n != b->u.list.n)
            return false;
        for (uint32_t i = 0; i < a->u.list.n; i++)
            if (!expr_eq(a->u.list.kids[i], b->u.list.kids[i]))
                return false;
        return true;
    }
    if (!selector_eq(&a->u.leaf.sel, &b->u.leaf.sel))
        return false;
    return a->kind != CWF_E_CMP ||
           (a->u.leaf.op == b->u.leaf.op && value_eq(&a->u.leaf.val, &b->u.leaf.val));
}

bool cwf_pattern_equal(const cwf_pattern *a, const cwf_pattern *b)
{
    if (a->kind != b->kind)
        return false;
    switch (a->kind) {
    case CWF_K_ALL:
        return true;
    case CWF_K_JSON:
        return expr_eq(a->u.json, b->u.json);
    case CWF_K_REGEX:
        return value_eq(&a->u.regex, &b->u.regex);
    case CWF_K_TERMS:
        if (a->u.terms.n != b->u.terms.n)
            return false;
        for (uint32_t i = 0; i < a->u.terms.n; i++) {
            const cwf_term *x = &a->u.terms.v[i], *y = &b->u.terms.v[i];
            if (x->kind != y->kind || !str_eq(x->text, y->text))
                return false;
        }
        return true;
    case CWF_K_DELIM:
        if (a->u.delim.n != b->u.delim.n)
            return false;
        for (uint32_t i = 0; i < a->u.delim.n; i++) {
            const cwf_field *x = &a->u.delim.v[i], *y = &b->u.delim.v[i];
            if (x->kind != y->kind || !str_eq(x->name, y->name) ||
                (x->kind == CWF_F_COND && !expr_eq(x->cond, y->cond)))
                return false;
        }
        return true;
    }
    return false;
}

/* ---- canonical form ------------------------------------------------------ */

static bool plain_name(cwf_str s)
{
    if (s.len == 0)
        return false;
    for (uint32_t i = 0; i < s.len; i++) {
        char c = s.p[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-'))
            return false;
    }
    return true;
}

static void quoted(cwf_buf *out, cwf_str s)
{
    cwf_buf_putc(out, '"');
    for (uint32_t i = 0; i < s.len; i++) {
        if (s.p[i] == '"' || s.p[i] == '\\')
            cwf_buf_putc(out, '\\');
        cwf_buf_putc(out, s.p[i]);
    }
    cwf_buf_putc(out, '"');
}

void cwf_selector_format(const cwf_selector *s, cwf_buf *out)
{
    cwf_buf_putc(out, '$');
    for (uint32_t i = 0; i < s->n; i++) {
        const cwf_seg *g = &s->segs[i];
        switch (g->kind) {
        case CWF_SEG_FIELD:
            cwf_buf_puts(out, plain_name(g->name) ? "." : ".['");
            cwf_buf_add(out, g->name.p, g->name.len);
            if (!plain_name(g->name))
                cwf_buf_puts(out, "']");
            break;
        case CWF_SEG_INDEX: cwf_buf_printf(out, "[%u]", g->index); break;
        case CWF_SEG_ANY_FIELD: cwf_buf_puts(out, ".*"); break;
        case CWF_SEG_ANY_INDEX: cwf_buf_puts(out, "[*]"); break;
        }
    }
}

void cwf_value_format(const cwf_value *v, cwf_buf *out)
{
    switch (v->kind) {
    case CWF_V_STRING: quoted(out, v->text); break;
    case CWF_V_NUMBER: cwf_buf_add(out, v->text.p, v->text.len); break;
    case CWF_V_REGEX:
        cwf_buf_putc(out, '%');
        cwf_buf_add(out, v->text.p, v->text.len);
        cwf_buf_putc(out, '%');
        break;
    }
}

static void leaf_format(const cwf_expr *e, bool delim, cwf_buf *out)
{
    if (delim)
        cwf_buf_add(out, e->u.leaf.sel.segs[0].name.p, e->u.leaf.sel.segs[0].name.len);
    else
        cwf_selector_format(&e->u.leaf.sel, out);
    switch (e->kind) {
    case CWF_E_CMP:
        cwf_buf_printf(out, " %s ", cwf_op_text(e->u.leaf.op));
        cwf_value_format(&e->u.leaf.val, out);
        break;
    case CWF_E_IS_NULL: cwf_buf_puts(out, " IS NULL"); break;
    case CWF_E_IS_TRUE: cwf_buf_puts(out, " IS TRUE"); break;
    case CWF_E_IS_FALSE: cwf_buf_puts(out, " IS FALSE"); break;
    case CWF_E_NOT_EXISTS: cwf_buf_puts(out, " NOT EXISTS"); break;
    default: break;
    }
}

static void expr_format(const cwf_expr *e, bool delim, cwf_buf *out)
{
    if (e->kind != CWF_E_OR && e->kind != CWF_E_AND) {
        leaf_format(e, delim, out);
        return;
    }
    for (uint32_t i = 0; i < e->u.list.n; i++) {
        const cwf_expr *k = e->u.list.kids[i];
        if (i > 0)
            cwf_buf_puts(out, e->kind == CWF_E_OR ? " || " : " && ");
        /* D3: && binds tighter than ||, so only an OR inside an AND needs
         * parentheses (lists are flattened: no child has its parent's kind). */
        bool parens = e->kind == CWF_E_AND && k->kind == CWF_E_OR;
        if (parens)
            cwf_buf_putc(out, '(');
        expr_format(k, delim, out);
        if (parens)
            cwf_buf_putc(out, ')');
    }
}

void cwf_expr_format(const cwf_expr *e, cwf_buf *out)
{
    expr_format(e, false, out);
}

void cwf_pattern_format(const cwf_pattern *p, cwf_buf *out)
{
    switch (p->kind) {
    case CWF_K_ALL:
        break;
    case CWF_K_JSON:
        cwf_buf_puts(out, "{ ");
        expr_format(p->u.json, false, out);
        cwf_buf_puts(out, " }");
        break;
    case CWF_K_REGEX:
        cwf_value_format(&p->u.regex, out);
        break;
    case CWF_K_TERMS:
        for (uint32_t i = 0; i < p->u.terms.n; i++) {
            const cwf_term *t = &p->u.terms.v[i];
            if (i > 0)
                cwf_buf_putc(out, ' ');
            if (t->kind != CWF_T_PLAIN)
                cwf_buf_putc(out, t->kind == CWF_T_EXCLUDE ? '-' : '?');
            if (t->quoted)
                quoted(out, t->text);
            else
                cwf_buf_add(out, t->text.p, t->text.len);
        }
        break;
    case CWF_K_DELIM:
        cwf_buf_putc(out, '[');
        for (uint32_t i = 0; i < p->u.delim.n; i++) {
            const cwf_field *f = &p->u.delim.v[i];
            if (i > 0)
                cwf_buf_puts(out, f->kind == CWF_F_EMPTY ? "," : ", ");
            switch (f->kind) {
            case CWF_F_EMPTY: break;
            case CWF_F_ELLIPSIS: cwf_buf_puts(out, "..."); break;
            case CWF_F_NAME: cwf_buf_add(out, f->name.p, f->name.len); break;
            case CWF_F_COND: expr_format(f->cond, true, out); break;
            }
        }
        cwf_buf_putc(out, ']');
        break;
    }
}

/* ---- JSON form ----------------------------------------------------------- */

static void span_json(cwf_buf *out, cwf_span s)
{
    cwf_buf_printf(out, "\"span\":[%u,%u]", s.start, s.end);
}

static void str_json(cwf_buf *out, cwf_str s)
{
    cwf_buf_json_str(out, s.p, s.len);
}

static void value_json(const cwf_value *v, cwf_buf *out)
{
    static const char *const wild[] = {"none", "any", "prefix", "suffix", "contains"};
    static const char *const kind[] = {"string", "number", "regex"};
    cwf_buf_printf(out, "{\"type\":\"%s\",\"text\":", kind[v->kind]);
    str_json(out, v->text);
    if (v->kind == CWF_V_STRING) {
        cwf_buf_printf(out, ",\"quoted\":%s,\"wildcard\":\"%s\",\"core\":",
                       v->quoted ? "true" : "false", wild[v->wild]);
        str_json(out, v->core);
    } else if (v->kind == CWF_V_NUMBER) {
        cwf_buf_printf(out, ",\"number\":%.17g", v->num);
    }
    cwf_buf_putc(out, ',');
    span_json(out, v->span);
    cwf_buf_putc(out, '}');
}

static void selector_json(const cwf_selector *s, cwf_buf *out)
{
    cwf_buf t = CWF_BUF_INIT;
    cwf_selector_format(s, &t);
    cwf_buf_puts(out, "{\"text\":");
    cwf_buf_json_str(out, t.p, t.len);
    cwf_buf_free(&t);
    cwf_buf_puts(out, ",\"segments\":[");
    for (uint32_t i = 0; i < s->n; i++) {
        const cwf_seg *g = &s->segs[i];
        if (i > 0)
            cwf_buf_putc(out, ',');
        switch (g->kind) {
        case CWF_SEG_FIELD: cwf_buf_puts(out, "{\"field\":"); str_json(out, g->name); break;
        case CWF_SEG_INDEX: cwf_buf_printf(out, "{\"index\":%u", g->index); break;
        case CWF_SEG_ANY_FIELD: cwf_buf_puts(out, "{\"any\":\"field\""); break;
        case CWF_SEG_ANY_INDEX: cwf_buf_puts(out, "{\"any\":\"index\""); break;
        }
        cwf_buf_putc(out, ',');
        span_json(out, g->span);
        cwf_buf_putc(out, '}');
    }
    cwf_buf_puts(out, "],");
    span_json(out, s->span);
    cwf_buf_putc(out, '}');
}

static void expr_json(const cwf_expr *e, bool delim, cwf_buf *out)
{
    static const char *const type[] = {"or", "and", "compare", "is_null", "is_true",
                                       "is_false", "not_exists"};
    cwf_buf_printf(out, "{\"type\":\"%s\",", type[e->kind]);
    span_json(out, e->span);
    if (e->kind == CWF_E_OR || e->kind == CWF_E_AND) {
        cwf_buf_puts(out, ",\"children\":[");
        for (uint32_t i = 0; i < e->u.list.n; i++) {
            if (i > 0)
                cwf_buf_putc(out, ',');
            expr_json(e->u.list.kids[i], delim, out);
        }
        cwf_buf_puts(out, "]}");
        return;
    }
    if (delim) {
        cwf_buf_puts(out, ",\"field\":");
        str_json(out, e->u.leaf.sel.segs[0].name);
    } else {
        cwf_buf_puts(out, ",\"selector\":");
        selector_json(&e->u.leaf.sel, out);
    }
    if (e->kind == CWF_E_CMP) {
        cwf_buf_printf(out, ",\"op\":\"%s\",\"value\":", cwf_op_text(e->u.leaf.op));
        value_json(&e->u.leaf.val, out);
    }
    cwf_buf_putc(out, '}');
}

void cwf_pattern_json(const cwf_pattern *p, cwf_buf *out)
{
    static const char *const term_kind[] = {"plain", "exclude", "optional"};
    static const char *const field_kind[] = {"empty", "ellipsis", "name", "condition"};
    cwf_buf_printf(out, "{\"kind\":\"%s\",", cwf_kind_name(p->kind));
    span_json(out, p->span);
    switch (p->kind) {
    case CWF_K_ALL:
        break;
    case CWF_K_JSON:
        cwf_buf_puts(out, ",\"expr\":");
        expr_json(p->u.json, false, out);
        break;
    case CWF_K_REGEX:
        cwf_buf_puts(out, ",\"regex\":");
        value_json(&p->u.regex, out);
        break;
    case CWF_K_TERMS:
        cwf_buf_puts(out, ",\"terms\":[");
        for (uint32_t i = 0; i < p->u.terms.n; i++) {
            const cwf_term *t = &p->u.terms.v[i];
            cwf_buf_printf(out, "%s{\"type\":\"%s\",\"quoted\":%s,\"text\":", i ? "," : "",
                           term_kind[t->kind], t->quoted ? "true" : "false");
            str_json(out, t->text);
            cwf_buf_putc(out, ',');
            span_json(out, t->span);
            cwf_buf_putc(out, '}');
        }
        cwf_buf_putc(out, ']');
        break;
    case CWF_K_DELIM:
        cwf_buf_puts(out, ",\"fields\":[");
        for (uint32_t i = 0; i < p->u.delim.n; i++) {
            const cwf_field *f = &p->u.delim.v[i];
            cwf_buf_printf(out, "%s{\"type\":\"%s\",", i ? "," : "", field_kind[f->kind]);
            if (f->kind == CWF_F_NAME || f->kind == CWF_F_COND) {
                cwf_buf_puts(out, "\"name\":");
                str_json(out, f->name);
                cwf_buf_putc(out, ',');
            }
            if (f->kind == CWF_F_COND) {
                cwf_buf_puts(out, "\"condition\":");
                expr_json(f->cond, true, out);
                cwf_buf_putc(out, ',');
            }
            span_json(out, f->span);
            cwf_buf_putc(out, '}');
        }
        cwf_buf_putc(out, ']');
        break;
    }
    cwf_buf_putc(out, '}');
}
