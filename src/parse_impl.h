/* parse_impl.h: the state shared by the generated lexer (grammar/lexer.re)
 * and parser (grammar/parser.y), and the AST builders their actions call.
 * Not part of the library's interface: use parse.h. */
#ifndef CWF_PARSE_IMPL_H
#define CWF_PARSE_IMPL_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

#include "ast.h"

typedef struct cwf_parser {
    /* input: a NUL-terminated copy of the pattern in the arena */
    const unsigned char *base, *cur, *lim, *tok, *mar;
    int cond;              /* the lexer's start condition */
    bool eop_sent;         /* the "end of pattern" token was returned */
    cwf_arena *arena;
    cwf_diags *diags;
    size_t errors;         /* errors this parse reported: the guard against
                              cascades (the parser reports none after one) */
    int last_tok;          /* the token returned last (the lookahead) */
    cwf_span last_span;
    int prev_tok;          /* the token before it */
    cwf_span prev_span;
    uint32_t *parens;      /* offsets of the open parentheses */
    uint32_t nparens, cap_parens;
    const unsigned char *minus; /* a `-` written apart from the term that
                                   follows it (`- "Exiting"`), or NULL */
    cwf_pattern *result;
} cwf_parser;

/* Reports an error of rule r on span s, counting it for the cascade guard. */
cwf_diag *cwf_parse_error(cwf_parser *ps, cwf_rule_id r, cwf_span s,
                          const char *fmt, ...) CWF_PRINTF(4, 5);

/* Makes room for add more elements of the given size after the n of list v
 * (NULL when n is 0), in ps->arena, and returns the list, moved or not.
 * Every list that grows must have been made by this function: the capacity
 * doubles, so n appends cost O(n) time and memory. */
void *cwf_list_grow(cwf_parser *ps, void *v, uint32_t n, uint32_t add, size_t size);

/* Builders for the grammar's actions; nodes live in ps->arena. */
cwf_expr *cwf_mk_list(cwf_parser *ps, cwf_expr_kind k, cwf_expr *a, cwf_expr *b);
cwf_expr *cwf_mk_leaf(cwf_parser *ps, cwf_expr_kind k, cwf_selector *sel,
                      cwf_op op, const cwf_value *val, cwf_span span);
cwf_selector *cwf_mk_name_selector(cwf_parser *ps, cwf_str name, cwf_span span);

#endif
