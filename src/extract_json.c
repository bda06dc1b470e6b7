/* extract_json.c: a JSON reader that keeps the byte offsets of every value
 * (jansson gives positions only for errors), and the tree queries shared
 * with the YAML reader.
 *
 * Strict RFC 8259 but for one extension: several top-level values in a row,
 * as when pages of a paginated AWS CLI output are concatenated.  String
 * values are decoded into the arena; the map from a decoded byte to its
 * source offset is rebuilt only for the few strings that are patterns.
 *
 * Memory: a file of CWF_JSON_PRUNE_MIN bytes or more (a Terraform plan, a
 * large .tf.json or describe export) keeps only the members that some
 * reader asks for (the keys of wanted() below, and everything under a
 * key that names a resource or holds a pattern); the rest is checked for
 * syntax and dropped, so the tree stays a fraction of the file. */
#define CWF_EXTRACT_INTERNAL
#include "extract.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"

/* Deeper nesting is an error, not a stack overflow. */
#define MAX_DEPTH CWF_JSON_DOC_MAX_DEPTH

/* From this size on, members no reader uses are not kept. */
#define PRUNE_MIN ((size_t)1 << 20)

/* An arena allocation's real size. */
#define ROUND(n) (((n) + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t))

/* What the members of an object are, for pruning. */
enum {
    CTX_KEYS,  /* keys of a format: keep those of wanted() */
    CTX_ALL,   /* inside a pattern or Metadata: keep everything */
    CTX_NAMES, /* resource names (Resources, artifacts): keep every member */
    CTX_NAMES2 /* .tf.json "resource": types, then names */
};

typedef struct jparser {
    const char *s;
    size_t len, i;
    bool prune;           /* keep only what readers use */
    size_t bytes, cap;    /* the tree's size, and its bound */
    int skip;             /* > 0: inside a value that is not kept */
    cwf_xnode scratch;    /* what a value not kept is parsed into */
    cwf_arena *arena;
    cwf_extract *x;
    cwf_hmap *h;
    cwf_buf str;          /* decoding scratch */
    cwf_xnode **stack;    /* children of the open containers */
    size_t nstack, capstack;
} jparser;

static bool fail(jparser *p, size_t off, const char *msg)
{
    return cwf_x_error(p->x, p->h, off, "%s", msg);
}

static void skip_ws(jparser *p)
{
    while (p->i < p->len) {
        char c = p->s[p->i];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
        p->i++;
    }
}

static void push(jparser *p, cwf_xnode *n)
{
    if (p->skip)
        return;
    if (p->nstack == p->capstack) {
        p->capstack = p->capstack ? 2 * p->capstack : 64;
        p->stack = cwf_xrealloc(p->stack, p->capstack * sizeof *p->stack);
    }
    p->stack[p->nstack++] = n;
}

/* Moves the top k stacked nodes into the arena as n's children. */
static void adopt(jparser *p, cwf_xnode *n, size_t k)
{
    if (p->skip)
        return;
    n->kids = cwf_arena_alloc(p->arena, (k ? k : 1) * sizeof *n->kids);
    p->bytes += ROUND((k ? k : 1) * sizeof *n->kids);
    if (k)
        memcpy(n->kids, p->stack + p->nstack - k, k * sizeof *n->kids);
    p->nstack -= k;
}

static cwf_xnode *node(jparser *p, cwf_xkind kind, size_t start)
{
    cwf_xnode *n = p->skip ? &p->scratch : cwf_arena_alloc(p->arena, sizeof *n);
    p->bytes += p->skip ? 0 : ROUND(sizeof *n);
    if (p->skip)
        memset(n, 0, sizeof *n);
    n->kind = kind;
    n->start = n->pstart = (uint32_t)start;
    return n;
}


/* Four hex digits at s[0..4), or -1. */
static long hex4(const char *s, size_t avail)
{
    if (avail < 4)
        return -1;
    long v = 0;
    for (int k = 0; k < 4; k++) {
        int d = cwf_hex_digit(s[k]);
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

static size_t utf8_put(char *o, unsigned long cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Decodes the escape at s[i] (a backslash) into o; returns the bytes
 * written and advances *i past it, or returns 0 on a bad escape. */
static size_t unescape(const char *s, size_t len, size_t *i, char *o)
{
    size_t k = *i + 1;
    if (k >= len)
        return 0;
    char c = s[k];
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    const char *e = c ? strchr(from, c) : NULL;
    if (e) {
        *o = to[e - from];
        *i = k + 1;
        return 1;
    }
    if (c != 'u')
        return 0;
    long cp = hex4(s + k + 1, len - k - 1);
    if (cp < 0)
        return 0;
    k += 5;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        if (k + 1 >= len || s[k] != '\\' || s[k + 1] != 'u')
            return 0;
        long lo = hex4(s + k + 2, len - k - 2);
        if (lo < 0xDC00 || lo > 0xDFFF)
            return 0;
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        k += 6;
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
        return 0;
    }
    *i = k;
    return utf8_put(o, (unsigned long)cp);
}

static bool parse_string(jparser *p, cwf_xnode **out)
{
    size_t start = p->i++;
    cwf_buf_reset(&p->str);
    size_t run = p->i;
    for (;;) {
        if (p->i >= p->len)
            return fail(p, start, "unterminated string");
        unsigned char c = (unsigned char)p->s[p->i];
        if (c == '"')
            break;
        if (c < 0x20)
            return fail(p, p->i, "control character in string (escape it)");
        if (c == '\\') {
            cwf_buf_add(&p->str, p->s + run, p->i - run);
            char o[4];
            size_t at = p->i;
            size_t n = unescape(p->s, p->len, &p->i, o);
            if (!n)
                return fail(p, at, "invalid escape sequence in string");
            cwf_buf_add(&p->str, o, n);
            run = p->i;
            continue;
        }
        p->i++;
    }
    cwf_buf_add(&p->str, p->s + run, p->i - run);
    p->i++;
    cwf_xnode *n = node(p, CWF_X_STR, start);
    n->end = (uint32_t)p->i;
    n->slen = p->str.len;
    n->s = p->skip ? "" : cwf_arena_strndup(p->arena, p->str.p ? p->str.p : "", p->str.len);
    p->bytes += p->skip ? 0 : ROUND(p->str.len + 1);
    *out = n;
    return true;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool parse_number(jparser *p, cwf_xnode **out)
{
    size_t start = p->i;
    const char *s = p->s;
    size_t i = p->i;
    if (i < p->len && s[i] == '-')
        i++;
    if (i < p->len && s[i] == '0')
        i++;
    else if (i < p->len && is_digit(s[i]))
        while (i < p->len && is_digit(s[i]))
            i++;
    else
        return fail(p, start, "invalid number");
    if (i < p->len && s[i] == '.') {
        i++;
        if (i >= p->len || !is_digit(s[i]))
            return fail(p, i, "invalid number: digits expected after '.'");
        while (i < p->len && is_digit(s[i]))
            i++;
    }
    if (i < p->len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < p->len && (s[i] == '+' || s[i] == '-'))
            i++;
        if (i >= p->len || !is_digit(s[i]))
            return fail(p, i, "invalid number: digits expected in exponent");
        while (i < p->len && is_digit(s[i]))
            i++;
    }
    cwf_xnode *n = node(p, CWF_X_NUM, start);
    n->end = (uint32_t)i;
    n->slen = i - start;
    n->s = p->skip ? "" : cwf_arena_strndup(p->arena, s + start, i - start);
    p->bytes += p->skip ? 0 : ROUND(i - start + 1);
    p->i = i;
    *out = n;
    return true;
}

static bool word(jparser *p, const char *w, cwf_xkind kind, cwf_xnode **out)
{
    size_t n = strlen(w);
    if (p->len - p->i < n || memcmp(p->s + p->i, w, n) != 0)
        return fail(p, p->i, "unexpected character: a JSON value expected");
    cwf_xnode *x = node(p, kind, p->i);
    x->s = w;
    x->slen = n;
    p->i += n;
    x->end = (uint32_t)p->i;
    *out = x;
    return true;
}

static bool parse_value(jparser *p, cwf_xnode **out, int depth, int ctx);

/* The keys that some reader asks for (extract_cfn.c, extract_tf.c,
 * suppress.c), and the context of their value. */
static bool wanted(const char *k, size_t n, int *ctx)
{
    static const char *const keys[] = {
        /* describe-*-filters */
        "metricFilters", "subscriptionFilters",
        /* terraform show -json, .tf.json */
        "format_version", "terraform_version", "planned_values", "root_module", "child_modules",
        "resources", "resource_changes", "address", "type", "mode", "values", "change",
        "after_unknown", "resource",
        /* CDK manifest */
        "artifacts", "version", "properties", "templateFile", "directoryName",
        /* CloudFormation */
        "Resources", "Type", "Properties",
        /* from here on, everything under the key is kept */
        "filterPattern", "filterName", "logGroupName", "pattern", "filter_pattern", "name",
        "log_group_name", "FilterPattern", "FilterName", "LogGroupName", "Metadata",
        /* the monitoring chain (chain_iac.c) */
        "metric_transformation", "MetricTransformations", "metric_name", "MetricName",
        "namespace", "Namespace", "statistic", "Statistic", "extended_statistic",
        "ExtendedStatistic", "comparison_operator", "ComparisonOperator", "threshold",
        "Threshold", "evaluation_periods", "EvaluationPeriods", "datapoints_to_alarm",
        "DatapointsToAlarm", "treat_missing_data", "TreatMissingData", "actions_enabled",
        "ActionsEnabled", "alarm_actions", "AlarmActions", "alarm_name", "AlarmName",
        "metric_query", "Metrics", "topic_arn", "TopicArn", "TopicName", "Subscription", "arn",
        "is_multi_region_trail", "IsMultiRegionTrail", "cloud_watch_logs_group_arn",
        "CloudWatchLogsLogGroupArn", "enable_logging", "IsLogging", "event_selector",
        "EventSelectors", "advanced_event_selector", "AdvancedEventSelectors", "TrailName",
        NULL,
    };
    const size_t first_all = 24;
    for (size_t i = 0; keys[i]; i++)
        if (strlen(keys[i]) == n && memcmp(k, keys[i], n) == 0) {
            /* A pattern or name may be an intrinsic function: all of it. */
            *ctx = i >= first_all ? CTX_ALL
                   : strcmp(keys[i], "Resources") == 0 || strcmp(keys[i], "artifacts") == 0
                       ? CTX_NAMES
                   : strcmp(keys[i], "resource") == 0 ? CTX_NAMES2
                                                       : CTX_KEYS;
            return true;
        }
    return false;
}

/* Whether the member whose key is in p->str, of an object in context ctx,
 * is kept, and the context of its value. */
static bool keep_member(const jparser *p, int ctx, int *vctx)
{
    if (!p->prune || ctx == CTX_ALL) {
        *vctx = CTX_ALL;
        return true;
    }
    if (ctx == CTX_NAMES || ctx == CTX_NAMES2) {
        *vctx = ctx == CTX_NAMES2 ? CTX_NAMES : CTX_KEYS;
        return true;
    }
    return wanted(p->str.p ? p->str.p : "", p->str.len, vctx);
}

static bool parse_container(jparser *p, cwf_xnode **out, int depth, int ctx)
{
    bool obj = p->s[p->i] == '{';
    char close = obj ? '}' : ']';
    cwf_xnode *n = node(p, obj ? CWF_X_MAP : CWF_X_SEQ, p->i);
    if (depth >= MAX_DEPTH)
        return cwf_x_error(p->x, p->h, p->i, "arrays and objects nested deeper than %d levels",
                           MAX_DEPTH);
    p->i++;
    size_t base = p->nstack, k = 0;
    skip_ws(p);
    if (p->i < p->len && p->s[p->i] == close) {
        p->i++;
    } else {
        for (;;) {
            skip_ws(p);
            cwf_xnode *v;
            bool keep = true;
            int vctx = ctx;
            if (obj) {
                if (p->i >= p->len || p->s[p->i] != '"')
                    return fail(p, p->i, "expected a string key");
                /* The key is decoded first, and kept only if its member is. */
                p->skip++;
                bool ok = parse_string(p, &v);
                p->skip--;
                if (!ok)
                    return false;
                keep = p->skip || keep_member(p, ctx, &vctx);
                if (keep && !p->skip) {
                    cwf_xnode *key = node(p, CWF_X_STR, p->scratch.start);
                    key->end = p->scratch.end;
                    key->slen = (uint32_t)p->str.len;
                    key->s = cwf_arena_strndup(p->arena, p->str.p ? p->str.p : "", p->str.len);
                    p->bytes += ROUND(p->str.len + 1);
                    push(p, key);
                }
                skip_ws(p);
                if (p->i >= p->len || p->s[p->i] != ':')
                    return fail(p, p->i, "expected ':' after the key");
                p->i++;
            } else if (p->prune && ctx != CTX_ALL) {
                /* Readers look for objects in lists, never scalars. */
                skip_ws(p);
                keep = p->i < p->len && (p->s[p->i] == '{' || p->s[p->i] == '[');
            }
            p->skip += !keep;
            bool ok = parse_value(p, &v, depth + 1, vctx);
            p->skip -= !keep;
            if (!ok)
                return false;
            if (keep) {
                push(p, v);
                k++;
            }
            skip_ws(p);
            if (p->i < p->len && p->s[p->i] == ',') {
                p->i++;
                continue;
            }
            if (p->i < p->len && p->s[p->i] == close) {
                p->i++;
                break;
            }
            if (p->i >= p->len)
                return fail(p, p->i, obj ? "unexpected end of file: expected ',' or '}'"
                                         : "unexpected end of file: expected ',' or ']'");
            return fail(p, p->i, obj ? "expected ',' or '}'" : "expected ',' or ']'");
        }
    }
    adopt(p, n, p->nstack - base);
    n->n = k;
    n->end = (uint32_t)p->i;
    *out = n;
    return true;
}

static bool parse_value(jparser *p, cwf_xnode **out, int depth, int ctx)
{
    skip_ws(p);
    if (p->bytes + p->capstack * sizeof *p->stack > p->cap)
        return cwf_x_error(p->x, p->h, p->i,
                           "too many values to hold in memory (the bound is %d times the "
                           "file's size, plus %d MiB)",
                           CWF_JSON_MEM_FACTOR, CWF_JSON_MEM_EXTRA_MIB);
    if (p->i >= p->len)
        return fail(p, p->i, "unexpected end of file: a JSON value expected");
    switch (p->s[p->i]) {
    case '{':
    case '[': return parse_container(p, out, depth, ctx);
    case '"': return parse_string(p, out);
    case 't': return word(p, "true", CWF_X_BOOL, out);
    case 'f': return word(p, "false", CWF_X_BOOL, out);
    case 'n': return word(p, "null", CWF_X_NULL, out);
    default: return parse_number(p, out);
    }
}

bool cwf_json_load(cwf_xdoc *d, cwf_extract *x, cwf_hmap *h)
{
    cwf_arena *arena = cwf_xcalloc(1, sizeof *arena);
    d->arena = arena;
    d->yaml = false;
    jparser p = {.s = d->text, .len = d->len, .arena = arena, .x = x, .h = h,
                 .prune = d->len >= PRUNE_MIN,
                 .cap = CWF_JSON_MEM_FACTOR * d->len + ((size_t)CWF_JSON_MEM_EXTRA_MIB << 20)};
    if (p.len >= 3 && memcmp(p.s, "\xEF\xBB\xBF", 3) == 0)
        p.i = 3;
    cwf_xnode *root = node(&p, CWF_X_SEQ, 0);
    bool ok = true;
    size_t k = 0;
    for (;;) {
        skip_ws(&p);
        if (p.i >= p.len)
            break;
        cwf_xnode *v;
        if (!(ok = parse_value(&p, &v, 0, CTX_KEYS)))
            break;
        push(&p, v);
        k++;
    }
    if (ok && k == 0)
        ok = fail(&p, p.i, "empty file: a JSON value expected");
    if (ok) {
        adopt(&p, root, k);
        root->n = k;
        root->end = (uint32_t)p.len;
        d->root = root;
    }
    free(p.stack);
    cwf_buf_free(&p.str);
    return ok;
}

void cwf_xdoc_free(cwf_xdoc *d)
{
    if (d->arena) {
        cwf_arena_free(d->arena);
        free(d->arena);
    }
    free(d->ranges);
    d->ranges = NULL;
    d->arena = NULL;
    d->root = NULL;
}

/* ---- queries -------------------------------------------------------------- */

cwf_xnode *cwf_x_get(const cwf_xnode *m, const char *k)
{
    if (!m || m->kind != CWF_X_MAP)
        return NULL;
    size_t klen = strlen(k);
    cwf_xnode *found = NULL; /* the last one wins, as in jansson */
    for (size_t i = 0; i < m->n; i++) {
        const cwf_xnode *key = m->kids[2 * i];
        if (key->kind == CWF_X_STR && key->slen == klen && memcmp(key->s, k, klen) == 0)
            found = m->kids[2 * i + 1];
    }
    return found;
}

size_t cwf_x_next(const cwf_xnode *m, size_t i, const char *k)
{
    if (!m || m->kind != CWF_X_MAP)
        return 0;
    size_t klen = strlen(k);
    for (; i < m->n; i++) {
        const cwf_xnode *key = m->kids[2 * i];
        if (key->kind == CWF_X_STR && key->slen == klen && memcmp(key->s, k, klen) == 0)
            return i;
    }
    return m->n;
}

/* Orders a map's string keys by value, then by place. */
static int by_key(const void *a, const void *b)
{
    const cwf_xnode *x = *(const cwf_xnode *const *)a, *y = *(const cwf_xnode *const *)b;
    size_t n = x->slen < y->slen ? x->slen : y->slen;
    int c = memcmp(x->s, y->s, n);
    if (c)
        return c;
    if (x->slen != y->slen)
        return x->slen < y->slen ? -1 : 1;
    return x->start < y->start ? -1 : x->start > y->start;
}

static int by_off(const void *a, const void *b)
{
    const cwf_dupkey *x = a, *y = b;
    return x->off < y->off ? -1 : x->off > y->off;
}

/* The repeated keys of map m, in O(n log n). */
static void map_dups(const cwf_xdoc *d, const cwf_xnode *m, cwf_extract *x, cwf_hmap *h,
                     size_t *cap)
{
    const cwf_xnode **k = cwf_xmalloc((m->n ? m->n : 1) * sizeof *k);
    size_t n = 0;
    for (size_t i = 0; i < m->n; i++)
        if (m->kids[2 * i]->kind == CWF_X_STR)
            k[n++] = m->kids[2 * i];
    qsort(k, n, sizeof *k, by_key);
    for (size_t i = 1, first = 0; i < n; i++) {
        if (k[first]->slen != k[i]->slen || memcmp(k[first]->s, k[i]->s, k[i]->slen) != 0) {
            first = i;
            continue;
        }
        if (x->ndups == *cap) {
            *cap = *cap ? 2 * *cap : 8;
            x->dups = cwf_xrealloc(x->dups, *cap * sizeof *x->dups);
        }
        cwf_dupkey *dk = &x->dups[x->ndups++];
        memset(dk, 0, sizeof *dk);
        cwf_pbuild b = {0};
        cwf_pb_raw(&b, d->text + k[i]->start, k[i]->end - k[i]->start, k[i]->start);
        cwf_pb_source(&b, h, &dk->key);
        cwf_pb_free(&b);
        dk->key.name = x->path;
        dk->first = cwf_hmap_pos(h, k[first]->start);
        dk->off = k[i]->start;
    }
    free(k);
}

static void walk_dups(const cwf_xdoc *d, cwf_xnode *v, cwf_extract *x, cwf_hmap *h, size_t *cap)
{
    if (v->seen)
        return;
    v->seen = true;
    if (v->kind == CWF_X_MAP)
        map_dups(d, v, x, h, cap);
    if (v->kind == CWF_X_MAP || v->kind == CWF_X_SEQ)
        for (size_t i = 0; i < (v->kind == CWF_X_MAP ? 2 * v->n : v->n); i++)
            walk_dups(d, v->kids[i], x, h, cap); /* depth: bounded by the loaders */
}

void cwf_x_dupkeys(const cwf_xdoc *d, cwf_xnode *v, cwf_extract *x, cwf_hmap *h)
{
    size_t cap = x->ndups, before = x->ndups;
    walk_dups(d, v, x, h, &cap);
    if (x->ndups > before)
        qsort(x->dups + before, x->ndups - before, sizeof *x->dups, by_off);
}

const char *cwf_x_str(const cwf_xnode *n)
{
    return n && n->kind == CWF_X_STR ? n->s : NULL;
}

void cwf_x_scalar(const cwf_xdoc *d, const cwf_xnode *n, cwf_pbuild *b)
{
    if (d->yaml) {
        cwf_yaml_scalar(d, n, b);
        return;
    }
    if (n->kind != CWF_X_STR) {
        cwf_pb_raw(b, d->text + n->start, n->end - n->start, n->start);
        return;
    }
    /* Re-scan the source between the quotes; every byte of an escape's
     * result sits on its backslash. */
    const char *s = d->text;
    size_t i = n->start + 1, end = n->end - 1;
    while (i < end) {
        if (s[i] == '\\') {
            char o[4];
            size_t at = i;
            size_t k = unescape(s, end, &i, o);
            for (size_t j = 0; j < k; j++)
                cwf_pb_byte(b, o[j], (uint32_t)at);
            if (!k)
                i++; /* cannot happen: the parser checked every escape */
        } else {
            size_t run = i;
            while (i < end && s[i] != '\\')
                i++;
            cwf_pb_raw(b, s + run, i - run, (uint32_t)run);
        }
    }
    b->end = (uint32_t)end;
}
