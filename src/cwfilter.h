/* cwfilter.h: the public API of libcwfilter, the one header a program or a
 * binding includes.  Parse a CloudWatch Logs filter pattern, match events
 * against it, prove whether it covers a benchmark rule or another pattern,
 * and read the rule tables.
 *
 * Conventions (the same for every function below):
 *   - Names are cwf_ (functions, types) and CWF_ (constants).
 *   - Handles are opaque; each has one constructor and one *_free, which
 *     accepts NULL.  Strings and structs a handle returns belong to the
 *     handle and live until it is freed (or, where said, until the next call
 *     on it); the caller frees nothing else.
 *   - Functions that can fail return a cwf_status; results come back through
 *     a trailing out-parameter.  A NULL pointer where a contract forbids one
 *     returns CWF_STATUS_INVALID_ARGUMENT (never a crash), and sets *out to
 *     NULL when out itself is not NULL.  Accessors given a NULL handle or an
 *     index out of range return 0, false or NULL.
 *   - A pattern with errors is a value, not a failure of the call: the handle
 *     is still returned, with its diagnostics (rule id, severity, span,
 *     message, notes, suggestion), and the status says CWF_STATUS_BAD_PATTERN.
 *   - The library never prints, never exits and has no global mutable
 *     state: different handles may be used from different threads at once;
 *     one handle must not be used by two threads at once (a const handle may
 *     be read by several).  The only exception to "never exits": like
 *     the rest of cwfilter, an allocation failure aborts the process.
 *   - Pattern and event texts are byte ranges (text, len): any bytes, no
 *     NUL terminator needed.  Spans are byte offsets [start, end) into the
 *     pattern text; lines and columns are 1-based, columns count characters.
 *
 * Link with `pkg-config --cflags --libs cwfilter` (add --static for
 * libcwfilter.a). */
#ifndef CWFILTER_H
#define CWFILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define CWF_API __attribute__((visibility("default")))
#else
#define CWF_API
#endif

/* ---- status, version ----------------------------------------------------- */

typedef enum cwf_status {
    CWF_STATUS_OK = 0,
    CWF_STATUS_INVALID_ARGUMENT, /* a NULL the contract forbids, a bad index */
    CWF_STATUS_BAD_PATTERN,      /* the pattern has errors (see its diagnostics) */
    CWF_STATUS_UNKNOWN_RULE,     /* no built-in rule has that id or alias */
    CWF_STATUS_BAD_INPUT,        /* events that cannot be read (see the message) */
    CWF_STATUS_INTERNAL,         /* a bug: a counterexample failed its replay */
} cwf_status;

/* A one-line description of s ("invalid argument"); never NULL, static. */
CWF_API const char *cwf_status_string(cwf_status s);

/* The library's version, "MAJOR.MINOR.PATCH"; static, never NULL. */
CWF_API const char *cwf_version(void);

/* ---- diagnostics --------------------------------------------------------- */

typedef enum cwf_level {
    CWF_LEVEL_NOTE,
    CWF_LEVEL_WARNING,
    CWF_LEVEL_ERROR,
} cwf_level;

/* One diagnostic, as read through a handle.  Every pointer belongs to the
 * handle that returned it.  Fields may be added at the end in later
 * versions: never allocate or copy one by value into long-lived storage. */
typedef struct cwf_diagnostic {
    const char *rule_id;           /* "CWF105" */
    const char *rule_name;         /* "missing-dollar" */
    cwf_level level;
    uint32_t start, end;           /* byte span in the pattern */
    uint32_t line, column;         /* where start is */
    uint32_t end_line, end_column; /* where end is */
    const char *message;           /* one sentence */
    const char *suggestion;        /* "did you mean" replacement, or NULL */
    const char *const *notes;      /* nnotes strings */
    size_t nnotes;
} cwf_diagnostic;

/* ---- parse --------------------------------------------------------------- */

/* A parsed pattern: its diagnostics and, when it parsed, its AST. */
typedef struct cwf_parsed cwf_parsed;

/* Parses and validates text[0..len) (a copy is kept; text may be NULL when
 * len is 0).  On CWF_STATUS_OK or CWF_STATUS_BAD_PATTERN, *out is a new
 * handle (free with cwf_parsed_free) holding every diagnostic: syntax
 * errors, AWS limits, style warnings.  BAD_PATTERN means at least one
 * error; warnings alone still give OK.  INVALID_ARGUMENT when out is NULL,
 * text is NULL with len > 0, or len is 4 GiB or more (AWS's own limit is
 * 1024 bytes, reported as diagnostic CWF201). */
CWF_API cwf_status cwf_parse_pattern(const char *text, size_t len, cwf_parsed **out);

/* Whether the pattern has no error (it can be matched and proved). */
CWF_API bool cwf_parsed_ok(const cwf_parsed *p);

/* The kind: "all" (empty or blank), "terms", "regex", "json" or
 * "delimited"; NULL after a syntax error. */
CWF_API const char *cwf_parsed_kind(const cwf_parsed *p);

/* The syntax tree as JSON text (as `cwfilter parse --ast` prints), or NULL
 * after a syntax error. */
CWF_API const char *cwf_parsed_ast_json(const cwf_parsed *p);

/* The canonical form (as `cwfilter fmt` prints, without the newline), or
 * NULL when the pattern has an error. */
CWF_API const char *cwf_parsed_canonical(const cwf_parsed *p);

/* The diagnostics, sorted by span start. */
CWF_API size_t cwf_parsed_diag_count(const cwf_parsed *p);
CWF_API const cwf_diagnostic *cwf_parsed_diag(const cwf_parsed *p, size_t i);

CWF_API void cwf_parsed_free(cwf_parsed *p);

/* ---- match --------------------------------------------------------------- */

/* A compiled pattern with its scratch state: one per thread. */
typedef struct cwf_compiled cwf_compiled;

/* Compiles a pattern without errors.  *out is independent of p (p may be
 * freed first).  INVALID_ARGUMENT when p or out is NULL; BAD_PATTERN when
 * p has an error. */
CWF_API cwf_status cwf_compile(const cwf_parsed *p, cwf_compiled **out);

/* Whether the one event event[0..len) matches, as CloudWatch Logs decides
 * (test-metric-filter): a JSON pattern reads the event as JSON (an event
 * that is not JSON does not match), the other kinds read its text.  On a
 * match of a space-delimited pattern the extracted values are available
 * through cwf_compiled_value until the next call on m.  INVALID_ARGUMENT
 * when m or matched is NULL, or event is NULL with len > 0. */
CWF_API cwf_status cwf_match(cwf_compiled *m, const char *event, size_t len, bool *matched);

/* The values the last successful cwf_match extracted (space-delimited
 * patterns; 0 for the other kinds): name "$ip" for a named field, "$3" for
 * an unnamed position; *value_len (may be NULL) is the value's length, which
 * may hold NUL bytes.  Valid until the next call on m. */
CWF_API size_t cwf_compiled_value_count(const cwf_compiled *m);
CWF_API const char *cwf_compiled_value(const cwf_compiled *m, size_t i, const char **name,
                                       size_t *value_len);

/* Called for each matching event of cwf_match_buffer, with its 1-based
 * number and text (not NUL-terminated, valid during the call).  Return 0 to
 * go on, anything else to stop. */
typedef int (*cwf_event_fn)(void *arg, size_t number, const char *event, size_t len);

/* Matches every event of buf[0..len) and sets *count to the number of
 * matching events.  Events are recognised as `cwfilter match` does: one per
 * line for plain text and JSON Lines (a trailing \r dropped, empty lines
 * skipped), or the records of CloudTrail files, `aws logs` output and
 * gzip.  fn (may be NULL) is called for each match; when it stops the
 * walk, *count holds the matches so far.  BAD_INPUT when the events cannot
 * be read (a truncated gzip, an event longer than 64 MiB): *count then holds
 * the matches before the error and the reason is cwf_compiled_error(m).
 * buf must not change during the call. */
CWF_API cwf_status cwf_match_buffer(cwf_compiled *m, const char *buf, size_t len,
                                    cwf_event_fn fn, void *arg, size_t *count);

/* Why the last cwf_match_buffer returned BAD_INPUT, or NULL. */
CWF_API const char *cwf_compiled_error(const cwf_compiled *m);

CWF_API void cwf_compiled_free(cwf_compiled *m);

/* ---- prove --------------------------------------------------------------- */

typedef enum cwf_answer {
    CWF_ANSWER_COVERS,      /* proved: no event slips through */
    CWF_ANSWER_NOT_COVERED, /* a counterexample exists (and is given) */
    CWF_ANSWER_UNKNOWN,     /* outside what cwfilter decides; see the reason */
} cwf_answer;

/* "covers", "not covered", "unknown"; static, never NULL. */
CWF_API const char *cwf_answer_name(cwf_answer a);

/* The verdict for one disjunct of the requirement (for the IAM rule, one
 * event name).  Pointers belong to the proof. */
typedef struct cwf_proof_case {
    const char *label;          /* "PutRolePolicy" */
    cwf_answer answer;
    const char *reason;         /* one sentence when not covered, else NULL */
    const char *residual;       /* what remains, in filter syntax, or NULL */
    bool has_span;              /* start, end locate the reason in the pattern */
    uint32_t start, end;
    const char *suggestion;     /* "did you mean", or NULL */
    const char *counterexample; /* an event matching the requirement, not
                                   the pattern, or NULL */
} cwf_proof_case;

/* The result of a proof. */
typedef struct cwf_proof_result cwf_proof_result;

/* Proves whether p covers the built-in rule rule_id (an id or an alias such
 * as "cis-4.4", case-insensitive; NULL: cis-iam-policy-changes).  *out
 * (free with cwf_proof_result_free) is set on OK and on INTERNAL.
 * INVALID_ARGUMENT when p or out is NULL; BAD_PATTERN when p has an error;
 * UNKNOWN_RULE when no rule has that name. */
CWF_API cwf_status cwf_check(const cwf_parsed *p, const char *rule_id, cwf_proof_result **out);

/* Does a imply b, as in logic: does every event that matches a also match
 * b (b covers a)?  a plays the requirement; a counterexample matches a and
 * not b.  Same statuses as cwf_check (without UNKNOWN_RULE). */
CWF_API cwf_status cwf_implies(const cwf_parsed *a, const cwf_parsed *b, cwf_proof_result **out);

/* Do a and b match the same events?  *equivalent is true when both
 * directions are proved.  ab and ba (each may be NULL) receive the two
 * proofs (a implies b, b implies a), to be freed by the caller. */
CWF_API cwf_status cwf_equiv(const cwf_parsed *a, const cwf_parsed *b, bool *equivalent,
                             cwf_proof_result **ab, cwf_proof_result **ba);

CWF_API cwf_answer cwf_proof_answer(const cwf_proof_result *r);
/* cwf_proof_answer(r) == CWF_ANSWER_COVERS. */
CWF_API bool cwf_proof_covered(const cwf_proof_result *r);
/* The rule's id and title (cwf_check), or NULL (cwf_implies, cwf_equiv). */
CWF_API const char *cwf_proof_rule_id(const cwf_proof_result *r);
CWF_API const char *cwf_proof_title(const cwf_proof_result *r);
/* Why (unknown) or a summary (not covered), or NULL. */
CWF_API const char *cwf_proof_reason(const cwf_proof_result *r);
/* The PROPOSED choice of SPEC.md the verdict rests on, or NULL. */
CWF_API const char *cwf_proof_assumes(const cwf_proof_result *r);
/* Not covered: an event that matches the requirement and not the pattern. */
CWF_API const char *cwf_proof_counterexample(const cwf_proof_result *r);

CWF_API size_t cwf_proof_case_count(const cwf_proof_result *r);
CWF_API const cwf_proof_case *cwf_proof_case_at(const cwf_proof_result *r, size_t i);

/* Findings located in the pattern (CWF301 not covered, CWF302 a narrowing
 * condition, CWF303 a near miss, CWF304 unknown), then warnings (CWF310-313:
 * never true, always true, redundant, matches all). */
CWF_API size_t cwf_proof_diag_count(const cwf_proof_result *r);
CWF_API const cwf_diagnostic *cwf_proof_diag(const cwf_proof_result *r, size_t i);

CWF_API void cwf_proof_result_free(cwf_proof_result *r);

/* ---- rule tables --------------------------------------------------------- */

/* A diagnostic rule (CWF100-CWF511).  Strings are static. */
typedef struct cwf_rule_info {
    const char *id;          /* "CWF105" */
    const char *name;        /* "missing-dollar" */
    cwf_level level;         /* default severity */
    const char *summary;     /* one line */
    const char *explanation; /* one paragraph */
} cwf_rule_info;

/* A built-in benchmark rule that cwf_check proves against.  Static. */
typedef struct cwf_benchmark_info {
    const char *id;                /* "cis-iam-policy-changes" */
    const char *const *aliases;    /* NULL-terminated: "cis-4.4", ... */
    const char *title;             /* "IAM policy changes" */
    const char *requirement;       /* the requirement, a filter pattern */
    const char *prescribed;        /* the benchmark's own text */
    const char *explanation;       /* one paragraph */
} cwf_benchmark_info;

CWF_API size_t cwf_rule_count(void);
/* Fills *out with rule i; INVALID_ARGUMENT when out is NULL or i is out of
 * range. */
CWF_API cwf_status cwf_rule_get(size_t i, cwf_rule_info *out);
/* The rule with this id or name (case-insensitive); UNKNOWN_RULE if none. */
CWF_API cwf_status cwf_rule_lookup(const char *id_or_name, cwf_rule_info *out);

CWF_API size_t cwf_benchmark_count(void);
CWF_API cwf_status cwf_benchmark_get(size_t i, cwf_benchmark_info *out);
/* By id or alias (case-insensitive); UNKNOWN_RULE if none. */
CWF_API cwf_status cwf_benchmark_lookup(const char *id_or_alias, cwf_benchmark_info *out);

/* ---- planned (round 2; not declared yet) ---------------------------------
 *
 * Lint: the readers of every host file (Terraform, CloudFormation, SAM,
 * CDK output, plans), .cwfilter.yml and suppressions, behind one call per
 * buffer, and the per-log-group judgement over a set of linted files.
 *
 *   typedef struct cwf_lint cwf_lint;            one run: config, files
 *   cwf_status cwf_lint_new(const char *config_yaml, size_t len,
 *                           cwf_lint **out);     config may be NULL
 *   cwf_status cwf_lint_add(cwf_lint *l, const char *filename,
 *                           const char *text, size_t len);
 *                           the reader is chosen by content and name
 *   cwf_status cwf_lint_judge(cwf_lint *l, const char *const *rule_ids,
 *                             size_t nrules);     coverage per log group
 *   size_t cwf_lint_finding_count(const cwf_lint *l);
 *   const cwf_finding *cwf_lint_finding(const cwf_lint *l, size_t i);
 *       cwf_finding: a cwf_diagnostic plus file, host line:column span,
 *       the closest filter and its proof (a cwf_proof_result), the
 *       suppression that silenced it, fixes as data (edits + safety class)
 *   void cwf_lint_free(cwf_lint *l);
 *
 * Audit: the CIS chain (trail -> log group -> filter -> alarm -> topic ->
 * subscription) over a bundle of AWS CLI exports.
 *
 *   typedef struct cwf_audit_job cwf_audit_job;
 *   cwf_status cwf_audit_new(cwf_audit_job **out);
 *   cwf_status cwf_audit_add_export(cwf_audit_job *a, const char *name,
 *                                   const char *json, size_t len);
 *   cwf_status cwf_audit_judge(cwf_audit_job *a, const char *const *rule_ids,
 *                              size_t nrules);
 *   size_t cwf_audit_finding_count(const cwf_audit_job *a);
 *   const cwf_finding *cwf_audit_finding(const cwf_audit_job *a, size_t i);
 *   void cwf_audit_job_free(cwf_audit_job *a);
 */

#ifdef __cplusplus
}
#endif

#endif
