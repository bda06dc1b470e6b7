/* prefilter.h: the literals that every event a pattern matches must hold.
 *
 * cwf_prefilter_new derives from a parsed pattern a set of byte strings such
 * that an event holding none of them cannot match (an OR takes the union of
 * its sides' sets, an AND the best one of its sides'; `!=`, NOT EXISTS, IS
 * NULL/TRUE/FALSE, numbers, regexes and the lone * give none, and so does
 * every construct above them that needs all its sides).  The matcher then
 * rejects such events with one multi-literal scan, before any parsing.
 *
 * JSON: a string value is tested after decoding, so the literal is the
 * value as it appears in the JSON text when no \u escape is used; an event
 * with a backslash followed by u anywhere is always a candidate.  Values
 * holding a character that other escapes spell (" \ / and controls) give no
 * literal.  Terms and delimited fields test the raw message: no such rule.
 * Everything here is case-sensitive, as the pattern language is. */
#ifndef CWF_PREFILTER_H
#define CWF_PREFILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "ast.h"

typedef struct cwf_prefilter cwf_prefilter;

/* The prefilter of p, or NULL when no literal is required (every event is a
 * candidate).  p need not outlive it. */
cwf_prefilter *cwf_prefilter_new(const cwf_pattern *p);

/* False only when msg[0..len) cannot match the pattern. */
bool cwf_prefilter_candidate(const cwf_prefilter *f, const char *msg, size_t len);

/* The number of literals and literal i (for tests and --explain). */
size_t cwf_prefilter_count(const cwf_prefilter *f);
const char *cwf_prefilter_literal(const cwf_prefilter *f, size_t i, size_t *len);

void cwf_prefilter_free(cwf_prefilter *f);

#endif
