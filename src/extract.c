/* extract.c: what every reader shares (positions, the pattern builder, the
 * filter list), and the choice of reader by name and content. */
#define CWF_EXTRACT_INTERNAL
#include "extract.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

const char *cwf_host_name(cwf_host h)
{
    switch (h) {
    case CWF_HOST_NONE: return "none";
    case CWF_HOST_DESCRIBE: return "describe-filters";
    case CWF_HOST_CFN: return "cloudformation";
    case CWF_HOST_CDK: return "cdk-assembly";
    case CWF_HOST_TF: return "terraform";
    case CWF_HOST_TF_JSON: return "terraform-json";
    case CWF_HOST_TF_PLAN: return "terraform-plan";
    }
    return "none";
}

/* Whether data[0..len) contains needle (memmem is a GNU extension). */
static bool contains(const char *data, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = data; len >= n && (p = memchr(p, needle[0], len - n + 1 - (size_t)(p - data)));
         p++)
        if (memcmp(p, needle, n) == 0)
            return true;
    return false;
}

/* ---- positions ------------------------------------------------------------ */

static bool is_cont(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

/* Characters in text[a..b). */
static uint32_t chars(const char *text, size_t a, size_t b)
{
    uint32_t n = 0;
    for (size_t i = a; i < b; i++)
        n += !is_cont((unsigned char)text[i]);
    return n;
}

void cwf_hmap_init(cwf_hmap *h, const char *text, size_t len)
{
    memset(h, 0, sizeof *h);
    h->text = text;
    h->len = len;
    h->bom = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0;
    size_t n = 1;
    for (size_t i = 0; i < len; i++)
        n += text[i] == '\n';
    h->lines = cwf_xmalloc(n * sizeof *h->lines);
    h->lines[0] = 0;
    h->nlines = 1;
    size_t nck = len / CWF_HMAP_STEP + 1;
    h->chars = cwf_xmalloc(nck * sizeof *h->chars);
    uint32_t c = 0;
    for (size_t i = 0; i < len; i++) {
        if (i % CWF_HMAP_STEP == 0)
            h->chars[i / CWF_HMAP_STEP] = c;
        c += !is_cont((unsigned char)text[i]);
        if (text[i] == '\n')
            h->lines[h->nlines++] = (uint32_t)(i + 1);
    }
    if (len % CWF_HMAP_STEP == 0)
        h->chars[len / CWF_HMAP_STEP] = c;
    h->last = (cwf_pos){1, 1};
}

/* Characters in text[0..off). */
static uint32_t chars_before(const cwf_hmap *h, size_t off)
{
    size_t k = off / CWF_HMAP_STEP;
    return h->chars[k] + chars(h->text, k * CWF_HMAP_STEP, off);
}

cwf_pos cwf_hmap_pos(cwf_hmap *h, size_t off)
{
    if (off > h->len)
        off = h->len;
    /* A continuation byte sits on the column of its character. */
    while (off > 0 && off < h->len && is_cont((unsigned char)h->text[off]))
        off--;
    size_t line = h->last.line - 1;
    size_t next = line + 1 < h->nlines ? h->lines[line + 1] : h->len + 1;
    /* The mark (one character, bytes 0 to 2) is not a column. */
    uint32_t bom = h->bom && off >= 3;
    if (off >= h->last_off && off < next && off - h->last_off < CWF_HMAP_STEP) {
        h->last.col += chars(h->text, h->last_off, off) - (bom && h->last_off < 3);
        h->last_off = off;
        return h->last;
    }
    size_t lo = 0, hi = h->nlines; /* the last line starting at or before off */
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (h->lines[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    h->last = (cwf_pos){(uint32_t)lo + 1,
                        1 + chars_before(h, off) - chars_before(h, h->lines[lo]) - (lo == 0 && bom)};
    h->last_off = off;
    return h->last;
}

void cwf_hmap_free(cwf_hmap *h)
{
    free(h->lines);
    free(h->chars);
    h->lines = NULL;
    h->chars = NULL;
}

/* ---- the pattern builder -------------------------------------------------- */

static void pb_grow(cwf_pbuild *b, size_t extra)
{
    size_t need = b->text.len + extra + 1;
    if (need <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    b->off = cwf_xrealloc(b->off, cap * sizeof *b->off);
    b->cap = cap;
}

void cwf_pb_byte(cwf_pbuild *b, char c, uint32_t off)
{
    pb_grow(b, 1);
    b->off[b->text.len] = off;
    cwf_buf_putc(&b->text, c);
}

void cwf_pb_raw(cwf_pbuild *b, const char *s, size_t n, uint32_t off)
{
    pb_grow(b, n);
    for (size_t i = 0; i < n; i++)
        b->off[b->text.len + i] = off + (uint32_t)i;
    cwf_buf_add(&b->text, s, n);
    b->end = off + (uint32_t)n;
}

void cwf_pb_mapped(cwf_pbuild *b, const char *s, size_t n, const uint32_t *offs)
{
    if (!n)
        return;
    pb_grow(b, n);
    memcpy(b->off + b->text.len, offs, n * sizeof *offs);
    cwf_buf_add(&b->text, s, n);
}

static void add_part(cwf_pbuild *b, size_t n, const char *what)
{
    b->parts = cwf_xrealloc(b->parts, (b->nparts + 1) * sizeof *b->parts);
    cwf_part *p = &b->parts[b->nparts++];
    p->span = (cwf_span){(uint32_t)b->text.len, (uint32_t)(b->text.len + n)};
    p->what = cwf_xstrdup(what);
}

void cwf_pb_part(cwf_pbuild *b, const char *s, size_t n, uint32_t off, const char *what)
{
    add_part(b, n, what);
    cwf_pb_raw(b, s, n, off);
}

void cwf_pb_part_mapped(cwf_pbuild *b, const char *s, size_t n, const uint32_t *offs,
                        const char *what)
{
    add_part(b, n, what);
    cwf_pb_mapped(b, s, n, offs);
    if (n)
        b->end = offs[n - 1] + 1;
}

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

void cwf_pb_trim(cwf_pbuild *b)
{
    size_t n = b->text.len, a = 0;
    while (n > 0 && is_ws(b->text.p[n - 1]))
        n--;
    while (a < n && is_ws(b->text.p[a]))
        a++;
    for (size_t i = 0; i < b->nparts; i++) {
        /* Parts are never white space, so they lie inside [a, n). */
        b->parts[i].span.start -= (uint32_t)a;
        b->parts[i].span.end -= (uint32_t)a;
    }
    if (n < b->text.len)
        b->end = b->off[n];
    if (!b->text.p)
        return;
    memmove(b->text.p, b->text.p + a, n - a);
    memmove(b->off, b->off + a, (n - a) * sizeof *b->off);
    b->text.len = n - a;
    b->text.p[b->text.len] = '\0';
}

void cwf_pb_source(cwf_pbuild *b, cwf_hmap *h, cwf_source *src)
{
    size_t n = b->text.len;
    cwf_pos *map = cwf_xmalloc((n + 1) * sizeof *map);
    for (size_t i = 0; i < n; i++)
        map[i] = cwf_hmap_pos(h, b->off[i]);
    map[n] = cwf_hmap_pos(h, b->end);
    src->text = cwf_buf_take(&b->text);
    src->len = n;
    src->map = map;
}

void cwf_pb_finish(cwf_pbuild *b, cwf_hmap *h, cwf_filter *f)
{
    cwf_pb_source(b, h, &f->src);
    f->parts = b->parts;
    f->nparts = b->nparts;
    b->parts = NULL;
    b->nparts = 0;
    b->end = 0;
}

void cwf_pb_free(cwf_pbuild *b)
{
    cwf_buf_free(&b->text);
    free(b->off);
    for (size_t i = 0; i < b->nparts; i++)
        free(b->parts[i].what);
    free(b->parts);
    memset(b, 0, sizeof *b);
}

/* ---- the extraction ------------------------------------------------------- */

cwf_filter *cwf_x_filter(cwf_extract *x, cwf_filter_kind kind)
{
    if (x->n == x->cap) {
        x->cap = x->cap ? 2 * x->cap : 8;
        x->v = cwf_xrealloc(x->v, x->cap * sizeof *x->v);
    }
    cwf_filter *f = &x->v[x->n++];
    memset(f, 0, sizeof *f);
    f->kind = kind;
    f->src.name = x->path;
    return f;
}

void cwf_x_defn(cwf_extract *x, const char *ref, const char *name)
{
    if (x->ndefs == x->capdefs) {
        x->capdefs = x->capdefs ? 2 * x->capdefs : 4;
        x->defs = cwf_xrealloc(x->defs, x->capdefs * sizeof *x->defs);
    }
    x->defs[x->ndefs++] = (cwf_defn){cwf_xstrdup(ref), cwf_xstrdup(name)};
}

bool cwf_x_error(cwf_extract *x, cwf_hmap *h, size_t off, const char *fmt, ...)
{
    if (x->error)
        return false;
    va_list ap;
    va_start(ap, fmt);
    x->error = cwf_xvasprintf(fmt, ap);
    va_end(ap);
    x->error_pos = cwf_hmap_pos(h, off);
    return false;
}

/* The first line after line (1-based) that holds code: not blank, not only
 * a comment. */
static uint32_t next_code_line(cwf_hmap *h, uint32_t line)
{
    for (size_t l = line; l < h->nlines; l++) {
        size_t i = h->lines[l], end = l + 1 < h->nlines ? h->lines[l + 1] : h->len;
        while (i < end && is_ws(h->text[i]))
            i++;
        if (i == end || h->text[i] == '#' ||
            (h->text[i] == '/' && i + 1 < end && (h->text[i + 1] == '/' || h->text[i + 1] == '*')))
            continue;
        return (uint32_t)l + 1;
    }
    return 0;
}

void cwf_x_directives(cwf_extract *x, cwf_hmap *h, const cwf_comment *c, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        const char *text = h->text + c[k].off;
        size_t len = c[k].len;
        /* Cheap test first: most comments are not directives. */
        if (len < 15 || !contains(text, len, "cwfilter-ignore"))
            continue;
        uint32_t line = cwf_hmap_pos(h, c[k].off).line;
        uint32_t aim = c[k].own_line ? next_code_line(h, line) : line;
        size_t target = CWF_SUP_NONE;
        for (size_t i = 0; i < x->n && aim; i++)
            if (x->v[i].line_first <= aim && aim <= x->v[i].line_last) {
                target = i;
                break;
            }
        cwf_pos *pos = cwf_xmalloc((len + 1) * sizeof *pos);
        for (size_t i = 0; i <= len; i++)
            pos[i] = cwf_hmap_pos(h, c[k].off + i);
        cwf_sup_directive(text, len, pos, x->path, target, &x->sup);
        free(pos);
    }
}

static void filter_free(cwf_filter *f)
{
    free(f->name);
    free(f->resource);
    free(f->log_group);
    free((char *)f->src.text);
    free((cwf_pos *)f->src.map);
    for (size_t i = 0; i < f->nparts; i++)
        free(f->parts[i].what);
    free(f->parts);
}

void cwf_extract_free(cwf_extract *x)
{
    for (size_t i = 0; i < x->n; i++)
        filter_free(&x->v[i]);
    free(x->v);
    cwf_sups_free(&x->sup);
    for (size_t i = 0; i < x->ndefs; i++) {
        free(x->defs[i].ref);
        free(x->defs[i].name);
    }
    free(x->defs);
    for (size_t i = 0; i < x->ntemplates; i++) {
        free(x->templates[i]);
        free(x->stacks[i]);
    }
    free(x->templates);
    free(x->stacks);
    for (size_t i = 0; i < x->ndups; i++) {
        free((char *)x->dups[i].key.text);
        free((cwf_pos *)x->dups[i].key.map);
    }
    free(x->dups);
    free(x->error);
    cwf_x_res_free(x);
    memset(x, 0, sizeof *x);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

bool cwf_extract_wanted(const char *path)
{
    static const char *const ext[] = {".tf", ".json", ".yaml", ".yml", ".template"};
    for (size_t i = 0; i < CWF_COUNT(ext); i++)
        if (ends_with(path, ext[i]))
            return true;
    return false;
}

/* Words that every file holding a filter contains; a file without any of
 * them is not parsed at all (most files met in a walk). */
static bool may_hold_filters(const char *data, size_t len)
{
    static const char *const needles[] = {
        "AWS::Logs::MetricFilter", "AWS::Logs::SubscriptionFilter",
        "aws_cloudwatch_log_metric_filter", "aws_cloudwatch_log_subscription_filter",
        "metricFilters", "subscriptionFilters", "aws:cloudformation:stack",
    };
    for (size_t i = 0; i < CWF_COUNT(needles); i++)
        if (contains(data, len, needles[i]))
            return true;
    return false;
}

/* HCL has lines that start a block with a label: `resource "type" ...`. */
static bool looks_like_hcl(const char *data, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (i == 0 || data[i - 1] == '\n') {
            size_t j = i;
            while (j < len && (data[j] == ' ' || data[j] == '\t'))
                j++;
            if (len - j > 10 && memcmp(data + j, "resource", 8) == 0 &&
                (data[j + 8] == ' ' || data[j + 8] == '\t')) {
                j += 8;
                while (j < len && (data[j] == ' ' || data[j] == '\t'))
                    j++;
                if (j < len && data[j] == '"')
                    return true;
            }
        }
    }
    return false;
}

/* Picks the reader for one top-level value of a JSON or YAML document. */
static bool read_value(const cwf_xdoc *d, const cwf_xnode *v, cwf_extract *x, cwf_hmap *h)
{
    if (v && v->kind == CWF_X_SEQ && !d->yaml) {
        /* [page, page, ...]: describe pages collected in one array */
        bool ok = true;
        for (size_t i = 0; ok && i < v->n; i++)
            if (v->kids[i]->kind == CWF_X_MAP)
                ok = read_value(d, v->kids[i], x, h);
        return ok;
    }
    if (!v || v->kind != CWF_X_MAP)
        return true;
    if (cwf_x_get(v, "metricFilters") || cwf_x_get(v, "subscriptionFilters")) {
        x->host = CWF_HOST_DESCRIBE;
        cwf_read_describe(d, v, x, h);
        return true;
    }
    if (cwf_x_get(v, "format_version") &&
        (cwf_x_get(v, "planned_values") || cwf_x_get(v, "terraform_version"))) {
        x->host = CWF_HOST_TF_PLAN;
        return cwf_read_plan(d, v, x, h);
    }
    if (cwf_x_get(v, "artifacts") && cwf_x_get(v, "version")) {
        x->host = CWF_HOST_CDK;
        return cwf_read_cdk(d, v, x, h);
    }
    if (cwf_x_get(v, "Resources")) {
        x->host = CWF_HOST_CFN;
        cwf_read_cfn(d, v, x, h);
        return true;
    }
    if (!d->yaml && cwf_x_get(v, "resource")) {
        x->host = CWF_HOST_TF_JSON;
        cwf_read_tfjson(d, v, x, h);
        return true;
    }
    return true;
}

bool cwf_extract_buf(const char *path, const char *data, size_t len, cwf_extract *x)
{
    memset(x, 0, sizeof *x);
    x->path = path;
    if (!may_hold_filters(data, len))
        return true;
    if (len >= UINT32_MAX) {
        x->error = cwf_xstrdup("file too large (4 GiB at most)");
        x->error_pos = (cwf_pos){1, 1};
        return false;
    }
    cwf_hmap h;
    cwf_hmap_init(&h, data, len);
    bool ok = true;
    size_t i = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && is_ws(data[i]))
        i++;
    if (ends_with(path, ".tf") || (!ends_with(path, ".json") && i < len &&
                                   data[i] != '{' && data[i] != '[' &&
                                   looks_like_hcl(data, len))) {
        x->host = CWF_HOST_TF;
        ok = cwf_read_hcl(data, len, x, &h);
    } else {
        cwf_xdoc d = {.text = data, .len = len};
        bool json = ends_with(path, ".json") || (i < len && (data[i] == '{' || data[i] == '['));
        ok = json ? cwf_json_load(&d, x, &h) : cwf_yaml_load(&d, x, &h);
        if (ok && d.root) {
            /* A CDK manifest or a template names the format of the whole
             * file; pages of a describe export repeat. */
            for (size_t k = 0; ok && k < d.root->n; k++) {
                ok = read_value(&d, d.root->kids[k], x, &h);
                if (ok && x->host == CWF_HOST_CFN)
                    cwf_x_dupkeys(&d, d.root->kids[k], x, &h);
            }
            if (ok && d.yaml)
                cwf_yaml_comments(&d, x, &h);
        }
        cwf_xdoc_free(&d);
    }
    cwf_hmap_free(&h);
    return ok;
}
