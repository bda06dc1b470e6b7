/* regex.h: the CloudWatch regex subset (SPEC section 3, D16) and byte
 * automata over it, shared by the matcher and the prover.
 *
 * Strings are byte strings.  A cwf_dfa is a complete deterministic automaton
 * over bytes (with byte classes), so that the prover can intersect,
 * complement and test emptiness, and the matcher can run it in one pass. */
#ifndef CWF_REGEX_H
#define CWF_REGEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "util.h"

typedef struct cwf_re cwf_re;

/* Parses body[0..len), the text between the % signs.  base is the offset of
 * body[0] in the pattern, for spans.  On an error (a character outside the
 * documented set, ( or ), a multi-byte character, a bad escape, class or
 * repetition, a lazy quantifier such as +?, a repetition bound above 1000,
 * repetitions that multiply out past the NFA cap) appends exactly one
 * CWF_R_BAD_REGEX diagnostic on the offending bytes and returns NULL.
 * Otherwise the result lives in a.  A regex whose search DFA is over the
 * caps is no error (see cwf_dfa_regex); the time spent finding that out is
 * bounded, so that a parse stays fast. */
cwf_re *cwf_re_parse(const char *body, size_t len, uint32_t base,
                     cwf_arena *a, cwf_diags *d);

/* Whether re matches somewhere in s[0..n) (D16: ^ and $ anchor at the start
 * and end of the whole string).  With the search DFA when re has one, one
 * step per byte; else by simulating its NFA, in time O(n x NFA states) and
 * memory O(NFA states), with no backtracking. */
bool cwf_re_search(const cwf_re *re, const char *s, size_t n);

typedef struct cwf_dfa cwf_dfa;

/* The strings in which re matches somewhere: unanchored search, with ^ and $
 * anchoring at the start and end of the whole string (D16), as a new DFA
 * that the caller frees.  NULL when the regex's search DFA is too large
 * (over the caps of cwf_re_parse; x.{16}x is): callers that need a DFA (the
 * prover) must treat NULL as "cannot decide"; callers that only match use
 * cwf_re_search. */
cwf_dfa *cwf_dfa_regex(const cwf_re *re);
/* The strings that a string value s[0..n) with wildcard form w matches
 * (D7): NONE exact, ANY everything, PREFIX/SUFFIX/CONTAINS s. */
cwf_dfa *cwf_dfa_string(const char *s, size_t n, cwf_wild w);
/* The same language as a complete DFA whose states are all reachable but
 * that is not minimised (see cwf_dfa_and_raw). */
cwf_dfa *cwf_dfa_string_raw(const char *s, size_t n, cwf_wild w);
cwf_dfa *cwf_dfa_all(void);
cwf_dfa *cwf_dfa_none(void);
cwf_dfa *cwf_dfa_and(const cwf_dfa *a, const cwf_dfa *b);
/* The strings of both, as a new complete DFA whose states are all
 * reachable but that is not minimised unless large: cheaper than
 * cwf_dfa_and when only the language matters (emptiness, acceptance,
 * witnesses, further products), not the table (cwf_dfa_states). */
cwf_dfa *cwf_dfa_and_raw(const cwf_dfa *a, const cwf_dfa *b);
cwf_dfa *cwf_dfa_or(const cwf_dfa *a, const cwf_dfa *b);
cwf_dfa *cwf_dfa_not(const cwf_dfa *a);
cwf_dfa *cwf_dfa_copy(const cwf_dfa *a);
void cwf_dfa_free(cwf_dfa *a);

bool cwf_dfa_accepts(const cwf_dfa *a, const char *s, size_t n);
bool cwf_dfa_is_empty(const cwf_dfa *a);
/* Appends to out a shortest accepted string, preferring readable bytes
 * (letters, then digits, then other printable ASCII) so that witnesses read
 * well; false when the language is empty. */
bool cwf_dfa_witness(const cwf_dfa *a, cwf_buf *out);
size_t cwf_dfa_states(const cwf_dfa *a);

#endif
