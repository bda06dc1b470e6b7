/* lexer.re: the re2c lexer of CloudWatch Logs filter patterns.
 *
 * The first non-blank character decides the pattern kind (D1); the lexer
 * sends it to the parser as a START_* token, then lexes with the start
 * condition of that kind.  Inside JSON and delimited patterns the condition
 * follows the grammar (after a selector come operators and keywords, after
 * an operator a value), so that each mistake people make is recognised
 * where it happens and reported with its own rule and message.  A lexical
 * error is reported here, and a plausible token is returned so that parsing
 * goes on; the parser reports nothing more after an error (no cascades).
 *
 * Build: re2c -W -Werror -c (see the Makefile).  The input is a
 * NUL-terminated copy of the pattern; `$` is the end of input.  Control
 * characters never reach the lexer: cwf_parse rejects them first. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse.h"
#include "parse_impl.h"
#include "parser.h"
#include "regex.h"

/*!types:re2c*/

#define SPAN(a, b) ((cwf_span){(uint32_t)((a) - ps->base), (uint32_t)((b) - ps->base)})
#define TOKSPAN SPAN(ps->tok, ps->cur)

static cwf_str arena_str(cwf_parser *ps, const unsigned char *s, size_t n)
{
    return (cwf_str){cwf_arena_strndup(ps->arena, (const char *)s, n), (uint32_t)n};
}

/* The byte length of the UTF-8 sequence that starts at p (1 if invalid). */
static size_t utf8_len(const unsigned char *p, const unsigned char *lim)
{
    size_t n = *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : *p >= 0xC0 ? 2 : 1;
    if ((size_t)(lim - p) < n)
        return 1;
    for (size_t i = 1; i < n; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 1;
    return n;
}

/* Unescapes the body of a double-quoted string: \" and \\ (Q13); any other
 * backslash stays a literal backslash. */
static cwf_str unescape(cwf_parser *ps, const unsigned char *s, size_t n)
{
    char *out = cwf_arena_alloc(ps->arena, n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n && (s[i + 1] == '"' || s[i + 1] == '\\'))
            i++;
        out[k++] = (char)s[i];
    }
    out[k] = '\0';
    return (cwf_str){out, (uint32_t)k};
}

/* Fills the wildcard form of a string value (D7). */
static void set_wild(cwf_parser *ps, cwf_value *v)
{
    const char *t = v->text.p;
    uint32_t n = v->text.len;
    uint32_t lead = n >= 1 && t[0] == '*';
    uint32_t trail = n >= 2 && t[n - 1] == '*';
    if (n == 1 && lead)
        v->wild = CWF_W_ANY;
    else if (lead && trail)
        v->wild = CWF_W_CONTAINS;
    else if (lead)
        v->wild = CWF_W_SUFFIX;
    else if (trail)
        v->wild = CWF_W_PREFIX;
    else
        v->wild = CWF_W_NONE;
    v->core = arena_str(ps, (const unsigned char *)t + lead, n - lead - trail);
}

static bool is_number(const unsigned char *s, size_t n)
{
    size_t i = 0;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        i++;
    size_t d = i;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    if (i == d)
        return false;
    if (i < n && s[i] == '.') {
        size_t f = ++i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == f)
            return false;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        size_t e = i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == e)
            return false;
    }
    return i == n;
}

static cwf_value *new_value(cwf_parser *ps, cwf_val_kind k)
{
    cwf_value *v = cwf_arena_alloc(ps->arena, sizeof *v);
    v->kind = k;
    v->span = TOKSPAN;
    return v;
}

/* A string value whose text is s[0..n) (already unescaped when quoted). */
static cwf_value *string_value(cwf_parser *ps, cwf_str text, bool quoted)
{
    cwf_value *v = new_value(ps, CWF_V_STRING);
    v->quoted = quoted;
    v->text = text;
    set_wild(ps, v);
    return v;
}

/* An unquoted run of value characters: a number if all of it is one (D8),
 * else a string. */
static cwf_value *bare_value(cwf_parser *ps)
{
    size_t n = (size_t)(ps->cur - ps->tok);
    if (is_number(ps->tok, n)) {
        cwf_value *v = new_value(ps, CWF_V_NUMBER);
        v->text = arena_str(ps, ps->tok, n);
        v->num = strtod(v->text.p, NULL);
        return v;
    }
    return string_value(ps, arena_str(ps, ps->tok, n), false);
}

static cwf_value *regex_value(cwf_parser *ps)
{
    cwf_value *v = new_value(ps, CWF_V_REGEX);
    size_t n = (size_t)(ps->cur - ps->tok) - 2;
    v->text = arena_str(ps, ps->tok + 1, n);
    size_t before = ps->diags->n;
    v->re = cwf_re_parse(v->text.p, n, v->span.start + 1, ps->arena, ps->diags);
    ps->errors += ps->diags->n - before;
    return v;
}

/* A value written in single or curly quotes: reported, then taken as the
 * double-quoted string it was meant to be, so that parsing goes on. */
static cwf_value *misquoted_value(cwf_parser *ps, size_t open, size_t close,
                                  cwf_rule_id rule)
{
    const unsigned char *body = ps->tok + open;
    size_t n = (size_t)(ps->cur - ps->tok) - open - close;
    cwf_value *v = string_value(ps, arena_str(ps, body, n), true);
    cwf_diag *g;
    if (rule == CWF_R_SINGLE_QUOTES)
        g = cwf_parse_error(ps, rule, TOKSPAN,
                            "single quotes do not make a string: CloudWatch needs double quotes");
    else
        g = cwf_parse_error(ps, rule, TOKSPAN,
                            "typographic quotes do not make a string: CloudWatch needs plain double quotes");
    cwf_diag_suggest(g, "\"%.*s\"", (int)n, (const char *)body);
    if (rule == CWF_R_SMART_QUOTES)
        cwf_diag_note(g, "curly quotes usually come from pasting out of a document or chat; "
                         "AWS reports them as \"Invalid character(s) in term\"");
    return v;
}

/* A term at ps->tok: its kind from its sign, *q moved past the sign.  A `-`
 * written apart from the term (ps->minus) makes it an exclusion, with a
 * warning whose suggestion is the term with the `-` against it. */
static cwf_term *new_term(cwf_parser *ps, const unsigned char **q)
{
    cwf_term *t = cwf_arena_alloc(ps->arena, sizeof *t);
    t->kind = **q == '-' ? CWF_T_EXCLUDE : **q == '?' ? CWF_T_OPTIONAL : CWF_T_PLAIN;
    *q += t->kind != CWF_T_PLAIN;
    t->span = TOKSPAN;
    if (ps->minus && t->kind == CWF_T_PLAIN) {
        t->kind = CWF_T_EXCLUDE;
        t->span.start = (uint32_t)(ps->minus - ps->base);
        cwf_diag *g = cwf_parse_error(ps, CWF_R_SPACED_EXCLUSION, t->span,
                                      "a space separates `-` from the term it excludes");
        cwf_diag_note(g, "AWS's 2018-2021 user guide wrote `\"ERROR\" - \"Exiting\"`; "
                         "the current documentation puts no space after `-`");
        cwf_diag_suggest(g, "-%.*s", (int)(ps->cur - ps->tok), (const char *)ps->tok);
    }
    return t;
}

static cwf_selector *selector_token(cwf_parser *ps)
{
    /* The token is a valid selector (the re2c rule guarantees the form):
     * split it into segments. */
    const unsigned char *p = ps->tok + 1, *e = ps->cur;
    uint32_t n = 0;
    for (const unsigned char *q = p; q < e; q++)
        n += *q == '.' || *q == '[';
    cwf_selector *s = cwf_arena_alloc(ps->arena, sizeof *s);
    s->segs = cwf_arena_alloc(ps->arena, n * sizeof *s->segs);
    s->span = TOKSPAN;
    while (p < e) {
        cwf_seg *g = &s->segs[s->n++];
        const unsigned char *start = p;
        if (p[0] == '.' && p[1] == '*') {
            g->kind = CWF_SEG_ANY_FIELD;
            p += 2;
        } else if (p[0] == '.' && p[1] == '[') {
            const unsigned char *q = p + 3; /* after .[' */
            const unsigned char *r = q;
            while (*r != '\'')
                r++;
            g->kind = CWF_SEG_FIELD;
            g->bracket = true;
            g->name = arena_str(ps, q, (size_t)(r - q));
            p = r + 2; /* past '] */
        } else if (p[0] == '.') {
            const unsigned char *q = ++p;
            while (p < e && *p != '.' && *p != '[')
                p++;
            g->kind = CWF_SEG_FIELD;
            g->name = arena_str(ps, q, (size_t)(p - q));
        } else if (p[1] == '*') {
            g->kind = CWF_SEG_ANY_INDEX;
            p += 3;
        } else {
            uint64_t v = 0;
            for (p++; *p != ']'; p++)
                v = v > UINT32_MAX ? v : v * 10 + (uint64_t)(*p - '0');
            p++;
            if (v > UINT32_MAX)
                cwf_parse_error(ps, CWF_R_BAD_SELECTOR, SPAN(start, p),
                                "array index is too large");
            g->kind = CWF_SEG_INDEX;
            g->index = (uint32_t)(v > UINT32_MAX ? UINT32_MAX : v);
        }
        g->span = SPAN(start, p);
    }
    return s;
}

/* `$..a` or `$.a..b`: the selector with each run of dots made one dot, if
 * that is a plain selector (`$` then `.name` segments); else {NULL, 0}. */
static cwf_str single_dots(cwf_parser *ps, const unsigned char *s, const unsigned char *e)
{
    cwf_buf b = CWF_BUF_INIT;
    bool doubled = false, ok = e - s >= 3;
    for (const unsigned char *q = s; q < e && ok; q++) {
        if (q == s)
            ok = *q == '$';
        else if (*q == '.')
            doubled |= q[-1] == '.';
        else
            ok = (*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z') ||
                 (*q >= '0' && *q <= '9') || *q == '_' || *q == '-';
        if (q == s || *q != '.' || q[-1] != '.')
            cwf_buf_putc(&b, (char)*q);
    }
    ok = ok && doubled && b.len >= 3 && b.p[1] == '.' && b.p[b.len - 1] != '.';
    cwf_str r = ok ? arena_str(ps, (const unsigned char *)b.p, b.len) : (cwf_str){NULL, 0};
    cwf_buf_free(&b);
    return r;
}

/* A word where a selector belongs, written without its `$.` (CWF105).
 * Taken as the selector it was meant to be. */
static cwf_selector *undollared_selector(cwf_parser *ps)
{
    size_t n = (size_t)(ps->cur - ps->tok);
    size_t skip = ps->tok[0] == '$' ? 1 : 0;
    cwf_str name = arena_str(ps, ps->tok + skip, n - skip);
    cwf_diag *g = cwf_parse_error(ps, CWF_R_MISSING_DOLLAR, TOKSPAN,
                                  "a property selector starts with `$.`: `%s` is not one",
                                  cwf_arena_strndup(ps->arena, (const char *)ps->tok, n));
    cwf_diag_suggest(g, "$.%s", name.p);
    return cwf_mk_name_selector(ps, name, TOKSPAN);
}

static int keyword(cwf_parser *ps, int tok, const char *upper, int next_cond)
{
    size_t n = (size_t)(ps->cur - ps->tok);
    if (n != strlen(upper) || memcmp(ps->tok, upper, n) != 0) {
        cwf_diag *g = cwf_parse_error(ps, CWF_R_KEYWORD_CASE, TOKSPAN,
                                      "keywords are upper case: write `%s`", upper);
        cwf_diag_suggest(g, "%s", upper);
    }
    ps->cond = next_cond;
    return tok;
}

/* Remembers an open parenthesis; false, with a located error, past
 * CWF_MAX_NESTING levels (checked long before the parser's stack would run
 * out).  The rest of the pattern is then not read. */
static bool open_paren(cwf_parser *ps)
{
    if (ps->nparens == CWF_MAX_NESTING) {
        cwf_diag *g = cwf_parse_error(ps, CWF_R_TOO_DEEP, TOKSPAN,
            "this `(` is nested more than %d levels deep", CWF_MAX_NESTING);
        cwf_diag_note(g, "cwfilter reads at most %d levels of parentheses; "
                         "parentheses around one condition, or around conditions joined by "
                         "the same operator, can go", CWF_MAX_NESTING);
        ps->cur = ps->lim;
        return false;
    }
    if (ps->nparens == ps->cap_parens) {
        ps->cap_parens = ps->cap_parens ? 2 * ps->cap_parens : 16;
        ps->parens = cwf_xrealloc(ps->parens, ps->cap_parens * sizeof *ps->parens);
    }
    ps->parens[ps->nparens++] = (uint32_t)(ps->tok - ps->base);
    return true;
}

static void close_paren(cwf_parser *ps)
{
    if (ps->nparens > 0)
        ps->nparens--;
    else
        cwf_parse_error(ps, CWF_R_UNBALANCED_PAREN, TOKSPAN,
                        "this `)` has no matching `(`");
}

/* The value characters CloudWatch accepts unquoted (D6, lenient), and the
 * characters that may follow them by mistake: a run of the latter makes a
 * value that needs quotes. */
static void needs_quotes(cwf_parser *ps, const char *what)
{
    size_t n = (size_t)(ps->cur - ps->tok);
    /* Curly quotes around or inside the text: say that, not "needs quotes". */
    for (const unsigned char *q = ps->tok; q + 2 < ps->cur; q++) {
        if (q[0] == 0xE2 && q[1] == 0x80 &&
            (q[2] == 0x9C || q[2] == 0x9D || q[2] == 0x98 || q[2] == 0x99)) {
            cwf_buf fixed = CWF_BUF_INIT;
            for (const unsigned char *r = ps->tok; r < ps->cur; r++) {
                if (r + 2 < ps->cur && r[0] == 0xE2 && r[1] == 0x80 &&
                    (r[2] == 0x9C || r[2] == 0x9D || r[2] == 0x98 || r[2] == 0x99)) {
                    cwf_buf_putc(&fixed, '"');
                    r += 2;
                } else {
                    cwf_buf_putc(&fixed, (char)*r);
                }
            }
            cwf_diag *g = cwf_parse_error(ps, CWF_R_SMART_QUOTES, SPAN(q, q + 3),
                "typographic quotes do not make a string: CloudWatch needs plain double quotes");
            cwf_diag_suggest(g, "%s", cwf_buf_str(&fixed));
            cwf_buf_free(&fixed);
            return;
        }
    }
    cwf_diag *g = cwf_parse_error(ps, CWF_R_NEEDS_QUOTES, TOKSPAN,
                                  "%s `%.*s` has characters that need double quotes",
                                  what, (int)n, (const char *)ps->tok);
    cwf_diag_suggest(g, "\"%.*s\"", (int)n, (const char *)ps->tok);
}

static int lex(cwf_parser *ps, CWF_YYSTYPE *lval)
{
    for (;;) {
    ps->tok = ps->cur;
    /*!re2c
        re2c:api:style = free-form;
        re2c:define:YYCTYPE = "unsigned char";
        re2c:define:YYCURSOR = "ps->cur";
        re2c:define:YYMARKER = "ps->mar";
        re2c:define:YYLIMIT = "ps->lim";
        re2c:define:YYGETCONDITION = "ps->cond";
        re2c:define:YYSETCONDITION = "ps->cond = @@;";
        re2c:yyfill:enable = 0;
        re2c:eof = 0;

        ws     = [ \t\r\n\f\v]+;
        name   = [A-Za-z0-9_-]+;
        word   = [A-Za-z_][A-Za-z0-9_.-]*;
        dotseg = "." name | ".*" | ".['" [^'\n]* "']";
        seg    = dotseg | "[" [0-9]+ "]" | "[*]";
        sel    = "$" dotseg seg*;
        badsel = "$" [^ \t\r\n\f\v=!<>()&|{}"']*;
        bare   = [A-Za-z0-9_.*+:/@-]+;
        junk   = [^ \t\r\n\f\v(){}[\],"'%&|=!<>];
        dq     = "\"" ([^"\\] | "\\" [^])* "\"";
        sq     = "'" [^'\n]* "'";
        lq     = "\xE2\x80\x9C" | "\xE2\x80\x98";
        rq     = "\xE2\x80\x9D" | "\xE2\x80\x99";
        smart  = (lq | rq) ([^\n\xE2] | "\xE2" [^\x80\n] | "\xE2\x80" [^\x98\x99\x9C\x9D\n])* rq;
        regex  = "%" [^%]* "%";

        <*> $ {
            if (ps->cond == yycinit) {
                ps->cond = yycjend;
                return TOK_START_ALL;
            }
            if (ps->eop_sent)
                return 0;
            ps->eop_sent = true;
            return TOK_EOP;
        }
        <*> ws { continue; }

        // ---- the first token: the kind of pattern (D1) -------------------
        <init> "{" { ps->cur = ps->tok; ps->cond = yycjson; return TOK_START_JSON; }
        <init> "[" { ps->cur = ps->tok; ps->cond = yycdfield; return TOK_START_DELIM; }
        <init> "%" { ps->cur = ps->tok; ps->cond = yycregex; return TOK_START_REGEX; }
        <init> * { ps->cur = ps->tok; ps->cond = yycterms; return TOK_START_TERMS; }

        // ---- JSON: structure, in every JSON condition --------------------
        <json,jop,jval,jafter> "{" { ps->cond = yycjson; return TOK_LBRACE; }
        <json,jop,jval,jafter> "}" { ps->cond = yycjend; return TOK_RBRACE; }
        <json,jop,jval,jafter> "(" {
            if (!open_paren(ps))
                return TOK_CWF_YYUNDEF;
            ps->cond = yycjson;
            return TOK_LPAREN;
        }
        <json,jop,jval,jafter> ")" { close_paren(ps); ps->cond = yycjafter; return TOK_RPAREN; }
        <json,jop,jval,jafter> "&&" { ps->cond = yycjson; return TOK_AND; }
        <json,jop,jval,jafter> "||" { ps->cond = yycjson; return TOK_OR; }
        <json,jafter> "&" | "|" {
            cwf_diag *g = cwf_parse_error(ps, CWF_R_WORD_OPERATOR, TOKSPAN,
                "`%c` is not an operator: write `%c%c`", *ps->tok, *ps->tok, *ps->tok);
            cwf_diag_suggest(g, "%c%c", *ps->tok, *ps->tok);
            ps->cond = yycjson;
            return *ps->tok == '&' ? TOK_AND : TOK_OR;
        }
        <json> "&" dotseg seg* {
            /* `&& &.eventType = ...`: a `&` typed for the `$`. */
            cwf_diag *g = cwf_parse_error(ps, CWF_R_MISSING_DOLLAR, TOKSPAN,
                "a property selector starts with `$.`: `%.*s` is not one",
                (int)(ps->cur - ps->tok), (const char *)ps->tok);
            cwf_diag_suggest(g, "$%.*s", (int)(ps->cur - ps->tok - 1), (const char *)ps->tok + 1);
            lval->TOK_SELECTOR = selector_token(ps);
            ps->cond = yycjop;
            return TOK_SELECTOR;
        }
        <json,jop,jafter> sel { lval->TOK_SELECTOR = selector_token(ps); ps->cond = yycjop; return TOK_SELECTOR; }
        <json,jop,jafter> badsel {
            if (ps->cur - ps->tok >= 2 && ps->tok[1] != '.' && ps->tok[1] != '[') {
                lval->TOK_SELECTOR = undollared_selector(ps);
                ps->cond = yycjop;
                return TOK_SELECTOR;
            }
            /* Recovery: the rest of a malformed selector, up to the next
             * operator, belongs to it (`$.a[ 0 ]`, `$.a['b']`), so that it
             * gives one error, not one per piece. */
            while (ps->cur < ps->lim && !strchr("=!<>(){}&|", *ps->cur))
                ps->cur++;
            while (ps->cur > ps->tok && (ps->cur[-1] == ' ' || ps->cur[-1] == '\t'))
                ps->cur--;
            if (ps->tok[1] == '[') {
                cwf_parse_error(ps, CWF_R_MISSING_DOLLAR, TOKSPAN,
                    "a property selector starts with `$.`: `%.*s` is not one",
                    (int)(ps->cur - ps->tok), (const char *)ps->tok);
                lval->TOK_SELECTOR = cwf_mk_name_selector(ps, arena_str(ps, ps->tok, 0), TOKSPAN);
                ps->cond = yycjop;
                return TOK_SELECTOR;
            }
            cwf_str fixed = single_dots(ps, ps->tok, ps->cur);
            if (fixed.p) {
                cwf_diag *g = cwf_parse_error(ps, CWF_R_BAD_SELECTOR, TOKSPAN,
                    "`%.*s` is not a property selector: each name follows a single `.`",
                    (int)(ps->cur - ps->tok), (const char *)ps->tok);
                cwf_diag_suggest(g, "%s", fixed.p);
                lval->TOK_SELECTOR = cwf_mk_name_selector(ps, arena_str(ps, ps->tok, 0), TOKSPAN);
                ps->cond = yycjop;
                return TOK_SELECTOR;
            }
            cwf_parse_error(ps, CWF_R_BAD_SELECTOR, TOKSPAN,
                "`%.*s` is not a property selector: names take letters, digits, `_` and `-`; "
                "write other names in brackets, as `$.['name']`",
                (int)(ps->cur - ps->tok), (const char *)ps->tok);
            lval->TOK_SELECTOR = cwf_mk_name_selector(ps, arena_str(ps, ps->tok, 0), TOKSPAN);
            ps->cond = yycjop;
            return TOK_SELECTOR;
        }

        // ---- JSON: selectors broken by a space (a PDF line-wrap artifact) --
        <json,jop,jafter> "$." [ \t]+ name {
            const unsigned char *n = ps->tok + 2;
            while (*n == ' ' || *n == '\t')
                n++;
            cwf_diag *g = cwf_parse_error(ps, CWF_R_BAD_SELECTOR, TOKSPAN,
                "a property selector cannot contain a space");
            cwf_diag_suggest(g, "$.%.*s", (int)(ps->cur - n), (const char *)n);
            return TOK_CWF_YYUNDEF;
        }
        // ---- JSON: where a condition starts ------------------------------
        <json> dq [ \t\r\n]* ":" {
            /* {"eventName": [...]}: a JSON document, such as an EventBridge
             * event pattern, pasted where a filter pattern belongs. */
            cwf_diag *g = cwf_parse_error(ps, CWF_R_SYNTAX, TOKSPAN,
                "this is a JSON document (an EventBridge event pattern?), not a CloudWatch Logs filter pattern");
            cwf_diag_note(g, "a JSON filter pattern tests selectors: `{ $.eventName = \"CreatePolicy\" || ... }`");
            return TOK_CWF_YYUNDEF;
        }
        <jop> dq {
            /* `$.errorCode"x"`: the operator is missing. */
            if (ps->last_tok != TOK_SELECTOR)
                return TOK_CWF_YYUNDEF;
            const unsigned char *sel = ps->base + ps->last_span.start;
            const unsigned char *end = ps->base + ps->last_span.end;
            cwf_diag *g = cwf_parse_error(ps, CWF_R_SYNTAX, SPAN(end, ps->tok + 1),
                "an operator is missing between the selector and the value");
            cwf_diag_suggest(g, "%.*s = %.*s", (int)(end - sel), (const char *)sel,
                             (int)(ps->cur - ps->tok), (const char *)ps->tok);
            return TOK_CWF_YYUNDEF;
        }
        <json> word [ \t]* ("=" | "!=") [ \t]* sel {
            /* `DeleteGroupPolicy = $.eventName`: the operands are reversed. */
            const unsigned char *w = ps->tok, *we = w;
            while (*we != ' ' && *we != '\t' && *we != '=' && *we != '!')
                we++;
            const unsigned char *op = we;
            while (*op == ' ' || *op == '\t')
                op++;
            int oplen = *op == '!' ? 2 : 1;
            const unsigned char *sl = op + oplen;
            while (*sl == ' ' || *sl == '\t')
                sl++;
            cwf_diag *g = cwf_parse_error(ps, CWF_R_SYNTAX, TOKSPAN,
                "the property selector goes on the left of the comparison");
            cwf_diag_suggest(g, "%.*s %.*s %.*s", (int)(ps->cur - sl), (const char *)sl,
                             oplen, (const char *)op, (int)(we - w), (const char *)w);
            return TOK_CWF_YYUNDEF;
        }
        <json> ("AND" | "OR" | "and" | "or") / [ \t\r\n(] {
            return TOK_CWF_YYUNDEF;
        }
        <json> word { lval->TOK_SELECTOR = undollared_selector(ps); ps->cond = yycjop; return TOK_SELECTOR; }

        // ---- JSON: after a selector, an operator or a keyword ------------
        <jop> "=" { ps->cond = yycjval; return TOK_EQ; }
        <jop> "!=" { ps->cond = yycjval; return TOK_NE; }
        <jop> "<" { ps->cond = yycjval; return TOK_LT; }
        <jop> ">" { ps->cond = yycjval; return TOK_GT; }
        <jop> "<=" { ps->cond = yycjval; return TOK_LE; }
        <jop> ">=" { ps->cond = yycjval; return TOK_GE; }
        <jop> "==" {
            cwf_diag *g = cwf_parse_error(ps, CWF_R_DOUBLE_EQUALS, TOKSPAN,
                                          "`==` is not an operator: equality is a single `=`");
            cwf_diag_suggest(g, "=");
            ps->cond = yycjval;
            return TOK_EQ;
        }
        <jop,dop> "=>" | "=<" {
            cwf_diag *g = cwf_parse_error(ps, CWF_R_SYNTAX, TOKSPAN,
                "`%.2s` is not an operator: write `%c=`", (const char *)ps->tok, ps->tok[1]);
            cwf_diag_suggest(g, "%c=", ps->tok[1]);
            ps->cond = ps->cond == yycjop ? yycjval : yycdval;
            return ps->tok[1] == '>' ? TOK_GE : TOK_LE;
        }
        <jop> "<>" {
            cwf_diag *g = cwf_parse_error(ps, CWF_R_SYNTAX, TOKSPAN,
                                          "`<>` is not an operator: write `!=`");
            cwf_diag_suggest(g, "!=");
            ps->cond = yycjval;
            return TOK_NE;
        }
        <jop> 'IS' { return keyword(ps, TOK_IS, "IS", yycjop); }
        <jop> 'NOT' { return keyword(ps, TOK_NOT, "NOT", yycjop); }
        <jop> 'NULL' { return keyword(ps, TOK_NULL, "NULL", yycjafter); }
        <jop> 'TRUE' { return keyword(ps, TOK_TRUE, "TRUE", yycjafter); }
        <jop> 'FALSE' { return keyword(ps, TOK_FALSE, "FALSE", yycjafter); }
        <jop> 'EXISTS' { return keyword(ps, TOK_EXISTS, "EXISTS", yycjafter); }
        <jop> [A-Za-z0-9_-]+ {
            /* `$.eventNa me = X`: a name split by a space (a PDF line-wrap
             * artifact of the benchmark's text). */
            static const char *const glued[][2] = {
                {"NOTEXISTS", "NOT EXISTS"}, {"ISNULL", "IS NULL"},
                {"ISTRUE", "IS TRUE"}, {"ISFALSE", "IS FALSE"},
            };
            size_t n = (size_t)(ps->cur - ps->tok);
            for (size_t i = 0; i < sizeof glued / sizeof glued[0]; i++) {
                if (n == strlen(glued[i][0]) && strncasecmp((const char *)ps->tok, glued[i][0], n) == 0) {
                    cwf_diag *g = cwf_parse_error(ps, CWF_R_SYNTAX, TOKSPAN,
                        "`%.*s` is two keywords: write `%s`", (int)n, (const char *)ps->tok, glued[i][1]);
                    cwf_diag_suggest(g, "%s", glued[i][1]);
                    return TOK_CWF_YYUNDEF;
                }
            }
            if (ps->last_tok != TOK_SELECTOR)
                return TOK_CWF_YYUNDEF;
            const unsigned char *sel = ps->base + ps->last_span.start;
            const unsigned char *end = ps->base + ps->last_span.end;
            cwf_diag *g = cwf_parse_error(ps, CWF_R_BAD_SELECTOR, SPAN(sel, ps->cur),
                "a property selector cannot contain a space");
            cwf_diag_suggest(g, "%.*s%.*s", (int)(end - sel), (const char *)sel,
                             (int)(ps->cur - ps->tok), (const char *)ps->tok);
            return TOK_CWF_YYUNDEF;
        }

        // ---- values, in JSON and delimited patterns (D6 to D8, D16) ------
        <jval,dval> dq {
            cwf_str t = unescape(ps, ps->tok + 1, (size_t)(ps->cur - ps->tok) - 2);
            lval->TOK_VALUE = string_value(ps, t, true);
            ps->cond = ps->cond == yycjval ? yycjafter : yycdafter;
            return TOK_VALUE;
        }
        <jval,dval> "\"" {
            cwf_parse_error(ps, CWF_R_UNTERMINATED, TOKSPAN, "this string has no closing `\"`");
            ps->cur = ps->lim;
            lval->TOK_VALUE = string_value(ps, arena_str(ps, ps->tok, 0), true);
            return TOK_VALUE;
        }
        <jval,dval> sq {
            lval->TOK_VALUE = misquoted_value(ps, 1, 1, CWF_R_SINGLE_QUOTES);
            ps->cond = ps->cond == yycjval ? yycjafter : yycdafter;
            return TOK_VALUE;
        }
        <jval,dval> smart {
            lval->TOK_VALUE = misquoted_value(ps, 3, 3, CWF_R_SMART_QUOTES);
            ps->cond = ps->cond == yycjval ? yycjafter : yycdafter;
            return TOK_VALUE;
        }
        <jval,dval> regex {
            lval->TOK_VALUE = regex_value(ps);
            ps->cond = ps->cond == yycjval ? yycjafter : yycdafter;
            return TOK_VALUE;
        }
        <jval,dval> "%" {
            cwf_parse_error(ps, CWF_R_UNTERMINATED, TOKSPAN, "this regex has no closing `%%`");
            ps->cur = ps->lim;
            lval->TOK_VALUE = string_value(ps, arena_str(ps, ps->tok, 0), true);
            return TOK_VALUE;
        }
        <jval,dval> bare {
            lval->TOK_VALUE = bare_value(ps);
            ps->cond = ps->cond == yycjval ? yycjafter : yycdafter;
            return TOK_VALUE;
        }
        <jval,dval> bare? junk+ (bare | junk)* {
            needs_quotes(ps, "the unquoted value");
            lval->TOK_VALUE = string_value(ps, arena_str(ps, ps->tok, (size_t)(ps->cur - ps->tok)), true);
            ps->cond = ps->cond == yycjval ? yycjafter : yycdafter;
            return TOK_VALUE;
        }

        // ---- JSON: after a complete condition -----------------------------
        <jafter> ("AND" | "OR" | "and" | "or") {
            int is_and = (ps->tok[0] | 0x20) == 'a';
            cwf_diag *g = cwf_parse_error(ps, CWF_R_WORD_OPERATOR, TOKSPAN,
                "`%.*s` is not an operator: write `%s`", (int)(ps->cur - ps->tok),
                (const char *)ps->tok, is_and ? "&&" : "||");
            cwf_diag_suggest(g, "%s", is_and ? "&&" : "||");
            ps->cond = yycjson;
            return is_and ? TOK_AND : TOK_OR;
        }
        <jafter> bare {
            /* A second word after a value: an unquoted value with a space. */
            const unsigned char *start = ps->tok;
            if (ps->last_tok == TOK_VALUE) {
                ps->tok = ps->base + ps->last_span.start;
                needs_quotes(ps, "the unquoted value");
                ps->tok = start;
            }
            return TOK_CWF_YYUNDEF;
        }

        // ---- JSON: after the closing brace --------------------------------
        <jend> [^ \t\r\n\f\v] { return TOK_CWF_YYUNDEF; }

        // ---- space-delimited patterns (D18) -------------------------------
        <dfield,dop,dval,dafter> "," { ps->cond = yycdfield; return TOK_COMMA; }
        <dfield,dop,dval,dafter> "]" { ps->cond = yycjend; return TOK_RBRACKET; }
        <dfield> "[" { return TOK_LBRACKET; }
        <dfield> "..." { ps->cond = yycdafter; return TOK_ELLIPSIS; }
        <dfield> name {
            lval->TOK_NAME = arena_str(ps, ps->tok, (size_t)(ps->cur - ps->tok));
            ps->cond = yycdop;
            return TOK_NAME;
        }
        <dop> "=" { ps->cond = yycdval; return TOK_EQ; }
        <dop> "!=" { ps->cond = yycdval; return TOK_NE; }
        <dop> "<" { ps->cond = yycdval; return TOK_LT; }
        <dop> ">" { ps->cond = yycdval; return TOK_GT; }
        <dop> "<=" { ps->cond = yycdval; return TOK_LE; }
        <dop> ">=" { ps->cond = yycdval; return TOK_GE; }
        <dop> "==" {
            cwf_diag *g = cwf_parse_error(ps, CWF_R_DOUBLE_EQUALS, TOKSPAN,
                                          "`==` is not an operator: equality is a single `=`");
            cwf_diag_suggest(g, "=");
            ps->cond = yycdval;
            return TOK_EQ;
        }
        <dafter> name { return TOK_CWF_YYUNDEF; /* a missing `,`: one word, one error */ }
        <dafter> "&&" { ps->cond = yycdfield; return TOK_AND; }
        <dafter> "||" { ps->cond = yycdfield; return TOK_OR; }

        // ---- term patterns (D17) -----------------------------------------
        <terms> [-?]? "\"" ([^"\\] | "\\" [^])* "\"" {
            const unsigned char *q = ps->tok;
            cwf_term *t = new_term(ps, &q);
            t->quoted = true;
            t->text = unescape(ps, q + 1, (size_t)(ps->cur - q) - 2);
            lval->TOK_TERM = t;
            return TOK_TERM;
        }
        <terms> [-?]? [A-Za-z0-9_]+ {
            const unsigned char *q = ps->tok;
            cwf_term *t = new_term(ps, &q);
            t->text = arena_str(ps, q, (size_t)(ps->cur - q));
            lval->TOK_TERM = t;
            return TOK_TERM;
        }
        <terms> [-?]? (sq | smart) {
            const unsigned char *q = ps->tok;
            cwf_term *t = cwf_arena_alloc(ps->arena, sizeof *t);
            t->kind = *q == '-' ? CWF_T_EXCLUDE : *q == '?' ? CWF_T_OPTIONAL : CWF_T_PLAIN;
            ps->tok += t->kind != CWF_T_PLAIN;
            int single = *ps->tok == '\'';
            cwf_value *v = misquoted_value(ps, single ? 1 : 3, single ? 1 : 3,
                                           single ? CWF_R_SINGLE_QUOTES : CWF_R_SMART_QUOTES);
            ps->tok = q;
            t->quoted = true;
            t->text = v->text;
            t->span = TOKSPAN;
            lval->TOK_TERM = t;
            return TOK_TERM;
        }
        <terms> [-?] / [ \t\r\n] {
            /* `"ERROR" - "Exiting"` (AWS's 2018-2021 user guide): the
             * exclusion of the term that follows, with a warning. */
            const unsigned char *n = ps->cur;
            while (n < ps->lim && (*n == ' ' || *n == '\t' || *n == '\r' || *n == '\n'))
                n++;
            if (*ps->tok == '-' && n < ps->lim &&
                (*n == '"' || *n == '_' || (*n >= '0' && *n <= '9') ||
                 ((*n | 0x20) >= 'a' && (*n | 0x20) <= 'z'))) {
                ps->minus = ps->tok;
                continue;
            }
            cwf_diag *g = cwf_parse_error(ps, CWF_R_SYNTAX, TOKSPAN,
                "`%c` must be written right before its term, without a space", *ps->tok);
            cwf_diag_note(g, "`-TERM` excludes events that contain TERM; `?TERM` makes TERM one of several alternatives");
            continue;
        }
        <terms> [-?]? regex {
            cwf_parse_error(ps, CWF_R_REGEX_IN_TERMS, TOKSPAN,
                "a regex cannot be mixed with terms: a `%%regex%%` pattern must stand alone");
            continue;
        }
        <terms> "\"" {
            cwf_parse_error(ps, CWF_R_UNTERMINATED, TOKSPAN, "this phrase has no closing `\"`");
            ps->cur = ps->lim;
            continue;
        }
        <terms> [-?]? [^ \t\r\n\f\v"]+ {
            needs_quotes(ps, "the term");
            cwf_term *t = cwf_arena_alloc(ps->arena, sizeof *t);
            t->kind = CWF_T_PLAIN;
            t->text = arena_str(ps, ps->tok, (size_t)(ps->cur - ps->tok));
            t->span = TOKSPAN;
            lval->TOK_TERM = t;
            return TOK_TERM;
        }

        // ---- a standalone regex (D16) -------------------------------------
        <regex> regex {
            lval->TOK_VALUE = regex_value(ps);
            ps->cond = yycrend;
            return TOK_VALUE;
        }
        <regex> "%" {
            cwf_parse_error(ps, CWF_R_UNTERMINATED, TOKSPAN, "this regex has no closing `%%`");
            ps->cur = ps->lim;
            continue;
        }
        <rend> [^ \t\r\n\f\v] {
            cwf_parse_error(ps, CWF_R_REGEX_IN_TERMS, SPAN(ps->tok, ps->lim),
                "a `%%regex%%` pattern must stand alone: nothing may follow it");
            ps->cur = ps->lim;
            continue;
        }

        // ---- anything else ------------------------------------------------
        <json,jop,jval,jafter,jend,dfield,dop,dval,dafter,terms,regex,rend> * {
            ps->cur = ps->tok + utf8_len(ps->tok, ps->lim);
            if (ps->tok[0] == 0xE2 && ps->cur - ps->tok == 3 && ps->tok[1] == 0x80 &&
                (ps->tok[2] == 0x9C || ps->tok[2] == 0x9D || ps->tok[2] == 0x98 || ps->tok[2] == 0x99)) {
                cwf_parse_error(ps, CWF_R_SMART_QUOTES, TOKSPAN,
                    "typographic quote: CloudWatch needs plain double quotes `\"`");
            } else if (ps->tok[0] == '\'') {
                cwf_parse_error(ps, CWF_R_SINGLE_QUOTES, TOKSPAN,
                    "single quote: CloudWatch strings take double quotes `\"`");
            } else if (ps->tok[0] >= 0x21 && ps->tok[0] < 0x7F) {
                return TOK_CWF_YYUNDEF;
            } else {
                cwf_parse_error(ps, CWF_R_BAD_CHAR, TOKSPAN,
                    "unexpected character `%.*s`", (int)(ps->cur - ps->tok), (const char *)ps->tok);
            }
            return TOK_CWF_YYUNDEF;
        }
    */
    }
}

/* The lexer as Bison calls it: remembers the previous token, for the
 * syntax-error messages that depend on it. */
int cwf_yylex(CWF_YYSTYPE *lval, cwf_span *lloc, cwf_parser *ps)
{
    int t = lex(ps, lval);
    *lloc = t == TOK_EOP || t == 0 ? SPAN(ps->lim, ps->lim) : TOKSPAN;
    if (t == TOK_TERM && ps->minus) /* a spaced exclusion starts at its `-` */
        lloc->start = (uint32_t)(ps->minus - ps->base);
    ps->minus = NULL;
    ps->prev_tok = ps->last_tok;
    ps->prev_span = ps->last_span;
    ps->last_tok = t;
    ps->last_span = *lloc;
    return t;
}

/* Lexer start condition for a new parse. */
int cwf_lexer_init_cond(void)
{
    return yycinit;
}
