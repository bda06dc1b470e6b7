/* fix.h: fixes of a filter pattern, as data, each one proved before it is
 * offered (`cwfilter fix`, SARIF `fixes`).
 *
 * A fix is a list of edits of the pattern text (a span replaced by a text),
 * a title, the diagnostic rule it remedies, and a safety class:
 *   - safe: the fixed pattern matches exactly the same events (`==` -> `=`,
 *     single -> double quotes, the spaced exclusion, doubled parentheses, a
 *     duplicate disjunct, condition or term), or the same events plus only
 *     the cases a rule requires (its missing event names);
 *   - unsafe: it changes what matches in a way the user must accept
 *     (removing the narrowing conditions, each with its operator, in one
 *     fix; correcting a near-miss name; or, for a pattern that covers a
 *     rule only through something broad -- a wildcard, an event source,
 *     nothing at all -- and names none of its events, the benchmark's own
 *     pattern instead: rule CWF313); `why` says how.
 * Every fix is proved: the fixed pattern is parsed again and proved again.
 * A coverage fix that does not make its rule covered, a safe fix whose
 * pattern is not equivalent (cwf_prove both ways) to the original, a safe
 * coverage fix that loses an event of the original or matches one that
 * neither the original nor the added cases match, a coverage fix that
 * leaves uncovered another of the rules that the original covers, or a
 * syntax fix that leaves an error of the kind it fixes, is dropped.
 *
 * Removing a disjunct or a condition takes its operator with it, and the
 * parentheses of a group it leaves with one parenthesized kid (`(A) ||
 * ((B) || (A))` becomes `(A) || (B)`); parentheses around more than the
 * list stay.
 *
 * Missing cases are added in the pattern's own style: the separator between
 * its last two disjuncts (parentheses, spacing, line breaks) is reused, the
 * quoting of the value it copies is kept, and the names go where the
 * pattern's order puts them (sorted patterns stay sorted; otherwise at the
 * end). */
#ifndef CWF_FIX_H
#define CWF_FIX_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "prove.h"
#include "util.h"

/* One edit: pattern bytes [span.start, span.end) become text.  When
 * copy.end > copy.start, text is the pattern's own bytes [copy.start,
 * copy.end) (a separator reused), which a host edit copies verbatim so that
 * line breaks and indentation stay as the author wrote them. */
typedef struct cwf_fix_edit {
    cwf_span span;
    char *text;
    cwf_span copy;
} cwf_fix_edit;

typedef enum cwf_fix_safety {
    CWF_FIX_SAFE,
    CWF_FIX_UNSAFE,
} cwf_fix_safety;

typedef struct cwf_fix {
    char *title;                 /* "replace `==` with `=`" */
    cwf_fix_safety safety;
    char *why;                   /* unsafe: what changes, one sentence */
    cwf_rule_id rule;            /* the diagnostic it remedies */
    const cwf_bench_rule *bench; /* coverage fixes: the rule, else NULL */
    cwf_fix_edit *edits;         /* in text order; zero-width ones at one
                                    spot apply in list order */
    size_t nedits;
    char *fixed;                 /* the pattern with this fix alone */
    size_t fixed_len;
    bool preferred;              /* unsafe, and better than the safe fix of
                                    its rule: a near-miss name corrected
                                    rather than kept beside the right one;
                                    with --unsafe it goes first */
} cwf_fix;

typedef struct cwf_fixes {
    cwf_fix *v;
    size_t n, cap;
} cwf_fixes;

#define CWF_FIXES_INIT {0}

/* Appends to out every proved fix of pattern text[0..len): syntax fixes
 * from the parser's suggestions, doubled parentheses, duplicate disjuncts,
 * conditions and terms, and for each of the nrules rules that the pattern
 * does not cover, at most one safe and one unsafe coverage fix.  Safe fixes come
 * first (see `preferred`).  Never prints. */
void cwf_fix_generate(const char *text, size_t len, const cwf_bench_rule *const *rules,
                      size_t nrules, cwf_fixes *out);

/* Applies fix f to text[0..len): the edits in order, into out. */
void cwf_fix_apply(const char *text, size_t len, const cwf_fix *f, cwf_buf *out);

/* Whether rule id passes --select/--ignore: sel and ign are lists of rule
 * ids or prefixes ("CWF1", "CWF108"), separated by commas; NULL is none. */
bool cwf_fix_selected(cwf_rule_id rule, const char *sel, const char *ign);

/* Fixes text[0..len) as far as it goes: the first fix allowed (safe ones;
 * unsafe ones too with unsafe; rule passing sel/ign) is applied, fixes are
 * generated again on the result, and so on (at most 32 rounds).  out gets
 * the final text; *applied the fixes applied; *more the fixes that only
 * --unsafe would apply at the end (when unsafe is false). */
void cwf_fix_all(const char *text, size_t len, const cwf_bench_rule *const *rules,
                 size_t nrules, bool unsafe, const char *sel, const char *ign, cwf_buf *out,
                 size_t *applied, size_t *more);

void cwf_fix_free(cwf_fix *f);
void cwf_fixes_free(cwf_fixes *fs);

#endif
