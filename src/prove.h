/* prove.h: does pattern P cover requirement R?  (DESIGN.md section 5, D19,
 * D20.)  "P covers R" means no event matches R and not P.  The verdict is
 * proved: COVERS only when no counterexample exists; UNKNOWN, with a reason,
 * when a construct is outside what the procedure decides.
 *
 * JSON patterns are decided exactly (prove_core.c, prove_search.c): string
 * equality and the `*` wildcards, the regex subset, numeric comparisons,
 * IS NULL/TRUE/FALSE, NOT EXISTS, != (D10), objects and arrays (D11),
 * wildcard selectors (D12) and the ties between paths.  Unknown only where
 * a numeric comparison and a string test on the number's text meet at one
 * path and no example is found, or where a search exceeds its bounds.
 *
 * Term and regex patterns against a JSON requirement are decided in a
 * documented model of the event's text (prove_text.c): the event is one
 * compact JSON object, as CloudTrail writes its records, that holds
 * `"key":"value"` for every field the requirement fixes, and anything else
 * anywhere else.  Space-delimited patterns get a counterexample or UNKNOWN.
 *
 * Every counterexample has been replayed through the matcher (match.h): it
 * matches R and not P, or the proof reports an internal error. */
#ifndef CWF_PROVE_H
#define CWF_PROVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ast.h"
#include "diag.h"

typedef enum cwf_verdict {
    CWF_COVERS,
    CWF_NOT_COVERED,
    CWF_UNKNOWN,
} cwf_verdict;

const char *cwf_verdict_name(cwf_verdict v); /* "covers", "not covered", "unknown" */

/* One text a benchmark prescribes for a control (for --literal). */
typedef struct cwf_bench_text {
    const char *label;             /* "CIS 1.2.0-7.0.0 audit and remediation" */
    const char *text;
} cwf_bench_text;

/* A built-in benchmark rule: a named requirement written in the filter
 * language and read by our own parser. */
typedef struct cwf_bench_rule {
    const char *id;                /* "cis-iam-policy-changes" */
    const char *const *aliases;    /* NULL-terminated: "cis-4.4", ... */
    const char *title;             /* "IAM policy changes" */
    const char *requirement;       /* R: the benchmark pattern with D19/D20 facts */
    const char *prescribed;        /* the benchmark's own text (--literal) */
    const char *sources;           /* where the texts come from */
    const char *explanation;       /* for `cwfilter explain` */
    /* Added after the first version of this header: */
    const cwf_bench_text *texts;   /* every prescribed text, prescribed first */
    size_t ntexts;
    const char *unit;              /* what one case is: "event name", or NULL */
    const char *facts;             /* the D19/D20 facts R adds, one sentence */
} cwf_bench_rule;

extern const cwf_bench_rule cwf_bench_rules[];
extern const size_t cwf_bench_nrules;

/* The rule with this id or alias (case-insensitive), or NULL. */
const cwf_bench_rule *cwf_bench_rule_find(const char *id_or_alias);

/* Appends the documentation of a rule (`cwfilter explain RULE`): title,
 * aliases, requirement, prescribed texts, traps, sources.  Plain text,
 * lines of at most about 80 columns, ending with a newline. */
void cwf_bench_rule_explain(const cwf_bench_rule *rule, cwf_buf *out);

/* The kind of reason a case is not covered, for grouping the cases that
 * fail for one reason into one sentence. */
typedef enum cwf_reason_kind {
    CWF_WHY_NONE,         /* covered, or not explained */
    CWF_WHY_MISSING,      /* no term of P matches the case */
    CWF_WHY_NARROWED,     /* matched only when cause (at span) holds */
    CWF_WHY_EXCLUDED,     /* excluded by the condition cause (at span) */
    CWF_WHY_NEAR,         /* a near miss at span; cause: what it is */
    CWF_WHY_OTHER,        /* anything else (unknown, text patterns) */
} cwf_reason_kind;

/* The verdict for one disjunct of the requirement (for the IAM rule: one of
 * the sixteen event names). */
typedef struct cwf_case {
    char *label;          /* "PutRolePolicy" */
    bool covered;
    char *reason;         /* one sentence when not covered, else NULL */
    char *residual;       /* the residual condition in filter syntax, or NULL */
    cwf_span span;        /* the part of P the reason is about, or {0,0} */
    char *suggestion;     /* the text that replaces span to fix the case
                             (`DetachGroupPolicy`), or NULL */
    char *counterexample; /* a JSON event that matches R and not P, or NULL */
    cwf_verdict verdict;  /* covered: COVERS; else NOT_COVERED or UNKNOWN */
    /* Added after the first version of this header: */
    cwf_reason_kind why;          /* the kind of reason */
    char *cause;          /* NARROWED, EXCLUDED: the condition C in filter
                             syntax; NEAR: what the near miss is, one clause
                             about the construct at span; else NULL */
    char *note;           /* NEAR: a fix that is not a replacement of span
                             ("add `($.eventName = CreatePolicy)`"), or NULL */
} cwf_case;

typedef struct cwf_proof {
    cwf_verdict verdict;
    char *reason;         /* UNKNOWN: why; NOT_COVERED: a summary; or NULL */
    char *assumes;        /* "assumes ..." where the verdict rests on a
                             PROPOSED choice of SPEC.md, or NULL */
    char *counterexample; /* NOT_COVERED: a JSON event matching R and not P */
    cwf_case *cases;      /* per requirement disjunct */
    size_t ncases;
    cwf_diags warnings;   /* never true, always true, redundant, matches all */
    /* Added after the first version of this header: */
    cwf_diags findings;   /* located in P: CWF301 not covered, CWF302 a
                             narrowing condition, CWF303 a near miss, CWF304
                             unknown (what `check` and `lint` report) */
    bool internal_error;  /* the matcher did not confirm a counterexample:
                             a bug; verdict is then UNKNOWN */
    uint64_t steps;       /* the search steps the proof took (its cost) */
} cwf_proof;

/* The search steps one proof may take, all searches together, unless
 * cwf_prove_budget says otherwise.  When they are spent the verdict is
 * UNKNOWN, with the reason "the prover's budget of N steps was spent",
 * never COVERS.  Measured: the 580 real-world patterns and those of
 * corpus/, against every built-in rule, take at most 1,537 steps; an
 * 800-character pigeonhole pattern (test_prove.c) spends the budget in
 * well under a second. */
#define CWF_PROVE_BUDGET 200000u

/* What cwf_prove_with computes beyond the verdict. */
typedef struct cwf_prove_options {
    bool explain;         /* residuals, near misses, findings */
    bool warnings;        /* never/always true, redundant, matches all */
    const char *unit;     /* what a case is ("event name"), or NULL: "case" */
    const char *what;     /* what R is called in messages ("the requirement") */
} cwf_prove_options;

/* Decides whether p covers r, filling out (free with cwf_proof_free), with
 * explanations and warnings.  Both patterns must be free of parse errors.
 * Every counterexample has been replayed through the matcher. */
cwf_verdict cwf_prove(const cwf_pattern *p, const cwf_pattern *r, cwf_proof *out);

/* cwf_prove with options (NULL: everything, as cwf_prove). */
cwf_verdict cwf_prove_with(const cwf_pattern *p, const cwf_pattern *r,
                           const cwf_prove_options *o, cwf_proof *out);

/* cwf_prove_with with a budget of search steps (0: CWF_PROVE_BUDGET). */
cwf_verdict cwf_prove_budget(const cwf_pattern *p, const cwf_pattern *r,
                             const cwf_prove_options *o, uint64_t budget, cwf_proof *out);

/* cwf_prove against a built-in rule, with the per-disjunct explanation. */
cwf_verdict cwf_check_rule(const cwf_pattern *p, const cwf_bench_rule *rule,
                           cwf_proof *out);

/* CWF314 broader-than-required: when p covers r (the requirement of rule,
 * or a requirement pattern when rule is NULL; `what` names it), appends to
 * out at most one diagnostic at p's span if p also matches events outside
 * what the benchmark matches: a warning when such an event is unrelated to
 * the control (another service, event name, caller or error code than r's
 * facts), else a note; each with one such event, replayed through the
 * matcher.  Nothing when p is no broader, when one of rule's prescribed
 * texts covers p, or when a proof is undecided.  Only JSON patterns. */
void cwf_prove_broader(const cwf_pattern *p, const cwf_pattern *r, const cwf_bench_rule *rule,
                       const char *what, cwf_diags *out);

/* Frees what a proof holds (its strings, cases and diagnostics) and
 * zeroes it; the cwf_proof itself belongs to the caller. */
void cwf_proof_free(cwf_proof *pr);

/* The cases of a proof that fail for one reason (same kind, same cause at
 * the same span; every missing term is one reason), as one sentence:
 * "16 of 16 event names are matched only when `$.userIdentity.type =
 * "Root"`", "no term matches PutRolePolicy", "ConsoleLogin is excluded by
 * `$.errorMessage != "Failed authentication"`". */
typedef struct cwf_case_group {
    cwf_reason_kind why;
    size_t first;         /* the first case of the group (its counterexample
                             and suggestion stand for the group) */
    size_t n;             /* how many cases */
    cwf_span span;        /* where the reason is in P, or {0,0} */
    char *message;        /* the sentence */
} cwf_case_group;

/* Groups the cases that are not covered, in the order of their first case
 * (unit: what a case is, NULL: "case"); *out is malloc'd (free with
 * cwf_case_groups_free).  Returns how many groups. */
size_t cwf_proof_groups(const cwf_proof *pr, const char *unit, cwf_case_group **out);
void cwf_case_groups_free(cwf_case_group *g, size_t n);

/* The readings of p where AWS's documentation is silent or its versions
 * disagree, one clause each, joined by "; " (NULL when there are none):
 * `= true`, `= false` or `= null` compares the text (never the JSON
 * boolean or null); a number is compared as a number (never with a JSON
 * string such as "4"); a space-delimited pattern without a trailing `...`
 * gives its last field the rest of the line.  Each clause follows
 * "assumes". */
char *cwf_pattern_assumes(const cwf_pattern *p);

/* ---- --literal: the prescribed text, as Security Hub compares it ------- */

typedef struct cwf_literal {
    bool exact;           /* text is one of the rule's prescribed texts */
    const char *label;    /* which text it is, or the closest one */
    const char *text;     /* that text */
    char **diffs;         /* how text differs from it, one sentence each */
    size_t ndiffs;
} cwf_literal;

/* Compares text[0..len) with the rule's prescribed texts (free with
 * cwf_literal_free). */
void cwf_literal_compare(const char *text, size_t len, const cwf_bench_rule *rule,
                         cwf_literal *out);
void cwf_literal_free(cwf_literal *l);

/* ---- for tests only ------------------------------------------------------ */

/* Installs a hook that may alter every counterexample just before it is
 * replayed through the matcher (NULL removes it), so that a test can prove
 * that a wrong counterexample is caught.  Not thread-safe. */
void cwf_prove_set_replay_hook(void (*hook)(cwf_buf *event, void *arg), void *arg);

#endif
