/* prove_literal.c: `check --literal`: is the pattern the benchmark's
 * prescribed text, character for character, as Security Hub compares it?
 * If not, how it differs: spacing, quotes, parentheses, order, extra or
 * missing terms, so that a user sees why Security Hub fails a pattern that
 * cwfilter proves correct.
 *
 * Both texts are cut into tokens by a small lexer of its own (the texts
 * need not parse), then compared under coarser and coarser views: without
 * whitespace, without quotes, without parentheses, as a multiset of
 * conditions. */
#include <stdlib.h>
#include <string.h>

#include "prove.h"

typedef enum tk { TK_PUNCT, TK_SEL, TK_VALUE, TK_WORD } tk;

typedef struct tok {
    tk kind;
    const char *p;      /* raw text */
    size_t n;
    char *val;          /* VALUE: unquoted, unescaped */
    bool quoted;
    bool space;         /* whitespace before it */
    size_t at;          /* offset */
} tok;

typedef struct toks {
    tok *v;
    size_t n;
} toks;

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool is_stop(char c)
{
    return is_ws(c) || strchr("(){}&|=!<>\"", c) != NULL;
}

static void lex(const char *s, size_t len, toks *out)
{
    size_t i = 0;
    memset(out, 0, sizeof *out);
    while (i < len) {
        bool space = false;
        while (i < len && is_ws(s[i])) {
            i++;
            space = true;
        }
        if (i >= len)
            break;
        tok t = {TK_PUNCT, s + i, 1, NULL, false, space, i};
        char c = s[i];
        if (strchr("(){}", c)) {
            i++;
        } else if ((c == '&' || c == '|') && i + 1 < len && s[i + 1] == c) {
            t.n = 2;
            i += 2;
        } else if (c == '!' || c == '<' || c == '>' || c == '=') {
            t.n = (i + 1 < len && s[i + 1] == '=' && c != '=') ? 2 : 1;
            i += t.n;
        } else if (c == '"') {
            cwf_buf v = CWF_BUF_INIT;
            size_t j = i + 1;
            while (j < len && s[j] != '"') {
                if (s[j] == '\\' && j + 1 < len)
                    j++;
                cwf_buf_putc(&v, s[j++]);
            }
            t.kind = TK_VALUE;
            t.quoted = true;
            t.n = (j < len ? j + 1 : j) - i;
            t.val = cwf_buf_take(&v);
            i += t.n;
        } else {
            size_t j = i;
            if (c == '$') {
                /* a selector may hold brackets, quotes of .['x'] and * */
                while (j < len && !is_ws(s[j]) && !strchr("(){}&|=!<>\"", s[j]))
                    j++;
                t.kind = TK_SEL;
            } else {
                while (j < len && !is_stop(s[j]))
                    j++;
                if (j == i)
                    j++;
                t.kind = TK_VALUE;
                t.val = cwf_xstrndup(s + i, j - i);
            }
            t.n = j - i;
            i = j;
        }
        out->v = cwf_xrealloc(out->v, (out->n + 1) * sizeof *out->v);
        out->v[out->n++] = t;
    }
}

static void toks_free(toks *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->v[i].val);
    free(t->v);
}

/* Token equality under a view: quotes matter or not. */
static bool tok_eq(const tok *a, const tok *b, bool quotes)
{
    if (a->kind != b->kind)
        return false;
    if (a->kind == TK_VALUE) {
        if (quotes && a->quoted != b->quoted)
            return false;
        return strcmp(a->val, b->val) == 0;
    }
    return a->n == b->n && memcmp(a->p, b->p, a->n) == 0;
}

static bool is_paren(const tok *t)
{
    return t->kind == TK_PUNCT && (t->p[0] == '(' || t->p[0] == ')');
}

/* Whether the two sequences are equal, optionally without parentheses. */
static bool seq_eq(const toks *a, const toks *b, bool quotes, bool parens)
{
    size_t i = 0, j = 0;
    for (;;) {
        while (!parens && i < a->n && is_paren(&a->v[i]))
            i++;
        while (!parens && j < b->n && is_paren(&b->v[j]))
            j++;
        if (i == a->n || j == b->n)
            return i == a->n && j == b->n;
        if (!tok_eq(&a->v[i], &b->v[j], quotes))
            return false;
        i++;
        j++;
    }
}

/* The conditions as canonical strings ("$.a = x"), in order. */
static size_t conditions(const toks *t, char ***out)
{
    size_t n = 0;
    *out = NULL;
    for (size_t i = 0; i < t->n; i++) {
        if (t->v[i].kind != TK_SEL)
            continue;
        cwf_buf b = CWF_BUF_INIT;
        cwf_buf_add(&b, t->v[i].p, t->v[i].n);
        for (size_t k = i + 1; k < t->n && k <= i + 2; k++) {
            const tok *x = &t->v[k];
            if (x->kind == TK_SEL || is_paren(x) || (x->kind == TK_PUNCT && x->n == 2 &&
                                                     (x->p[0] == '&' || x->p[0] == '|')))
                break;
            cwf_buf_putc(&b, ' ');
            if (x->kind == TK_VALUE)
                cwf_buf_puts(&b, x->val);
            else
                cwf_buf_add(&b, x->p, x->n);
        }
        *out = cwf_xrealloc(*out, (n + 1) * sizeof **out);
        (*out)[n++] = cwf_buf_take(&b);
    }
    return n;
}

static void strs_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static void add(cwf_literal *l, char *s)
{
    l->diffs = cwf_xrealloc(l->diffs, (l->ndiffs + 1) * sizeof *l->diffs);
    l->diffs[l->ndiffs++] = s;
}

/* The line and column of offset at in s (1-based). */
static void where(const char *s, size_t at, cwf_buf *b)
{
    size_t line = 1, col = 1;
    for (size_t i = 0; i < at; i++) {
        if (s[i] == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
    }
    if (line > 1)
        cwf_buf_printf(b, "line %zu, column %zu", line, col);
    else
        cwf_buf_printf(b, "column %zu", col);
}

/* How a text is spaced, as a person would describe it. */
typedef struct spacing {
    int ops, ops_spaced;      /* comparison operators, and those with spaces */
    int joins, joins_spaced;  /* && and ||, and those with spaces */
    bool braces;              /* a space inside `{` and `}` */
    bool lines;               /* a line break */
} spacing;

static bool is_op(const tok *t)
{
    return t->kind == TK_PUNCT && strchr("=!<>", t->p[0]);
}

static bool is_join(const tok *t)
{
    return t->kind == TK_PUNCT && t->n == 2 && (t->p[0] == '&' || t->p[0] == '|');
}

static void spacing_of(const char *s, const toks *t, spacing *sp)
{
    memset(sp, 0, sizeof *sp);
    for (size_t i = 0; i < t->n; i++) {
        bool around = t->v[i].space || (i + 1 < t->n && t->v[i + 1].space);
        if (is_op(&t->v[i])) {
            sp->ops++;
            sp->ops_spaced += around;
        } else if (is_join(&t->v[i])) {
            sp->joins++;
            sp->joins_spaced += around;
        }
    }
    sp->braces = t->n > 1 && t->v[0].p[0] == '{' && t->v[1].space;
    for (size_t i = 0; s[i]; i++)
        sp->lines |= s[i] == '\n';
}

/* "spaces around `=`" when most are spaced, "no spaces around `=`". */
static void spacing_diffs(const char *text, const toks *a, const char *pre, const toks *b,
                          cwf_literal *l)
{
    spacing x, y;
    spacing_of(text, a, &x);
    spacing_of(pre, b, &y);
    bool xo = 2 * x.ops_spaced > x.ops, yo = 2 * y.ops_spaced > y.ops;
    bool xj = 2 * x.joins_spaced > x.joins, yj = 2 * y.joins_spaced > y.joins;
    if (x.ops && y.ops && xo != yo)
        add(l, cwf_xasprintf("the spacing differs: the pattern has %s around `=`, the "
                             "prescribed text %s", xo ? "spaces" : "no spaces",
                             yo ? "spaces" : "none"));
    if (x.joins && y.joins && xj != yj)
        add(l, cwf_xasprintf("the spacing differs: the pattern has %s around `&&` and `||`, "
                             "the prescribed text %s", xj ? "spaces" : "no spaces",
                             yj ? "spaces" : "none"));
    if (x.braces != y.braces)
        add(l, cwf_xasprintf("the spacing differs: the pattern has %s inside the braces, the "
                             "prescribed text %s", x.braces ? "a space" : "no space",
                             y.braces ? "one" : "none"));
    if (x.lines != y.lines)
        add(l, cwf_xstrdup(x.lines ? "the spacing differs: the pattern has line breaks, the "
                                     "prescribed text is one line"
                                   : "the spacing differs: the prescribed text has line "
                                     "breaks, the pattern is one line"));
}

static size_t count_parens(const toks *t);

/* The values quoted in one text and not in the other, matched by value:
 * one sentence for each way round. */
static void quote_diffs(const toks *a, const toks *b, cwf_literal *l)
{
    for (int way = 0; way < 2; way++) {
        size_t n = 0;
        const char *first = NULL;
        for (size_t i = 0; i < a->n; i++) {
            const tok *x = &a->v[i];
            if (x->kind != TK_VALUE || x->quoted != (way == 0))
                continue;
            const tok *y = NULL;
            for (size_t j = 0; j < b->n && !y; j++)
                if (b->v[j].kind == TK_VALUE && strcmp(b->v[j].val, x->val) == 0)
                    y = &b->v[j];
            if (!y || y->quoted == x->quoted)
                continue;
            if (n++ == 0)
                first = x->val;
        }
        const char *how = way == 0 ? "quoted here and not in the prescribed text"
                                   : "unquoted here and quoted in the prescribed text";
        if (n == 1)
            add(l, cwf_xasprintf("the quotes differ: `%s` is %s", first, how));
        else if (n > 1)
            add(l, cwf_xasprintf("the quotes differ: %zu values are %s, such as `%s`", n, how,
                                 first));
    }
}

/* "none", "1 pair", "16 pairs". */
static char *pairs(size_t n)
{
    return n == 0 ? cwf_xstrdup("none") : cwf_xasprintf("%zu pair%s", n, n == 1 ? "" : "s");
}

static void paren_diff(const toks *a, const toks *b, cwf_literal *l)
{
    char *x = pairs(count_parens(a)), *y = pairs(count_parens(b));
    add(l, cwf_xasprintf("the parentheses differ: the pattern has %s, the prescribed text has %s",
                         x, y));
    free(x);
    free(y);
}

static size_t count_parens(const toks *t)
{
    size_t n = 0;
    for (size_t i = 0; i < t->n; i++)
        n += is_paren(&t->v[i]) && t->v[i].p[0] == '(';
    return n;
}

/* The differences of text (a) from prescribed (b), every kind of them
 * (conditions, order, parentheses, quotes, spacing); returns a rank (lower:
 * closer) and fills l's diffs. */
static int compare(const char *text, const toks *a, const char *pre, const toks *b,
                   cwf_literal *l)
{
    if (seq_eq(a, b, true, true)) {
        for (size_t i = 0; i < a->n; i++)
            if (a->v[i].space != b->v[i].space) {
                cwf_buf m = CWF_BUF_INIT;
                cwf_buf_puts(&m, "only the spacing differs: at ");
                where(text, a->v[i].at, &m);
                cwf_buf_printf(&m, " the pattern has %s before `%.*s`, the prescribed text %s",
                               a->v[i].space ? "a space" : "no space", (int)a->v[i].n,
                               a->v[i].p, b->v[i].space ? "a space" : "none");
                add(l, cwf_buf_take(&m));
                return 1;
            }
        add(l, cwf_xstrdup("only the whitespace differs (line breaks, tabs or repeated "
                           "spaces)"));
        return 1;
    }
    char **ca, **cb;
    size_t na = conditions(a, &ca), nb = conditions(b, &cb);
    bool *used = cwf_xcalloc(nb + 1, 1);
    cwf_buf extra = CWF_BUF_INIT, missing = CWF_BUF_INIT;
    size_t nextra = 0, nmissing = 0;
    for (size_t i = 0; i < na; i++) {
        size_t j = 0;
        while (j < nb && (used[j] || strcmp(ca[i], cb[j]) != 0))
            j++;
        if (j < nb) {
            used[j] = true;
        } else {
            cwf_buf_printf(&extra, "%s`%s`", nextra ? ", " : "", ca[i]);
            nextra++;
        }
    }
    for (size_t j = 0; j < nb; j++)
        if (!used[j]) {
            cwf_buf_printf(&missing, "%s`%s`", nmissing ? ", " : "", cb[j]);
            nmissing++;
        }
    int rank = 2;
    if (nextra)
        add(l, cwf_xasprintf("extra condition%s: %s", nextra > 1 ? "s" : "",
                             cwf_buf_str(&extra)));
    if (nmissing)
        add(l, cwf_xasprintf("missing condition%s: %s", nmissing > 1 ? "s" : "",
                             cwf_buf_str(&missing)));
    rank += 3 * (int)(nextra + nmissing);
    bool order = false;
    for (size_t i = 0; i < na && i < nb && !order && !nextra && !nmissing; i++)
        order = strcmp(ca[i], cb[i]) != 0;
    if (order) {
        add(l, cwf_xstrdup("the conditions are the same but in a different order"));
        rank += 2;
    }
    if (!nextra && !nmissing && !order && !seq_eq(a, b, false, true)) {
        if (count_parens(a) != count_parens(b))
            paren_diff(a, b, l);
        else
            add(l, cwf_xstrdup("the parentheses differ: the same conditions, grouped "
                               "differently"));
        rank++;
    } else if ((nextra || nmissing || order) && count_parens(a) != count_parens(b)) {
        paren_diff(a, b, l);
        rank++;
    }
    size_t before = l->ndiffs;
    quote_diffs(a, b, l);
    spacing_diffs(text, a, pre, b, l);
    rank += (int)(l->ndiffs - before);
    if (l->ndiffs == 0)
        add(l, cwf_xstrdup("the same conditions, joined or grouped differently"));
    cwf_buf_free(&extra);
    cwf_buf_free(&missing);
    free(used);
    strs_free(ca, na);
    strs_free(cb, nb);
    return rank;
}

void cwf_literal_compare(const char *text, size_t len, const cwf_bench_rule *rule,
                         cwf_literal *out)
{
    memset(out, 0, sizeof *out);
    const cwf_bench_text fallback = {"the prescribed text", rule->prescribed};
    const cwf_bench_text *texts = rule->ntexts ? rule->texts : &fallback;
    size_t ntexts = rule->ntexts ? rule->ntexts : 1;
    for (size_t i = 0; i < ntexts; i++)
        if (strlen(texts[i].text) == len && memcmp(texts[i].text, text, len) == 0) {
            out->exact = true;
            out->label = texts[i].label;
            out->text = texts[i].text;
            return;
        }
    char *t = cwf_xstrndup(text, len);
    toks a;
    lex(t, len, &a);
    int best = -1;
    for (size_t i = 0; i < ntexts; i++) {
        toks b;
        lex(texts[i].text, strlen(texts[i].text), &b);
        cwf_literal l = {0};
        int rank = compare(t, &a, texts[i].text, &b, &l);
        toks_free(&b);
        if (best < 0 || rank < best) {
            cwf_literal_free(out);
            *out = l;
            out->label = texts[i].label;
            out->text = texts[i].text;
            best = rank;
        } else {
            cwf_literal_free(&l);
        }
    }
    toks_free(&a);
    free(t);
}

void cwf_literal_free(cwf_literal *l)
{
    for (size_t i = 0; i < l->ndiffs; i++)
        free(l->diffs[i]);
    free(l->diffs);
    memset(l, 0, sizeof *l);
}
