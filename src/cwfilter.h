/* cwfilter.h: the public API of libcwfilter, the one header a program or a
 * binding includes.  Parse a CloudWatch Logs filter pattern, match events
 * against it, prove whether it covers a benchmark rule or another pattern,
 * lint the files that hold filters (Terraform, CloudFormation, SAM, CDK,
 * plans, exports), audit the benchmark's chain over AWS CLI exports, write
 * a pattern as SQL, and read the rule tables.
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
    CWF_STATUS_REFUSED,          /* the SQL dialect cannot say it exactly
                                    (see the diagnostics) */
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

/* "note", "warning", "error"; static, never NULL. */
CWF_API const char *cwf_level_name(cwf_level l);

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

/* ---- events -------------------------------------------------------------- */

/* A reader of the events of one file or buffer, recognised by content as
 * `cwfilter match` does: plain text and JSON Lines (one event per line, a
 * trailing \r dropped, empty lines skipped, a byte order mark dropped),
 * CloudTrail files (each record one event, made compact), `aws logs
 * filter-log-events`/`get-log-events` output (each message), pretty-printed
 * JSON (each top-level value), and any of them gzipped.  A regular file is
 * mapped, not copied; memory stays bounded by the largest event (at most
 * 64 MiB), not by the file. */
typedef struct cwf_reader cwf_reader;

/* Opens path ("-" is standard input) and recognises its format.  OK: *out
 * is a new reader (free with cwf_reader_free).  BAD_INPUT: path cannot be
 * opened or its start cannot be read; *out is still a reader, which gives
 * no event, and cwf_reader_error says why.  INVALID_ARGUMENT when path or
 * out is NULL. */
CWF_API cwf_status cwf_reader_open(const char *path, cwf_reader **out);

/* The same over buf[0..len), read in place: buf must stay unchanged until
 * the reader is freed.  Its name is "<buffer>".  INVALID_ARGUMENT when out
 * is NULL, or buf is NULL with len > 0. */
CWF_API cwf_status cwf_reader_open_buffer(const char *buf, size_t len, cwf_reader **out);

/* The next event: true with *event, *len set (not NUL-terminated, valid
 * until the next call on r); false at the end, on an error (cwf_reader_error
 * then says why; the events before it were good) or when r, event or len is
 * NULL. */
CWF_API bool cwf_reader_next(cwf_reader *r, const char **event, size_t *len);

/* The last event's number, counting from 1 (0 before the first). */
CWF_API size_t cwf_reader_number(const cwf_reader *r);

/* The last event's "timestamp" in milliseconds since the epoch (`aws logs`
 * output), or -1 (other formats, or none). */
CWF_API int64_t cwf_reader_timestamp(const cwf_reader *r);

/* The name the input is shown by: the path, "<stdin>" for "-", or
 * "<buffer>"; owned by r. */
CWF_API const char *cwf_reader_name(const cwf_reader *r);

/* "lines", "cloudtrail", "log-events" or "json" (static; NULL after a
 * failed open), and whether the input was gzipped. */
CWF_API const char *cwf_reader_format(const cwf_reader *r);
CWF_API bool cwf_reader_gzipped(const cwf_reader *r);

/* Why the open or the last cwf_reader_next failed, or NULL; owned by r. */
CWF_API const char *cwf_reader_error(const cwf_reader *r);

CWF_API void cwf_reader_free(cwf_reader *r);

/* ---- match over files, as a report ------------------------------------- */

/* One configuration of `cwfilter match`: the events of files (formats as
 * cwf_match_buffer recognises them; regular files mapped, not copied)
 * matched against a pattern, and the report rendered as the command prints
 * it on standard output.  The report goes to a write callback in order, in
 * pieces, never gathered whole in memory: on one thread in multiples of
 * 64 KiB (the last piece smaller), on several the report of each piece of
 * input (a whole file, or about 4 MiB of a large one), the threads
 * pausing while the reports done but not yet written hold 32 MiB. */
typedef struct cwf_match_job cwf_match_job;

/* Receives the next piece data[0..len) of the report (valid during the
 * call).  Return 0 to go on, anything else to stop the run early. */
typedef int (*cwf_write_fn)(void *arg, const char *data, size_t len);

/* Told that an input cannot be read, or stopped being readable part-way
 * (the report then holds its events before the error): file is its name as
 * the report shows it ("<stdin>" for "-"), raw bytes; why is one phrase
 * ("No such file or directory", "truncated gzip data").  Both valid during
 * the call.  Everything the report holds before it was written first. */
typedef void (*cwf_input_error_fn)(void *arg, const char *file, const char *why);

/* A new job (free with cwf_match_job_free): every matching event written,
 * one line each, on one thread, with the prefilter.  INVALID_ARGUMENT when
 * out is NULL. */
CWF_API cwf_status cwf_match_job_new(cwf_match_job **out);

/* Sets a flag: "count" (write only the number of selected events, one
 * line), "invert" (select the events that do not match), "json" (one JSON
 * object per selected event: file, eventNumber, eventMessage,
 * extractedValues), "explain" (for every event its verdict and each
 * condition of the pattern, true or false, after one line with the
 * readings the verdicts assume; with it "count" writes nothing more),
 * "prefilter" (on by default: skip the parse of an event that holds none
 * of the literals a match needs; same results), "stats" (write what an
 * alarm on the filter would have seen, see cwf_match_job_set; only
 * "invert" and "prefilter" apply then).  INVALID_ARGUMENT for another flag
 * or a NULL j or flag. */
CWF_API cwf_status cwf_match_job_set_flag(cwf_match_job *j, const char *flag, bool on);

/* Matches on n threads (1 to 256): whole inputs, and pieces of about 4 MiB
 * of large plain-text files cut at line ends, at once; the report is
 * byte for byte the one of 1 thread.  "stats" and a diff run on one.
 * INVALID_ARGUMENT when j is NULL or n is out of range. */
CWF_API cwf_status cwf_match_job_set_jobs(cwf_match_job *j, unsigned n);

/* Sets an option of "stats" (value copied): "by" (a JSON field path,
 * "eventName" or "$.userIdentity.arn": count the selected events per
 * value), "period" ("60s", "5m", "1h", "1d"; default 5m, aligned on the
 * epoch), "threshold" (a whole number >= 1, default 1: the periods counted
 * as ALARM), "format" ("text" or "json").  INVALID_ARGUMENT for an unknown
 * key, a value it does not take (for "by", cwf_match_job_error says why),
 * or a NULL j, key or value. */
CWF_API cwf_status cwf_match_job_set(cwf_match_job *j, const char *key, const char *value);

/* Why the last cwf_match_job_set refused its value, or NULL; owned by j
 * until its next call. */
CWF_API const char *cwf_match_job_error(const cwf_match_job *j);

/* Matches the events of paths[0..n) (n 0: standard input; "-" is standard
 * input) against p, and writes the report through write (arg passed on).
 * With p_new (not NULL), a diff instead: the events that only p (OLD, "-")
 * or only p_new (NEW, "+") selects, then the counts (on one thread; only
 * "count", "json" and "prefilter" apply).  *selected receives the number
 * of selected events (of a diff: those the two patterns disagree on); when
 * write stops the run, those of the pieces read by then (a whole piece
 * with several threads), not those written.  An input that cannot be read is
 * reported through error (may be NULL) and the run goes on; the count line,
 * the stats and the diff summary are then left out, as they would be
 * wrong.  OK: every input was read (or write stopped the run); BAD_INPUT:
 * some input could not be.  BAD_PATTERN when p or p_new has an error;
 * INVALID_ARGUMENT when j, p, write or selected is NULL, or paths (or one
 * of them) is NULL with n > 0.  p and p_new must outlive the call only; a
 * job may run several times, one run at a time. */
CWF_API cwf_status cwf_match_job_run(cwf_match_job *j, const cwf_parsed *p,
                                     const cwf_parsed *p_new, const char *const *paths,
                                     size_t n, cwf_write_fn write, cwf_input_error_fn error,
                                     void *arg, size_t *selected);

CWF_API void cwf_match_job_free(cwf_match_job *j);

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
 * not b; the spans of the result's cases and diagnostics lie in b.  Same
 * statuses as cwf_check (without UNKNOWN_RULE). */
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

/* ---- check, implies, covers, equiv as reports -------------------------- */

/* One run of `cwfilter check` (a pattern against benchmark rules, through
 * the judge that lint and audit ask, or against a requirement pattern) or
 * of implies/covers/equiv, its report rendered as those commands print it:
 * the output (text or JSON, for standard output) and the messages (the
 * patterns' diagnostics, for standard error), both owned by the job. */
typedef struct cwf_check_job cwf_check_job;

/* A new job (free with cwf_check_free): the default rule
 * (cis-iam-policy-changes), text, no flags.  INVALID_ARGUMENT when out is
 * NULL. */
CWF_API cwf_status cwf_check_new(cwf_check_job **out);

/* Checks against this rule too (id or alias, case-insensitive; repeat for
 * several, in order).  UNKNOWN_RULE when no rule has that name;
 * INVALID_ARGUMENT when j or id is NULL, a requirement is set, or after a
 * run. */
CWF_API cwf_status cwf_check_add_rule(cwf_check_job *j, const char *id);

/* Checks against the requirement text[0..len) (copied, a filter pattern,
 * named name in the report: "the requirement in NAME") instead of rules.
 * It is parsed by cwf_check_run, after the pattern.  INVALID_ARGUMENT on a
 * NULL j or name, text NULL with len > 0, a rule added, "literal" on, a
 * requirement set already, or after a run. */
CWF_API cwf_status cwf_check_set_requirement(cwf_check_job *j, const char *name,
                                             const char *text, size_t len);

/* Sets a flag (all off by default): "literal" (also compare with each
 * rule's prescribed text; a difference fails; not with a requirement),
 * "verbose" (text lists every case and counterexample), "json" (the report
 * as JSON, version 1), "color" (ANSI colors in the output's diagnostics),
 * "color-messages" (in the messages).  INVALID_ARGUMENT for another flag,
 * a NULL j or flag, "literal" with a requirement, or after a run. */
CWF_API cwf_status cwf_check_set_flag(cwf_check_job *j, const char *flag, bool on);

/* Checks the pattern text[0..len) (copied), named name in the report, as
 * `cwfilter check` does.  OK: the output holds the report and the messages
 * the pattern's warnings not said in it; cwf_check_passed says whether every
 * rule is covered (and, with "literal", the text is prescribed).
 * BAD_PATTERN: the pattern (or the requirement) has an error; the messages
 * hold its diagnostics and the output is empty.  INTERNAL: a counterexample
 * failed its replay (the report is complete).  INVALID_ARGUMENT on a NULL j
 * or name, text NULL with len > 0, or a second run on j. */
CWF_API cwf_status cwf_check_run(cwf_check_job *j, const char *name, const char *text,
                                 size_t len);

/* `cwfilter implies A B` ("implies": every event a matches, b matches),
 * "covers" (the converse) or "equiv" (both), with the patterns a[0..a_len)
 * and b[0..b_len) named a_name and b_name in their diagnostics.  Statuses
 * as cwf_check_run (BAD_PATTERN when either has an error: the messages hold
 * the diagnostics of both); the messages hold both patterns' warnings;
 * cwf_check_passed says whether the relation holds.  Only the flags "json"
 * and "color-messages" apply.  INVALID_ARGUMENT for another relation. */
CWF_API cwf_status cwf_check_relate(cwf_check_job *j, const char *relation, const char *a_name,
                                    const char *a, size_t a_len, const char *b_name,
                                    const char *b, size_t b_len);

/* Whether the last run proved everything it asked (false before a run). */
CWF_API bool cwf_check_passed(const cwf_check_job *j);

/* The report for standard output and the messages for standard error of
 * the run, NUL-terminated, owned by j; *len (may be NULL) their length.
 * NULL (and *len 0) before a run. */
CWF_API const char *cwf_check_output(const cwf_check_job *j, size_t *len);
CWF_API const char *cwf_check_messages(const cwf_check_job *j, size_t *len);

CWF_API void cwf_check_free(cwf_check_job *j);

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

/* The full explanation of a diagnostic rule (by id or name) or a benchmark
 * rule (by id or alias), case-insensitive, as `cwfilter explain ID` prints
 * it (several lines, ending in a newline).  Writes at most size bytes,
 * NUL-terminated, into buf (which may be NULL when size is 0) and returns
 * the length of the whole text, as snprintf does; 0 when no rule has that
 * name or id is NULL. */
CWF_API size_t cwf_explain(const char *id, char *buf, size_t size);

/* The benchmark versions cwf_lint_add_benchmark knows, as one line
 * ("cis-1.2, cis-1.4, ..."); static. */
CWF_API const char *cwf_benchmark_versions(void);

/* Whether text[0..len) (trailing blanks aside) is one of the texts a
 * benchmark prescribes, byte for byte, as Security Hub compares it: the id
 * of that rule, with *label (when label is not NULL) naming the text; NULL
 * when it is none (or text is NULL).  Static strings. */
CWF_API const char *cwf_prescribed_text(const char *text, size_t len, const char **label);

/* ---- lint ---------------------------------------------------------------- */

/* One lint run: rules to judge and a config, then files, then the
 * judgement.  Its findings point into the host files: diag->start and
 * diag->end are byte offsets into text (the pattern, the suppression
 * directive or the repeated key the finding is about), diag->line,
 * diag->column, diag->end_line and diag->end_column are positions in
 * file. */
typedef struct cwf_lint cwf_lint;

/* One finding.  Pointers belong to the run.  Fields may be added at the
 * end in later versions (and to the diagnostic: it is a pointer). */
typedef struct cwf_finding {
    const cwf_diagnostic *diag;
    const char *file;    /* the host file, as added; NULL for a finding about
                            no file (a log group with no filter, and no trail
                            or log-group resource in the files: then line
                            and column are 0) */
    const char *logical; /* the resource or filter inside it, or NULL */
    const char *text;    /* what the span is in ("" for a finding on no
                            filter: no log group has anything related) */
    size_t len;
} cwf_finding;

/* Where suppressions come from besides the host files' own comments and
 * CloudFormation Metadata. */
typedef enum cwf_lint_config {
    CWF_LINT_CONFIG_NONE,    /* none (the default) */
    CWF_LINT_CONFIG_NEAREST, /* the nearest .cwfilter.yml (or .yaml) above
                                each file's name, read from disk */
    CWF_LINT_CONFIG_FILE,    /* this .cwfilter.yml for every file */
} cwf_lint_config;

/* A new run (free with cwf_lint_free): no rules, no config.
 * INVALID_ARGUMENT when out is NULL. */
CWF_API cwf_status cwf_lint_new(cwf_lint **out);

/* Sets where suppressions come from; path (copied) only with
 * CWF_LINT_CONFIG_FILE.  A config that cannot be read or parsed is a
 * problem (cwf_lint_problem) of the first file that needs it.
 * INVALID_ARGUMENT when l is NULL, path is NULL with _FILE, how is not one
 * of the three, or a file was added already. */
CWF_API cwf_status cwf_lint_set_config(cwf_lint *l, cwf_lint_config how, const char *path);

/* Whether the findings of each filter pattern carry their proved fixes
 * (what `cwfilter fix` would edit), for cwfilter's own json and sarif
 * reports; off by default (proving fixes costs time).  Before any file:
 * INVALID_ARGUMENT when l is NULL or a file was added already. */
CWF_API cwf_status cwf_lint_want_fixes(cwf_lint *l, bool on);

/* Adds a benchmark rule (id or alias, as cwf_check takes) whose coverage
 * cwf_lint_judge judges per log group.  Rules come before files:
 * INVALID_ARGUMENT when a file was added already (or l or id is NULL);
 * UNKNOWN_RULE when no rule has that name. */
CWF_API cwf_status cwf_lint_add_rule(cwf_lint *l, const char *id);

/* Adds the metric-filter rules of a benchmark version ("cis-7.0", "cis"
 * for the newest, "securityhub"; see cwf_benchmark_versions); *label (may
 * be NULL) receives its display name ("CIS 7.0"), static.  Statuses as
 * cwf_lint_add_rule. */
CWF_API cwf_status cwf_lint_add_benchmark(cwf_lint *l, const char *version, const char **label);

/* Lints text[0..len) as the file filename: the reader is chosen by name
 * and content (describe-metric-filters and describe-subscription-filters
 * exports, CloudFormation and SAM in JSON or YAML, CDK templates,
 * Terraform .tf, .tf.json and plans).  Nothing is read from disk but the
 * .cwfilter.yml of CWF_LINT_CONFIG_NEAREST or _FILE; a CDK manifest's
 * templates are not followed (add them).  BAD_INPUT when the text is not
 * what its name says (a problem says where and why); INVALID_ARGUMENT when
 * l or filename is NULL, text is NULL with len > 0, or after
 * cwf_lint_judge. */
CWF_API cwf_status cwf_lint_add_buffer(cwf_lint *l, const char *filename, const char *text,
                                       size_t len);

/* Walks the paths (files or directories; "-" is standard input) as
 * `cwfilter lint` does: .git, node_modules and .terraform skipped, symbolic
 * links to directories followed only with follow, the templates a CDK
 * manifest names inside its own directory added.  Files that cannot be
 * read are problems, not failures: the call returns OK.  INVALID_ARGUMENT
 * when l is NULL, paths or one of them is NULL, or after cwf_lint_judge. */
CWF_API cwf_status cwf_lint_add_paths(cwf_lint *l, const char *const *paths, size_t n,
                                      bool follow);

/* Judges the coverage of the rules per log group over every metric filter
 * added (when rules were added) and reports unused suppressions (CWF402);
 * after it the findings are complete and no file can be added.  A second
 * call does nothing.  INVALID_ARGUMENT when l is NULL. */
CWF_API cwf_status cwf_lint_judge(cwf_lint *l);

/* The findings, one diagnostic each, in the order `cwfilter lint` reports
 * them (per file: its filters' diagnostics, its repeated keys; then
 * coverage; then unused suppressions); 0 before cwf_lint_judge. */
CWF_API size_t cwf_lint_finding_count(const cwf_lint *l);
CWF_API const cwf_finding *cwf_lint_finding(const cwf_lint *l, size_t i);

/* Problems, in the order met: "FILE: reason" (a file that cannot be read,
 * a config that does not parse, a path skipped), raw bytes (escape them
 * before printing to a terminal).  *is_error (may be NULL) is false for a
 * skip, which `cwfilter lint` only notes. */
CWF_API size_t cwf_lint_problem_count(const cwf_lint *l);
CWF_API const char *cwf_lint_problem(const cwf_lint *l, size_t i, bool *is_error);

/* Files read, filter patterns found in them, benchmark rules judged. */
CWF_API size_t cwf_lint_files_read(const cwf_lint *l);
CWF_API size_t cwf_lint_patterns_found(const cwf_lint *l);
CWF_API size_t cwf_lint_rule_count(const cwf_lint *l);

CWF_API void cwf_lint_free(cwf_lint *l);

/* ---- fix ----------------------------------------------------------------- */

/* One fix job, the engine under `cwfilter fix` and `lint --fix`: rules and
 * options, then files (paths or buffers) or one pattern, then a plan (every
 * proved fix computed, the files' new texts, their diffs, what was done and
 * what is left), then, if wanted, the writes.  Safe fixes only unless
 * unsafe; with rules, the coverage fix of the filter that comes closest on
 * each log group and the alarm of a covering filter that watches another
 * metric (CWF506) edited where its metric is a literal, in whichever file of
 * the job it lives.  Nothing is written before cwf_fix_job_apply. */
typedef struct cwf_fix_job cwf_fix_job;

/* A new job (free with cwf_fix_job_free): no rules, safe fixes only, every
 * fix selected, findings fail from warnings on.  INVALID_ARGUMENT when out
 * is NULL. */
CWF_API cwf_status cwf_fix_job_new(cwf_fix_job **out);

/* Adds a benchmark rule (id or alias) whose coverage the job fixes.  Before
 * any file or pattern: INVALID_ARGUMENT when j or id is NULL or after one;
 * UNKNOWN_RULE when no rule has that name.  A rule added twice counts once. */
CWF_API cwf_status cwf_fix_job_add_rule(cwf_fix_job *j, const char *id);

/* Adds the rules of a benchmark version (as cwf_lint_add_benchmark; *label,
 * may be NULL, gets its display name).  Statuses as cwf_fix_job_add_rule. */
CWF_API cwf_status cwf_fix_job_add_benchmark(cwf_fix_job *j, const char *version,
                                             const char **label);

/* Options, before any file or pattern (INVALID_ARGUMENT after one, or when
 * j is NULL): unsafe fixes too; only the fixes of the rules select names
 * and none of those ignore names ("CWF108,CWF3": ids or prefixes; NULL:
 * all, none; copied); findings only (for a json or sarif report: no file's
 * text is changed, the findings carry their fixes, see cwf_fix_job_finding);
 * the least level a finding left counts at (CWF_LEVEL_WARNING by default).
 * cwf_fix_job_set_select: UNKNOWN_RULE, nothing set, when an entry of
 * select or ignore is the id or prefix of no rule (cwf_rule_get). */
CWF_API cwf_status cwf_fix_job_set_unsafe(cwf_fix_job *j, bool on);
CWF_API cwf_status cwf_fix_job_set_select(cwf_fix_job *j, const char *select, const char *ignore);
CWF_API cwf_status cwf_fix_job_set_findings_only(cwf_fix_job *j, bool on);
CWF_API cwf_status cwf_fix_job_set_fail_on(cwf_fix_job *j, cwf_level at_least);

/* Walks paths as cwf_lint_add_paths does (a CDK manifest's templates inside
 * its directory added; "-" is standard input) and reads every file found.
 * A file that cannot be read is a problem (cwf_fix_job_problem), not a
 * failure.  INVALID_ARGUMENT when j is NULL, paths is NULL with n > 0,
 * one of the paths is NULL, after cwf_fix_job_plan, or after
 * cwf_fix_job_pattern (paths NULL with n 0 adds nothing: OK). */
CWF_API cwf_status cwf_fix_job_add_paths(cwf_fix_job *j, const char *const *paths, size_t n,
                                         bool follow);

/* Adds text[0..len) (copied) as the file filename (its reader chosen by
 * name and content).  Such a file is never written: its fixed text is read
 * with cwf_fix_job_file_text.  BAD_INPUT when the text holds filters but
 * cannot be parsed as its format (a problem says where and why); a text in
 * which no reader finds a filter (a .json file that is not JSON, say) is
 * no error: OK, nothing to fix.  INVALID_ARGUMENT as cwf_fix_job_add_paths,
 * when filename is NULL or was added already (each file once), or text is
 * NULL with len > 0. */
CWF_API cwf_status cwf_fix_job_add_buffer(cwf_fix_job *j, const char *filename, const char *text,
                                          size_t len);

/* Plans the fixes of every file added: one at a time, each proved again on
 * the result of the last, then the alarms over all the files.  Writes
 * nothing.  A second call does nothing.  After cwf_fix_job_pattern it
 * returns OK and plans nothing (the pattern's result is already there):
 * the job stays unplanned, so cwf_fix_job_apply returns INVALID_ARGUMENT
 * and the file accessors see no file.  INVALID_ARGUMENT when j is NULL. */
CWF_API cwf_status cwf_fix_job_plan(cwf_fix_job *j);

/* Fixes one pattern text[0..len) (no file), with the job's rules and
 * options; the result is cwf_fix_job_pattern_text, the counts as for files.
 * INVALID_ARGUMENT when j is NULL, text is NULL with len > 0, a file was
 * added, or a pattern was fixed already. */
CWF_API cwf_status cwf_fix_job_pattern(cwf_fix_job *j, const char *text, size_t len);
/* The fixed pattern (NUL-terminated; *len, may be NULL, its length), or
 * NULL before cwf_fix_job_pattern. */
CWF_API const char *cwf_fix_job_pattern_text(const cwf_fix_job *j, size_t *len);

/* The files of the job, in the order read (each once), after the plan. */
CWF_API size_t cwf_fix_job_file_count(const cwf_fix_job *j);
/* Its name as given or found by the walk. */
CWF_API const char *cwf_fix_job_file_name(const cwf_fix_job *j, size_t i);
/* Whether the plan changes its text. */
CWF_API bool cwf_fix_job_file_changed(const cwf_fix_job *j, size_t i);
/* Its text after the plan (NUL-terminated; *len, may be NULL, the length). */
CWF_API const char *cwf_fix_job_file_text(const cwf_fix_job *j, size_t i, size_t *len);
/* A unified diff (`diff -u`, 3 lines of context, a/ and b/ before a
 * relative name) from its text as read to its text after the plan; "" when
 * it does not change. */
CWF_API const char *cwf_fix_job_file_diff(const cwf_fix_job *j, size_t i);
/* What the plan says about the file, one line each, in order: "FILE:L:C:
 * fixed CWF108: title" (with "  unsafe: why" on a second line), a pattern
 * or an alarm that cannot be fixed in place and what to do instead; a
 * message may span lines and has no final line break. */
CWF_API size_t cwf_fix_job_message_count(const cwf_fix_job *j, size_t i);
/* Message k of file i; *fixed (may be NULL) says whether it tells of a fix
 * applied (rather than one to make by hand).  NULL when out of range. */
CWF_API const char *cwf_fix_job_message(const cwf_fix_job *j, size_t i, size_t k, bool *fixed);

/* Writes every changed file that was read from disk, atomically: a
 * temporary file in its directory, written, fsync'd, given the old mode,
 * renamed over it; a file whose bytes are no longer those read is not
 * written ("FILE: changed since it was read; not written").  Each file
 * that cannot be written is a problem; returns BAD_INPUT when there was
 * one, OK otherwise; INVALID_ARGUMENT when j is NULL or not planned.  A
 * second call writes nothing. */
CWF_API cwf_status cwf_fix_job_apply(cwf_fix_job *j);
/* Whether file i was written by cwf_fix_job_apply. */
CWF_API bool cwf_fix_job_file_written(const cwf_fix_job *j, size_t i);

/* Problems, in the order met ("FILE: reason": a path that cannot be walked,
 * a file that cannot be read or written, a template skipped); *is_error
 * (may be NULL) is false for a skip. */
CWF_API size_t cwf_fix_job_problem_count(const cwf_fix_job *j);
CWF_API const char *cwf_fix_job_problem(const cwf_fix_job *j, size_t i, bool *is_error);

typedef enum cwf_fix_count {
    CWF_FIX_APPLIED,        /* fixes planned (and written by apply) */
    CWF_FIX_MORE_UNSAFE,    /* more fixes that unsafe would apply */
    CWF_FIX_LEFT,           /* findings left at or above fail-on: those
                               cwf_lint reports on the fixed texts with the
                               job's rules (cwf_fix_job_finding) */
    CWF_FIX_FILES_CHANGED,  /* files whose text the plan changes */
    CWF_FIX_BY_HAND,        /* patterns that cannot be edited in place */
    CWF_FIX_ALARMS_BY_HAND, /* alarms whose metric is not a literal */
} cwf_fix_count;

/* One of the counts after the plan (0 for NULL or an unknown what). */
CWF_API size_t cwf_fix_job_count(const cwf_fix_job *j, cwf_fix_count what);

/* After the plan, the findings (cwf_finding as cwf_lint_finding): with
 * findings only, those of the texts as read, each fix's own finding with
 * the fix as replacements in the files, then those cwf_lint reports (with
 * the job's rules, the nearest .cwfilter.yml) that no fix addresses;
 * otherwise the findings left: what cwf_lint reports on the fixed texts,
 * without fixes. */
CWF_API size_t cwf_fix_job_finding_count(const cwf_fix_job *j);
CWF_API const cwf_finding *cwf_fix_job_finding(const cwf_fix_job *j, size_t i);

CWF_API void cwf_fix_job_free(cwf_fix_job *j);

/* ---- sql ----------------------------------------------------------------- */

/* A pattern written as one SQL query for DuckDB or Athena (Trino) whose
 * WHERE clause selects exactly the events the pattern matches; what a
 * dialect cannot say exactly is refused with CWF601 diagnostics, never
 * approximated. */
typedef struct cwf_sql_job cwf_sql_job;

/* A new job (free with cwf_sql_free) with the defaults: duckdb, json-text,
 * table events, column message, no counts.  INVALID_ARGUMENT when out is
 * NULL. */
CWF_API cwf_status cwf_sql_new(cwf_sql_job **out);

/* Sets one option (value copied): "dialect" (duckdb, athena), "source"
 * (json-text: one text column holding the raw event; cloudtrail-table: the
 * documented Athena CloudTrail table), "table" (the FROM item, written as
 * given), "column" (json-text's column), "count-by" (a JSON selector: count
 * the matching events per value).  A NULL value restores the default.
 * INVALID_ARGUMENT for an unknown key or value, or a NULL j or key. */
CWF_API cwf_status cwf_sql_set(cwf_sql_job *j, const char *key, const char *value);

/* Counts the matching events per period of their eventTime, in seconds (0:
 * no periods).  INVALID_ARGUMENT when j is NULL or seconds exceeds 366
 * days. */
CWF_API cwf_status cwf_sql_set_period(cwf_sql_job *j, unsigned seconds);

/* Writes the query for p.  OK: cwf_sql_text holds it (ending in a
 * newline).  REFUSED: the diagnostics (CWF601, spans in p's text) say what
 * cannot be expressed exactly.  BAD_PATTERN when p has an error;
 * INVALID_ARGUMENT when j or p is NULL.  Each call replaces the previous
 * result. */
CWF_API cwf_status cwf_sql_run(cwf_sql_job *j, const cwf_parsed *p);

/* The last query, or NULL; owned by j until its next cwf_sql_run. */
CWF_API const char *cwf_sql_text(const cwf_sql_job *j);
CWF_API size_t cwf_sql_diag_count(const cwf_sql_job *j);
CWF_API const cwf_diagnostic *cwf_sql_diag(const cwf_sql_job *j, size_t i);

CWF_API void cwf_sql_free(cwf_sql_job *j);

/* ---- audit --------------------------------------------------------------- */

/* The CIS monitoring chain (trail -> log group -> filter -> alarm -> topic
 * -> subscription) audited offline over a bundle of AWS CLI exports
 * (describe-trails, get-trail-status, get-event-selectors,
 * describe-metric-filters, describe-alarms, list-subscriptions-by-topic,
 * get-caller-identity), each recognised by its shape: one result per
 * control and account, judged in seven steps. */
typedef struct cwf_audit_job cwf_audit_job;

/* One step of a control.  Pointers belong to the job. */
typedef struct cwf_audit_step_info {
    const char *name;      /* "multi-region trail", "log group", ... */
    const char *verdict;   /* "pass", "fail", "unknown", "not reached" */
    const char *text;      /* the evidence, or why the step fails, or NULL */
    const char *needs;     /* unknown for a missing export: the command that
                              prints it; else NULL */
    const char *file;      /* the export holding the evidence, or NULL */
    const char *pointer;   /* RFC 6901 pointer to it in that export, or NULL */
    uint32_t start, end;   /* its bytes in the export */
    uint32_t line, column; /* where start is */
} cwf_audit_step_info;

/* One control in one account.  Pointers belong to the job. */
typedef struct cwf_audit_control {
    const char *rule_id;   /* "cis-iam-policy-changes" */
    const char *title;
    const char *account;   /* 12 digits, or "" when no export names one */
    const char *verdict;   /* "pass", "fail", "unknown" */
    const char *message;   /* why it fails or cannot be judged; on pass,
                              what carries the control */
    int step;              /* the first failing (else unknown) step, 1..7;
                              0 on pass */
} cwf_audit_control;

/* A new job (free with cwf_audit_job_free): every benchmark rule unless rules
 * are added.  INVALID_ARGUMENT when out is NULL. */
CWF_API cwf_status cwf_audit_new(cwf_audit_job **out);

/* Audits only these controls (id or alias; repeatable), or the
 * metric-filter controls of a benchmark version (*label, may be NULL:
 * "CIS 7.0").  INVALID_ARGUMENT on NULL or after cwf_audit_judge;
 * UNKNOWN_RULE when nothing has that name. */
CWF_API cwf_status cwf_audit_add_rule(cwf_audit_job *a, const char *id);
CWF_API cwf_status cwf_audit_add_benchmark(cwf_audit_job *a, const char *version,
                                           const char **label);

/* Adds one export, json[0..len) (copied), named name (its path: the
 * directories in it can name the account, region and object).
 * BAD_INPUT, with a problem "NAME: why", when it is not JSON or not an
 * export audit reads.  INVALID_ARGUMENT on NULL or after cwf_audit_judge. */
CWF_API cwf_status cwf_audit_add_export(cwf_audit_job *a, const char *name, const char *json,
                                        size_t len);

/* Reads the paths as `cwfilter audit` does: files, or the *.json files of
 * directories in name order (hidden entries skipped, symbolic links to
 * directories followed only with follow); "-" is standard input.  Every
 * file is read; BAD_INPUT when one could not be read or is not an export
 * (problems say which).  The first path names what has no file of its own
 * in the findings. */
CWF_API cwf_status cwf_audit_add_paths(cwf_audit_job *a, const char *const *paths, size_t n,
                                       bool follow);

/* Exports read so far; controls added (0: every benchmark rule). */
CWF_API size_t cwf_audit_export_count(const cwf_audit_job *a);
CWF_API size_t cwf_audit_rule_count(const cwf_audit_job *a);

/* Problems in the order met, raw bytes; *is_error false for a skip. */
CWF_API size_t cwf_audit_problem_count(const cwf_audit_job *a);
CWF_API const char *cwf_audit_problem(const cwf_audit_job *a, size_t i, bool *is_error);

/* Audits every control in every account the bundle names; once (a second
 * call does nothing).  INVALID_ARGUMENT when a is NULL. */
CWF_API cwf_status cwf_audit_judge(cwf_audit_job *a);

/* The results, by account and then in the order of the rules; 0 before
 * cwf_audit_judge.  cwf_audit_control_get and cwf_audit_step_get (step
 * 1..7) fill *out; INVALID_ARGUMENT on NULL or an index out of range. */
CWF_API size_t cwf_audit_control_count(const cwf_audit_job *a);
CWF_API size_t cwf_audit_pass_count(const cwf_audit_job *a);
CWF_API cwf_status cwf_audit_control_get(const cwf_audit_job *a, size_t i,
                                         cwf_audit_control *out);
CWF_API cwf_status cwf_audit_step_get(const cwf_audit_job *a, size_t i, int step,
                                      cwf_audit_step_info *out);

/* The findings, as `cwfilter audit --format sarif` reports them: one per
 * control that does not pass (CWF501-CWF508, at the evidence of its
 * failing step, each step's verdict a note) and one per note.  Positions
 * are in the exports: diag->start and diag->end are byte offsets into
 * text (the whole export), line and column are in it. */
CWF_API size_t cwf_audit_finding_count(const cwf_audit_job *a);
CWF_API const cwf_finding *cwf_audit_finding(const cwf_audit_job *a, size_t i);

/* The whole report as `cwfilter audit` prints it: format "text", "json"
 * (version 1, every step's evidence) or "fix" (the remediation as a POSIX
 * shell script).  NUL-terminated, owned by a; *len (may be NULL) receives
 * its length (the text may hold NUL bytes from an export).  NULL (and
 * *len 0) before cwf_audit_judge or for another format. */
CWF_API const char *cwf_audit_render(cwf_audit_job *a, const char *format, size_t *len);

CWF_API void cwf_audit_job_free(cwf_audit_job *a);

#ifdef __cplusplus
}
#endif

#endif
