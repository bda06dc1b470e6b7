/* ast.h: the abstract syntax of CloudWatch Logs filter patterns.
 *
 * One arena holds every node of one parse (see parse.h).  Strings are
 * unescaped copies in the arena; spans are byte offsets into the pattern
 * text.  SPEC.md Part 1 gives the meaning of each construct; the D-numbers
 * below refer to it. */
#ifndef CWF_AST_H
#define CWF_AST_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "util.h"

/* A string slice: NUL-terminated in the arena, len excludes the NUL. */
typedef struct cwf_str {
    const char *p;
    uint32_t len;
} cwf_str;

struct cwf_re; /* a parsed %regex% body: regex.h */

/* D1: the kind is decided by the first non-blank character. */
typedef enum cwf_kind {
    CWF_K_ALL,   /* empty or blank: matches every event */
    CWF_K_TERMS, /* ERROR -DEBUG ?"a phrase" */
    CWF_K_REGEX, /* %regex% */
    CWF_K_JSON,  /* { ... } */
    CWF_K_DELIM, /* [ ... ] */
} cwf_kind;

/* ---- values (right-hand sides of comparisons) -------------------------- */

typedef enum cwf_val_kind {
    CWF_V_STRING, /* "quoted" or unquoted text; may carry * wildcards (D7) */
    CWF_V_NUMBER, /* D8: [+-]?digits(.digits)?([eE][+-]?digits)? unquoted */
    CWF_V_REGEX,  /* %...% */
} cwf_val_kind;

/* D7: a * is a wildcard only at the start and/or end of a string value. */
typedef enum cwf_wild {
    CWF_W_NONE,     /* exact equality; inner * are literal */
    CWF_W_ANY,      /* the lone *: any string or number */
    CWF_W_PREFIX,   /* X*  : starts with core */
    CWF_W_SUFFIX,   /* *X  : ends with core */
    CWF_W_CONTAINS, /* *X* : contains core */
} cwf_wild;

typedef struct cwf_value {
    cwf_val_kind kind;
    cwf_span span;        /* the whole literal, quotes or % included */
    bool quoted;          /* written in double quotes */
    cwf_str text;         /* STRING: unescaped, stars included; NUMBER: as
                             written; REGEX: the body between the % signs */
    cwf_wild wild;        /* STRING only */
    cwf_str core;         /* STRING: text without the wildcard stars */
    double num;           /* NUMBER only */
    struct cwf_re *re;    /* REGEX only */
} cwf_value;

/* ---- JSON selectors (D5) ----------------------------------------------- */

typedef enum cwf_seg_kind {
    CWF_SEG_FIELD,     /* .name or .['odd.name'] */
    CWF_SEG_INDEX,     /* [n] */
    CWF_SEG_ANY_FIELD, /* .*  : any field of an object (D12) */
    CWF_SEG_ANY_INDEX, /* [*] : any element of an array (D12) */
} cwf_seg_kind;

typedef struct cwf_seg {
    cwf_seg_kind kind;
    bool bracket;      /* FIELD written as .['name'] */
    cwf_str name;      /* FIELD only */
    uint32_t index;    /* INDEX only */
    cwf_span span;
} cwf_seg;

typedef struct cwf_selector {
    cwf_seg *segs;
    uint32_t n;
    cwf_span span;
} cwf_selector;

/* ---- expressions: JSON conditions, and delimited field conditions ------ */

typedef enum cwf_op {
    CWF_OP_EQ, CWF_OP_NE, CWF_OP_LT, CWF_OP_GT, CWF_OP_LE, CWF_OP_GE,
} cwf_op;

typedef enum cwf_expr_kind {
    CWF_E_OR,         /* n-ary, n >= 2, no OR child (flattened) */
    CWF_E_AND,        /* n-ary, n >= 2, no AND child (flattened) */
    CWF_E_CMP,        /* sel op value */
    CWF_E_IS_NULL,    /* sel IS NULL */
    CWF_E_IS_TRUE,    /* sel IS TRUE */
    CWF_E_IS_FALSE,   /* sel IS FALSE */
    CWF_E_NOT_EXISTS, /* sel NOT EXISTS */
} cwf_expr_kind;

typedef struct cwf_expr {
    cwf_expr_kind kind;
    cwf_span span;
    union {
        struct {
            struct cwf_expr **kids;
            uint32_t n;
        } list;               /* OR, AND */
        struct {
            cwf_selector sel; /* delimited: one FIELD segment, the name */
            cwf_op op;        /* CMP only */
            cwf_value val;    /* CMP only */
        } leaf;
    } u;
} cwf_expr;

/* ---- term patterns (D17) ----------------------------------------------- */

typedef enum cwf_term_kind {
    CWF_T_PLAIN,    /* must occur */
    CWF_T_EXCLUDE,  /* -term: must not occur */
    CWF_T_OPTIONAL, /* ?term: one of them must occur, unless plain terms exist */
} cwf_term_kind;

typedef struct cwf_term {
    cwf_term_kind kind;
    bool quoted;
    cwf_str text;  /* unescaped */
    cwf_span span; /* the whole term, sign and quotes included */
} cwf_term;

/* ---- space-delimited patterns (D18) ------------------------------------ */

typedef enum cwf_field_kind {
    CWF_F_EMPTY,    /* an empty entry, e.g. the trailing one in [a,] */
    CWF_F_ELLIPSIS, /* ... */
    CWF_F_NAME,     /* a bare name */
    CWF_F_COND,     /* conditions on one field, joined with && and || */
} cwf_field_kind;

typedef struct cwf_field {
    cwf_field_kind kind;
    cwf_str name;    /* NAME and COND */
    cwf_expr *cond;  /* COND: a tree of CMP leaves, each naming the field */
    cwf_span span;
} cwf_field;

/* ---- the pattern ------------------------------------------------------- */

typedef struct cwf_pattern {
    cwf_kind kind;
    cwf_span span; /* the non-blank part of the text */
    union {
        cwf_expr *json; /* JSON */
        struct {
            cwf_term *v;
            uint32_t n;
        } terms;        /* TERMS */
        cwf_value regex;/* REGEX: kind CWF_V_REGEX */
        struct {
            cwf_field *v;
            uint32_t n;
        } delim;        /* DELIM */
    } u;
} cwf_pattern;

const char *cwf_op_text(cwf_op op);
const char *cwf_kind_name(cwf_kind k);

/* Structural equality, ignoring spans (and how a value was quoted, where the
 * quoting does not change the meaning). */
bool cwf_pattern_equal(const cwf_pattern *a, const cwf_pattern *b);

/* The canonical form (`cwfilter fmt`): JSON with single spaces around
 * operators, parentheses only where precedence needs them, every string value
 * double-quoted; terms and delimited fields single-spaced. */
void cwf_pattern_format(const cwf_pattern *p, cwf_buf *out);
void cwf_expr_format(const cwf_expr *e, cwf_buf *out);
void cwf_selector_format(const cwf_selector *s, cwf_buf *out);
void cwf_value_format(const cwf_value *v, cwf_buf *out);

/* The AST as JSON (`cwfilter parse --ast`). */
void cwf_pattern_json(const cwf_pattern *p, cwf_buf *out);

#endif
