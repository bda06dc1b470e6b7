/* match.h: does a log event match a filter pattern?  (SPEC.md Part 1.)
 *
 * The ground truth of cwfilter: `cwfilter match` prints what it accepts, and
 * the prover replays every counterexample through it.  All four kinds:
 *   JSON       D5-D15, evaluated over one scan of the event (jscan.h) that
 *              records only the values the pattern's selectors reach;
 *   terms      D17, case-sensitive substrings;
 *   regex      D16, unanchored search over the whole message;
 *   delimited  D18 and SPEC 5, with the extracted values that
 *              test-metric-filter returns ($name, $N).
 * An empty or blank pattern (CWF_K_ALL) matches every event.
 *
 * Choices where SPEC leaves room, all in the PROPOSED sense of SPEC 7:
 *   - a wildcard segment quantifies over the members or elements it selects:
 *     `$.a[*].b OP v` holds when some element e of $.a has e.b OP v (NOT
 *     EXISTS included: some element lacks b); a wildcard over a missing
 *     value, or over a value of the wrong kind, selects nothing (false);
 *   - a %regex% value, like a string value, tests JSON strings and JSON
 *     numbers (through the number's text as written);
 *   - `<`, `>`, `<=`, `>=` with a string value never hold;
 *   - a delimited number condition needs the field to be a number in the
 *     D8 grammar; otherwise it fails, `!=` included.
 *
 * Usage:
 *     cwf_matcher *m = cwf_matcher_new(pattern);
 *     cwf_extracted x = CWF_EXTRACTED_INIT;
 *     if (cwf_matcher_match(m, msg, len, &x)) ...
 *     cwf_extracted_free(&x);
 *     cwf_matcher_free(m);
 * A matcher keeps scratch state: one matcher per thread. */
#ifndef CWF_MATCH_H
#define CWF_MATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "ast.h"
#include "diag.h"
#include "util.h"

typedef struct cwf_matcher cwf_matcher;

/* The values a delimited pattern extracts from a matching event, in message
 * order: names are "$ip" for a named field, "$3" for an unnamed position. */
typedef struct cwf_extracted {
    cwf_buf text;   /* name NUL value NUL, pair after pair */
    size_t *off;    /* per pair: where its name starts in text */
    size_t *vlen;   /* per pair: the value's length (values may hold NUL) */
    size_t n, cap;
} cwf_extracted;

#define CWF_EXTRACTED_INIT {0}

const char *cwf_extracted_name(const cwf_extracted *x, size_t i);
const char *cwf_extracted_value(const cwf_extracted *x, size_t i, size_t *len);
/* The value named name ("$ip"), or NULL. */
const char *cwf_extracted_get(const cwf_extracted *x, const char *name, size_t *len);
void cwf_extracted_clear(cwf_extracted *x);
void cwf_extracted_free(cwf_extracted *x);

/* Compiles p (a pattern without errors; see parse.h).  p and its arena must
 * outlive the matcher.  A %regex% value whose body did not parse (re NULL)
 * never holds. */
cwf_matcher *cwf_matcher_new(const cwf_pattern *p);

/* Whether the event msg[0..len) matches.  When ex is not NULL it is cleared,
 * and on a match it receives the extracted values (delimited patterns only;
 * other kinds extract nothing, as test-metric-filter reports {}). */
bool cwf_matcher_match(cwf_matcher *m, const char *msg, size_t len, cwf_extracted *ex);

/* Turns the literal prefilter (prefilter.h) on (the default) or off; the
 * verdicts are the same either way, only the speed differs. */
void cwf_matcher_set_prefilter(cwf_matcher *m, bool on);

/* False only when msg[0..len) cannot match (the prefilter's verdict; true
 * when the pattern requires no literal). */
bool cwf_matcher_candidate(const cwf_matcher *m, const char *msg, size_t len);

void cwf_matcher_free(cwf_matcher *m);

/* ---- explanations (`cwfilter match --explain`) ------------------------- */

/* One leaf of the pattern: a JSON or delimited condition, a term, the
 * regex; in pattern order. */
typedef struct cwf_why {
    cwf_span span;   /* the leaf in the pattern text */
    bool held;
    char *detail;    /* what the event holds there, one line; may be NULL */
} cwf_why;

typedef struct cwf_explanation {
    bool matched;
    char *summary;   /* a reason that concerns the whole event (not JSON, too
                        few fields, optional terms ignored), or NULL */
    cwf_why *v;
    size_t n;
} cwf_explanation;

/* Evaluates every leaf of the pattern on msg (no short cut) into out (free
 * with cwf_explanation_free); returns the verdict, the same as
 * cwf_matcher_match's. */
bool cwf_matcher_explain(cwf_matcher *m, const char *msg, size_t len, cwf_explanation *out);

void cwf_explanation_free(cwf_explanation *x);

#endif
