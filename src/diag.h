/* diag.h: the one diagnostic model of every stage.
 *
 * A diagnostic is a rule (stable id), a severity, a byte span into the
 * pattern, a message, notes, and an optional "did you mean" replacement for
 * the span.  Stages append to a cwf_diags list; only a reporter prints. */
#ifndef CWF_DIAG_H
#define CWF_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* A byte span [start, end) into the pattern text. */
typedef struct cwf_span {
    uint32_t start, end;
} cwf_span;

typedef enum cwf_severity {
    CWF_NOTE,
    CWF_WARNING,
    CWF_ERROR,
} cwf_severity;

/* Every rule cwfilter reports.  ORDER RULE: this enum indexes the table in
 * rules.c; the ids themselves are stable and never reused. */
typedef enum cwf_rule_id {
    CWF_R_SYNTAX,            /* CWF100 */
    CWF_R_UNCLOSED_BRACE,    /* CWF101 */
    CWF_R_UNBALANCED_PAREN,  /* CWF102 */
    CWF_R_DANGLING_OP,       /* CWF103 */
    CWF_R_EMPTY_PARENS,      /* CWF104 */
    CWF_R_MISSING_DOLLAR,    /* CWF105 */
    CWF_R_SINGLE_QUOTES,     /* CWF106 */
    CWF_R_SMART_QUOTES,      /* CWF107 */
    CWF_R_DOUBLE_EQUALS,     /* CWF108 */
    CWF_R_KEYWORD_CASE,      /* CWF109 */
    CWF_R_NO_EXISTS,         /* CWF110 */
    CWF_R_NEEDS_QUOTES,      /* CWF111 */
    CWF_R_BACKSLASH_NEWLINE, /* CWF112 */
    CWF_R_BAD_REGEX,         /* CWF113 */
    CWF_R_UNTERMINATED,      /* CWF114 */
    CWF_R_BAD_SELECTOR,      /* CWF115 */
    CWF_R_UNCLOSED_BRACKET,  /* CWF116 */
    CWF_R_REGEX_IN_TERMS,    /* CWF117 */
    CWF_R_BAD_CHAR,          /* CWF118 */
    CWF_R_WORD_OPERATOR,     /* CWF119 */
    CWF_R_SPACED_EXCLUSION,  /* CWF120 */
    CWF_R_BYTE_ORDER_MARK,   /* CWF121 */
    CWF_R_TOO_LONG,          /* CWF201 */
    CWF_R_TOO_MANY_REGEX,    /* CWF202 */
    CWF_R_TOO_MANY_WILDCARDS,/* CWF203 */
    CWF_R_NUMERIC_OPERAND,   /* CWF204 */
    CWF_R_CHAIN_FIELDS,      /* CWF205 */
    CWF_R_MULTIPLE_ELLIPSIS, /* CWF206 */
    CWF_R_DUPLICATE_FIELD,   /* CWF207 */
    CWF_R_TOO_DEEP,          /* CWF208 */
    CWF_R_INFIX_WILDCARD,    /* CWF210 */
    CWF_R_LENIENT_UNQUOTED,  /* CWF211 */
    CWF_R_BOOLEAN_STRING,    /* CWF212 */
    CWF_R_NOT_COVERED,       /* CWF301 */
    CWF_R_NARROWED,          /* CWF302 */
    CWF_R_NEAR_MISS,         /* CWF303 */
    CWF_R_UNKNOWN,           /* CWF304 */
    CWF_R_NEVER_TRUE,        /* CWF310 */
    CWF_R_ALWAYS_TRUE,       /* CWF311 */
    CWF_R_REDUNDANT,         /* CWF312 */
    CWF_R_MATCHES_ALL,       /* CWF313 */
    CWF_R_BROADER,           /* CWF314 */
    CWF_R_UNRESOLVED,        /* CWF401 (lint) */
    CWF_R_UNUSED_SUPPRESSION,/* CWF402 (lint) */
    CWF_R_NEEDS_ONE_FILTER,  /* CWF403 (lint) */
    CWF_R_GROUP_NOT_COVERED, /* CWF404 (lint) */
    CWF_R_NOT_STRING,        /* CWF405 (lint) */
    CWF_R_DUPLICATE_KEY,     /* CWF406 (lint) */
    CWF_R_AUDIT_TRAIL,       /* CWF501 */
    CWF_R_AUDIT_LOG_GROUP,   /* CWF502 */
    CWF_R_AUDIT_LOGGING,     /* CWF503 */
    CWF_R_AUDIT_MGMT_EVENTS, /* CWF504 */
    CWF_R_AUDIT_FILTER,      /* CWF505 */
    CWF_R_AUDIT_ALARM,       /* CWF506 */
    CWF_R_AUDIT_SUBSCRIPTION,/* CWF507 */
    CWF_R_AUDIT_UNKNOWN,     /* CWF508 */
    CWF_R_AUDIT_ALARM_FIRE,  /* CWF509 */
    CWF_R_AUDIT_ACTIONS_OFF, /* CWF510 */
    CWF_R_AUDIT_NOTE,        /* CWF511 */
    CWF_R_SQL_UNSUPPORTED,   /* CWF601 (sql) */
    CWF_R_COUNT
} cwf_rule_id;

typedef struct cwf_rule {
    const char *id;          /* "CWF105" */
    const char *name;        /* "missing-dollar" */
    cwf_severity severity;   /* default severity */
    const char *summary;     /* one line */
    const char *explanation; /* one paragraph, for `cwfilter explain` */
} cwf_rule;

extern const cwf_rule cwf_rules[CWF_R_COUNT];

/* The rule with this id or name (case-insensitive), or NULL. */
const cwf_rule *cwf_rule_find(const char *id_or_name);

const char *cwf_severity_name(cwf_severity s);

typedef struct cwf_diag {
    cwf_rule_id rule;
    cwf_severity severity;
    cwf_span span;
    char *message;
    char *suggestion;   /* "did you mean" text, or NULL */
    char **notes;
    size_t nnotes;
} cwf_diag;

typedef struct cwf_diags {
    cwf_diag *v;
    size_t n, cap;
} cwf_diags;

#define CWF_DIAGS_INIT {0}

/* Appends a diagnostic with the rule's default severity and returns it, so
 * that the caller can add notes or a suggestion.  The pointer is valid until
 * the next append. */
cwf_diag *cwf_diag_add(cwf_diags *d, cwf_rule_id rule, cwf_span span,
                       const char *fmt, ...) CWF_PRINTF(4, 5);
void cwf_diag_note(cwf_diag *g, const char *fmt, ...) CWF_PRINTF(2, 3);
void cwf_diag_suggest(cwf_diag *g, const char *fmt, ...) CWF_PRINTF(2, 3);
/* Appends a copy of g (message, severity, notes, suggestion) and returns
 * it; g may not lie in d. */
cwf_diag *cwf_diag_copy(cwf_diags *d, const cwf_diag *g);

size_t cwf_diags_count(const cwf_diags *d, cwf_severity at_least);
/* Sorts by span start (stable), so reports read top to bottom. */
void cwf_diags_sort(cwf_diags *d);
void cwf_diags_clear(cwf_diags *d);
void cwf_diags_free(cwf_diags *d);

#endif
