/* parser.y: the Bison grammar of CloudWatch Logs filter patterns.
 *
 * One grammar for the four kinds (D1): the lexer first sends a START_*
 * token that names the kind.  Conflicts are not tolerated (%expect 0): fix
 * them with the grammar, not with precedence declarations that hide them.
 * Syntax errors are reported by yyreport_syntax_error below, which knows
 * the mistakes people make; after the first error (the lexer's or ours)
 * nothing more is reported, so one mistake gives one message. */
%require "3.8"
%define api.pure full
%define api.prefix {cwf_yy}
%define api.token.prefix {TOK_}
%define api.value.type union
%define api.location.type {cwf_span}
%define parse.error custom
%define parse.lac full
%locations
%expect 0
%param {cwf_parser *ps}

%code requires {
#include "ast.h"
#include "parse_impl.h"
}

%code provides {
int cwf_yylex(CWF_YYSTYPE *lval, cwf_span *lloc, cwf_parser *ps);
int cwf_lexer_init_cond(void);
}

%code {
#include <string.h>

#define YYLLOC_DEFAULT(Cur, Rhs, N)                                  \
    do {                                                             \
        if (N) {                                                     \
            (Cur).start = YYRHSLOC(Rhs, 1).start;                    \
            (Cur).end = YYRHSLOC(Rhs, N).end;                        \
        } else {                                                     \
            (Cur).start = (Cur).end = YYRHSLOC(Rhs, 0).end;          \
        }                                                            \
    } while (0)

static void cwf_yyerror(cwf_span *loc, cwf_parser *ps, const char *msg)
{
    /* Only reached on parser stack exhaustion, which CWF_MAX_NESTING
     * (checked by the lexer) prevents: syntax errors go through
     * yyreport_syntax_error. */
    cwf_parse_error(ps, CWF_R_SYNTAX, *loc, "%s", msg);
}

static cwf_pattern *new_pattern(cwf_parser *ps, cwf_kind k)
{
    cwf_pattern *p = cwf_arena_alloc(ps->arena, sizeof *p);
    p->kind = k;
    return p;
}
}

%token START_JSON START_DELIM START_TERMS START_REGEX START_ALL
%token EOP "end of pattern"
%token LBRACE "{" RBRACE "}" LPAREN "(" RPAREN ")" LBRACKET "[" RBRACKET "]"
%token COMMA "," ELLIPSIS "..."
%token AND "&&" OR "||"
%token EQ "=" NE "!=" LT "<" GT ">" LE "<=" GE ">="
%token IS "IS" NOT "NOT" NULL "NULL" TRUE "TRUE" FALSE "FALSE" EXISTS "EXISTS"
%token <cwf_selector *> SELECTOR "property selector"
%token <cwf_value *> VALUE "value"
%token <cwf_str> NAME "field name"
%token <cwf_term *> TERM "term"

%type <cwf_expr *> or_expr and_expr primary condition d_or d_and d_cond
%type <cwf_op> cmp_op
%type <cwf_field *> entry
%type <cwf_pattern *> terms entries

%%

pattern
    : START_ALL EOP              { ps->result = new_pattern(ps, CWF_K_ALL); }
    | START_JSON json
    | START_DELIM delimited
    | START_TERMS terms EOP      { ps->result = $2; ps->result->span = @2; }
    | START_REGEX VALUE EOP      {
          ps->result = new_pattern(ps, CWF_K_REGEX);
          ps->result->u.regex = *$2;
          ps->result->span = @2;
      }
    ;

/* ---- JSON patterns (SPEC 4.2; D3: () over && over ||, left-assoc) ---- */

json
    : "{" or_expr "}" EOP {
          ps->result = new_pattern(ps, CWF_K_JSON);
          ps->result->u.json = $2;
          ps->result->span = (cwf_span){@1.start, @3.end};
      }
    | "{" or_expr EOP {
          /* AWS: "If a filter pattern starts with '{' it must end with '}'".
           * Not after another error: an unterminated string or regex ran to
           * the end and took the `}` with it. */
          if (ps->errors > 0)
              YYABORT;
          cwf_diag *g = cwf_parse_error(ps, CWF_R_UNCLOSED_BRACE, @1,
              "this `{` is never closed: a pattern that starts with `{` must end with `}`");
          cwf_diag_note(g, "CloudWatch says: If a filter pattern starts with '{' it must end with '}'");
          cwf_diag_note(g, "add the missing `}` at the end of the pattern");
          (void)$2;
      }
    ;

or_expr
    : and_expr
    | or_expr "||" and_expr      { $$ = cwf_mk_list(ps, CWF_E_OR, $1, $3); }
    ;

and_expr
    : primary
    | and_expr "&&" primary      { $$ = cwf_mk_list(ps, CWF_E_AND, $1, $3); }
    ;

primary
    : "(" or_expr ")"            { $$ = $2; }
    | condition
    ;

condition
    : SELECTOR cmp_op VALUE      { $$ = cwf_mk_leaf(ps, CWF_E_CMP, $1, $2, $3, @$); }
    | SELECTOR "IS" "NULL"       { $$ = cwf_mk_leaf(ps, CWF_E_IS_NULL, $1, 0, NULL, @$); }
    | SELECTOR "IS" "TRUE"       { $$ = cwf_mk_leaf(ps, CWF_E_IS_TRUE, $1, 0, NULL, @$); }
    | SELECTOR "IS" "FALSE"      { $$ = cwf_mk_leaf(ps, CWF_E_IS_FALSE, $1, 0, NULL, @$); }
    | SELECTOR "NOT" "EXISTS"    { $$ = cwf_mk_leaf(ps, CWF_E_NOT_EXISTS, $1, 0, NULL, @$); }
    /* The mistakes of D4: CloudWatch has no positive existence test. */
    | SELECTOR "IS" "NOT" is_operand {
          cwf_diag *g = cwf_parse_error(ps, CWF_R_NO_EXISTS, (cwf_span){@2.start, @4.end},
              "CloudWatch has no `IS NOT`: the keywords are IS NULL, IS TRUE, IS FALSE and NOT EXISTS");
          cwf_diag_note(g, "to require a string or number value, write `%.*s = *`",
                        (int)(@1.end - @1.start), (const char *)ps->base + @1.start);
          $$ = cwf_mk_leaf(ps, CWF_E_NOT_EXISTS, $1, 0, NULL, @$);
      }
    | SELECTOR "EXISTS" {
          cwf_diag *g = cwf_parse_error(ps, CWF_R_NO_EXISTS, @2,
              "CloudWatch has no `EXISTS`: the only existence test is `NOT EXISTS`");
          cwf_diag_note(g, "to require a string or number value, write `%.*s = *`",
                        (int)(@1.end - @1.start), (const char *)ps->base + @1.start);
          $$ = cwf_mk_leaf(ps, CWF_E_NOT_EXISTS, $1, 0, NULL, @$);
      }
    ;

is_operand : "NULL" | "TRUE" | "FALSE" | "EXISTS" ;

cmp_op
    : "="   { $$ = CWF_OP_EQ; }
    | "!="  { $$ = CWF_OP_NE; }
    | "<"   { $$ = CWF_OP_LT; }
    | ">"   { $$ = CWF_OP_GT; }
    | "<="  { $$ = CWF_OP_LE; }
    | ">="  { $$ = CWF_OP_GE; }
    ;

/* ---- space-delimited patterns (SPEC 5.4, D18) ------------------------ */

delimited
    : "[" entries "]" EOP {
          ps->result = $2;
          ps->result->span = (cwf_span){@1.start, @3.end};
          /* `[]` (and `[ ]`) has no fields at all: every message field is
           * extracted as $1..$n (SPEC 6.8 SD3). */
          if (ps->result->u.delim.n == 1 && ps->result->u.delim.v[0].kind == CWF_F_EMPTY)
              ps->result->u.delim.n = 0;
      }
    | "[" entries EOP {
          if (ps->errors > 0)
              YYABORT;
          cwf_diag *g = cwf_parse_error(ps, CWF_R_UNCLOSED_BRACKET, @1,
              "this `[` is never closed: a space-delimited pattern must end with `]`");
          cwf_diag_note(g, "a term pattern that starts with `[` must be quoted, as in `\"[ERROR]\"`");
          (void)$2;
      }
    ;

entries
    : entry {
          $$ = new_pattern(ps, CWF_K_DELIM);
          $$->u.delim.v = cwf_list_grow(ps, NULL, 0, 1, sizeof *$1);
          $$->u.delim.v[0] = *$1;
          $$->u.delim.n = 1;
      }
    | entries "," entry {
          $$ = $1;
          $$->u.delim.v = cwf_list_grow(ps, $$->u.delim.v, $$->u.delim.n, 1, sizeof *$3);
          $$->u.delim.v[$$->u.delim.n++] = *$3;
      }
    ;

entry
    : %empty {
          $$ = cwf_arena_alloc(ps->arena, sizeof *$$);
          $$->kind = CWF_F_EMPTY;
          $$->span = @$;
      }
    | "..." {
          $$ = cwf_arena_alloc(ps->arena, sizeof *$$);
          $$->kind = CWF_F_ELLIPSIS;
          $$->span = @$;
      }
    | NAME {
          $$ = cwf_arena_alloc(ps->arena, sizeof *$$);
          $$->kind = CWF_F_NAME;
          $$->name = $1;
          $$->span = @$;
      }
    | d_or {
          $$ = cwf_arena_alloc(ps->arena, sizeof *$$);
          $$->kind = CWF_F_COND;
          $$->cond = $1;
          $$->span = @$;
          /* The field is the one the first condition names. */
          const cwf_expr *e = $1;
          while (e->kind == CWF_E_OR || e->kind == CWF_E_AND)
              e = e->u.list.kids[0];
          $$->name = e->u.leaf.sel.segs[0].name;
      }
    ;

d_or
    : d_and
    | d_or "||" d_and            { $$ = cwf_mk_list(ps, CWF_E_OR, $1, $3); }
    ;

d_and
    : d_cond
    | d_and "&&" d_cond          { $$ = cwf_mk_list(ps, CWF_E_AND, $1, $3); }
    ;

d_cond
    : NAME cmp_op VALUE {
          cwf_selector *s = cwf_mk_name_selector(ps, $1, @1);
          $$ = cwf_mk_leaf(ps, CWF_E_CMP, s, $2, $3, @$);
      }
    ;

/* ---- term patterns (D17) --------------------------------------------- */

terms
    : TERM {
          $$ = new_pattern(ps, CWF_K_TERMS);
          $$->u.terms.v = cwf_list_grow(ps, NULL, 0, 1, sizeof *$1);
          $$->u.terms.v[0] = *$1;
          $$->u.terms.n = 1;
      }
    | terms TERM {
          $$ = $1;
          $$->u.terms.v = cwf_list_grow(ps, $$->u.terms.v, $$->u.terms.n, 1, sizeof *$2);
          $$->u.terms.v[$$->u.terms.n++] = *$2;
      }
    ;

%%

/* The names of the expected tokens, as a user reads them: "`&&`, `||` or `}`".
 * Tokens that only the error rules expect (the end of a JSON pattern, the
 * NOT of `IS NOT`) are not suggested. */
static void expected_list(cwf_buf *b, const yypcontext_t *ctx, const cwf_parser *ps)
{
    yysymbol_kind_t exp[16];
    int n = yypcontext_expected_tokens(ctx, exp, 16);
    if (n <= 0 || n > 6)
        return;
    cwf_buf_puts(b, "expected ");
    /* The end of the pattern is expected only by the rules that report a
     * missing `}` or `]`: not a useful thing to suggest. */
    int k = 0;
    for (int i = 0; i < n; i++)
        if (exp[i] != YYSYMBOL_EOP && !(exp[i] == YYSYMBOL_NOT && ps->prev_tok == TOK_IS))
            exp[k++] = exp[i];
    n = k;
    for (int i = 0; i < n; i++) {
        if (i > 0)
            cwf_buf_puts(b, i == n - 1 ? " or " : ", ");
        /* Descriptions ("value", "property selector") read as they are;
         * operators and keywords are code: `&&`, `NOT`. */
        const char *name = yysymbol_name(exp[i]);
        if (name[0] >= 'a' && name[0] <= 'z')
            cwf_buf_puts(b, name);
        else
            cwf_buf_printf(b, "`%s`", name);
    }
}

static bool expects(const yypcontext_t *ctx, yysymbol_kind_t k)
{
    yysymbol_kind_t exp[32];
    int n = yypcontext_expected_tokens(ctx, exp, 32);
    for (int i = 0; i < n; i++)
        if (exp[i] == k)
            return true;
    return false;
}

/* Reports a syntax error in the words of the mistake, when it is one we
 * know; else "expected X or Y before Z".  Nothing after a first error. */
static int yyreport_syntax_error(const yypcontext_t *ctx, cwf_parser *ps)
{
    if (ps->errors > 0)
        return 0;
    yysymbol_kind_t la = yypcontext_token(ctx);
    cwf_span at = *yypcontext_location(ctx);
    int prev = ps->prev_tok;
    cwf_span prev_at = ps->prev_span;
    bool at_end = la == YYSYMBOL_EOP || la == YYSYMBOL_YYEOF;

    if ((prev == TOK_AND || prev == TOK_OR) &&
        (at_end || la == YYSYMBOL_RPAREN || la == YYSYMBOL_RBRACE ||
         la == YYSYMBOL_AND || la == YYSYMBOL_OR || la == YYSYMBOL_RBRACKET ||
         la == YYSYMBOL_COMMA)) {
        cwf_parse_error(ps, CWF_R_DANGLING_OP, prev_at,
                        "`%s` needs a condition on its right", prev == TOK_AND ? "&&" : "||");
        return 0;
    }
    if ((la == YYSYMBOL_AND || la == YYSYMBOL_OR) &&
        (prev == TOK_LPAREN || prev == TOK_LBRACE || prev == TOK_LBRACKET || prev == TOK_COMMA)) {
        cwf_parse_error(ps, CWF_R_DANGLING_OP, at,
                        "`%s` needs a condition on its left", la == YYSYMBOL_AND ? "&&" : "||");
        return 0;
    }
    if (la == YYSYMBOL_RPAREN && prev == TOK_LPAREN) {
        cwf_parse_error(ps, CWF_R_EMPTY_PARENS, (cwf_span){prev_at.start, at.end},
                        "empty parentheses: `()` must hold a condition");
        return 0;
    }
    if ((at_end || la == YYSYMBOL_RBRACE) && ps->nparens > 0 && expects(ctx, YYSYMBOL_RPAREN)) {
        uint32_t open = ps->parens[ps->nparens - 1];
        cwf_parse_error(ps, CWF_R_UNBALANCED_PAREN, (cwf_span){open, open + 1},
                        "this `(` is never closed");
        return 0;
    }
    if ((prev == TOK_RBRACE || prev == TOK_RBRACKET) && !at_end) {
        cwf_parse_error(ps, CWF_R_SYNTAX, (cwf_span){at.start, (uint32_t)(ps->lim - ps->base)},
                        "unexpected text after the end of the pattern");
        return 0;
    }

    cwf_buf b = CWF_BUF_INIT;
    expected_list(&b, ctx, ps);
    if (b.len == 0)
        cwf_buf_puts(&b, "unexpected ");
    else
        cwf_buf_puts(&b, at_end ? " at " : " before ");
    if (at_end)
        cwf_buf_puts(&b, "the end of the pattern");
    else if (la == YYSYMBOL_YYUNDEF)
        cwf_buf_printf(&b, "`%.*s`", (int)(at.end - at.start), (const char *)ps->base + at.start);
    else if (la == YYSYMBOL_SELECTOR || la == YYSYMBOL_VALUE || la == YYSYMBOL_NAME || la == YYSYMBOL_TERM)
        cwf_buf_printf(&b, "%s `%.*s`", yysymbol_name(la), (int)(at.end - at.start),
                       (const char *)ps->base + at.start);
    else
        cwf_buf_printf(&b, "`%.*s`", (int)(at.end - at.start), (const char *)ps->base + at.start);
    cwf_parse_error(ps, CWF_R_SYNTAX, at, "%s", cwf_buf_str(&b));
    cwf_buf_free(&b);
    return 0;
}
