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
 * repetition, a repetition too large to compile) appends exactly one
 * CWF_R_BAD_REGEX diagnostic on the offending bytes and returns NULL. */
cwf_re *cwf_re_parse(const char *body, size_t len, uint32_t base,
                     cwf_arena *a, cwf_diags *d);

typedef struct cwf_dfa cwf_dfa;

/* The strings in which re matches somewhere: unanchored search, with ^ and $
 * anchoring at the start and end of the whole string (D16). */
cwf_dfa *cwf_dfa_regex(const cwf_re *re);
/* The strings that a string value s[0..n) with wildcard form w matches
 * (D7): NONE exact, ANY everything, PREFIX/SUFFIX/CONTAINS s. */
cwf_dfa *cwf_dfa_string(const char *s, size_t n, cwf_wild w);
cwf_dfa *cwf_dfa_all(void);
cwf_dfa *cwf_dfa_none(void);
cwf_dfa *cwf_dfa_and(const cwf_dfa *a, const cwf_dfa *b);
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
