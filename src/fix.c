/* fix.c: fixes of a filter pattern, generated from the parser's suggestions
 * and the prover's per-case verdicts, each proved before it is kept (fix.h). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fix.h"
#include "parse.h"

/* ---- parsing and proving ----------------------------------------------------- */

typedef struct parsed {
    cwf_arena arena;
    cwf_diags diags;
    cwf_pattern *ast;   /* NULL on a syntax error */
    size_t errors;
} parsed;

static void parse_text(parsed *p, const char *text, size_t len)
{
    memset(p, 0, sizeof *p);
    p->ast = cwf_parse(text, len, &p->arena, &p->diags);
    p->errors = cwf_diags_count(&p->diags, CWF_ERROR);
}

static void parsed_free(parsed *p)
{
    cwf_diags_free(&p->diags);
    cwf_arena_free(&p->arena);
}

static bool clean(const parsed *p)
{
    return p->ast && p->errors == 0;
}

/* Parsed, with no error but the length limit (CWF201): good enough to
 * prove against, as the union of a pattern and its added cases. */
static bool provable(const parsed *p)
{
    if (!p->ast)
        return false;
    for (size_t i = 0; i < p->diags.n; i++)
        if (p->diags.v[i].severity == CWF_ERROR && p->diags.v[i].rule != CWF_R_TOO_LONG)
            return false;
    return true;
}

/* a covers b: no event matches b and not a. */
static bool covers(const cwf_pattern *a, const cwf_pattern *b)
{
    cwf_prove_options o = {0};
    cwf_proof pr = {0};
    bool yes = cwf_prove_with(a, b, &o, &pr) == CWF_COVERS && !pr.internal_error;
    cwf_proof_free(&pr);
    return yes;
}

static bool equiv(const cwf_pattern *a, const cwf_pattern *b)
{
    return covers(a, b) && covers(b, a);
}

static bool rule_covered(const cwf_pattern *p, const cwf_bench_rule *r)
{
    cwf_proof pr = {0};
    bool yes = cwf_check_rule(p, r, &pr) == CWF_COVERS;
    cwf_proof_free(&pr);
    return yes;
}

/* ---- fixes as data ------------------------------------------------------------ */

static cwf_fix *fix_new(cwf_fixes *out, cwf_rule_id rule, cwf_fix_safety s, const char *title)
{
    if (out->n == out->cap) {
        out->cap = out->cap ? 2 * out->cap : 8;
        out->v = cwf_xrealloc(out->v, out->cap * sizeof *out->v);
    }
    cwf_fix *f = &out->v[out->n++];
    memset(f, 0, sizeof *f);
    f->rule = rule;
    f->safety = s;
    f->title = cwf_xstrdup(title);
    return f;
}

static void edit_add(cwf_fix *f, uint32_t start, uint32_t end, const char *text, size_t n,
                     cwf_span copy)
{
    f->edits = cwf_xrealloc(f->edits, (f->nedits + 1) * sizeof *f->edits);
    f->edits[f->nedits++] = (cwf_fix_edit){{start, end}, cwf_xstrndup(text, n), copy};
}

static void edit_text(cwf_fix *f, uint32_t start, uint32_t end, const char *text)
{
    edit_add(f, start, end, text, strlen(text), (cwf_span){0, 0});
}

/* Inserts the pattern's own bytes [a, b) at spot. */
static void edit_copy(cwf_fix *f, uint32_t spot, const char *text, uint32_t a, uint32_t b)
{
    edit_add(f, spot, spot, text + a, b - a, (cwf_span){a, b});
}

static int edit_cmp(const void *x, const void *y)
{
    const cwf_fix_edit *a = x, *b = y;
    if (a->span.start != b->span.start)
        return a->span.start < b->span.start ? -1 : 1;
    return 0;
}

/* Sorts the edits by start, keeping the list order of those at one spot
 * (qsort is not stable: sort by (start, index)). */
static void edits_sort(cwf_fix *f)
{
    for (size_t i = 1; i < f->nedits; i++) {
        cwf_fix_edit e = f->edits[i];
        size_t j = i;
        while (j > 0 && edit_cmp(&f->edits[j - 1], &e) > 0) {
            f->edits[j] = f->edits[j - 1];
            j--;
        }
        f->edits[j] = e;
    }
}

/* Edits overlap (beyond touching): not a fix. */
static bool edits_ok(const cwf_fix *f, size_t len)
{
    for (size_t i = 0; i < f->nedits; i++) {
        const cwf_fix_edit *e = &f->edits[i];
        if (e->span.start > e->span.end || e->span.end > len)
            return false;
        if (i && e->span.start < f->edits[i - 1].span.end)
            return false;
    }
    return f->nedits > 0;
}

void cwf_fix_apply(const char *text, size_t len, const cwf_fix *f, cwf_buf *out)
{
    size_t at = 0;
    for (size_t i = 0; i < f->nedits; i++) {
        const cwf_fix_edit *e = &f->edits[i];
        if (e->span.start > at)
            cwf_buf_add(out, text + at, e->span.start - at);
        cwf_buf_puts(out, e->text);
        if (e->span.end > at)
            at = e->span.end;
    }
    if (len > at)
        cwf_buf_add(out, text + at, len - at);
}

void cwf_fix_free(cwf_fix *f)
{
    free(f->title);
    free(f->why);
    for (size_t i = 0; i < f->nedits; i++)
        free(f->edits[i].text);
    free(f->edits);
    free(f->fixed);
    memset(f, 0, sizeof *f);
}

void cwf_fixes_free(cwf_fixes *fs)
{
    for (size_t i = 0; i < fs->n; i++)
        cwf_fix_free(&fs->v[i]);
    free(fs->v);
    memset(fs, 0, sizeof *fs);
}

/* Drops the last fix of out. */
static void drop_last(cwf_fixes *out)
{
    cwf_fix_free(&out->v[--out->n]);
}

/* Sorts the edits of the last fix, applies them, and keeps the result in
 * the fix; false (the fix dropped) when the edits are not a fix or change
 * nothing. */
static bool finish(const char *text, size_t len, cwf_fixes *out)
{
    cwf_fix *f = &out->v[out->n - 1];
    edits_sort(f);
    if (!edits_ok(f, len)) {
        drop_last(out);
        return false;
    }
    cwf_buf b = CWF_BUF_INIT;
    cwf_fix_apply(text, len, f, &b);
    if (b.len == len && (len == 0 || memcmp(b.p, text, len) == 0)) {
        cwf_buf_free(&b);
        drop_last(out);
        return false;
    }
    f->fixed_len = b.len;
    f->fixed = b.p ? cwf_buf_take(&b) : cwf_xstrdup("");
    return true;
}

/* finish(), then the proof of a safe fix: the fixed pattern parses cleanly
 * and matches exactly the events orig matches.  False, the fix dropped,
 * when either fails. */
static bool finish_equiv(const char *text, size_t len, const parsed *orig, cwf_fixes *out)
{
    if (!finish(text, len, out))
        return false;
    const cwf_fix *f = &out->v[out->n - 1];
    parsed p;
    parse_text(&p, f->fixed, f->fixed_len);
    bool ok = clean(&p) && equiv(orig->ast, p.ast);
    parsed_free(&p);
    if (!ok)
        drop_last(out);
    return ok;
}

/* ---- syntax fixes --------------------------------------------------------------- */

/* The parser's suggestions that keep the meaning the author wrote. */
static bool syntax_fixable(cwf_rule_id r)
{
    switch (r) {
    case CWF_R_SINGLE_QUOTES:
    case CWF_R_SMART_QUOTES:
    case CWF_R_DOUBLE_EQUALS:
    case CWF_R_KEYWORD_CASE:
    case CWF_R_WORD_OPERATOR:
    case CWF_R_SPACED_EXCLUSION:
        return true;
    default:
        return false;
    }
}

/* Whether the fixed text still has a diagnostic of rule at the same spot
 * (shifted by what the edit changed before it). */
static bool still_there(const parsed *p, cwf_rule_id rule, uint32_t at)
{
    for (size_t i = 0; i < p->diags.n; i++)
        if (p->diags.v[i].rule == rule && p->diags.v[i].span.start == at)
            return true;
    return false;
}

static void syntax_fixes(const char *text, size_t len, const parsed *orig, cwf_fixes *out)
{
    for (size_t i = 0; i < orig->diags.n; i++) {
        const cwf_diag *g = &orig->diags.v[i];
        if (!syntax_fixable(g->rule) || !g->suggestion || g->span.end <= g->span.start)
            continue;
        char *title = cwf_xasprintf("replace `%.*s` with `%s`",
                                    (int)(g->span.end - g->span.start), text + g->span.start,
                                    g->suggestion);
        cwf_fix *f = fix_new(out, g->rule, CWF_FIX_SAFE, title);
        free(title);
        edit_text(f, g->span.start, g->span.end, g->suggestion);
        if (!finish(text, len, out))
            continue;
        f = &out->v[out->n - 1];
        parsed p;
        parse_text(&p, f->fixed, f->fixed_len);
        /* Proved: it parses with fewer errors and without this one; when the
         * original parsed, both match the same events. */
        bool ok = !still_there(&p, g->rule, g->span.start) &&
                  (p.errors < orig->errors ||
                   (p.errors == orig->errors && g->severity != CWF_ERROR)) &&
                  (!clean(orig) || (clean(&p) && equiv(orig->ast, p.ast)));
        parsed_free(&p);
        if (!ok)
            drop_last(out);
    }
}

/* ---- doubled parentheses and duplicate disjuncts ---------------------------------- */

/* The offset of the quote or `%` that ends the string or regex that
 * starts at k < len (len when none does); k itself when none starts there. */
static size_t past_string(const char *t, size_t len, size_t k)
{
    char c = t[k];
    if (c != '"' && c != '%')
        return k;
    for (k++; k < len && t[k] != c; k++)
        if (t[k] == '\\')
            k++;
    return k;
}

/* The offset of the ')' that closes the '(' at i, skipping strings and
 * regexes; len when there is none. */
static size_t close_of(const char *t, size_t len, size_t i)
{
    int depth = 0;
    for (size_t k = i; k < len; k = past_string(t, len, k) + 1) {
        if (t[k] == '(')
            depth++;
        else if (t[k] == ')' && --depth == 0)
            return k;
    }
    return len;
}

static bool blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The extent of e with the parentheses written around it.  A list's kids
 * may sit in groups of their own (`(A || B) || C` is one `||`): the groups
 * that open before its first kid or close after its last are its too. */
static cwf_span outer(const char *t, size_t len, const cwf_expr *e)
{
    uint32_t s = e->span.start, n = e->span.end;
    if (e->kind == CWF_E_OR || e->kind == CWF_E_AND) {
        s = outer(t, len, e->u.list.kids[0]).start;
        n = outer(t, len, e->u.list.kids[e->u.list.n - 1]).end;
        int depth = 0, low = 0; /* the unmatched `)` and `(` in [s, n) */
        for (size_t k = s; k < n; k = past_string(t, n, k) + 1) {
            depth += (t[k] == '(') - (t[k] == ')');
            if (depth < low)
                low = depth;
        }
        for (int k = -low; k > 0 && s > 0 && (blank(t[s - 1]) || t[s - 1] == '('); s--)
            k -= t[s - 1] == '(';
        for (int k = depth - low; k > 0 && n < len && (blank(t[n]) || t[n] == ')'); n++)
            k -= t[n] == ')';
    }
    for (;;) {
        uint32_t a = s, b = n;
        while (a > 0 && blank(t[a - 1]))
            a--;
        while (b < len && blank(t[b]))
            b++;
        if (a == 0 || b >= len || t[a - 1] != '(' || t[b] != ')' || close_of(t, len, a - 1) != b)
            break;
        s = a - 1;
        n = b + 1;
    }
    return (cwf_span){s, n};
}

/* A flat list as written: `A && (B && C)` is one `&&` of three kids, but the
 * author grouped B and C.  Each group of two or more kids is kept with the
 * offsets of its parentheses, so that kids can be removed group by group:
 * between the nodes of one level (kids and groups) there are only blanks
 * and the operator. */
typedef struct group {
    uint32_t open, close; /* offsets of `(` and its `)` */
    uint32_t first, last; /* the kids inside */
} group;

typedef struct layout {
    const char *t;
    cwf_span *o; /* each kid with its own parentheses */
    group *g;    /* g[0]: the parentheses around the whole list, if any */
    size_t ng;
    long whole;  /* 0 when g[0] is that pair, else -1 */
    const bool *gone; /* the kids to remove */
} layout;

static void group_add(layout *L, uint32_t open, uint32_t close, uint32_t first, uint32_t last)
{
    L->g = cwf_xrealloc(L->g, (L->ng + 1) * sizeof *L->g);
    L->g[L->ng++] = (group){open, close, first, last};
}

/* The `(` before the first kid (at from, over blanks and other `(`) that
 * closes at close; 0 with *ok false when there is none. */
static uint32_t open_before(const char *t, size_t len, uint32_t from, uint32_t close, bool *ok)
{
    for (uint32_t a = from; a > 0 && (blank(t[a - 1]) || t[a - 1] == '('); a--)
        if (t[a - 1] == '(' && close_of(t, len, a - 1) == close)
            return a - 1;
    *ok = false;
    return 0;
}

/* Whether t[a..b) holds only blanks and `)`: a group that closes there
 * closes after the list's last kid, around nothing else. */
static bool closes_only(const char *t, size_t a, size_t b)
{
    for (; a < b; a++)
        if (!blank(t[a]) && t[a] != ')')
            return false;
    return true;
}

/* Reads the groups of list e (a gap between two kids holds blanks, the
 * operator and parentheses); false when a `)` has no `(` in the list. */
static bool layout_read(const char *t, size_t len, const cwf_expr *e, layout *L)
{
    uint32_t n = e->u.list.n;
    memset(L, 0, sizeof *L);
    L->t = t;
    L->o = cwf_xcalloc(n, sizeof *L->o);
    for (uint32_t i = 0; i < n; i++)
        L->o[i] = outer(t, len, e->u.list.kids[i]);
    /* the innermost pair around the whole list, past the groups that
     * start at its first kid */
    L->whole = -1;
    for (uint32_t a = L->o[0].start; a > 0 && (blank(t[a - 1]) || t[a - 1] == '('); a--) {
        size_t c = t[a - 1] == '(' ? close_of(t, len, a - 1) : 0;
        if (c < L->o[n - 1].end)
            continue;
        if (!closes_only(t, L->o[n - 1].end, c))
            break; /* `(a && b || c)`: the pair holds more than this list */
        group_add(L, a - 1, (uint32_t)c, 0, n - 1);
        L->whole = 0;
        break;
    }
    bool ok = true;
    for (uint32_t i = 1; i < n && ok; i++)
        for (uint32_t k = L->o[i - 1].end; k < L->o[i].start && ok; k++) {
            char c = t[k];
            if (c == '(') {
                uint32_t cl = (uint32_t)close_of(t, len, k), last = i;
                while (last + 1 < n && L->o[last + 1].start < cl)
                    last++;
                group_add(L, k, cl, i, last);
            } else if (c == ')') {
                bool inside = false;
                for (size_t j = 0; j < L->ng && !inside; j++)
                    inside = L->g[j].close == k;
                if (!inside) /* opened before the first kid */
                    group_add(L, open_before(t, len, L->o[0].start, k, &ok), k, 0, i - 1);
            }
        }
    return ok;
}

static void layout_free(layout *L)
{
    free(L->o);
    free(L->g);
}

/* One node of a level: a kid or a group, its extent, its kids. */
typedef struct node {
    cwf_span span;
    uint32_t first, last;
    long grp; /* the group, or -1 for a kid */
} node;

/* The node that starts at kid i inside level (from, to) of group in (-1:
 * the whole list): the outermost group there, else the kid. */
static node node_at(const layout *L, uint32_t i, uint32_t to, long in)
{
    node nd = {L->o[i], i, i, -1};
    for (size_t j = 0; j < L->ng; j++) {
        const group *g = &L->g[j];
        if ((long)j == in || (long)j == L->whole || g->first != i || g->last > to)
            continue;
        if (in >= 0 && g->open <= L->g[in].open) /* around it: nested, not inside */
            continue;
        if (nd.grp < 0 || g->open < nd.span.start)
            nd = (node){{g->open, g->close + 1}, g->first, g->last, (long)j};
    }
    return nd;
}

static bool node_gone(const layout *L, const node *nd)
{
    for (uint32_t i = nd->first; i <= nd->last; i++)
        if (!L->gone[i])
            return false;
    return true;
}

/* The edits into f that remove the gone kids of the level of group in (-1:
 * the whole list, unparenthesized) over kids from..to: a run of gone nodes
 * with the operator before it (after it, for the first), and the
 * parentheses of a group left with one node that has its own (no doubled
 * pair is left behind). */
static void cut_level(const layout *L, uint32_t from, uint32_t to, long in, cwf_fix *f)
{
    node *nd = cwf_xcalloc(to - from + 1, sizeof *nd);
    bool *gone = cwf_xcalloc(to - from + 1, sizeof *gone);
    size_t m = 0, kept = 0, keep = 0;
    for (uint32_t i = from; i <= to; i = nd[m - 1].last + 1) {
        nd[m] = node_at(L, i, to, in);
        gone[m] = node_gone(L, &nd[m]);
        if (!gone[m]) {
            kept++;
            keep = m;
        }
        m++;
    }
    if (in >= 0 && kept == 1 && m > 1) {
        const node *k = &nd[keep];
        if (L->t[k->span.start] == '(') {
            edit_text(f, L->g[in].open, k->span.start, "");
            edit_text(f, k->span.end, L->g[in].close + 1, "");
            if (k->grp >= 0)
                cut_level(L, k->first, k->last, k->grp, f);
            m = 0; /* nothing more at this level */
        }
    }
    for (size_t i = 0; i < m; i++) {
        if (!gone[i]) {
            if (nd[i].grp >= 0)
                cut_level(L, nd[i].first, nd[i].last, nd[i].grp, f);
            continue;
        }
        size_t j = i;
        while (j + 1 < m && gone[j + 1])
            j++;
        if (i > 0)
            edit_text(f, nd[i - 1].span.end, nd[j].span.end, "");
        else /* the first ones: a node after them is kept */
            edit_text(f, nd[0].span.start, nd[j + 1].span.start, "");
        i = j;
    }
    free(nd);
    free(gone);
}

/* Edits into f that remove the kids gone[] of list e (one at least), each
 * with its operator, group by group as the author wrote them; false
 * (nothing added) when that is not possible: all of them gone, or text not
 * understood. */
static bool cut_kids(const char *t, size_t len, const cwf_expr *e, const bool *gone, cwf_fix *f)
{
    layout L;
    bool ok = layout_read(t, len, e, &L);
    L.gone = gone;
    size_t n = 0;
    for (uint32_t i = 0; i < e->u.list.n; i++)
        n += gone[i];
    ok = ok && n < e->u.list.n;
    if (ok)
        cut_level(&L, 0, e->u.list.n - 1, L.whole, f);
    layout_free(&L);
    return ok;
}

/* `((x))` -> `(x)`: the first doubled pair whose removal proves equivalent. */
static void paren_fixes(const char *text, size_t len, const parsed *orig, cwf_fixes *out)
{
    if (!clean(orig) || orig->ast->kind != CWF_K_JSON)
        return;
    bool in = false;
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '"') {
            in = !in;
            continue;
        }
        if (in && text[i] == '\\') {
            i++;
            continue;
        }
        if (in || text[i] != '(')
            continue;
        size_t j = i + 1;
        while (j < len && blank(text[j]))
            j++;
        if (j >= len || text[j] != '(')
            continue;
        size_t ci = close_of(text, len, i), cj = close_of(text, len, j);
        if (ci >= len || cj >= len)
            continue;
        size_t k = cj + 1;
        while (k < ci && blank(text[k]))
            k++;
        if (k != ci)
            continue;
        cwf_fix *f = fix_new(out, CWF_R_REDUNDANT, CWF_FIX_SAFE, "remove doubled parentheses");
        edit_text(f, (uint32_t)i, (uint32_t)j, "");
        edit_text(f, (uint32_t)(cj + 1), (uint32_t)(ci + 1), "");
        if (finish_equiv(text, len, orig, out))
            return; /* one at a time: the next round finds the next */
    }
}

static void expr_text(const cwf_expr *e, cwf_buf *b)
{
    cwf_buf_reset(b);
    cwf_expr_format(e, b);
}

/* A disjunct written twice in one `||` (flat: `A || (B || A)` is one), or
 * a condition twice in one `&&`: the later one goes with its operator, and
 * a group it leaves with one kid loses its parentheses. */
static bool dup_in(const char *text, size_t len, const parsed *orig, const cwf_expr *e,
                   cwf_fixes *out)
{
    if (e->kind != CWF_E_OR && e->kind != CWF_E_AND)
        return false;
    const char *what = e->kind == CWF_E_OR ? "disjunct" : "condition";
    cwf_buf a = CWF_BUF_INIT, b = CWF_BUF_INIT;
    for (uint32_t j = 1; j < e->u.list.n; j++)
        for (uint32_t i = 0; i < j; i++) {
            expr_text(e->u.list.kids[i], &a);
            expr_text(e->u.list.kids[j], &b);
            if (strcmp(cwf_buf_str(&a), cwf_buf_str(&b)) != 0)
                continue;
            char *title = cwf_xasprintf("remove the duplicate %s `%s`", what, cwf_buf_str(&b));
            cwf_fix *f = fix_new(out, CWF_R_REDUNDANT, CWF_FIX_SAFE, title);
            free(title);
            bool *gone = cwf_xcalloc(e->u.list.n, sizeof *gone);
            gone[j] = true;
            bool cut = cut_kids(text, len, e, gone, f);
            free(gone);
            if (!cut)
                drop_last(out);
            if (!cut || !finish_equiv(text, len, orig, out))
                continue;
            cwf_buf_free(&a);
            cwf_buf_free(&b);
            return true;
        }
    cwf_buf_free(&a);
    cwf_buf_free(&b);
    for (uint32_t i = 0; i < e->u.list.n; i++)
        if (dup_in(text, len, orig, e->u.list.kids[i], out))
            return true;
    return false;
}

/* A term written twice (`?A ?B ?A`, `ERROR ERROR`): the later one goes
 * with the blanks before it. */
static void dup_terms(const char *text, size_t len, const parsed *orig, cwf_fixes *out)
{
    const cwf_term *t = orig->ast->u.terms.v;
    uint32_t n = orig->ast->u.terms.n;
    for (uint32_t j = 1; j < n; j++)
        for (uint32_t i = 0; i < j; i++) {
            if (t[i].kind != t[j].kind || t[i].text.len != t[j].text.len ||
                memcmp(t[i].text.p, t[j].text.p, t[j].text.len) != 0)
                continue;
            char *title = cwf_xasprintf("remove the duplicate term `%.*s`",
                                        (int)(t[j].span.end - t[j].span.start),
                                        text + t[j].span.start);
            cwf_fix *f = fix_new(out, CWF_R_REDUNDANT, CWF_FIX_SAFE, title);
            free(title);
            edit_text(f, t[j - 1].span.end, t[j].span.end, "");
            if (finish_equiv(text, len, orig, out))
                return; /* one at a time: the next round finds the next */
        }
}

/* ---- coverage: the missing cases ----------------------------------------------------- */

/* Whether leaf e is `SEL = value` with a string or unquoted value. */
static bool eq_leaf(const cwf_expr *e)
{
    return e->kind == CWF_E_CMP && e->u.leaf.op == CWF_OP_EQ &&
           e->u.leaf.val.kind == CWF_V_STRING && e->u.leaf.val.wild == CWF_W_NONE;
}

static bool same_sel(const cwf_expr *a, const cwf_expr *b)
{
    cwf_buf x = CWF_BUF_INIT, y = CWF_BUF_INIT;
    cwf_selector_format(&a->u.leaf.sel, &x);
    cwf_selector_format(&b->u.leaf.sel, &y);
    bool same = strcmp(cwf_buf_str(&x), cwf_buf_str(&y)) == 0;
    cwf_buf_free(&x);
    cwf_buf_free(&y);
    return same;
}

/* Where the case labels live: a `||` whose kids include an equality with a
 * covered label as value (or the lone such equality), and that leaf. */
typedef struct anchor {
    const cwf_expr *or;     /* the `||`, or NULL */
    const cwf_expr *leaf;   /* the template leaf */
    const cwf_expr *parent; /* leaf's parent when or is NULL (an `&&`), or NULL */
} anchor;

static bool is_label(const cwf_proof *pr, const cwf_str *v)
{
    for (size_t c = 0; c < pr->ncases; c++)
        if (strlen(pr->cases[c].label) == v->len && memcmp(pr->cases[c].label, v->p, v->len) == 0)
            return true;
    return false;
}

static bool find_anchor(const cwf_expr *e, const cwf_expr *parent, const cwf_proof *pr, anchor *a)
{
    if (e->kind == CWF_E_CMP) {
        if (eq_leaf(e) && is_label(pr, &e->u.leaf.val.text)) {
            *a = (anchor){NULL, e, parent};
            return true;
        }
        return false;
    }
    if (e->kind == CWF_E_OR) {
        for (uint32_t i = 0; i < e->u.list.n; i++) {
            const cwf_expr *k = e->u.list.kids[i];
            if (eq_leaf(k) && is_label(pr, &k->u.leaf.val.text)) {
                *a = (anchor){e, k, NULL};
                return true;
            }
        }
    }
    if (e->kind == CWF_E_OR || e->kind == CWF_E_AND)
        for (uint32_t i = 0; i < e->u.list.n; i++)
            if (find_anchor(e->u.list.kids[i], e, pr, a))
                return true;
    return false;
}

/* The leaf text for name: the template leaf with its value replaced. */
static char *leaf_for(const char *text, const cwf_expr *leaf, const char *name)
{
    const cwf_value *v = &leaf->u.leaf.val;
    cwf_buf b = CWF_BUF_INIT;
    cwf_buf_add(&b, text + leaf->span.start, v->span.start - leaf->span.start);
    if (v->quoted)
        cwf_buf_json_str(&b, name, strlen(name));
    else
        cwf_buf_puts(&b, name);
    cwf_buf_add(&b, text + v->span.end, leaf->span.end - v->span.end);
    return cwf_buf_take(&b);
}

/* Whether an event name can be written unquoted and as it is. */
static bool plain_name(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_' || *s == '-' || *s == '.' || *s == ':'))
            return false;
    return true;
}

/* Whether the values of the `||`'s equalities on the template's selector
 * are in ascending order (two at least). */
static bool sorted_or(const cwf_expr *or, const cwf_expr *leaf)
{
    const cwf_str *prev = NULL;
    size_t n = 0;
    for (uint32_t i = 0; i < or->u.list.n; i++) {
        const cwf_expr *k = or->u.list.kids[i];
        if (!eq_leaf(k) || !same_sel(k, leaf))
            continue;
        if (prev && strcmp(prev->p, k->u.leaf.val.text.p) > 0)
            return false;
        prev = &k->u.leaf.val.text;
        n++;
    }
    return n >= 2;
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds the missing names into the `||` in the author's style; the edits go
 * into f.  names: the labels of the cases that are not covered. */
static void insert_names(const char *text, const anchor *a, char **names, size_t n, cwf_fix *f)
{
    const cwf_expr *or = a->or;
    uint32_t nk = or->u.list.n;
    cwf_expr *const *k = or->u.list.kids;
    /* The separator between the last two disjuncts: `) ||\n  (`. */
    uint32_t sa = k[nk - 2]->span.end, sb = k[nk - 1]->span.start;
    bool sorted = sorted_or(or, a->leaf);
    if (sorted)
        qsort(names, n, sizeof *names, str_cmp);
    for (size_t i = 0; i < n; i++) {
        char *leaf = leaf_for(text, a->leaf, names[i]);
        uint32_t j = nk;
        if (sorted)
            for (j = 0; j < nk; j++)
                if (eq_leaf(k[j]) && same_sel(k[j], a->leaf) &&
                    strcmp(k[j]->u.leaf.val.text.p, names[i]) > 0)
                    break;
        if (j == nk) {
            edit_copy(f, k[nk - 1]->span.end, text, sa, sb);
            edit_text(f, k[nk - 1]->span.end, k[nk - 1]->span.end, leaf);
        } else {
            edit_text(f, k[j]->span.start, k[j]->span.start, leaf);
            uint32_t pa = j ? k[j - 1]->span.end : sa, pb = j ? k[j]->span.start : sb;
            edit_copy(f, k[j]->span.start, text, pa, pb);
        }
        free(leaf);
    }
}

/* The lone equality: `X` becomes `X || Y || Z`, parenthesized as X is, or
 * wrapped in parentheses when it sits in an `&&`. */
static void extend_leaf(const char *text, size_t len, const anchor *a, char **names, size_t n,
                        bool wrap, cwf_fix *f)
{
    const cwf_expr *leaf = a->leaf;
    uint32_t s = leaf->span.start, e = leaf->span.end;
    /* written in parentheses? */
    uint32_t ls = s, re = e;
    while (ls > 0 && blank(text[ls - 1]))
        ls--;
    while (re < len && blank(text[re]))
        re++;
    bool parens = ls > 0 && text[ls - 1] == '(' && re < len && text[re] == ')';
    if (wrap)
        edit_text(f, parens ? ls - 1 : s, parens ? ls - 1 : s, "(");
    for (size_t i = 0; i < n; i++) {
        char *l = leaf_for(text, leaf, names[i]);
        char *t = parens ? cwf_xasprintf(") || (%s", l) : cwf_xasprintf(" || %s", l);
        edit_text(f, e, e, t);
        free(t);
        free(l);
    }
    if (wrap)
        edit_text(f, parens ? re + 1 : e, parens ? re + 1 : e, ")");
}

/* Term patterns of optional terms only: `?A ?B` gets ` ?C`. */
static bool insert_terms(const char *text, const cwf_pattern *p, char **names, size_t n,
                         cwf_fix *f)
{
    uint32_t nt = p->u.terms.n;
    const cwf_term *t = p->u.terms.v;
    for (uint32_t i = 0; i < nt; i++)
        if (t[i].kind != CWF_T_OPTIONAL)
            return false;
    uint32_t at = t[nt - 1].span.end;
    for (size_t i = 0; i < n; i++) {
        if (nt >= 2)
            edit_copy(f, at, text, t[nt - 2].span.end, t[nt - 1].span.start);
        else
            edit_text(f, at, at, " ");
        char *s = t[nt - 1].quoted ? cwf_xasprintf("?\"%s\"", names[i]) : cwf_xasprintf("?%s", names[i]);
        edit_text(f, at, at, s);
        free(s);
    }
    return true;
}

/* The pattern plus the added cases, as one text to prove against. */
static char *plus_cases(const cwf_pattern *p, const cwf_expr *leaf, char **names, size_t n)
{
    cwf_buf b = CWF_BUF_INIT;
    if (p->kind == CWF_K_JSON) {
        cwf_buf_puts(&b, "{ (");
        cwf_expr_format(p->u.json, &b);
        cwf_buf_puts(&b, ")");
        for (size_t i = 0; i < n; i++) {
            cwf_buf_puts(&b, " || (");
            cwf_selector_format(&leaf->u.leaf.sel, &b);
            cwf_buf_puts(&b, " = ");
            cwf_buf_json_str(&b, names[i], strlen(names[i]));
            cwf_buf_puts(&b, ")");
        }
        cwf_buf_puts(&b, " }");
    } else {
        cwf_pattern_format(p, &b);
        for (size_t i = 0; i < n; i++) {
            cwf_buf_puts(&b, " ?");
            cwf_buf_json_str(&b, names[i], strlen(names[i]));
        }
    }
    return cwf_buf_take(&b);
}

/* The cases of pr that are not covered and have no near miss, as names
 * that can be written. */
static size_t missing_names(const cwf_proof *pr, char ***names)
{
    *names = cwf_xcalloc(pr->ncases + 1, sizeof **names);
    size_t n = 0;
    for (size_t c = 0; c < pr->ncases; c++)
        if (!pr->cases[c].covered && plain_name(pr->cases[c].label))
            (*names)[n++] = pr->cases[c].label;
    return n;
}

/* Generates the edits that add the missing cases of rule to pattern p into
 * f; false when the pattern has no place for them. */
static bool add_missing(const char *text, size_t len, const cwf_pattern *p, const cwf_proof *pr,
                        bool wrap, cwf_fix *f, char ***names_out, size_t *n_out,
                        const cwf_expr **leaf_out)
{
    char **names;
    size_t n = missing_names(pr, &names);
    *names_out = names;
    *n_out = n;
    *leaf_out = NULL;
    if (!n)
        return false;
    if (p->kind == CWF_K_TERMS)
        return insert_terms(text, p, names, n, f);
    if (p->kind != CWF_K_JSON)
        return false;
    anchor a;
    if (!find_anchor(p->u.json, NULL, pr, &a))
        return false;
    *leaf_out = a.leaf;
    if (a.or)
        insert_names(text, &a, names, n, f);
    else
        extend_leaf(text, len, &a, names, n, wrap || (a.parent && a.parent->kind == CWF_E_AND), f);
    return true;
}

/* Whether expression e holds an exact equality whose value is one of the
 * rule's case labels: the pattern names the rule's events itself. */
static bool names_a_case(const cwf_expr *e, const cwf_proof *pr)
{
    if (e->kind == CWF_E_CMP)
        return eq_leaf(e) && is_label(pr, &e->u.leaf.val.text);
    if (e->kind == CWF_E_OR || e->kind == CWF_E_AND)
        for (uint32_t i = 0; i < e->u.list.n; i++)
            if (names_a_case(e->u.list.kids[i], pr))
                return true;
    return false;
}

/* The extent of e without parentheses: from its first leaf to its last. */
static cwf_span bare(const cwf_expr *e)
{
    if (e->kind != CWF_E_OR && e->kind != CWF_E_AND)
        return e->span;
    return (cwf_span){bare(e->u.list.kids[0]).start, bare(e->u.list.kids[e->u.list.n - 1]).end};
}

/* Whether the text of e is in s as a whole (the message of a finding
 * quotes its condition): not a part of a longer value or name. */
static bool quoted_in(const cwf_expr *e, const char *s)
{
    cwf_buf b = CWF_BUF_INIT;
    cwf_expr_format(e, &b);
    const char *w = cwf_buf_str(&b);
    bool yes = false;
    for (const char *p = b.len ? strstr(s, w) : NULL; p && !yes; p = strstr(p + 1, w)) {
        char before = p == s ? ' ' : p[-1], after = p[b.len];
        yes = strchr(" `(", before) && after && strchr(" `)", after);
    }
    cwf_buf_free(&b);
    return yes;
}

/* Whether kid k of an `&&` is a narrowing condition of finding g (CWF302):
 * inside its span, naming none of the rule's events, quoted by its message. */
static bool narrowing_kid(const cwf_expr *k, const cwf_diag *g, const cwf_proof *pr)
{
    cwf_span s = bare(k);
    return s.start >= g->span.start && s.end <= g->span.end && !names_a_case(k, pr) &&
           quoted_in(k, g->message);
}

/* The narrowing conditions of finding g: the outermost kids of an `&&`
 * that are (narrowing_kid), unless all of its kids are (then the `&&` is
 * another way to match, not a narrowed one); added to *m once. */
static void narrowing_conds(const cwf_expr *e, const cwf_diag *g, const cwf_proof *pr,
                            const cwf_expr ***m, size_t *nm)
{
    if (e->kind != CWF_E_OR && e->kind != CWF_E_AND)
        return;
    uint32_t n = e->u.list.n, nk = 0;
    bool *is = cwf_xcalloc(n, sizeof *is);
    for (uint32_t i = 0; i < n && e->kind == CWF_E_AND; i++)
        nk += is[i] = narrowing_kid(e->u.list.kids[i], g, pr);
    for (uint32_t i = 0; i < n; i++) {
        const cwf_expr *k = e->u.list.kids[i];
        if (!is[i] || nk == n) {
            narrowing_conds(k, g, pr, m, nm);
            continue;
        }
        bool seen = false;
        for (size_t j = 0; j < *nm && !seen; j++)
            seen = (*m)[j] == k;
        if (seen)
            continue;
        *m = cwf_xrealloc(*m, (*nm + 1) * sizeof **m);
        (*m)[(*nm)++] = k;
    }
    free(is);
}

/* Edits into f that remove the conditions m[0..nm) from the lists of e
 * that hold them; false when one cannot be removed. */
static bool cut_conds(const char *text, size_t len, const cwf_expr *e, const cwf_expr *const *m,
                      size_t nm, cwf_fix *f)
{
    if (e->kind != CWF_E_OR && e->kind != CWF_E_AND)
        return true;
    uint32_t n = e->u.list.n;
    bool *gone = cwf_xcalloc(n, sizeof *gone), any = false, ok = true;
    for (uint32_t i = 0; i < n; i++)
        for (size_t j = 0; j < nm && !gone[i]; j++)
            any |= gone[i] = e->u.list.kids[i] == m[j];
    if (any)
        ok = cut_kids(text, len, e, gone, f);
    for (uint32_t i = 0; i < n && ok; i++)
        if (!gone[i])
            ok = cut_conds(text, len, e->u.list.kids[i], m, nm, f);
    free(gone);
    return ok;
}

/* Edits of text that shifted spans: the position in the original of
 * position pos of the text edited by the first n edits of f. */
static uint32_t back_map(const cwf_fix *f, size_t n, uint32_t pos)
{
    int64_t delta = 0;
    for (size_t i = 0; i < n; i++) {
        const cwf_fix_edit *e = &f->edits[i];
        int64_t ns = (int64_t)e->span.start + delta, ne = ns + (int64_t)strlen(e->text);
        if (pos < ns)
            break;
        if (pos < ne)
            return e->span.end;
        delta += (int64_t)strlen(e->text) - (int64_t)(e->span.end - e->span.start);
    }
    return (uint32_t)((int64_t)pos - delta);
}

/* A pattern that covers the rule only through something broad (a wildcard,
 * an event source, nothing at all), naming none of the rule's events, and
 * that matches events the benchmark's own pattern does not: unsafe, the
 * benchmark's pattern instead. */
static void narrow_fix(const char *text, size_t len, const parsed *orig,
                       const cwf_bench_rule *rule, const cwf_proof *pr, cwf_fixes *out)
{
    if (!rule->prescribed || (orig->ast->kind == CWF_K_JSON && names_a_case(orig->ast->u.json, pr)))
        return;
    if (orig->ast->kind == CWF_K_TERMS || orig->ast->kind == CWF_K_DELIM)
        return; /* terms and fields name what they match: not "broad" here */
    parsed q;
    parse_text(&q, rule->prescribed, strlen(rule->prescribed));
    cwf_proof cx = {0};
    bool broader = clean(&q) && rule_covered(q.ast, rule) &&
                   cwf_prove(q.ast, orig->ast, &cx) == CWF_NOT_COVERED && cx.counterexample;
    if (broader) {
        char *title = cwf_xasprintf("narrow the pattern to the benchmark's (%s)", rule->id);
        cwf_fix *f = fix_new(out, CWF_R_MATCHES_ALL, CWF_FIX_UNSAFE, title);
        free(title);
        f->bench = rule;
        f->why = cwf_xasprintf("it no longer matches events the benchmark does not ask for, "
                               "such as %s", cx.counterexample);
        edit_text(f, 0, (uint32_t)len, rule->prescribed);
        finish(text, len, out);
    }
    cwf_proof_free(&cx);
    parsed_free(&q);
}

static void coverage_fixes(const char *text, size_t len, const parsed *orig,
                           const cwf_bench_rule *rule, cwf_fixes *out)
{
    cwf_proof pr = {0};
    cwf_verdict v = cwf_check_rule(orig->ast, rule, &pr);
    if (v == CWF_COVERS && !pr.internal_error)
        narrow_fix(text, len, orig, rule, &pr, out);
    if (v == CWF_COVERS || pr.internal_error) {
        cwf_proof_free(&pr);
        return;
    }
    size_t covered = 0, hints = 0;
    for (size_t c = 0; c < pr.ncases; c++) {
        covered += pr.cases[c].covered;
        hints += !pr.cases[c].covered && pr.cases[c].suggestion != NULL;
    }
    /* A pattern about something else entirely is not this rule's filter. */
    if (!covered && !hints && pr.findings.n == 0) {
        cwf_proof_free(&pr);
        return;
    }
    bool safe_done = false;
    for (int wrap = 0; wrap < 2 && !safe_done; wrap++) {
        char *title = cwf_xasprintf("add the event names %s requires", rule->id);
        cwf_fix *f = fix_new(out, CWF_R_NOT_COVERED, CWF_FIX_SAFE, title);
        free(title);
        f->bench = rule;
        char **names;
        size_t n;
        const cwf_expr *leaf;
        bool got = add_missing(text, len, orig->ast, &pr, wrap, f, &names, &n, &leaf);
        if (got && n) {
            free(f->title);
            f->title = n == 1 ? cwf_xasprintf("add the missing event name %s (%s)", names[0], rule->id)
                              : cwf_xasprintf("add the %zu missing event names of %s: %s%s", n,
                                              rule->id, names[0], n > 1 ? ", ..." : "");
        }
        if (!got)
            drop_last(out);
        if (!got || !finish(text, len, out)) { /* finish drops what fails */
            free(names);
            continue;
        }
        f = &out->v[out->n - 1];
        parsed p;
        parse_text(&p, f->fixed, f->fixed_len);
        bool ok = clean(&p) && rule_covered(p.ast, rule);
        if (ok) {
            char *plus = plus_cases(orig->ast, leaf, names, n);
            parsed q;
            parse_text(&q, plus, strlen(plus));
            /* nothing lost, and nothing gained but events of the added
             * cases (in an `&&`, fewer than the bare cases) */
            ok = provable(&q) && covers(p.ast, orig->ast) && covers(q.ast, p.ast);
            parsed_free(&q);
            free(plus);
        }
        parsed_free(&p);
        free(names);
        if (ok)
            safe_done = true;
        else
            drop_last(out);
    }
    size_t near = 0;
    for (size_t i = 0; i < pr.findings.n; i++)
        near += pr.findings.v[i].rule == CWF_R_NEAR_MISS && pr.findings.v[i].suggestion;
    if (safe_done && !near) {
        cwf_proof_free(&pr);
        return;
    }
    /* Unsafe: correct near misses and remove narrowing conditions, then add
     * what is still missing. */
    cwf_fix *f = fix_new(out, CWF_R_NARROWED, CWF_FIX_UNSAFE, "");
    f->bench = rule;
    cwf_buf why = CWF_BUF_INIT, title = CWF_BUF_INIT;
    size_t nnear = 0;
    for (size_t c = 0; c < pr.findings.n; c++) {
        const cwf_diag *k = &pr.findings.v[c];
        if (k->rule != CWF_R_NEAR_MISS || !k->suggestion || k->span.end <= k->span.start)
            continue;
        bool dup = false;
        for (size_t i = 0; i < f->nedits && !dup; i++)
            dup = f->edits[i].span.start < k->span.end && k->span.start < f->edits[i].span.end;
        if (dup)
            continue;
        edit_text(f, k->span.start, k->span.end, k->suggestion);
        cwf_buf_printf(&why, "%s`%.*s` becomes `%s`", nnear ? ", " : "",
                       (int)(k->span.end - k->span.start), text + k->span.start, k->suggestion);
        nnear++;
    }
    f->preferred = nnear > 0;
    const cwf_expr **conds = NULL;
    size_t nconds = 0;
    for (size_t i = 0; i < pr.findings.n; i++) {
        const cwf_diag *g = &pr.findings.v[i];
        if (g->rule != CWF_R_NARROWED)
            continue;
        narrowing_conds(orig->ast->u.json, g, &pr, &conds, &nconds);
    }
    for (size_t i = 0; i < nconds; i++) { /* "`a`, `b` and `c`" */
        cwf_span s = bare(conds[i]);
        const char *sep = i == 0 ? (nnear ? "; " : "") : i + 1 < nconds ? ", " : " and ";
        cwf_buf_printf(&why, "%s`%.*s`", sep, (int)(s.end - s.start), text + s.start);
    }
    if (nconds)
        cwf_buf_printf(&why, " no longer restrict%s the matches", nconds == 1 ? "s" : "");
    size_t nnarrow = nconds;
    bool cut = !nconds || cut_conds(text, len, orig->ast->u.json, conds, nconds, f);
    free(conds);
    if (nnarrow)
        cwf_buf_printf(&title, "remove the narrowing condition%s", nnarrow > 1 ? "s" : "");
    if (nnear)
        cwf_buf_printf(&title, "%scorrect the near-miss name%s", nnarrow ? " and " : "",
                       nnear > 1 ? "s" : "");
    if (!nnear)
        f->rule = nnarrow ? CWF_R_NARROWED : CWF_R_NOT_COVERED;
    else if (!nnarrow)
        f->rule = CWF_R_NEAR_MISS;
    edits_sort(f);
    bool ok = cut && f->nedits > 0 && edits_ok(f, len);
    if (ok) {
        cwf_buf step = CWF_BUF_INIT;
        cwf_fix_apply(text, len, f, &step);
        parsed p;
        parse_text(&p, step.p ? step.p : "", step.len);
        if (clean(&p) && !rule_covered(p.ast, rule)) {
            /* then the names still missing, mapped back onto the original */
            cwf_proof pr2 = {0};
            cwf_check_rule(p.ast, rule, &pr2);
            cwf_fix g = {0};
            char **names;
            size_t n;
            const cwf_expr *leaf;
            if (add_missing(step.p, step.len, p.ast, &pr2, false, &g, &names, &n, &leaf)) {
                size_t nf = f->nedits; /* the edits that made step */
                for (size_t i = 0; i < g.nedits; i++) {
                    uint32_t at = back_map(f, nf, g.edits[i].span.start);
                    cwf_span cp = g.edits[i].copy;
                    if (cp.end > cp.start) {
                        cp.start = back_map(f, nf, cp.start);
                        cp.end = back_map(f, nf, cp.end);
                        /* the copied bytes must be the same in the original */
                        if (cp.end - cp.start != strlen(g.edits[i].text) ||
                            memcmp(text + cp.start, g.edits[i].text, cp.end - cp.start) != 0)
                            cp = (cwf_span){0, 0};
                    }
                    edit_add(f, at, at, g.edits[i].text, strlen(g.edits[i].text), cp);
                }
                cwf_buf_printf(&title, "%sadd %zu missing event name%s", title.len ? ", " : "",
                               n, n == 1 ? "" : "s");
            }
            free(names);
            cwf_fix_free(&g);
            cwf_proof_free(&pr2);
        }
        parsed_free(&p);
        cwf_buf_free(&step);
    }
    free(f->title);
    f->title = cwf_xstrdup(title.len ? cwf_buf_str(&title) : "cover the rule");
    f->why = why.len ? cwf_buf_take(&why) : NULL;
    if (f->why) {
        char *w = cwf_xasprintf("it changes what matches: %s", f->why);
        free(f->why);
        f->why = w;
    }
    cwf_buf_free(&why);
    cwf_buf_free(&title);
    if (!ok || !f->why)
        drop_last(out);
    if (!ok || !f->why || !finish(text, len, out)) { /* finish drops what fails */
        cwf_proof_free(&pr);
        return;
    }
    f = &out->v[out->n - 1];
    parsed p;
    parse_text(&p, f->fixed, f->fixed_len);
    ok = clean(&p) && rule_covered(p.ast, rule);
    parsed_free(&p);
    if (!ok)
        drop_last(out);
    cwf_proof_free(&pr);
}

/* ---- the whole ------------------------------------------------------------------------ */

/* Drops the coverage fixes out[from..] that leave uncovered a rule the
 * pattern covers: one rule's fix must not break another (with several
 * rules, two such fixes would undo each other round after round: a
 * condition removed for one, the benchmark's pattern that brings it back
 * for the other). */
static void keep_covered(const parsed *orig, const cwf_bench_rule *const *rules, size_t nrules,
                         size_t from, cwf_fixes *out)
{
    bool *had = cwf_xcalloc(nrules, sizeof *had);
    for (size_t r = 0; r < nrules; r++)
        had[r] = rule_covered(orig->ast, rules[r]);
    size_t k = from;
    for (size_t i = from; i < out->n; i++) {
        cwf_fix *f = &out->v[i]; /* a coverage fix: f->bench is its rule */
        bool ok = true;
        parsed p;
        parse_text(&p, f->fixed, f->fixed_len);
        for (size_t r = 0; r < nrules && ok; r++)
            ok = !had[r] || rules[r] == f->bench || (clean(&p) && rule_covered(p.ast, rules[r]));
        parsed_free(&p);
        if (ok)
            out->v[k++] = *f;
        else
            cwf_fix_free(f);
    }
    out->n = k;
    free(had);
}

void cwf_fix_generate(const char *text, size_t len, const cwf_bench_rule *const *rules,
                      size_t nrules, cwf_fixes *out)
{
    if (len > CWF_MAX_PATTERN)
        return;
    parsed orig;
    parse_text(&orig, text, len);
    syntax_fixes(text, len, &orig, out);
    if (clean(&orig)) {
        paren_fixes(text, len, &orig, out);
        if (orig.ast->kind == CWF_K_JSON)
            dup_in(text, len, &orig, orig.ast->u.json, out);
        else if (orig.ast->kind == CWF_K_TERMS)
            dup_terms(text, len, &orig, out);
        size_t from = out->n;
        for (size_t r = 0; r < nrules; r++)
            if (orig.ast->kind == CWF_K_JSON || orig.ast->kind == CWF_K_TERMS)
                coverage_fixes(text, len, &orig, rules[r], out);
        if (nrules > 1 && out->n > from)
            keep_covered(&orig, rules, nrules, from, out);
    }
    parsed_free(&orig);
    /* safe ones first, each class in the order found */
    size_t k = 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = k; i < out->n; i++)
            if ((out->v[i].safety == CWF_FIX_SAFE) == (pass == 0)) {
                cwf_fix t = out->v[i];
                memmove(&out->v[k + 1], &out->v[k], (i - k) * sizeof t);
                out->v[k++] = t;
            }
}

static bool id_in(const char *id, const char *list)
{
    if (!list)
        return false;
    const char *p = list;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        while (n && *p == ' ') {
            p++;
            n--;
        }
        if (n && strncasecmp(id, p, n) == 0)
            return true;
        if (!e)
            break;
        p = e + 1;
    }
    return false;
}

bool cwf_fix_selected(cwf_rule_id rule, const char *sel, const char *ign)
{
    const char *id = cwf_rules[rule].id;
    if (sel && !id_in(id, sel))
        return false;
    return !id_in(id, ign);
}

void cwf_fix_all(const char *text, size_t len, const cwf_bench_rule *const *rules,
                 size_t nrules, bool unsafe, const char *sel, const char *ign, cwf_buf *out,
                 size_t *applied, size_t *more)
{
    cwf_buf cur = CWF_BUF_INIT;
    cwf_buf_add(&cur, text, len);
    *applied = 0;
    *more = 0;
    for (int round = 0; round < 32; round++) {
        cwf_fixes fs = CWF_FIXES_INIT;
        cwf_fix_generate(cur.p ? cur.p : "", cur.len, rules, nrules, &fs);
        const cwf_fix *pick = NULL;
        size_t nunsafe = 0;
        for (size_t i = 0; i < fs.n; i++) {
            if (!cwf_fix_selected(fs.v[i].rule, sel, ign))
                continue;
            if (fs.v[i].safety == CWF_FIX_UNSAFE && !unsafe) {
                nunsafe++;
                continue;
            }
            if (!pick || (fs.v[i].preferred && unsafe && pick->safety == CWF_FIX_SAFE &&
                          pick->bench == fs.v[i].bench))
                pick = &fs.v[i];
        }
        if (!pick) {
            *more = nunsafe;
            cwf_fixes_free(&fs);
            break;
        }
        cwf_buf_reset(&cur);
        cwf_buf_add(&cur, pick->fixed, pick->fixed_len);
        (*applied)++;
        cwf_fixes_free(&fs);
    }
    cwf_buf_add(out, cur.p ? cur.p : "", cur.len);
    cwf_buf_free(&cur);
}
