/* extract_yaml.c: YAML through libyaml, with the position of every byte of
 * a scalar's value.
 *
 * libyaml gives a scalar's value and its start and end marks, not where each
 * byte of the value came from.  So the source between the marks is scanned
 * again by functions that mirror libyaml's own scanner (scanner.c: plain,
 * single- and double-quoted, literal and folded block scalars, with line
 * folding, escapes and chomping), recording the source offset of every
 * output byte.  libyaml stays the oracle for the value: if the re-scan does
 * not reproduce it exactly, every byte falls back to the scalar's start, so
 * a position may be coarse but is never wrong. */
#define CWF_EXTRACT_INTERNAL
#include "extract.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "arena.h"

/* Collections nested deeper than this are an error, found by a first pass
 * over libyaml's events that stops at the first one too deep: libyaml
 * 0.2.5 has no limit of its own, and its scanner spends time in the number
 * of open flow collections on every token (100,000 `[` took > 20 s). */
#define MAX_DEPTH CWF_YAML_MAX_DEPTH

/* ---- loading -------------------------------------------------------------- */

typedef struct yloader {
    yaml_document_t *doc;
    cwf_arena *arena;
    const char *text;
    size_t len;
    uint32_t *c2b;       /* character index -> byte offset; NULL if ASCII */
    size_t nchars;
    size_t bom;
    cwf_xnode **memo;    /* per libyaml node: the converted node */
    char *busy;          /* per libyaml node: being converted (alias loop) */
    uint32_t (*ranges)[2]; /* every scalar's [start, end) */
    size_t nranges, capranges;
} yloader;

static bool is_cont_byte(char c)
{
    return ((unsigned char)c & 0xC0) == 0x80;
}

static uint32_t byte_off(const yloader *L, size_t index)
{
    if (!L->c2b)
        return (uint32_t)(L->bom + index < L->len ? L->bom + index : L->len);
    return L->c2b[index < L->nchars ? index : L->nchars];
}

/* Skips a node's properties (tag, anchor) and the blanks, line breaks and
 * comments after them, so that the offset lands on the value itself. */
static uint32_t skip_props(const char *s, size_t len, size_t i)
{
    while (i < len && (s[i] == '!' || s[i] == '&')) {
        while (i < len && s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
            i++;
        for (;;) {
            while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
                i++;
            if (i < len && s[i] == '#') {
                while (i < len && s[i] != '\n')
                    i++;
                continue;
            }
            break;
        }
    }
    return (uint32_t)i;
}

static bool explicit_tag(const char *tag)
{
    return tag && strcmp(tag, "!") != 0 && strncmp(tag, "tag:yaml.org,2002:", 18) != 0;
}

static cwf_xnode *convert(yloader *L, int id, int depth)
{
    yaml_node_t *yn = yaml_document_get_node(L->doc, id);
    cwf_xnode *n;
    if (!yn || depth > MAX_DEPTH || L->busy[id]) {
        n = cwf_arena_alloc(L->arena, sizeof *n);
        n->kind = CWF_X_NULL;
        n->s = "";
        return n;
    }
    if (L->memo[id])
        return L->memo[id];
    n = cwf_arena_alloc(L->arena, sizeof *n);
    L->memo[id] = n;
    L->busy[id] = 1;
    n->pstart = byte_off(L, yn->start_mark.index);
    n->start = skip_props(L->text, L->len, n->pstart);
    n->end = byte_off(L, yn->end_mark.index);
    if (n->end < n->start)
        n->end = n->start;
    if (explicit_tag((const char *)yn->tag))
        n->tag = cwf_arena_strndup(L->arena, (const char *)yn->tag, strlen((const char *)yn->tag));
    switch (yn->type) {
    case YAML_SCALAR_NODE: {
        n->style = (uint8_t)yn->data.scalar.style;
        n->s = cwf_arena_strndup(L->arena, (const char *)yn->data.scalar.value,
                                 yn->data.scalar.length);
        n->slen = (uint32_t)yn->data.scalar.length;
        n->kind = CWF_X_STR;
        if (n->style == YAML_PLAIN_SCALAR_STYLE && !n->tag &&
            (n->slen == 0 || strcmp(n->s, "~") == 0 || strcmp(n->s, "null") == 0 ||
             strcmp(n->s, "Null") == 0 || strcmp(n->s, "NULL") == 0))
            n->kind = CWF_X_NULL;
        if (L->nranges == L->capranges) {
            L->capranges = L->capranges ? 2 * L->capranges : 64;
            L->ranges = cwf_xrealloc(L->ranges, L->capranges * sizeof *L->ranges);
        }
        L->ranges[L->nranges][0] = n->start;
        L->ranges[L->nranges][1] = n->end;
        L->nranges++;
        break;
    }
    case YAML_SEQUENCE_NODE: {
        n->kind = CWF_X_SEQ;
        size_t k = (size_t)(yn->data.sequence.items.top - yn->data.sequence.items.start);
        n->kids = cwf_arena_alloc(L->arena, (k ? k : 1) * sizeof *n->kids);
        for (size_t i = 0; i < k; i++)
            n->kids[i] = convert(L, yn->data.sequence.items.start[i], depth + 1);
        n->n = k;
        break;
    }
    case YAML_MAPPING_NODE: {
        n->kind = CWF_X_MAP;
        size_t k = (size_t)(yn->data.mapping.pairs.top - yn->data.mapping.pairs.start);
        n->kids = cwf_arena_alloc(L->arena, (k ? 2 * k : 1) * sizeof *n->kids);
        for (size_t i = 0; i < k; i++) {
            n->kids[2 * i] = convert(L, yn->data.mapping.pairs.start[i].key, depth + 1);
            n->kids[2 * i + 1] = convert(L, yn->data.mapping.pairs.start[i].value, depth + 1);
        }
        n->n = k;
        break;
    }
    default:
        n->kind = CWF_X_NULL;
        n->s = "";
        break;
    }
    L->busy[id] = 0;
    return n;
}

/* Scalars do not overlap; ranges are sorted by start (comments()). */
static bool in_scalar(const yloader *L, size_t off)
{
    size_t lo = 0, hi = L->nranges;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (L->ranges[mid][0] <= off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > 0 && off < L->ranges[lo - 1][1];
}

static int by_start(const void *a, const void *b)
{
    const uint32_t *x = a, *y = b;
    return x[0] < y[0] ? -1 : x[0] > y[0];
}

/* The comments of the file: a '#' at the start of a line or after a blank,
 * outside every scalar. */
static void comments(yloader *L, cwf_extract *x, cwf_hmap *h)
{
    cwf_comment *c = NULL;
    size_t n = 0, cap = 0;
    const char *s = L->text;
    if (L->nranges)
        qsort(L->ranges, L->nranges, sizeof *L->ranges, by_start);
    bool own = true; /* only blanks so far on this line */
    for (size_t i = 0; i < L->len; i++) {
        if (s[i] == '\n') {
            own = true;
            continue;
        }
        if (s[i] == '#' && (own || s[i - 1] == ' ' || s[i - 1] == '\t') && !in_scalar(L, i)) {
            size_t e = i;
            while (e < L->len && s[e] != '\n')
                e++;
            size_t end = e > i && s[e - 1] == '\r' ? e - 1 : e;
            if (n == cap) {
                cap = cap ? 2 * cap : 16;
                c = cwf_xrealloc(c, cap * sizeof *c);
            }
            c[n++] = (cwf_comment){(uint32_t)(i + 1), (uint32_t)(end - i - 1), own};
            i = e - 1;
            continue;
        }
        if (s[i] != ' ' && s[i] != '\t')
            own = false;
    }
    cwf_x_directives(x, h, c, n);
    free(c);
}

/* Records libyaml's error as the reader's error. */
static void yaml_error(const yaml_parser_t *parser, const yloader *L, cwf_extract *x,
                       cwf_hmap *h)
{
    if (parser->error == YAML_READER_ERROR)
        cwf_x_error(x, h, parser->problem_offset, "YAML: %s", parser->problem);
    else if (parser->context)
        cwf_x_error(x, h, byte_off(L, parser->problem_mark.index), "YAML: %s %s",
                    parser->problem ? parser->problem : "error", parser->context);
    else
        cwf_x_error(x, h, byte_off(L, parser->problem_mark.index), "YAML: %s",
                    parser->problem ? parser->problem : "cannot parse");
}

/* The first pass: false with an error at the first collection that opens
 * deeper than MAX_DEPTH, or at a syntax error.  Its time is bounded: the
 * scanner looks at most 1024 characters ahead of the parser, so it never
 * holds more than MAX_DEPTH + 1024 open collections. */
static bool check_depth(const yloader *L, cwf_extract *x, cwf_hmap *h)
{
    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)L->text, L->len);
    bool ok = true;
    int depth = 0;
    for (;;) {
        yaml_event_t e;
        if (!yaml_parser_parse(&parser, &e)) {
            yaml_error(&parser, L, x, h);
            ok = false;
            break;
        }
        yaml_event_type_t t = e.type;
        if ((t == YAML_SEQUENCE_START_EVENT || t == YAML_MAPPING_START_EVENT) &&
            ++depth > MAX_DEPTH) {
            cwf_x_error(x, h, byte_off(L, e.start_mark.index),
                        "YAML: collections nested deeper than %d levels", MAX_DEPTH);
            ok = false;
        }
        if (t == YAML_SEQUENCE_END_EVENT || t == YAML_MAPPING_END_EVENT)
            depth--;
        yaml_event_delete(&e);
        if (!ok || t == YAML_STREAM_END_EVENT)
            break;
    }
    yaml_parser_delete(&parser);
    return ok;
}

bool cwf_yaml_load(cwf_xdoc *d, cwf_extract *x, cwf_hmap *h)
{
    const char *s = d->text;
    size_t len = d->len;
    cwf_arena *arena = cwf_xcalloc(1, sizeof *arena);
    d->arena = arena;
    d->yaml = true;
    if (len >= 2 && (((unsigned char)s[0] == 0xFF && (unsigned char)s[1] == 0xFE) ||
                     ((unsigned char)s[0] == 0xFE && (unsigned char)s[1] == 0xFF)))
        return cwf_x_error(x, h, 0, "YAML in UTF-16 is not supported; convert it to UTF-8");
    /* libyaml's document costs about 25 bytes of memory per byte of YAML;
     * CloudFormation takes templates of at most 1 MB. */
    if (len > CWF_YAML_MAX_SIZE)
        return cwf_x_error(x, h, 0, "a YAML file of %zu bytes: cwfilter reads YAML files of at "
                           "most %d MiB (CloudFormation takes templates of at most 1 MB)",
                           len, CWF_YAML_MAX_SIZE >> 20);

    yloader L = {.arena = arena, .text = s, .len = len};
    if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        L.bom = 3;
    bool ascii = true;
    for (size_t i = 0; i < len && ascii; i++)
        ascii = (unsigned char)s[i] < 0x80;
    if (!ascii) {
        L.c2b = cwf_xmalloc((len + 1) * sizeof *L.c2b);
        for (size_t i = L.bom; i < len; i++)
            if (!is_cont_byte(s[i]))
                L.c2b[L.nchars++] = (uint32_t)i;
        L.c2b[L.nchars] = (uint32_t)len;
    }

    if (!check_depth(&L, x, h)) {
        free(L.c2b);
        return false;
    }
    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)s, len);
    cwf_xnode **docs = NULL;
    size_t ndocs = 0;
    bool ok = true;
    for (;;) {
        yaml_document_t doc;
        if (!yaml_parser_load(&parser, &doc)) {
            yaml_error(&parser, &L, x, h);
            ok = false;
            break;
        }
        yaml_node_t *root = yaml_document_get_root_node(&doc);
        if (!root) {
            yaml_document_delete(&doc);
            break;
        }
        size_t nn = (size_t)(doc.nodes.top - doc.nodes.start);
        L.doc = &doc;
        L.memo = cwf_xcalloc(nn + 1, sizeof *L.memo);
        L.busy = cwf_xcalloc(nn + 1, 1);
        docs = cwf_xrealloc(docs, (ndocs + 1) * sizeof *docs);
        docs[ndocs++] = convert(&L, 1, 0);
        free(L.memo);
        free(L.busy);
        yaml_document_delete(&doc);
    }
    yaml_parser_delete(&parser);
    if (ok) {
        cwf_xnode *root = cwf_arena_alloc(arena, sizeof *root);
        root->kind = CWF_X_SEQ;
        root->kids = cwf_arena_alloc(arena, (ndocs ? ndocs : 1) * sizeof *root->kids);
        if (ndocs)
            memcpy(root->kids, docs, ndocs * sizeof *docs);
        root->n = ndocs;
        root->end = (uint32_t)len;
        d->root = root;
        d->ranges = L.ranges;
        d->nranges = L.nranges;
        L.ranges = NULL;
    }
    free(docs);
    free(L.c2b);
    free(L.ranges);
    return ok;
}

void cwf_yaml_comments(const cwf_xdoc *d, cwf_extract *x, cwf_hmap *h)
{
    yloader L = {.text = d->text, .len = d->len, .ranges = d->ranges, .nranges = d->nranges};
    comments(&L, x, h);
}

/* ---- the re-scan ---------------------------------------------------------- */

/* libyaml's character classes (yaml_private.h). */
static bool blank(const char *s, size_t len, size_t i)
{
    return i < len && (s[i] == ' ' || s[i] == '\t');
}

/* The length of the line break at s[i], or 0. */
static size_t brk(const char *s, size_t len, size_t i)
{
    if (i >= len)
        return 0;
    unsigned char c = (unsigned char)s[i];
    if (c == '\r')
        return i + 1 < len && s[i + 1] == '\n' ? 2 : 1;
    if (c == '\n')
        return 1;
    if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0x85)
        return 2;
    if (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
        ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9))
        return 3;
    return 0;
}

static bool blankz(const char *s, size_t len, size_t i)
{
    return i >= len || s[i] == '\0' || blank(s, len, i) || brk(s, len, i);
}

static size_t width(const char *s, size_t len, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    size_t w = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
    return i + w <= len ? w : len - i;
}

/* Pending breaks: what READ_LINE stored, with where it came from. */
typedef struct brks {
    struct { char b[3]; uint8_t n; uint32_t off; } v[64];
    size_t n;
    bool overflow;
} brks;

/* READ_LINE: CR LF, CR, LF and NEL become "\n"; LS and PS stay. */
static size_t read_line(const char *s, size_t len, size_t i, brks *into)
{
    size_t w = brk(s, len, i);
    if (!w)
        return i;
    if (into->n == CWF_COUNT(into->v)) {
        into->overflow = true;
        return i + w;
    }
    if (w == 3) {
        memcpy(into->v[into->n].b, s + i, 3);
        into->v[into->n].n = 3;
    } else {
        into->v[into->n].b[0] = '\n';
        into->v[into->n].n = 1;
    }
    into->v[into->n].off = (uint32_t)i;
    into->n++;
    return i + w;
}

static void emit_brks(cwf_pbuild *b, brks *k)
{
    for (size_t i = 0; i < k->n; i++)
        for (size_t j = 0; j < k->v[i].n; j++)
            cwf_pb_byte(b, k->v[i].b[j], k->v[i].off);
    k->n = 0;
}

static void copy_char(cwf_pbuild *b, const char *s, size_t len, size_t *i)
{
    size_t w = width(s, len, *i);
    cwf_pb_raw(b, s + *i, w, (uint32_t)*i);
    *i += w;
}

/* The fold of a line break between two runs (libyaml's "join"). */
static void fold(cwf_pbuild *b, brks *lead, brks *trail)
{
    if (lead->n && lead->v[0].n == 1) {
        if (trail->n == 0)
            cwf_pb_byte(b, ' ', lead->v[0].off);
        else
            emit_brks(b, trail);
        lead->n = 0;
    } else {
        emit_brks(b, lead);
        emit_brks(b, trail);
    }
}

/* What lies between two runs of a flow scalar, as libyaml's scanner keeps
 * it (whitespaces, leading_break, trailing_breaks): blanks before any break
 * (kept in case no break follows), the first break, the later ones. */
typedef struct gap {
    size_t ws, wsn;
    bool leading_blanks;
    brks lead, trail;
} gap;

/* Reads the blanks and line breaks at i (below end) into g; returns the
 * index after them. */
static size_t read_gap(const char *s, size_t len, size_t end, size_t i, gap *g)
{
    while (i < end && (blank(s, len, i) || brk(s, len, i))) {
        if (blank(s, len, i)) {
            if (!g->leading_blanks) {
                if (!g->wsn)
                    g->ws = i;
                g->wsn++;
            }
            i++;
        } else if (!g->leading_blanks) {
            g->wsn = 0;
            i = read_line(s, len, i, &g->lead);
            g->leading_blanks = true;
        } else {
            i = read_line(s, len, i, &g->trail);
        }
    }
    return i;
}

/* Emits what the gap stands for before the next run: the folded line
 * breaks, or the blanks. */
static void emit_gap(cwf_pbuild *b, const char *s, gap *g)
{
    if (g->leading_blanks) {
        fold(b, &g->lead, &g->trail);
        g->leading_blanks = false;
    } else if (g->wsn) {
        cwf_pb_raw(b, s + g->ws, g->wsn, (uint32_t)g->ws);
        g->wsn = 0;
    }
}

static void scan_plain(const char *s, size_t len, size_t start, size_t end, cwf_pbuild *b)
{
    gap g = {0};
    size_t i = start;
    if (end > len)
        end = len;
    for (;;) {
        while (i < end && !blankz(s, len, i)) {
            emit_gap(b, s, &g);
            copy_char(b, s, len, &i);
        }
        if (i >= end || !(blank(s, len, i) || brk(s, len, i)))
            break;
        i = read_gap(s, len, end, i, &g);
    }
    b->end = (uint32_t)end;
}


/* A double-quoted escape at s[i] (the backslash); false if libyaml would
 * have rejected it. */
static bool escape(const char *s, size_t len, size_t *i, cwf_pbuild *b)
{
    uint32_t at = (uint32_t)*i;
    if (*i + 1 >= len)
        return false;
    char c = s[*i + 1];
    const char *out = NULL;
    size_t code = 0;
    switch (c) {
    case '0': out = "\0"; break;
    case 'a': out = "\a"; break;
    case 'b': out = "\b"; break;
    case 't': case '\t': out = "\t"; break;
    case 'n': out = "\n"; break;
    case 'v': out = "\v"; break;
    case 'f': out = "\f"; break;
    case 'r': out = "\r"; break;
    case 'e': out = "\x1b"; break;
    case ' ': out = " "; break;
    case '"': out = "\""; break;
    case '/': out = "/"; break;
    case '\\': out = "\\"; break;
    case 'N': out = "\xC2\x85"; break;
    case '_': out = "\xC2\xA0"; break;
    case 'L': out = "\xE2\x80\xA8"; break;
    case 'P': out = "\xE2\x80\xA9"; break;
    case 'x': code = 2; break;
    case 'u': code = 4; break;
    case 'U': code = 8; break;
    default: return false;
    }
    *i += 2;
    if (out) {
        size_t n = c == '0' ? 1 : strlen(out);
        for (size_t k = 0; k < n; k++)
            cwf_pb_byte(b, out[k], at);
        return true;
    }
    unsigned long v = 0;
    for (size_t k = 0; k < code; k++) {
        int d = *i + k < len ? cwf_hex_digit(s[*i + k]) : -1;
        if (d < 0)
            return false;
        v = v * 16 + (unsigned long)d;
    }
    *i += code;
    if ((v >= 0xD800 && v <= 0xDFFF) || v > 0x10FFFF)
        return false;
    char o[4];
    size_t n;
    if (v <= 0x7F) {
        o[0] = (char)v;
        n = 1;
    } else if (v <= 0x7FF) {
        o[0] = (char)(0xC0 + (v >> 6));
        o[1] = (char)(0x80 + (v & 0x3F));
        n = 2;
    } else if (v <= 0xFFFF) {
        o[0] = (char)(0xE0 + (v >> 12));
        o[1] = (char)(0x80 + ((v >> 6) & 0x3F));
        o[2] = (char)(0x80 + (v & 0x3F));
        n = 3;
    } else {
        o[0] = (char)(0xF0 + (v >> 18));
        o[1] = (char)(0x80 + ((v >> 12) & 0x3F));
        o[2] = (char)(0x80 + ((v >> 6) & 0x3F));
        o[3] = (char)(0x80 + (v & 0x3F));
        n = 4;
    }
    for (size_t k = 0; k < n; k++)
        cwf_pb_byte(b, o[k], at);
    return true;
}

static bool scan_quoted(const char *s, size_t len, size_t start, bool single, cwf_pbuild *b)
{
    char q = single ? '\'' : '"';
    gap g = {0};
    size_t i = start + 1;
    for (;;) {
        if (i >= len)
            return false;
        while (!blankz(s, len, i)) {
            if (single && s[i] == '\'' && i + 1 < len && s[i + 1] == '\'') {
                cwf_pb_byte(b, '\'', (uint32_t)i);
                i += 2;
            } else if (s[i] == q) {
                break;
            } else if (!single && s[i] == '\\' && brk(s, len, i + 1)) {
                i += 1 + brk(s, len, i + 1);
                g.leading_blanks = true;
                break;
            } else if (!single && s[i] == '\\') {
                if (!escape(s, len, &i, b))
                    return false;
            } else {
                copy_char(b, s, len, &i);
            }
        }
        if (i < len && s[i] == q)
            break;
        i = read_gap(s, len, len, i, &g);
        emit_gap(b, s, &g);
    }
    b->end = (uint32_t)i;
    return !g.lead.overflow && !g.trail.overflow;
}

/* yaml_parser_scan_block_scalar_breaks: eats indentation and empty lines;
 * *col is the column reached on the current line. */
static size_t block_breaks(const char *s, size_t len, size_t i, int *indent, int parent,
                           int *col, brks *trail)
{
    int max_indent = 0;
    for (;;) {
        while ((!*indent || *col < *indent) && i < len && s[i] == ' ') {
            i++;
            (*col)++;
        }
        if (*col > max_indent)
            max_indent = *col;
        if (!brk(s, len, i))
            break;
        i = read_line(s, len, i, trail);
        *col = 0;
    }
    if (!*indent) {
        *indent = max_indent;
        if (*indent < parent + 1)
            *indent = parent + 1;
        if (*indent < 1)
            *indent = 1;
    }
    return i;
}

static bool scan_block(const char *s, size_t len, size_t start, int parent, cwf_pbuild *b)
{
    size_t i = start;
    bool literal = s[i] == '|';
    int chomping = 0, increment = 0;
    i++;
    if (i < len && (s[i] == '+' || s[i] == '-')) {
        chomping = s[i] == '+' ? 1 : -1;
        i++;
        if (i < len && s[i] >= '1' && s[i] <= '9')
            increment = s[i++] - '0';
    } else if (i < len && s[i] >= '1' && s[i] <= '9') {
        increment = s[i++] - '0';
        if (i < len && (s[i] == '+' || s[i] == '-')) {
            chomping = s[i] == '+' ? 1 : -1;
            i++;
        }
    }
    while (blank(s, len, i))
        i++;
    if (i < len && s[i] == '#')
        while (i < len && !brk(s, len, i))
            i++;
    if (i < len && brk(s, len, i))
        i += brk(s, len, i);
    int indent = increment ? (parent >= 0 ? parent + increment : increment) : 0;
    int col = 0;
    brks lead = {0}, trail = {0};
    bool leading_blank = false;
    i = block_breaks(s, len, i, &indent, parent, &col, &trail);
    uint32_t end = (uint32_t)i;
    while (col == indent && i < len && s[i] != '\0') {
        bool trailing_blank = blank(s, len, i);
        if (!literal && lead.n && lead.v[0].n == 1 && !leading_blank && !trailing_blank) {
            if (trail.n == 0)
                cwf_pb_byte(b, ' ', lead.v[0].off);
            lead.n = 0;
        } else {
            emit_brks(b, &lead);
        }
        emit_brks(b, &trail);
        leading_blank = blank(s, len, i);
        while (i < len && s[i] != '\0' && !brk(s, len, i))
            copy_char(b, s, len, &i);
        end = (uint32_t)i;
        i = read_line(s, len, i, &lead);
        col = 0;
        i = block_breaks(s, len, i, &indent, parent, &col, &trail);
    }
    if (chomping != -1) {
        if (lead.n)
            end = lead.v[lead.n - 1].off + 1;
        emit_brks(b, &lead);
    }
    if (chomping == 1) {
        if (trail.n)
            end = trail.v[trail.n - 1].off + 1;
        emit_brks(b, &trail);
    }
    b->end = end;
    return !lead.overflow && !trail.overflow;
}

static bool same(const cwf_pbuild *t, const cwf_xnode *n)
{
    return t->text.len == n->slen && (n->slen == 0 || memcmp(t->text.p, n->s, n->slen) == 0);
}

void cwf_yaml_scalar(const cwf_xdoc *d, const cwf_xnode *n, cwf_pbuild *b)
{
    const char *s = d->text;
    size_t len = d->len, start = n->start;
    cwf_pbuild t = {0};
    bool ok = false;
    if (n->kind == CWF_X_STR || n->kind == CWF_X_NULL) {
        switch (n->style) {
        case YAML_PLAIN_SCALAR_STYLE:
            scan_plain(s, len, start, n->end, &t);
            ok = same(&t, n);
            break;
        case YAML_SINGLE_QUOTED_SCALAR_STYLE:
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
            ok = start < len && s[start] == (n->style == YAML_SINGLE_QUOTED_SCALAR_STYLE ? '\'' : '"') &&
                 scan_quoted(s, len, start, n->style == YAML_SINGLE_QUOTED_SCALAR_STYLE, &t) &&
                 same(&t, n);
            break;
        case YAML_LITERAL_SCALAR_STYLE:
        case YAML_FOLDED_SCALAR_STYLE:
            /* The indentation of the enclosing collection is not in the
             * node; try each until the value comes out the same. */
            for (int parent = -1; parent < 64 && !ok && start < len &&
                                  (s[start] == '|' || s[start] == '>'); parent++) {
                cwf_buf_reset(&t.text);
                ok = scan_block(s, len, start, parent, &t) && same(&t, n);
            }
            break;
        default:
            break;
        }
    }
    if (ok) {
        cwf_pb_mapped(b, t.text.p ? t.text.p : "", t.text.len, t.off);
        b->end = t.end;
    } else {
        for (size_t i = 0; i < n->slen; i++)
            cwf_pb_byte(b, n->s[i], n->start);
        b->end = n->start;
    }
    cwf_pb_free(&t);
}
