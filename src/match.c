/* match.c: the matcher (see match.h).
 *
 * cwf_matcher_new compiles the pattern once: the boolean tree of a JSON or
 * delimited pattern into a flat array of nodes over "leaves" (one per
 * condition), every JSON selector into one path trie, every %regex% into a
 * DFA (or, for one whose DFA is over the caps, its NFA: cwf_re_search).
 * Matching a JSON event is then one scan (jscan.c) plus an evaluation of the
 * tree that looks values up among the scan's hits. */
#include "match.h"

#include <stdlib.h>
#include <string.h>

#include "jscan.h"
#include "prefilter.h"
#include "regex.h"

/* A condition: JSON `sel op value`, IS NULL/TRUE/FALSE, NOT EXISTS, or a
 * delimited field condition. */
typedef struct leaf {
    const cwf_expr *e;
    uint32_t *nodes;  /* JSON: the trie node after each selector segment */
    const cwf_re *re; /* a %regex% value: its search DFA when it has one, */
    cwf_dfa *dfa;     /* else NULL and cwf_re_search */
    uint32_t field;   /* delimited: the pattern entry whose field it tests */
} leaf;

/* A node of the compiled tree: OR and AND over kids[a..a+n), or leaves[a]. */
typedef struct cnode {
    cwf_expr_kind kind;
    uint32_t a, n;
    uint32_t set;   /* an OR of `sel = "text"` on one plain selector: its
                       entry in sets, else CWF_JNONE */
} cnode;

/* The texts of such an OR, for one hash lookup instead of one comparison
 * per condition (the CIS patterns OR a dozen event names). */
typedef struct vset {
    const cwf_str **slot;   /* open addressing, a power of two */
    uint32_t cap;
} vset;

/* A field of the message being matched against a delimited pattern. */
typedef struct fspan {
    size_t start, end;  /* the field's text, delimiters removed */
    size_t raw;         /* where the field starts, delimiter included */
} fspan;

struct cwf_matcher {
    const cwf_pattern *p;
    cnode *nodes;
    uint32_t nnodes, ncap;
    uint32_t *kids;
    uint32_t nkids, kcap;
    leaf *leaves;
    uint32_t nleaves, lcap;
    uint32_t root;          /* JSON: the tree's root node */
    uint32_t *froot;        /* delimited: per entry, its tree or CWF_JNONE */
    cwf_jpaths *paths;      /* JSON */
    cwf_jscan scan;         /* JSON */
    const cwf_re *re;       /* REGEX: its search DFA when it has one, else */
    cwf_dfa *regex;         /* NULL and cwf_re_search */
    cwf_prefilter *pf;      /* the literals a match needs, or NULL */
    bool use_pf;
    uint32_t pf_seen, pf_cand, pf_skip; /* see prefilter_rejects */
    vset *sets;
    uint32_t nsets;
    /* per event, delimited */
    const char *msg;
    fspan *fields;
    size_t nfields, fcap;
    const char **fval;      /* per entry: its field's value */
    size_t *flen;
    cwf_buf tmp;            /* numbers and explanations */
    cwf_explanation *why;   /* non-NULL while explaining */
};

/* ---- extracted values -------------------------------------------------- */

const char *cwf_extracted_name(const cwf_extracted *x, size_t i)
{
    return x->text.p + x->off[i];
}

const char *cwf_extracted_value(const cwf_extracted *x, size_t i, size_t *len)
{
    const char *name = x->text.p + x->off[i];
    if (len)
        *len = x->vlen[i];
    return name + strlen(name) + 1;
}

const char *cwf_extracted_get(const cwf_extracted *x, const char *name, size_t *len)
{
    for (size_t i = 0; i < x->n; i++)
        if (strcmp(cwf_extracted_name(x, i), name) == 0)
            return cwf_extracted_value(x, i, len);
    return NULL;
}

/* Adds "$name" (name not NULL) or "$pos" with the value v[0..n). */
static void extracted_add(cwf_extracted *x, const cwf_str *name, size_t pos,
                          const char *v, size_t n)
{
    if (x->n == x->cap) {
        x->cap = x->cap ? 2 * x->cap : 16;
        x->off = cwf_xrealloc(x->off, x->cap * sizeof *x->off);
        x->vlen = cwf_xrealloc(x->vlen, x->cap * sizeof *x->vlen);
    }
    x->off[x->n] = x->text.len;
    x->vlen[x->n] = n;
    x->n++;
    if (name)
        cwf_buf_printf(&x->text, "$%.*s", (int)name->len, name->p);
    else
        cwf_buf_printf(&x->text, "$%zu", pos);
    cwf_buf_putc(&x->text, '\0');
    cwf_buf_add(&x->text, v, n);
    cwf_buf_putc(&x->text, '\0');
}

void cwf_extracted_clear(cwf_extracted *x)
{
    x->n = 0;
    cwf_buf_reset(&x->text);
}

void cwf_extracted_free(cwf_extracted *x)
{
    cwf_buf_free(&x->text);
    free(x->off);
    free(x->vlen);
    memset(x, 0, sizeof *x);
}

/* ---- compiling --------------------------------------------------------- */

static bool is_list(cwf_expr_kind k)
{
    return k == CWF_E_OR || k == CWF_E_AND;
}

static uint32_t add_leaf(cwf_matcher *m, const cwf_expr *e)
{
    if (m->nleaves == m->lcap) {
        m->lcap = m->lcap ? 2 * m->lcap : 16;
        m->leaves = cwf_xrealloc(m->leaves, m->lcap * sizeof *m->leaves);
    }
    leaf *l = &m->leaves[m->nleaves];
    memset(l, 0, sizeof *l);
    l->e = e;
    l->field = CWF_JNONE;
    const cwf_selector *sel = &e->u.leaf.sel;
    if (m->paths) {
        l->nodes = cwf_xmalloc((sel->n + 1) * sizeof *l->nodes);
        cwf_jpaths_add(m->paths, sel->segs, sel->n, l->nodes);
    }
    if (e->kind == CWF_E_CMP && e->u.leaf.val.kind == CWF_V_REGEX && e->u.leaf.val.re) {
        l->re = e->u.leaf.val.re;
        l->dfa = cwf_dfa_regex(l->re);
    }
    return m->nleaves++;
}

static uint64_t str_hash(const char *p, size_t n)
{
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 1099511628211u;
    return h;
}

/* Whether leaf l is `sel = "text"` (exact, no regex) on a selector without
 * wildcards. */
static bool set_leaf(const leaf *l)
{
    const cwf_expr *e = l->e;
    if (e->kind != CWF_E_CMP || e->u.leaf.op != CWF_OP_EQ ||
        e->u.leaf.val.kind != CWF_V_STRING || e->u.leaf.val.wild != CWF_W_NONE)
        return false;
    for (uint32_t k = 0; k < e->u.leaf.sel.n; k++)
        if (e->u.leaf.sel.segs[k].kind == CWF_SEG_ANY_FIELD ||
            e->u.leaf.sel.segs[k].kind == CWF_SEG_ANY_INDEX)
            return false;
    return true;
}

/* The set of OR node me when every child is a set_leaf on the same trie
 * path (at least 4 of them), else CWF_JNONE. */
static uint32_t make_set(cwf_matcher *m, uint32_t me)
{
    const cnode *c = &m->nodes[me];
    if (c->n < 4)
        return CWF_JNONE;
    const leaf *first = NULL;
    for (uint32_t i = 0; i < c->n; i++) {
        const cnode *k = &m->nodes[m->kids[c->a + i]];
        if (k->kind != CWF_E_CMP || !set_leaf(&m->leaves[k->a]))
            return CWF_JNONE;
        const leaf *l = &m->leaves[k->a];
        uint32_t n = l->e->u.leaf.sel.n;
        if (!first)
            first = l;
        else if (n != first->e->u.leaf.sel.n || l->nodes[n] != first->nodes[n])
            return CWF_JNONE;
    }
    vset v;
    for (v.cap = 8; v.cap < 2 * c->n; v.cap *= 2)
        ;
    v.slot = cwf_xcalloc(v.cap, sizeof *v.slot);
    for (uint32_t i = 0; i < c->n; i++) {
        const cwf_str *t = &m->leaves[m->nodes[m->kids[c->a + i]].a].e->u.leaf.val.text;
        uint32_t j = (uint32_t)str_hash(t->p, t->len) & (v.cap - 1);
        while (v.slot[j])
            j = (j + 1) & (v.cap - 1);
        v.slot[j] = t;
    }
    m->sets = cwf_xrealloc(m->sets, (m->nsets + 1) * sizeof *m->sets);
    m->sets[m->nsets] = v;
    return m->nsets++;
}

/* Compiles e into the node array; returns its node.  Recursion follows the
 * pattern's nesting, which its 1024-byte limit bounds. */
static uint32_t compile(cwf_matcher *m, const cwf_expr *e)
{
    if (m->nnodes == m->ncap) {
        m->ncap = m->ncap ? 2 * m->ncap : 16;
        m->nodes = cwf_xrealloc(m->nodes, m->ncap * sizeof *m->nodes);
    }
    uint32_t me = m->nnodes++;
    m->nodes[me].kind = e->kind;
    m->nodes[me].set = CWF_JNONE;
    if (!is_list(e->kind)) {
        m->nodes[me].a = add_leaf(m, e);
        m->nodes[me].n = 0;
        return me;
    }
    uint32_t n = e->u.list.n;
    uint32_t *tmp = cwf_xmalloc((n ? n : 1) * sizeof *tmp);
    for (uint32_t i = 0; i < n; i++)
        tmp[i] = compile(m, e->u.list.kids[i]);
    if (m->nkids + n > m->kcap) {
        while (m->nkids + n > m->kcap)
            m->kcap = m->kcap ? 2 * m->kcap : 16;
        m->kids = cwf_xrealloc(m->kids, m->kcap * sizeof *m->kids);
    }
    memcpy(m->kids + m->nkids, tmp, n * sizeof *tmp);
    m->nodes[me].a = m->nkids;
    m->nodes[me].n = n;
    m->nkids += n;
    free(tmp);
    if (e->kind == CWF_E_OR && m->paths)
        m->nodes[me].set = make_set(m, me);
    return me;
}

/* The delimited entry named name[0..n), or CWF_JNONE. */
static uint32_t entry_named(const cwf_pattern *p, const char *name, uint32_t n)
{
    for (uint32_t i = 0; i < p->u.delim.n; i++) {
        const cwf_field *f = &p->u.delim.v[i];
        if ((f->kind == CWF_F_NAME || f->kind == CWF_F_COND) && f->name.len == n &&
            memcmp(f->name.p, name, n) == 0)
            return i;
    }
    return CWF_JNONE;
}

cwf_matcher *cwf_matcher_new(const cwf_pattern *p)
{
    cwf_matcher *m = cwf_xcalloc(1, sizeof *m);
    m->p = p;
    m->root = CWF_JNONE;
    m->pf = cwf_prefilter_new(p);
    m->use_pf = true;
    switch (p->kind) {
    case CWF_K_JSON:
        m->paths = cwf_jpaths_new();
        m->root = compile(m, p->u.json);
        cwf_jscan_init(&m->scan, m->paths);
        break;
    case CWF_K_REGEX:
        if (p->u.regex.re) {
            m->re = p->u.regex.re;
            m->regex = cwf_dfa_regex(m->re);
        }
        break;
    case CWF_K_DELIM: {
        uint32_t n = p->u.delim.n;
        m->froot = cwf_xmalloc((n ? n : 1) * sizeof *m->froot);
        m->fval = cwf_xcalloc(n ? n : 1, sizeof *m->fval);
        m->flen = cwf_xcalloc(n ? n : 1, sizeof *m->flen);
        for (uint32_t i = 0; i < n; i++) {
            const cwf_field *f = &p->u.delim.v[i];
            m->froot[i] = CWF_JNONE;
            if (f->kind != CWF_F_COND || !f->cond)
                continue;
            uint32_t first = m->nleaves;
            m->froot[i] = compile(m, f->cond);
            /* Each condition tests the field it names (validation allows
             * only its own entry's name). */
            for (uint32_t k = first; k < m->nleaves; k++) {
                const cwf_selector *sel = &m->leaves[k].e->u.leaf.sel;
                uint32_t at = sel->n ? entry_named(p, sel->segs[0].name.p, sel->segs[0].name.len)
                                     : CWF_JNONE;
                m->leaves[k].field = at != CWF_JNONE ? at : i;
            }
        }
        break;
    }
    case CWF_K_ALL:
    case CWF_K_TERMS:
        break;
    }
    return m;
}

void cwf_matcher_set_prefilter(cwf_matcher *m, bool on)
{
    m->use_pf = on;
}

bool cwf_matcher_candidate(const cwf_matcher *m, const char *msg, size_t len)
{
    return !m->pf || cwf_prefilter_candidate(m->pf, msg, len);
}

void cwf_matcher_free(cwf_matcher *m)
{
    if (!m)
        return;
    for (uint32_t i = 0; i < m->nleaves; i++) {
        free(m->leaves[i].nodes);
        if (m->leaves[i].dfa)
            cwf_dfa_free(m->leaves[i].dfa);
    }
    if (m->regex)
        cwf_dfa_free(m->regex);
    cwf_prefilter_free(m->pf);
    for (uint32_t i = 0; i < m->nsets; i++)
        free(m->sets[i].slot);
    free(m->sets);
    if (m->paths) {
        cwf_jscan_free(&m->scan);
        cwf_jpaths_free(m->paths);
    }
    free(m->leaves);
    free(m->nodes);
    free(m->kids);
    free(m->froot);
    free(m->fields);
    free(m->fval);
    free(m->flen);
    cwf_buf_free(&m->tmp);
    free(m);
}

/* ---- value tests ------------------------------------------------------- */

/* Whether t[0..n) is a string value's text (D7): exact (an inner * is
 * literal), any, prefix, suffix or contains. */
static bool wild_match(const cwf_value *v, const char *t, size_t n)
{
    const cwf_str *c = &v->core;
    switch (v->wild) {
    case CWF_W_NONE:
        return n == v->text.len && memcmp(t, v->text.p, n) == 0;
    case CWF_W_ANY:
        return true;
    case CWF_W_PREFIX:
        return n >= c->len && memcmp(t, c->p, c->len) == 0;
    case CWF_W_SUFFIX:
        return n >= c->len && memcmp(t + n - c->len, c->p, c->len) == 0;
    case CWF_W_CONTAINS:
        return cwf_occurs(t, n, c->p, c->len);
    }
    return false;
}

/* Whether re, with its search DFA dfa or NULL, matches somewhere in
 * t[0..n); false for no regex (one that did not parse). */
static bool regex_match(const cwf_re *re, const cwf_dfa *dfa, const char *t, size_t n)
{
    if (dfa)
        return cwf_dfa_accepts(dfa, t, n);
    return re && cwf_re_search(re, t, n);
}

/* Whether text t[0..n) satisfies a string or regex value (before !=). */
static bool text_match(const leaf *l, const char *t, size_t n)
{
    const cwf_value *v = &l->e->u.leaf.val;
    if (v->kind == CWF_V_REGEX)
        return regex_match(l->re, l->dfa, t, n);
    return wild_match(v, t, n);
}

static bool compare(cwf_op op, double x, double v)
{
    switch (op) {
    case CWF_OP_EQ: return x == v;
    case CWF_OP_NE: return x != v;
    case CWF_OP_LT: return x < v;
    case CWF_OP_GT: return x > v;
    case CWF_OP_LE: return x <= v;
    case CWF_OP_GE: return x >= v;
    }
    return false;
}

/* Whether t[0..n) is a number in the D8 grammar (JSON's, with an optional +
 * and leading zeros). */
static bool d8_number(const char *t, size_t n)
{
    size_t i = 0, d;
    if (i < n && (t[i] == '+' || t[i] == '-'))
        i++;
    for (d = i; i < n && t[i] >= '0' && t[i] <= '9'; i++)
        ;
    if (i == d)
        return false;
    if (i < n && t[i] == '.') {
        for (d = ++i; i < n && t[i] >= '0' && t[i] <= '9'; i++)
            ;
        if (i == d)
            return false;
    }
    if (i < n && (t[i] == 'e' || t[i] == 'E')) {
        if (++i < n && (t[i] == '+' || t[i] == '-'))
            i++;
        for (d = i; i < n && t[i] >= '0' && t[i] <= '9'; i++)
            ;
        if (i == d)
            return false;
    }
    return i == n;
}

/* The value of number text t[0..n) (already checked). */
static double number_value(cwf_matcher *m, const char *t, size_t n)
{
    cwf_buf_reset(&m->tmp);
    cwf_buf_add(&m->tmp, t, n);
    return strtod(m->tmp.p, NULL);
}

/* `op value` on a text that is a JSON string (number false) or number
 * (number true), or a delimited field (field true).  D9, D10, D8. */
static bool cmp_text(cwf_matcher *m, const leaf *l, const char *t, size_t n,
                     bool number, bool field)
{
    const cwf_value *v = &l->e->u.leaf.val;
    cwf_op op = l->e->u.leaf.op;
    if (v->kind == CWF_V_NUMBER) {
        if (field ? !d8_number(t, n) : !number)
            return false;
        return compare(op, number_value(m, t, n), v->num);
    }
    if (op == CWF_OP_EQ)
        return text_match(l, t, n);
    if (op == CWF_OP_NE)
        return !text_match(l, t, n);
    return false;
}

/* ---- JSON -------------------------------------------------------------- */

/* Whether leaf l holds for the value of hit h (CWF_JNONE: missing). */
static bool json_value(cwf_matcher *m, const leaf *l, uint32_t h)
{
    cwf_jtype t = h == CWF_JNONE ? CWF_J_MISSING : m->scan.hits[h].type;
    switch (l->e->kind) {
    case CWF_E_NOT_EXISTS: return t == CWF_J_MISSING;
    case CWF_E_IS_NULL:    return t == CWF_J_NULL;
    case CWF_E_IS_TRUE:    return t == CWF_J_TRUE;
    case CWF_E_IS_FALSE:   return t == CWF_J_FALSE;
    case CWF_E_CMP:
        break;
    default:
        return false;
    }
    if (t != CWF_J_STRING && t != CWF_J_NUMBER)
        return false; /* D10, D11: missing, null, booleans, objects, arrays */
    size_t n;
    const char *s = cwf_jscan_str(&m->scan, h, &n);
    return cmp_text(m, l, s, n, t == CWF_J_NUMBER, false);
}

/* Whether leaf l holds at hit h, reached after k segments of its selector.
 * A wildcard segment holds when some selected member or element does (D12);
 * the recursion is as deep as the selector's wildcards. */
static bool json_leaf_at(cwf_matcher *m, const leaf *l, uint32_t h, uint32_t k)
{
    const cwf_selector *sel = &l->e->u.leaf.sel;
    for (; k < sel->n; k++) {
        cwf_seg_kind kind = sel->segs[k].kind;
        if (kind == CWF_SEG_ANY_FIELD || kind == CWF_SEG_ANY_INDEX) {
            cwf_jtype want = kind == CWF_SEG_ANY_FIELD ? CWF_J_OBJECT : CWF_J_ARRAY;
            if (h == CWF_JNONE || m->scan.hits[h].type != want)
                return false;
            for (uint32_t c = cwf_jscan_first(&m->scan, h, l->nodes[k + 1]); c != CWF_JNONE;
                 c = cwf_jscan_next(&m->scan, c))
                if (json_leaf_at(m, l, c, k + 1))
                    return true;
            return false;
        }
        if (h != CWF_JNONE)
            h = cwf_jscan_child(&m->scan, h, l->nodes[k + 1]);
    }
    return json_value(m, l, h);
}

/* Whether the last scan is a JSON object or array (D14). */
static bool json_ok(const cwf_matcher *m)
{
    cwf_jtype t = m->scan.hits[0].type;
    return t == CWF_J_OBJECT || t == CWF_J_ARRAY;
}

/* ---- delimited --------------------------------------------------------- */

/* Splits msg into fields (SPEC 5.1, Q20): runs of spaces separate fields; a
 * field that starts with [ or " runs to the closing ] or " (an unclosed one
 * to the end), and its value drops the delimiters. */
static void split(cwf_matcher *m, const char *msg, size_t len)
{
    m->nfields = 0;
    size_t i = 0;
    for (;;) {
        while (i < len && msg[i] == ' ')
            i++;
        if (i >= len)
            break;
        if (m->nfields == m->fcap) {
            m->fcap = m->fcap ? 2 * m->fcap : 16;
            m->fields = cwf_xrealloc(m->fields, m->fcap * sizeof *m->fields);
        }
        fspan *f = &m->fields[m->nfields++];
        f->raw = i;
        if (msg[i] == '[' || msg[i] == '"') {
            const char *close = memchr(msg + i + 1, msg[i] == '[' ? ']' : '"', len - i - 1);
            f->start = i + 1;
            f->end = close ? (size_t)(close - msg) : len;
            i = close ? f->end + 1 : len;
        } else {
            f->start = i;
            while (i < len && msg[i] != ' ')
                i++;
            f->end = i;
        }
    }
}

static bool eval(cwf_matcher *m, uint32_t node);

static bool delim_leaf(cwf_matcher *m, const leaf *l)
{
    uint32_t f = l->field;
    return cmp_text(m, l, m->fval[f], m->flen[f], false, true);
}

/* Lines the message fields up with the pattern's entries and fills fval;
 * with ex, also the extracted values.  False when there are too few fields.
 * Without ..., a message with more fields than entries gives the last entry
 * the rest of the line as written (D18). */
static bool delim_bind(cwf_matcher *m, const char *msg, size_t len, cwf_extracted *ex)
{
    const cwf_pattern *p = m->p;
    uint32_t k = p->u.delim.n;
    uint32_t ell = CWF_JNONE;
    for (uint32_t i = 0; i < k; i++)
        if (p->u.delim.v[i].kind == CWF_F_ELLIPSIS && ell == CWF_JNONE)
            ell = i;
    size_t n = m->nfields;
    if (k == 0) { /* []: every field, by position */
        for (size_t i = 0; ex && i < n; i++)
            extracted_add(ex, NULL, i + 1, msg + m->fields[i].start,
                          m->fields[i].end - m->fields[i].start);
        return true;
    }
    size_t fixed = ell == CWF_JNONE ? k : k - 1;
    if (n < fixed)
        return false;
    size_t after = ell == CWF_JNONE ? 0 : k - 1 - ell;
    size_t stop = ell == CWF_JNONE ? k : n; /* fields past k: the last entry's */
    for (size_t pos = 0; pos < stop; pos++) {
        uint32_t e = CWF_JNONE;
        if (ell == CWF_JNONE || pos < ell)
            e = (uint32_t)pos;
        else if (pos >= n - after)
            e = (uint32_t)(ell + 1 + (pos - (n - after)));
        const char *v = msg + m->fields[pos].start;
        size_t vn = m->fields[pos].end - m->fields[pos].start;
        if (ell == CWF_JNONE && pos == k - 1 && n > k) {
            size_t end = len;
            while (end > m->fields[pos].raw && msg[end - 1] == ' ')
                end--;
            v = msg + m->fields[pos].raw;
            vn = end - m->fields[pos].raw;
        }
        const cwf_field *f = e == CWF_JNONE ? NULL : &p->u.delim.v[e];
        bool named = f && (f->kind == CWF_F_NAME || f->kind == CWF_F_COND);
        if (e != CWF_JNONE) {
            m->fval[e] = v;
            m->flen[e] = vn;
        }
        if (ex)
            extracted_add(ex, named ? &f->name : NULL, pos + 1, v, vn);
    }
    return true;
}

static bool delim_match(cwf_matcher *m, const char *msg, size_t len, cwf_extracted *ex)
{
    split(m, msg, len);
    if (!delim_bind(m, msg, len, ex))
        return false;
    for (uint32_t i = 0; i < m->p->u.delim.n; i++)
        if (m->froot[i] != CWF_JNONE && !eval(m, m->froot[i]))
            return false;
    return true;
}

/* ---- terms ------------------------------------------------------------- */

static bool contains(const char *msg, size_t len, const cwf_str *t)
{
    return cwf_occurs(msg, len, t->p, t->len);
}

/* D17: plain terms must occur, excluded ones must not; optional terms count
 * only when the pattern has no plain or excluded term. */
static bool terms_match(const cwf_pattern *p, const char *msg, size_t len)
{
    bool strict = false, optional = false, any = false;
    for (uint32_t i = 0; i < p->u.terms.n; i++) {
        const cwf_term *t = &p->u.terms.v[i];
        if (t->kind == CWF_T_OPTIONAL) {
            optional = true;
            continue;
        }
        strict = true;
        bool c = contains(msg, len, &t->text);
        if (c != (t->kind == CWF_T_PLAIN))
            return false;
    }
    if (strict || !optional)
        return true;
    for (uint32_t i = 0; i < p->u.terms.n && !any; i++)
        any = contains(msg, len, &p->u.terms.v[i].text);
    return any;
}

/* ---- evaluation -------------------------------------------------------- */

/* An OR of `sel = "text"` on one selector: the value the selector reaches,
 * a string or number (D9, D10), looked up among the texts. */
static bool set_eval(cwf_matcher *m, const cnode *c)
{
    const leaf *l = &m->leaves[m->nodes[m->kids[c->a]].a];
    uint32_t h = 0;
    for (uint32_t k = 0; k < l->e->u.leaf.sel.n && h != CWF_JNONE; k++)
        h = cwf_jscan_child(&m->scan, h, l->nodes[k + 1]);
    if (h == CWF_JNONE ||
        (m->scan.hits[h].type != CWF_J_STRING && m->scan.hits[h].type != CWF_J_NUMBER))
        return false;
    size_t n;
    const char *t = cwf_jscan_str(&m->scan, h, &n);
    const vset *v = &m->sets[c->set];
    for (uint32_t j = (uint32_t)str_hash(t, n) & (v->cap - 1); v->slot[j]; j = (j + 1) & (v->cap - 1))
        if (v->slot[j]->len == n && memcmp(v->slot[j]->p, t, n) == 0)
            return true;
    return false;
}

static bool eval(cwf_matcher *m, uint32_t node)
{
    const cnode *c = &m->nodes[node];
    if (c->set != CWF_JNONE)
        return set_eval(m, c);
    if (c->kind == CWF_E_OR) {
        for (uint32_t i = 0; i < c->n; i++)
            if (eval(m, m->kids[c->a + i]))
                return true;
        return false;
    }
    if (c->kind == CWF_E_AND) {
        for (uint32_t i = 0; i < c->n; i++)
            if (!eval(m, m->kids[c->a + i]))
                return false;
        return true;
    }
    const leaf *l = &m->leaves[c->a];
    if (m->p->kind == CWF_K_DELIM)
        return delim_leaf(m, l);
    return json_leaf_at(m, l, 0, 0);
}

/* The prefilter's verdict, sampled: when more than 7 in 8 of 1024 events
 * were candidates, it is not asked for the next 16384 (it would cost more
 * than it saves).  Either way the verdicts are the same. */
static bool prefilter_rejects(cwf_matcher *m, const char *msg, size_t len)
{
    if (m->pf_skip) {
        m->pf_skip--;
        return false;
    }
    bool cand = cwf_prefilter_candidate(m->pf, msg, len);
    m->pf_cand += cand;
    if (++m->pf_seen == 1024) {
        if (m->pf_cand > 1024 - 128)
            m->pf_skip = 16384;
        m->pf_seen = m->pf_cand = 0;
    }
    return !cand;
}

bool cwf_matcher_match(cwf_matcher *m, const char *msg, size_t len, cwf_extracted *ex)
{
    if (ex)
        cwf_extracted_clear(ex);
    const cwf_pattern *p = m->p;
    if (m->pf && m->use_pf && prefilter_rejects(m, msg, len))
        return false;
    switch (p->kind) {
    case CWF_K_ALL:
        return true;
    case CWF_K_TERMS:
        return terms_match(p, msg, len);
    case CWF_K_REGEX:
        return regex_match(m->re, m->regex, msg, len);
    case CWF_K_JSON:
        return cwf_jscan_run(&m->scan, msg, len) && json_ok(m) && eval(m, m->root);
    case CWF_K_DELIM: {
        bool ok = delim_match(m, msg, len, ex);
        if (!ok && ex)
            cwf_extracted_clear(ex);
        return ok;
    }
    }
    return false;
}

/* ---- explanations ------------------------------------------------------ */

static void why_add(cwf_explanation *x, cwf_span span, bool held, char *detail)
{
    x->v = cwf_xrealloc(x->v, (x->n + 1) * sizeof *x->v);
    x->v[x->n].span = span;
    x->v[x->n].held = held;
    x->v[x->n].detail = detail;
    x->n++;
}

/* Appends text t[0..n) as a JSON string, cut after 60 bytes. */
static void quote_cut(cwf_buf *b, const char *t, size_t n)
{
    if (n <= 60) {
        cwf_buf_json_str(b, t, n);
        return;
    }
    size_t cut = 60;
    while (cut > 0 && ((unsigned char)t[cut] & 0xC0) == 0x80)
        cut--; /* not inside a UTF-8 sequence */
    cwf_buf_json_str(b, t, cut);
    cwf_buf_puts(b, "...");
}

/* Describes the value of hit h for an explanation. */
static void describe(cwf_matcher *m, uint32_t h, cwf_buf *b)
{
    if (h == CWF_JNONE) {
        cwf_buf_puts(b, "missing");
        return;
    }
    cwf_jtype t = m->scan.hits[h].type;
    size_t n;
    const char *s = cwf_jscan_str(&m->scan, h, &n);
    if (t == CWF_J_STRING)
        quote_cut(b, s, n);
    else if (t == CWF_J_NUMBER)
        cwf_buf_add(b, s, n < 60 ? n : 60);
    else if (t == CWF_J_OBJECT || t == CWF_J_ARRAY)
        cwf_buf_printf(b, "an %s", cwf_jtype_name(t));
    else
        cwf_buf_puts(b, cwf_jtype_name(t));
}

/* The explanation of one JSON leaf: the value its selector reaches, or for
 * a wildcard, how many it selects. */
static char *json_detail(cwf_matcher *m, const leaf *l)
{
    const cwf_selector *sel = &l->e->u.leaf.sel;
    cwf_buf b = CWF_BUF_INIT;
    uint32_t h = 0;
    for (uint32_t k = 0; k < sel->n; k++) {
        cwf_seg_kind kind = sel->segs[k].kind;
        if (kind == CWF_SEG_ANY_FIELD || kind == CWF_SEG_ANY_INDEX) {
            cwf_jtype want = kind == CWF_SEG_ANY_FIELD ? CWF_J_OBJECT : CWF_J_ARRAY;
            if (h == CWF_JNONE || m->scan.hits[h].type != want) {
                cwf_buf_puts(&b, "the wildcard selects nothing: ");
                describe(m, h, &b);
                cwf_buf_printf(&b, " is not an %s", cwf_jtype_name(want));
                return cwf_buf_take(&b);
            }
            size_t n = 0, held = 0;
            for (uint32_t c = cwf_jscan_first(&m->scan, h, l->nodes[k + 1]); c != CWF_JNONE;
                 c = cwf_jscan_next(&m->scan, c)) {
                n++;
                held += json_leaf_at(m, l, c, k + 1);
            }
            cwf_buf_printf(&b, "the wildcard selects %zu %s, %zu of which satisfy it", n,
                           kind == CWF_SEG_ANY_FIELD ? "members" : "elements", held);
            return cwf_buf_take(&b);
        }
        if (h != CWF_JNONE)
            h = cwf_jscan_child(&m->scan, h, l->nodes[k + 1]);
    }
    cwf_selector_format(sel, &b);
    cwf_buf_puts(&b, " is ");
    describe(m, h, &b);
    return cwf_buf_take(&b);
}

static char *field_detail(cwf_matcher *m, const leaf *l)
{
    cwf_buf b = CWF_BUF_INIT;
    const cwf_field *f = &m->p->u.delim.v[l->field];
    cwf_buf_printf(&b, "field %.*s is ", (int)f->name.len, f->name.p);
    quote_cut(&b, m->fval[l->field], m->flen[l->field]);
    return cwf_buf_take(&b);
}

static char *term_detail(const cwf_term *t, bool found)
{
    cwf_buf b = CWF_BUF_INIT;
    quote_cut(&b, t->text.p, t->text.len);
    cwf_buf_puts(&b, found ? " occurs in the message" : " does not occur in the message");
    return cwf_buf_take(&b);
}

bool cwf_matcher_explain(cwf_matcher *m, const char *msg, size_t len, cwf_explanation *out)
{
    memset(out, 0, sizeof *out);
    const cwf_pattern *p = m->p;
    bool use_pf = m->use_pf;
    m->use_pf = false; /* the JSON scan below must be this event's */
    out->matched = cwf_matcher_match(m, msg, len, NULL);
    m->use_pf = use_pf;
    switch (p->kind) {
    case CWF_K_ALL:
        out->summary = cwf_xstrdup("an empty pattern matches every event");
        break;
    case CWF_K_TERMS: {
        bool strict = false;
        for (uint32_t i = 0; i < p->u.terms.n; i++)
            strict |= p->u.terms.v[i].kind != CWF_T_OPTIONAL;
        for (uint32_t i = 0; i < p->u.terms.n; i++) {
            const cwf_term *t = &p->u.terms.v[i];
            bool c = contains(msg, len, &t->text);
            why_add(out, t->span, t->kind == CWF_T_EXCLUDE ? !c : c, term_detail(t, c));
        }
        if (strict)
            for (uint32_t i = 0; i < p->u.terms.n && !out->summary; i++)
                if (p->u.terms.v[i].kind == CWF_T_OPTIONAL)
                    out->summary = cwf_xstrdup("the ?terms are ignored: the pattern has plain "
                                               "or excluded terms (D17)");
        break;
    }
    case CWF_K_REGEX:
        why_add(out, p->u.regex.span, out->matched,
                cwf_xstrdup(out->matched ? "the regex matches somewhere in the message"
                                         : "the regex matches nowhere in the message"));
        break;
    case CWF_K_JSON: {
        /* the scan of cwf_matcher_match is still current */
        if (!m->scan.error && !json_ok(m))
            out->summary = cwf_xasprintf("the message is a JSON %s, not an object or array: "
                                         "a JSON pattern does not match it (D14)",
                                         cwf_jtype_name(m->scan.hits[0].type));
        else if (m->scan.error)
            out->summary = cwf_xasprintf("the message is not JSON (%s at byte %zu): "
                                         "a JSON pattern does not match it (D14)",
                                         m->scan.error, m->scan.error_at + 1);
        bool ok = !out->summary;
        for (uint32_t i = 0; i < m->nleaves; i++) {
            const leaf *l = &m->leaves[i];
            bool held = ok && json_leaf_at(m, l, 0, 0);
            why_add(out, l->e->span, held, ok ? json_detail(m, l) : NULL);
        }
        break;
    }
    case CWF_K_DELIM: {
        split(m, msg, len);
        uint32_t k = p->u.delim.n;
        bool ell = false;
        for (uint32_t i = 0; i < k; i++)
            ell |= p->u.delim.v[i].kind == CWF_F_ELLIPSIS;
        bool ok = delim_bind(m, msg, len, NULL);
        if (!ok)
            out->summary = cwf_xasprintf("the message has %zu field%s; the pattern needs at "
                                         "least %u", m->nfields, m->nfields == 1 ? "" : "s",
                                         ell ? k - 1 : k);
        for (uint32_t i = 0; i < m->nleaves; i++) {
            const leaf *l = &m->leaves[i];
            bool held = ok && delim_leaf(m, l);
            why_add(out, l->e->span, held, ok ? field_detail(m, l) : NULL);
        }
        break;
    }
    }
    return out->matched;
}

void cwf_explanation_free(cwf_explanation *x)
{
    for (size_t i = 0; i < x->n; i++)
        free(x->v[i].detail);
    free(x->v);
    free(x->summary);
    memset(x, 0, sizeof *x);
}
