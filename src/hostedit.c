/* hostedit.c: pattern edits re-encoded into the host file's scalar, and
 * proved by reading the file again (hostedit.h). */
#include <stdlib.h>
#include <string.h>

#include "hostedit.h"

void cwf_hedits_free(cwf_hedits *e)
{
    for (size_t i = 0; i < e->n; i++)
        free(e->v[i].text);
    free(e->v);
    memset(e, 0, sizeof *e);
}

static void hedit_add(cwf_hedits *e, uint32_t start, uint32_t end, cwf_buf *text)
{
    e->v = cwf_xrealloc(e->v, (e->n + 1) * sizeof *e->v);
    size_t n = text->len;
    e->v[e->n++] = (cwf_hedit){start, end, text->p ? cwf_buf_take(text) : cwf_xstrdup(""), n};
}

void cwf_hedits_apply(const char *data, size_t len, const cwf_hedits *e, cwf_buf *out)
{
    size_t at = 0;
    for (size_t i = 0; i < e->n; i++) {
        if (e->v[i].start > at)
            cwf_buf_add(out, data + at, e->v[i].start - at);
        cwf_buf_add(out, e->v[i].text, e->v[i].len);
        if (e->v[i].end > at)
            at = e->v[i].end;
    }
    if (len > at)
        cwf_buf_add(out, data + at, len - at);
}

void cwf_host_linecol(const char *data, size_t len, size_t off, uint32_t *line, uint32_t *col)
{
    uint32_t l = 1, c = 1;
    size_t i = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    if (off > len)
        off = len;
    for (; i < off; i++) {
        unsigned char b = (unsigned char)data[i];
        if (b == '\n') {
            l++;
            c = 1;
        } else if ((b & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *col = c;
}

bool cwf_host_editable(cwf_host h, const cwf_filter *f, const char **why)
{
    if (h == CWF_HOST_DESCRIBE) {
        *why = "the pattern is in an AWS export: apply it with aws logs put-metric-filter";
        return false;
    }
    if (h == CWF_HOST_TF_PLAN) {
        *why = "the pattern is in a Terraform plan: fix the configuration it comes from";
        return false;
    }
    if (f->not_string) {
        *why = "the pattern is not a string";
        return false;
    }
    if (f->nparts) {
        *why = f->parts[0].what;
        return false;
    }
    if (f->style == CWF_STYLE_NONE || !f->hoff) {
        *why = "the pattern is built from several values (Fn::Join, Fn::Sub variables)";
        return false;
    }
    return true;
}

/* ---- encoding ------------------------------------------------------------------- */

/* The host template escapes: Fn::Sub's ${!, Terraform's $${ and %%{. */
static void host_escape(const char *s, size_t n, uint8_t esc, cwf_buf *out)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool brace = i + 1 < n && s[i + 1] == '{';
        if ((esc & CWF_ESC_SUB) && c == '$' && brace) {
            cwf_buf_puts(out, "${!");
            i++;
        } else if ((esc & CWF_ESC_TF) && (c == '$' || c == '%') && brace) {
            cwf_buf_putc(out, c);
            cwf_buf_putc(out, c);
        } else {
            cwf_buf_putc(out, c);
        }
    }
}

static void json_escape(const char *s, size_t n, cwf_buf *out)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': cwf_buf_puts(out, "\\\""); break;
        case '\\': cwf_buf_puts(out, "\\\\"); break;
        case '\n': cwf_buf_puts(out, "\\n"); break;
        case '\r': cwf_buf_puts(out, "\\r"); break;
        case '\t': cwf_buf_puts(out, "\\t"); break;
        default:
            if (c < 0x20 || c == 0x7F)
                cwf_buf_printf(out, "\\u%04x", c);
            else
                cwf_buf_putc(out, (char)c);
        }
    }
}

/* What a line break inside a block scalar or heredoc is followed by: the
 * indentation the reader strips. */
static void block_indent(const char *data, size_t len, const cwf_filter *f, cwf_buf *ind)
{
    const char *t = f->src.text;
    size_t n = f->src.len;
    if (f->style == CWF_STYLE_HCL_HEREDOC && !(f->hstart + 3 <= len &&
                                               memcmp(data + f->hstart, "<<-", 3) == 0))
        return; /* <<EOF keeps its indentation in the pattern */
    for (size_t i = 0; i + 1 < n; i++)
        if (t[i] == '\n' && f->hoff[i + 1] > f->hoff[i] + 1) {
            size_t a = f->hoff[i] + 1, b = f->hoff[i + 1];
            bool ws = true;
            for (size_t k = a; k < b && ws; k++)
                ws = data[k] == ' ' || data[k] == '\t';
            if (ws) {
                cwf_buf_add(ind, data + a, b - a);
                return;
            }
        }
    size_t ls = f->hoff[0];
    while (ls > 0 && data[ls - 1] != '\n')
        ls--;
    size_t k = ls;
    while (k < len && (data[k] == ' ' || data[k] == '\t'))
        k++;
    cwf_buf_add(ind, data + ls, k - ls);
}

/* Encodes pattern text s[0..n) for the scalar of f. */
static bool encode(const char *data, size_t len, const cwf_filter *f, const char *s, size_t n,
                   cwf_buf *out)
{
    cwf_buf e = CWF_BUF_INIT;
    host_escape(s, n, f->escape, &e);
    const char *p = e.p ? e.p : "";
    bool ok = true;
    switch (f->style) {
    case CWF_STYLE_JSON:
        json_escape(p, e.len, out);
        break;
    case CWF_STYLE_YAML_DOUBLE:
        json_escape(p, e.len, out); /* JSON's escapes are YAML's */
        break;
    case CWF_STYLE_HCL_QUOTED:
        json_escape(p, e.len, out); /* \" \\ \n \t \r and \u are HCL's too */
        break;
    case CWF_STYLE_YAML_SINGLE:
        for (size_t i = 0; i < e.len && ok; i++) {
            if (p[i] == '\n')
                ok = false;
            else if (p[i] == '\'')
                cwf_buf_puts(out, "''");
            else
                cwf_buf_putc(out, p[i]);
        }
        break;
    case CWF_STYLE_YAML_PLAIN:
        ok = !memchr(p, '\n', e.len);
        cwf_buf_add(out, p, e.len);
        break;
    case CWF_STYLE_YAML_LITERAL:
    case CWF_STYLE_YAML_FOLDED:
    case CWF_STYLE_HCL_HEREDOC: {
        cwf_buf ind = CWF_BUF_INIT;
        block_indent(data, len, f, &ind);
        for (size_t i = 0; i < e.len; i++) {
            cwf_buf_putc(out, p[i]);
            if (p[i] == '\n') {
                if (f->style == CWF_STYLE_YAML_FOLDED)
                    cwf_buf_putc(out, '\n');
                cwf_buf_add(out, ind.p ? ind.p : "", ind.len);
            }
        }
        cwf_buf_free(&ind);
        break;
    }
    default:
        ok = false;
    }
    cwf_buf_free(&e);
    return ok;
}

static bool plain_safe(const char *v)
{
    if (!*v)
        return false;
    for (const char *c = v; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
              (c > v && strchr("_-./", *c))))
            return false;
    return true;
}

bool cwf_host_scalar(const char *data, size_t len, cwf_host host, uint32_t start, uint32_t end,
                     const char *value, cwf_hedits *e)
{
    if (end < start || end > len)
        return false;
    char q = start > 0 ? data[start - 1] : '\0';
    bool quoted = (q == '"' || q == '\'') && end < len && data[end] == q;
    uint8_t esc = host == CWF_HOST_TF || host == CWF_HOST_TF_JSON ? CWF_ESC_TF : 0;
    cwf_buf v = CWF_BUF_INIT, t = CWF_BUF_INIT;
    host_escape(value, strlen(value), esc, &v);
    const char *p = v.p ? v.p : "";
    bool ok = true;
    if (quoted && q == '"') {
        json_escape(p, v.len, &t);
    } else if (quoted && host == CWF_HOST_CFN && !memchr(p, '\n', v.len)) {
        for (size_t i = 0; i < v.len; i++)
            cwf_buf_puts(&t, p[i] == '\'' ? "''" : (char[]){p[i], 0});
    } else if (!quoted && host == CWF_HOST_CFN && end > start && !strchr("|>\"'", data[start])) {
        size_t f0 = 0;
        while (f0 < len && strchr(" \t\r\n", data[f0]))
            f0++;
        if (plain_safe(p) && !(f0 < len && data[f0] == '{')) { /* JSON has no plain scalars */
            cwf_buf_add(&t, p, v.len);
        } else {
            cwf_buf_putc(&t, '"');
            json_escape(p, v.len, &t);
            cwf_buf_putc(&t, '"');
        }
    } else {
        ok = false;
    }
    if (ok)
        hedit_add(e, start, end, &t);
    cwf_buf_free(&t);
    cwf_buf_free(&v);
    return ok;
}

/* The minimal edits: each pattern edit on the host bytes of its span. */
static bool minimal(const char *data, size_t len, const cwf_filter *f, const cwf_fix *fx,
                    cwf_hedits *out)
{
    for (size_t i = 0; i < fx->nedits; i++) {
        const cwf_fix_edit *e = &fx->edits[i];
        if (e->span.end > f->src.len)
            return false;
        uint32_t hs = f->hoff[e->span.start], he = f->hoff[e->span.end];
        if (e->span.end == e->span.start)
            he = hs;
        if (he < hs || he > len)
            return false;
        cwf_buf t = CWF_BUF_INIT;
        if (e->copy.end > e->copy.start && e->copy.end <= f->src.len) {
            uint32_t a = f->hoff[e->copy.start], b = f->hoff[e->copy.end];
            if (b < a || b > len) {
                cwf_buf_free(&t);
                return false;
            }
            cwf_buf_add(&t, data + a, b - a);
        } else if (!encode(data, len, f, e->text, strlen(e->text), &t)) {
            cwf_buf_free(&t);
            return false;
        }
        if (out->n && hs < out->v[out->n - 1].end) {
            cwf_buf_free(&t);
            return false;
        }
        hedit_add(out, hs, he, &t);
    }
    return true;
}

/* The whole flow scalar written again, double-quoted. */
static bool whole(const char *data, size_t len, const cwf_filter *f, const cwf_fix *fx,
                  cwf_hedits *out)
{
    cwf_filter g = *f;
    switch (f->style) {
    case CWF_STYLE_JSON:
    case CWF_STYLE_HCL_QUOTED:
        break;
    case CWF_STYLE_YAML_PLAIN:
    case CWF_STYLE_YAML_SINGLE:
    case CWF_STYLE_YAML_DOUBLE:
        g.style = CWF_STYLE_YAML_DOUBLE;
        break;
    default:
        return false;
    }
    cwf_buf t = CWF_BUF_INIT;
    cwf_buf_putc(&t, '"');
    encode(data, len, &g, fx->fixed, fx->fixed_len, &t);
    cwf_buf_putc(&t, '"');
    hedit_add(out, f->hstart, f->hend, &t);
    return true;
}

/* Joins edits that touch (one ends where the next starts) into one, so that
 * the insertions at one spot are one replacement. */
static void merge(cwf_hedits *e)
{
    size_t k = 0;
    for (size_t i = 0; i < e->n; i++) {
        if (k && e->v[i].start == e->v[k - 1].end) {
            cwf_hedit *p = &e->v[k - 1];
            p->text = cwf_xrealloc(p->text, p->len + e->v[i].len + 1);
            memcpy(p->text + p->len, e->v[i].text, e->v[i].len);
            p->len += e->v[i].len;
            p->text[p->len] = '\0';
            p->end = e->v[i].end;
            free(e->v[i].text);
            continue;
        }
        e->v[k++] = e->v[i];
    }
    e->n = k;
}

/* Whether new bytes give the fixed pattern for filter i, and every other
 * filter as it was; read gets the extraction of the new bytes (when true,
 * and read is not NULL). */
static bool verify(const cwf_extract *x, size_t i, const cwf_fix *fx, const cwf_buf *nb,
                   cwf_extract *read)
{
    cwf_extract y = CWF_EXTRACT_INIT;
    bool ok = cwf_extract_buf(x->path, nb->p ? nb->p : "", nb->len, &y) && y.n == x->n;
    for (size_t k = 0; ok && k < y.n; k++) {
        const cwf_source *a = &y.v[k].src;
        const char *want = k == i ? fx->fixed : x->v[k].src.text;
        size_t wlen = k == i ? fx->fixed_len : x->v[k].src.len;
        ok = a->len == wlen && memcmp(a->text, want, wlen) == 0 &&
             y.v[k].nparts == x->v[k].nparts;
    }
    if (ok && read)
        *read = y;
    else
        cwf_extract_free(&y);
    return ok;
}

bool cwf_host_fix(const char *data, size_t len, const cwf_extract *x, size_t i,
                  const cwf_fix *fx, cwf_buf *out, cwf_hedits *edits, cwf_extract *read,
                  const char **why)
{
    const cwf_filter *f = &x->v[i];
    if (!cwf_host_editable(x->host, f, why))
        return false;
    for (int attempt = 0; attempt < 2; attempt++) {
        cwf_hedits e = {0};
        bool got = attempt == 0 ? minimal(data, len, f, fx, &e) : whole(data, len, f, fx, &e);
        if (got) {
            merge(&e);
            cwf_buf nb = CWF_BUF_INIT;
            cwf_hedits_apply(data, len, &e, &nb);
            if (verify(x, i, fx, &nb, read)) {
                *out = nb;
                *edits = e;
                return true;
            }
            cwf_buf_free(&nb);
        }
        cwf_hedits_free(&e);
    }
    *why = "the fixed pattern cannot be written in this scalar's style";
    return false;
}

/* ---- proving many fixes at once --------------------------------------- */

/* The edits of attempt a (0 the fewest bytes, 1 the whole scalar) that write
 * fx into filter f, merged; false when that attempt cannot. */
static bool host_edits(const char *data, size_t len, const cwf_filter *f, const cwf_fix *fx,
                       int a, cwf_hedits *he)
{
    bool got = a == 0 ? minimal(data, len, f, fx, he) : whole(data, len, f, fx, he);
    if (got)
        merge(he);
    else
        cwf_hedits_free(he);
    return got;
}

static int hedit_cmp(const void *a, const void *b)
{
    const cwf_hedit *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return (x->end > y->end) - (x->end < y->end);
}

/* Whether the fixes c[s[0..n)], of n distinct filters, applied to data
 * together read back: each of their filters with its fixed pattern, every
 * other as it was.  want: x->n entries, all NULL (and left so). */
static bool batch_reads_back(const char *data, size_t len, const cwf_extract *x,
                             const cwf_host_cand *c, const size_t *s, size_t n,
                             const cwf_fix **want)
{
    size_t ne = 0;
    for (size_t k = 0; k < n; k++)
        ne += c[s[k]].he.n;
    cwf_hedits all = {cwf_xmalloc((ne + 1) * sizeof *all.v), 0};
    for (size_t k = 0; k < n; k++) {
        memcpy(all.v + all.n, c[s[k]].he.v, c[s[k]].he.n * sizeof *all.v);
        all.n += c[s[k]].he.n;
        want[c[s[k]].i] = c[s[k]].fx;
    }
    qsort(all.v, all.n, sizeof *all.v, hedit_cmp);
    bool ok = true;
    for (size_t k = 1; ok && k < all.n; k++)
        ok = all.v[k].start >= all.v[k - 1].end; /* one scalar, two filters: apart */
    if (ok) {
        cwf_buf nb = CWF_BUF_INIT;
        cwf_hedits_apply(data, len, &all, &nb);
        cwf_extract y = CWF_EXTRACT_INIT;
        ok = cwf_extract_buf(x->path, nb.p ? nb.p : "", nb.len, &y) && y.n == x->n;
        for (size_t k = 0; ok && k < y.n; k++) {
            const char *t = want[k] ? want[k]->fixed : x->v[k].src.text;
            size_t tn = want[k] ? want[k]->fixed_len : x->v[k].src.len;
            ok = y.v[k].src.len == tn && memcmp(y.v[k].src.text, t, tn) == 0 &&
                 y.v[k].nparts == x->v[k].nparts;
        }
        cwf_extract_free(&y);
        cwf_buf_free(&nb);
    }
    for (size_t k = 0; k < n; k++)
        want[c[s[k]].i] = NULL;
    free(all.v); /* the texts are the candidates' */
    return ok;
}

/* Marks c[s[0..n)] ok where they read back: all at once, else each half. */
static void prove_set(const char *data, size_t len, const cwf_extract *x, cwf_host_cand *c,
                      const size_t *s, size_t n, const cwf_fix **want)
{
    if (!n)
        return;
    if (batch_reads_back(data, len, x, c, s, n, want)) {
        for (size_t k = 0; k < n; k++)
            c[s[k]].ok = true;
        return;
    }
    if (n == 1)
        return;
    prove_set(data, len, x, c, s, n / 2, want);
    prove_set(data, len, x, c, s + n / 2, n - n / 2, want);
}

void cwf_host_prove(const char *data, size_t len, const cwf_extract *x, cwf_host_cand *c,
                    size_t n)
{
    bool *done = cwf_xcalloc(n + 1, sizeof *done);
    for (size_t k = 0; k < n; k++) {
        c[k].ok = false;
        c[k].he = (cwf_hedits){0};
        const cwf_filter *f = &x->v[c[k].i];
        const char *why;
        c[k].attempt = !cwf_host_editable(x->host, f, &why)             ? -1
                       : host_edits(data, len, f, c[k].fx, 0, &c[k].he) ? 0
                       : host_edits(data, len, f, c[k].fx, 1, &c[k].he) ? 1
                                                                         : -1;
        done[k] = c[k].attempt < 0;
    }
    /* Batches: the first fix still to prove of every filter. */
    size_t *s = cwf_xmalloc((n + 1) * sizeof *s), *seen = cwf_xcalloc(x->n + 1, sizeof *seen);
    const cwf_fix **want = cwf_xcalloc(x->n + 1, sizeof *want);
    for (size_t round = 1;; round++) {
        size_t m = 0;
        for (size_t k = 0; k < n; k++)
            if (!done[k] && seen[c[k].i] != round) {
                seen[c[k].i] = round;
                s[m++] = k;
            }
        if (!m)
            break;
        prove_set(data, len, x, c, s, m, want);
        for (size_t j = 0; j < m; j++) {
            cwf_host_cand *d = &c[s[j]];
            if (d->ok) {
                done[s[j]] = true;
                continue;
            }
            cwf_hedits_free(&d->he);
            done[s[j]] = d->attempt == 1 ||
                         !host_edits(data, len, &x->v[d->i], d->fx, 1, &d->he);
            d->attempt = 1;
        }
    }
    free(want);
    free(seen);
    free(s);
    free(done);
}

/* cwf_host_linecol from a cursor: queries in increasing order cost the
 * bytes between them, not the bytes before them. */
typedef struct linecur {
    size_t off;
    uint32_t line, col;
} linecur;

static cwf_pos linecol_at(const char *data, size_t len, linecur *c, size_t off)
{
    size_t start = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    if (off > len)
        off = len;
    if (c->line == 0 || off < c->off)
        *c = (linecur){start, 1, 1};
    for (; c->off < off; c->off++) {
        unsigned char b = (unsigned char)data[c->off];
        if (b == '\n') {
            c->line++;
            c->col = 1;
        } else if ((b & 0xC0) != 0x80) {
            c->col++;
        }
    }
    return (cwf_pos){c->line, c->col};
}

void cwf_host_diag_fixes(const char *data, size_t len, const cwf_extract *x, size_t n,
                         const size_t *idx, const cwf_diags *const *d, cwf_host_dfix **out,
                         size_t *nout)
{
    cwf_fixes *fs = cwf_xcalloc(n + 1, sizeof *fs);
    cwf_host_cand *c = NULL;
    size_t nc = 0, *diag = NULL, *owner = NULL;
    for (size_t k = 0; k < n; k++) {
        const cwf_filter *f = &x->v[idx[k]];
        const char *why;
        if (!d[k]->n || !cwf_host_editable(x->host, f, &why))
            continue;
        cwf_fix_generate(f->src.text, f->src.len, NULL, 0, &fs[k]);
        for (size_t q = 0; q < fs[k].n; q++) {
            const cwf_fix *fx = &fs[k].v[q];
            size_t j = 0;
            while (j < d[k]->n && !(d[k]->v[j].rule == fx->rule && fx->nedits &&
                                    d[k]->v[j].span.start == fx->edits[0].span.start))
                j++;
            if (j == d[k]->n)
                continue;
            c = cwf_xrealloc(c, (nc + 1) * sizeof *c);
            diag = cwf_xrealloc(diag, (nc + 1) * sizeof *diag);
            owner = cwf_xrealloc(owner, (nc + 1) * sizeof *owner);
            c[nc] = (cwf_host_cand){.i = idx[k], .fx = fx};
            diag[nc] = j;
            owner[nc++] = k;
        }
    }
    cwf_host_prove(data, len, x, c, nc);
    linecur cur = {0};
    for (size_t m = 0; m < nc; m++) {
        const cwf_hedits *he = &c[m].he;
        if (c[m].ok) {
            const cwf_fix *fx = c[m].fx;
            cwf_host_dfix df = {diag[m], cwf_xstrdup(fx->title), fx->safety == CWF_FIX_SAFE,
                                fx->why ? cwf_xstrdup(fx->why) : NULL,
                                cwf_xcalloc(he->n + 1, sizeof *df.v), he->n};
            for (size_t e = 0; e < he->n; e++) {
                df.v[e].start = linecol_at(data, len, &cur, he->v[e].start);
                df.v[e].end = linecol_at(data, len, &cur, he->v[e].end);
                df.v[e].text = cwf_xstrdup(he->v[e].text);
            }
            size_t k = owner[m];
            out[k] = cwf_xrealloc(out[k], (nout[k] + 1) * sizeof *out[k]);
            out[k][nout[k]++] = df;
        }
        cwf_hedits_free(&c[m].he);
    }
    for (size_t k = 0; k < n; k++)
        cwf_fixes_free(&fs[k]);
    free(fs);
    free(c);
    free(diag);
    free(owner);
}

void cwf_host_dfix_free(cwf_host_dfix *v, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        free(v[k].title);
        free(v[k].why);
        for (size_t e = 0; e < v[k].n; e++)
            free(v[k].v[e].text);
        free(v[k].v);
    }
    free(v);
}
