/* report.c: the reporters of report.h: text (through cwf_render_text),
 * JSON, SARIF 2.1.0 for GitHub code scanning, and GitHub workflow
 * commands.  A report owns copies of everything it was given, so that the
 * callers may free their patterns and diagnostics as they go. */
#include "report.h"
#include "cwfilter_impl.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef CWF_VERSION
#define CWF_VERSION "0.1.0"
#endif

/* GitHub code scanning truncates descriptions longer than this. */
#define SARIF_DESC_MAX 1024

typedef struct rfix {
    size_t diag;      /* index in the entry's diags */
    char *title, *why, *file;
    cwf_report_repl *repl; /* text owned */
    size_t n;
    bool safe;
} rfix;

typedef struct entry {
    cwf_source src;   /* all owned */
    char *logical;
    cwf_diags diags;
    rfix *fixes;
    size_t nfixes;
    bool nowhere;     /* no place in any file (cwf_report_add with src NULL) */
} entry;

struct cwf_report {
    entry *v;
    size_t n, cap;
};

bool cwf_format_parse(const char *s, cwf_format *out)
{
    static const struct { const char *name; cwf_format f; } names[] = {
        {"text", CWF_FMT_TEXT}, {"json", CWF_FMT_JSON},
        {"sarif", CWF_FMT_SARIF}, {"github", CWF_FMT_GITHUB},
    };
    for (size_t i = 0; i < CWF_COUNT(names); i++)
        if (strcmp(s, names[i].name) == 0) {
            *out = names[i].f;
            return true;
        }
    return false;
}

cwf_report *cwf_report_new(void)
{
    return cwf_xcalloc(1, sizeof(cwf_report));
}

static char *dup_or_null(const char *s)
{
    return s ? cwf_xstrdup(s) : NULL;
}

void cwf_report_add(cwf_report *r, const cwf_source *src, const char *logical,
                    const cwf_diags *d)
{
    if (!d || d->n == 0)
        return;
    if (r->n == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 16;
        r->v = cwf_xrealloc(r->v, r->cap * sizeof *r->v);
    }
    entry *e = &r->v[r->n++];
    memset(e, 0, sizeof *e);
    static const cwf_source none = {"", "", 0, NULL};
    e->nowhere = !src;
    if (!src)
        src = &none;
    e->src.name = cwf_xstrdup(src->name ? src->name : "<pattern>");
    e->src.text = cwf_xstrndup(src->text ? src->text : "", src->len);
    e->src.len = src->len;
    if (src->map) {
        cwf_pos *map = cwf_xmalloc((src->len + 1) * sizeof *map);
        memcpy(map, src->map, (src->len + 1) * sizeof *map);
        e->src.map = map;
    }
    e->logical = dup_or_null(logical);
    for (size_t i = 0; i < d->n; i++)
        cwf_diag_copy(&e->diags, &d->v[i]);
}

void cwf_report_fix(cwf_report *r, size_t k, const char *title, bool safe, const char *why,
                    const char *file, const cwf_report_repl *repl, size_t n)
{
    if (!r->n || k >= r->v[r->n - 1].diags.n)
        return;
    entry *e = &r->v[r->n - 1];
    e->fixes = cwf_xrealloc(e->fixes, (e->nfixes + 1) * sizeof *e->fixes);
    rfix *f = &e->fixes[e->nfixes++];
    f->diag = k;
    f->title = cwf_xstrdup(title);
    f->why = dup_or_null(why);
    f->file = cwf_xstrdup(file);
    f->safe = safe;
    f->n = n;
    f->repl = cwf_xcalloc(n ? n : 1, sizeof *f->repl);
    for (size_t i = 0; i < n; i++) {
        f->repl[i] = repl[i];
        f->repl[i].text = cwf_xstrdup(repl[i].text);
    }
}

size_t cwf_report_count(const cwf_report *r, cwf_severity at_least)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n; i++)
        n += cwf_diags_count(&r->v[i].diags, at_least);
    return n;
}

void cwf_report_free(cwf_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++) {
        free((char *)r->v[i].src.name);
        free((char *)r->v[i].src.text);
        free((cwf_pos *)r->v[i].src.map);
        free(r->v[i].logical);
        cwf_diags_free(&r->v[i].diags);
        for (size_t k = 0; k < r->v[i].nfixes; k++) {
            rfix *f = &r->v[i].fixes[k];
            free(f->title);
            free(f->why);
            free(f->file);
            for (size_t j = 0; j < f->n; j++)
                free((char *)f->repl[j].text);
            free(f->repl);
        }
        free(r->v[i].fixes);
    }
    free(r->v);
    free(r);
}

/* ---- locations ------------------------------------------------------------ */

typedef struct region {
    cwf_pos start, end; /* end: the character after the span */
} region;

static region region_of(const cwf_source *s, cwf_span span)
{
    region g = {cwf_source_pos(s, span.start), cwf_source_pos(s, span.end)};
    if (span.end > span.start && span.start < s->len) {
        /* The end is where the next byte comes from when that is on the
         * span's last line (after an escape, too); otherwise (a fold, a
         * value substituted from elsewhere) just after the last character. */
        cwf_pos last = cwf_source_pos(s, span.end - 1);
        if (g.end.line != last.line || g.end.col <= last.col)
            g.end = (cwf_pos){last.line, last.col + 1};
    }
    /* An empty span, or one that ends before it starts, covers one
     * character. */
    if (g.end.line < g.start.line || (g.end.line == g.start.line && g.end.col <= g.start.col))
        g.end = (cwf_pos){g.start.line, g.start.col + 1};
    return g;
}

/* The message with its notes and "did you mean", for formats that have
 * one text field. */
static void full_message(cwf_buf *b, const cwf_diag *g)
{
    cwf_buf_puts(b, g->message);
    for (size_t i = 0; i < g->nnotes; i++)
        cwf_buf_printf(b, "\nnote: %s", g->notes[i]);
    if (g->suggestion)
        cwf_buf_printf(b, "\nhelp: did you mean `%s`?", g->suggestion);
}

/* Diagnostics about no file: "cwfilter: SEVERITY: message [ID]" and the
 * notes, as the text reporter writes them after a snippet. */
static void text_nowhere(cwf_buf *out, const cwf_diags *d, bool color)
{
    for (size_t i = 0; i < d->n; i++) {
        const cwf_diag *g = &d->v[i];
        char *msg = cwf_escape_controls(g->message);
        cwf_buf_puts(out, "cwfilter: ");
        if (color)
            cwf_buf_puts(out, g->severity == CWF_ERROR     ? "\033[1;31m"
                              : g->severity == CWF_WARNING ? "\033[1;33m"
                                                           : "\033[1;36m");
        cwf_buf_puts(out, cwf_severity_name(g->severity));
        if (color)
            cwf_buf_puts(out, "\033[0m");
        cwf_buf_printf(out, ": %s [%s]\n", msg, cwf_rules[g->rule].id);
        free(msg);
        for (size_t k = 0; k < g->nnotes; k++) {
            char *note = cwf_escape_controls(g->notes[k]);
            cwf_buf_printf(out, "  = note: %s\n", note);
            free(note);
        }
        if (g->suggestion) {
            char *sug = cwf_escape_controls(g->suggestion);
            cwf_buf_printf(out, "  = help: did you mean `%s`?\n", sug);
            free(sug);
        }
    }
}

/* ---- json ---------------------------------------------------------------- */

static void json_str(cwf_buf *b, const char *s)
{
    if (s)
        cwf_buf_json_str(b, s, strlen(s));
    else
        cwf_buf_puts(b, "null");
}

/* ,"fixes":[...] of diagnostic k of e, when it has any. */
static void json_fixes(cwf_buf *b, const entry *e, size_t k)
{
    bool any = false;
    for (size_t i = 0; i < e->nfixes; i++) {
        const rfix *f = &e->fixes[i];
        if (f->diag != k)
            continue;
        cwf_buf_puts(b, any ? "," : ",\"fixes\":[");
        any = true;
        cwf_buf_puts(b, "{\"title\":");
        json_str(b, f->title);
        cwf_buf_printf(b, ",\"safety\":\"%s\",\"why\":", f->safe ? "safe" : "unsafe");
        json_str(b, f->why);
        cwf_buf_puts(b, ",\"edits\":[");
        for (size_t j = 0; j < f->n; j++) {
            const cwf_report_repl *p = &f->repl[j];
            cwf_buf_puts(b, j ? ",{\"file\":" : "{\"file\":");
            json_str(b, f->file);
            cwf_buf_printf(b, ",\"line\":%u,\"column\":%u,\"endLine\":%u,\"endColumn\":%u,"
                              "\"text\":", p->start.line, p->start.col, p->end.line, p->end.col);
            json_str(b, p->text);
            cwf_buf_putc(b, '}');
        }
        cwf_buf_puts(b, "]}");
    }
    if (any)
        cwf_buf_putc(b, ']');
}

static void artifact_location(cwf_buf *b, const char *path);

/* ,"fixes": [...] of SARIF result k of e (SARIF 2.1.0 section 3.55). */
static void sarif_fixes(cwf_buf *b, const entry *e, size_t k)
{
    bool any = false;
    for (size_t i = 0; i < e->nfixes; i++) {
        const rfix *f = &e->fixes[i];
        if (f->diag != k)
            continue;
        cwf_buf_puts(b, any ? ",\n         " : ",\n       \"fixes\": [");
        any = true;
        cwf_buf_puts(b, "{\"description\": {\"text\": ");
        cwf_buf msg = CWF_BUF_INIT;
        cwf_buf_puts(&msg, f->title);
        if (!f->safe)
            cwf_buf_printf(&msg, " (unsafe: %s)", f->why ? f->why : "it changes what matches");
        cwf_buf_json_str(b, msg.p, msg.len);
        cwf_buf_free(&msg);
        cwf_buf_puts(b, "}, \"artifactChanges\": [{\"artifactLocation\": ");
        artifact_location(b, f->file);
        cwf_buf_puts(b, ", \"replacements\": [");
        for (size_t j = 0; j < f->n; j++) {
            const cwf_report_repl *p = &f->repl[j];
            cwf_buf_printf(b, "%s{\"deletedRegion\": {\"startLine\": %u, \"startColumn\": %u, "
                              "\"endLine\": %u, \"endColumn\": %u}, \"insertedContent\": {\"text\": ",
                           j ? ", " : "", p->start.line, p->start.col, p->end.line, p->end.col);
            json_str(b, p->text);
            cwf_buf_puts(b, "}}");
        }
        cwf_buf_puts(b, "]}]}");
    }
    if (any)
        cwf_buf_putc(b, ']');
}

static void write_json(const cwf_report *r, cwf_buf *b)
{
    cwf_buf_puts(b, "{\"version\":1,\"diagnostics\":[");
    bool first = true;
    for (size_t i = 0; i < r->n; i++) {
        const entry *e = &r->v[i];
        for (size_t k = 0; k < e->diags.n; k++) {
            const cwf_diag *g = &e->diags.v[k];
            region rg = region_of(&e->src, g->span);
            const cwf_rule *rule = &cwf_rules[g->rule];
            cwf_buf_puts(b, first ? "\n" : ",\n");
            first = false;
            cwf_buf_puts(b, "{\"file\":");
            json_str(b, e->nowhere ? NULL : e->src.name);
            if (e->nowhere)
                cwf_buf_puts(b, ",\"line\":null,\"column\":null,\"endLine\":null,"
                                "\"endColumn\":null,");
            else
                cwf_buf_printf(b, ",\"line\":%u,\"column\":%u,\"endLine\":%u,"
                                  "\"endColumn\":%u,",
                               rg.start.line, rg.start.col, rg.end.line, rg.end.col);
            cwf_buf_printf(b, "\"severity\":\"%s\",\"rule\":\"%s\",\"name\":\"%s\",\"message\":",
                           cwf_severity_name(g->severity), rule->id, rule->name);
            json_str(b, g->message);
            cwf_buf_puts(b, ",\"notes\":[");
            for (size_t n = 0; n < g->nnotes; n++) {
                if (n)
                    cwf_buf_putc(b, ',');
                json_str(b, g->notes[n]);
            }
            cwf_buf_puts(b, "],\"suggestion\":");
            json_str(b, g->suggestion);
            cwf_buf_puts(b, ",\"logical\":");
            json_str(b, e->logical);
            if (e->nowhere)
                cwf_buf_puts(b, ",\"span\":null");
            else
                cwf_buf_printf(b, ",\"span\":[%u,%u]", g->span.start, g->span.end);
            json_fixes(b, e, k);
            cwf_buf_putc(b, '}');
        }
    }
    cwf_buf_puts(b, first ? "]}\n" : "\n]}\n");
}

/* ---- sarif --------------------------------------------------------------- */

/* The artifactLocation of a path: a relative path (or an absolute one
 * below the current directory) as a relative URI reference against
 * %SRCROOT%, any other as a file:// URI; everything but unreserved
 * characters and '/' percent-encoded (RFC 3986), so that spaces, '%', ':',
 * non-ASCII and control characters survive. */
static void artifact_location(cwf_buf *b, const char *path)
{
    char cwd[PATH_MAX];
    bool absolute = path[0] == '/';
    if (absolute && getcwd(cwd, sizeof cwd)) {
        size_t n = strlen(cwd);
        if (n > 1 && strncmp(path, cwd, n) == 0 && path[n] == '/') {
            path += n + 1;
            absolute = false;
        }
    }
    while (path[0] == '.' && path[1] == '/')
        path += 2;
    cwf_buf_puts(b, "{\"uri\": \"");
    if (absolute)
        cwf_buf_puts(b, "file://");
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        unsigned char c = *p;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~' || c == '/')
            cwf_buf_putc(b, (char)c);
        else
            cwf_buf_printf(b, "%%%c%c", hex[c >> 4], hex[c & 15]);
    }
    cwf_buf_puts(b, absolute ? "\"}" : "\", \"uriBaseId\": \"%SRCROOT%\"}");
}

/* s cut to at most max bytes at a character boundary. */
static void json_str_max(cwf_buf *b, const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n > max) {
        n = max;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    cwf_buf_json_str(b, s, n);
}

static const char *sarif_level(cwf_severity s)
{
    return s == CWF_ERROR ? "error" : s == CWF_WARNING ? "warning" : "note";
}

static void write_sarif(const cwf_report *r, cwf_buf *b)
{
    cwf_buf_puts(b, "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
                    "  \"version\": \"2.1.0\",\n  \"runs\": [{\n    \"tool\": {\"driver\": {\n"
                    "      \"name\": \"cwfilter\",\n      \"semanticVersion\": \"" CWF_VERSION "\",\n"
                    "      \"rules\": [");
    for (size_t i = 0; i < CWF_R_COUNT; i++) {
        const cwf_rule *rule = &cwf_rules[i];
        cwf_buf_puts(b, i ? ",\n        " : "\n        ");
        cwf_buf_printf(b, "{\"id\": \"%s\", \"name\": ", rule->id);
        json_str_max(b, rule->name, 255);
        cwf_buf_puts(b, ", \"shortDescription\": {\"text\": ");
        json_str_max(b, rule->summary, SARIF_DESC_MAX);
        cwf_buf_puts(b, "}, \"fullDescription\": {\"text\": ");
        json_str_max(b, rule->explanation, SARIF_DESC_MAX);
        cwf_buf_puts(b, "}, \"help\": {\"text\": ");
        json_str(b, rule->explanation);
        cwf_buf_printf(b, "}, \"defaultConfiguration\": {\"level\": \"%s\"}}",
                       sarif_level(rule->severity));
    }
    cwf_buf_puts(b, "\n      ]\n    }},\n"
                    "    \"originalUriBaseIds\": {\"%SRCROOT%\": {\"description\": {\"text\": "
                    "\"the directory cwfilter ran in\"}}},\n"
                    "    \"columnKind\": \"unicodeCodePoints\",\n"
                    "    \"results\": [");
    bool first = true;
    cwf_buf msg = CWF_BUF_INIT;
    for (size_t i = 0; i < r->n; i++) {
        const entry *e = &r->v[i];
        for (size_t k = 0; k < e->diags.n; k++) {
            const cwf_diag *g = &e->diags.v[k];
            region rg = region_of(&e->src, g->span);
            cwf_buf_puts(b, first ? "\n      " : ",\n      ");
            first = false;
            cwf_buf_printf(b, "{\"ruleId\": \"%s\", \"ruleIndex\": %u, \"level\": \"%s\", "
                              "\"message\": {\"text\": ",
                           cwf_rules[g->rule].id, (unsigned)g->rule, sarif_level(g->severity));
            cwf_buf_reset(&msg);
            full_message(&msg, g);
            cwf_buf_json_str(b, msg.p, msg.len);
            if (e->nowhere) {
                /* About no file: a result without locations (SARIF 3.27.12
                 * allows it), the log group named in the message. */
                cwf_buf_puts(b, "}}");
                continue;
            }
            cwf_buf_puts(b, "},\n       \"locations\": [{\"physicalLocation\": "
                            "{\"artifactLocation\": ");
            artifact_location(b, e->src.name);
            cwf_buf_printf(b, ", \"region\": {\"startLine\": %u, \"startColumn\": %u, "
                              "\"endLine\": %u, \"endColumn\": %u}}",
                           rg.start.line, rg.start.col, rg.end.line, rg.end.col);
            if (e->logical) {
                cwf_buf_puts(b, ", \"logicalLocations\": [{\"fullyQualifiedName\": ");
                json_str(b, e->logical);
                cwf_buf_puts(b, "}]");
            }
            cwf_buf_puts(b, "}]");
            sarif_fixes(b, e, k);
            cwf_buf_putc(b, '}');
        }
    }
    cwf_buf_free(&msg);
    cwf_buf_puts(b, first ? "]\n  }]\n}\n" : "\n    ]\n  }]\n}\n");
}

/* ---- github -------------------------------------------------------------- */

/* Workflow command escaping (actions/toolkit command.ts); properties also
 * escape ':' and ','.  The runner decodes nothing else, so the other control
 * characters are written as C does (\x1b), not sent to the log. */
static void gh_escape(cwf_buf *b, const char *s, size_t n, bool property)
{
    size_t len;
    for (size_t i = 0; i < n; i += len) {
        char c = s[i];
        len = 1;
        size_t ctl = c != '\r' && c != '\n' ? cwf_control_len(s, n, i) : 0;
        if (ctl)
            cwf_put_control(b, s + i, len = ctl);
        else if (c == '%')
            cwf_buf_puts(b, "%25");
        else if (c == '\r')
            cwf_buf_puts(b, "%0D");
        else if (c == '\n')
            cwf_buf_puts(b, "%0A");
        else if (property && c == ':')
            cwf_buf_puts(b, "%3A");
        else if (property && c == ',')
            cwf_buf_puts(b, "%2C");
        else
            cwf_buf_putc(b, c);
    }
}

static void write_github(const cwf_report *r, cwf_buf *b)
{
    cwf_buf msg = CWF_BUF_INIT;
    for (size_t i = 0; i < r->n; i++) {
        const entry *e = &r->v[i];
        for (size_t k = 0; k < e->diags.n; k++) {
            const cwf_diag *g = &e->diags.v[k];
            const cwf_rule *rule = &cwf_rules[g->rule];
            region rg = region_of(&e->src, g->span);
            cwf_buf_printf(b, "::%s ", g->severity == CWF_ERROR ? "error"
                                       : g->severity == CWF_WARNING ? "warning" : "notice");
            if (!e->nowhere) {
                cwf_buf_puts(b, "file=");
                gh_escape(b, e->src.name, strlen(e->src.name), true);
                cwf_buf_printf(b, ",line=%u,endLine=%u,col=%u,endColumn=%u,", rg.start.line,
                               rg.end.line, rg.start.col, rg.end.col);
            }
            cwf_buf_puts(b, "title=");
            cwf_buf_reset(&msg);
            cwf_buf_printf(&msg, "%s %s", rule->id, rule->name);
            gh_escape(b, msg.p, msg.len, true);
            cwf_buf_puts(b, "::");
            cwf_buf_reset(&msg);
            full_message(&msg, g);
            if (e->logical && !strstr(msg.p, e->logical))
                cwf_buf_printf(&msg, "\nin %s", e->logical);
            gh_escape(b, msg.p, msg.len, false);
            cwf_buf_putc(b, '\n');
        }
    }
    cwf_buf_free(&msg);
}

bool cwf_report_write(const cwf_report *r, cwf_format f, FILE *out, bool color)
{
    cwf_buf b = CWF_BUF_INIT;
    switch (f) {
    case CWF_FMT_TEXT:
        for (size_t i = 0; i < r->n; i++)
            if (r->v[i].nowhere)
                text_nowhere(&b, &r->v[i].diags, color);
            else
                cwf_render_text_safe(&b, &r->v[i].src, &r->v[i].diags, color);
        break;
    case CWF_FMT_JSON: write_json(r, &b); break;
    case CWF_FMT_SARIF: write_sarif(r, &b); break;
    case CWF_FMT_GITHUB: write_github(r, &b); break;
    }
    bool ok = b.len == 0 || fwrite(b.p, 1, b.len, out) == b.len;
    cwf_buf_free(&b);
    return ok && fflush(out) == 0 && !ferror(out);
}

/* ---- public handles ---------------------------------------------------------- */

void cwf_report_diag_copy(cwf_diags *d, const cwf_diagnostic *g)
{
    const cwf_rule *rule = cwf_rule_find(g->rule_id);
    cwf_diag *c = cwf_diag_add(d, rule ? (cwf_rule_id)(rule - cwf_rules) : CWF_R_SYNTAX,
                               (cwf_span){g->start, g->end}, "%s", g->message);
    c->severity = g->level == CWF_LEVEL_ERROR     ? CWF_ERROR
                  : g->level == CWF_LEVEL_WARNING ? CWF_WARNING
                                                  : CWF_NOTE;
    for (size_t i = 0; i < g->nnotes; i++)
        cwf_diag_note(c, "%s", g->notes[i]);
    if (g->suggestion)
        cwf_diag_suggest(c, "%s", g->suggestion);
}

/* Adds items[0..n), each with its fixes. */
static void add_items(cwf_report *r, const cwf_lint_item *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const cwf_lint_item *it = &v[i];
        cwf_report_add(r, it->nowhere ? NULL : &it->src, it->logical, &it->d);
        for (size_t k = 0; k < it->nfixes; k++) {
            const cwf_host_dfix *fx = &it->fixes[k];
            cwf_report_repl *rp = cwf_xcalloc(fx->n + 1, sizeof *rp);
            for (size_t e = 0; e < fx->n; e++)
                rp[e] = (cwf_report_repl){fx->v[e].start, fx->v[e].end, fx->v[e].text};
            cwf_report_fix(r, fx->diag, fx->title, fx->safe, fx->why, it->src.name, rp, fx->n);
            free(rp);
        }
    }
}

void cwf_report_add_lint(cwf_report *r, const cwf_lint *l)
{
    const cwf_lint_run *run = cwf_lint_run_of(l);
    size_t n = cwf_lint_run_count(run);
    add_items(r, n ? cwf_lint_run_item(run, 0) : NULL, n);
}

void cwf_report_add_fix(cwf_report *r, const cwf_fix_job *j)
{
    size_t n;
    const cwf_lint_item *v = cwf_fix_job_items(j, &n);
    add_items(r, v, n);
}

void cwf_report_add_audit(cwf_report *r, const cwf_audit_job *a)
{
    size_t n;
    const cwf_lint_item *v = cwf_audit_items(a, &n);
    for (size_t i = 0; i < n; i++)
        cwf_report_add(r, &v[i].src, v[i].logical, &v[i].d);
}
