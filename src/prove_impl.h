/* prove_impl.h: the prover's engine, shared by the prove*.c files.  Not part
 * of the library's interface: use prove.h.
 *
 * An engine (pv) holds the atoms of some JSON expressions (the pattern P and
 * the requirement R, read with cwf_pv_expr), the tree of paths they read, and,
 * after cwf_pv_prepare, a partition of each path's values into cells.  Formulas
 * over the atoms (and, or, not) are then decided with cwf_pv_sat, which finds an
 * event that makes a formula true (a model) or proves that none exists.
 * "P covers R" is "R and not P has no model". */
#ifndef CWF_PROVE_IMPL_H
#define CWF_PROVE_IMPL_H

#include <stdbool.h>
#include <stdint.h>

#include "ast.h"
#include "match.h"
#include "prove.h"
#include "util.h"

/* Three truth values, in Kleene's logic. */
enum { PV_F = 0, PV_T = 1, PV_U = 2 };

typedef enum pv_res {
    PV_SAT,     /* a model exists (and was found) */
    PV_UNSAT,   /* proved: no model */
    PV_UNKNOWN, /* not decided; see the reason */
} pv_res;

typedef struct pv pv;
typedef struct pv_model pv_model;

pv *cwf_pv_new(void);
void cwf_pv_free(pv *e);

/* ---- formulas ----------------------------------------------------------
 * A formula is an int handle into the engine.  cwf_pv_expr reads a JSON
 * expression (its leaves become atoms); side tags where its spans point
 * (0 the pattern, 1 the requirement).  Atoms may be added only before
 * cwf_pv_prepare; formulas over existing atoms at any time. */
int cwf_pv_true(pv *e);
int cwf_pv_false(pv *e);
int cwf_pv_expr(pv *e, const cwf_expr *x, int side);
int cwf_pv_not(pv *e, int f);
int cwf_pv_and(pv *e, int a, int b);
int cwf_pv_or(pv *e, int a, int b);
/* n-ary forms over v[0..n) (n may be 0: true, resp. false). */
int cwf_pv_andv(pv *e, const int *v, int n);
int cwf_pv_orv(pv *e, const int *v, int n);

/* What a formula node is, for walking formulas (DNF, residuals). */
typedef enum pv_op { PV_OP_TRUE, PV_OP_FALSE, PV_OP_ATOM, PV_OP_NOT, PV_OP_AND, PV_OP_OR } pv_op;
pv_op cwf_pv_f_op(const pv *e, int f);
int cwf_pv_f_n(const pv *e, int f);           /* kids of NOT/AND/OR */
int cwf_pv_f_kid(const pv *e, int f, int i);
int cwf_pv_f_atom(const pv *e, int f);        /* ATOM: its atom */
/* The formula node of expression x as cwf_pv_expr read it (each AND/OR/leaf of
 * x has one), or -1. */
int cwf_pv_f_of_expr(const pv *e, const cwf_expr *x);

/* ---- atoms ------------------------------------------------------------- */
int cwf_pv_natoms(const pv *e);
const cwf_expr *cwf_pv_atom_expr(const pv *e, int a);
int cwf_pv_atom_side(const pv *e, int a);
/* The formula that is just atom a. */
int cwf_pv_atom_f(pv *e, int a);
/* For an atom `$.path = "literal"` (exact, no wildcard, no wildcard
 * selector): the literal and the path's node; else false. */
bool cwf_pv_atom_literal(const pv *e, int a, const char **s, uint32_t *n, int *node);
/* The node an atom tests (for a wildcard atom: its container). */
int cwf_pv_atom_node(const pv *e, int a);
/* Whether a and b read related paths (one's node is an ancestor of, equal
 * to, or a descendant of one of the other's); unrelated atoms are
 * independent. */
bool cwf_pv_atoms_related(const pv *e, int a, int b);
/* Whether the engine has a path node that is an array index or a wildcard
 * at the root (the root may then be an array): relations get subtler. */
bool cwf_pv_root_array(const pv *e);

/* ---- deciding ---------------------------------------------------------- */

/* Computes the cells of every path.  Returns false when the engine cannot
 * decide anything (the reason is kept for cwf_pv_sat's UNKNOWN). */
bool cwf_pv_prepare(pv *e);

/* Decides whether formula f has a model.  On PV_SAT and model non-NULL,
 * *model receives one (free with cwf_pv_model_free).  On PV_UNKNOWN and why
 * non-NULL, *why receives the reason (malloc'd). */
pv_res cwf_pv_sat(pv *e, int f, pv_model **model, char **why);

/* The model as a compact JSON event (the fields it needs, nothing else). */
void cwf_pv_model_json(const pv *e, const pv_model *m, cwf_buf *out);

void cwf_pv_model_free(pv_model *m);
/* The value of formula f in model m (PV_U where m leaves it open). */
int cwf_pv_model_eval(const pv *e, const pv_model *m, int f);
/* The model of the event {} (every path missing). */
pv_model *cwf_pv_model_empty(const pv *e);

/* Evaluates f in three-valued logic, taking atom a's value from vals[a]
 * (PV_F, PV_T or PV_U). */
int cwf_pv_eval3(const pv *e, int f, const uint8_t *vals);

/* Fast answers for atoms on one path, from its cells alone (no search).
 * Each returns PV_T, PV_F or PV_U as described, or -1 when it does not
 * apply (a wildcard atom, related paths, a cell that may be empty).
 *   cwf_pv_leaf_under: atom a's value on every event that meets the atoms
 *     conj[0..n) (PV_U: it varies), when they are concrete and none reads
 *     a path strictly above or below a's;
 *   cwf_pv_leaf_implies: whether every event meeting a meets b (PV_T/PV_F),
 *     for two concrete atoms on the same path. */
int cwf_pv_leaf_under(const pv *e, int a, const int *conj, int n);
int cwf_pv_leaf_implies(const pv *e, int a, int b);

/* Steps the search took in all cwf_pv_sat calls so far (for tests and bench). */
uint64_t cwf_pv_steps(const pv *e);
/* Sets the steps all cwf_pv_sat calls may take together (0: the default,
 * CWF_PROVE_BUDGET).  Once they are spent every search answers PV_UNKNOWN
 * with the reason "the prover's budget of N steps was spent; ...". */
void cwf_pv_set_budget(pv *e, uint64_t budget);

/* ---- small helpers shared by prove*.c ---------------------------------- */

/* The edit distance between a[0..n) and b[0..m), or max+1 if above max. */
unsigned cwf_pv_edit_distance(const char *a, size_t n, const char *b, size_t m, unsigned max);

/* ---- the proof record (prove_report.c), below prove.c and prove_text.c -- */

/* What a case is called ("event name", default "case") and what R is
 * called ("the requirement"), from the options (which may be NULL). */
const char *cwf_pv_unit(const cwf_prove_options *o);
const char *cwf_pv_what(const cwf_prove_options *o);
/* Appends unit, in the plural unless n is 1 ("event names"). */
void cwf_pv_plural(cwf_buf *b, const char *unit, size_t n);

/* Replays ev through the matchers (after the test hook, if any): true when
 * it matches R (mr) and not P (mp). */
bool cwf_pv_replay(cwf_matcher *mr, cwf_matcher *mp, cwf_buf *ev);
/* Appends a case, verdict UNKNOWN until set. */
cwf_case *cwf_pv_add_case(cwf_proof *pr, const char *label);
/* Replays ev and makes it c's counterexample (verdict NOT_COVERED), or
 * records the internal error when the matcher disagrees. */
void cwf_pv_case_counterexample(cwf_proof *pr, cwf_case *c, cwf_matcher *mr, cwf_matcher *mp,
                            cwf_buf *ev);
/* The verdict, summary and CWF301/CWF304 findings from the cases. */
void cwf_pv_finish(cwf_proof *pr, const cwf_pattern *p, const cwf_prove_options *o);

/* ---- the text prover (prove_text.c), called by prove.c -------------------- */

/* cwf_prove_with when P or R is not a JSON pattern. */
void cwf_pv_prove_text(const cwf_pattern *p, const cwf_pattern *r, const cwf_prove_options *o,
                   cwf_proof *out);
/* One disjunct of a JSON requirement (its leaves[0..n), and witness, a
 * compact JSON event meeting it) against a term, regex or space-delimited
 * pattern p, in the record model of prove_text.c. */
void cwf_pv_text_case(const cwf_pattern *p, cwf_case *cs, const cwf_expr *const *leaves, int n,
                  const char *witness, cwf_matcher *mr, cwf_matcher *mp);
/* CWF310/CWF313 for a pattern that is not JSON. */
void cwf_pv_text_warnings(const cwf_pattern *p, cwf_proof *out);
/* The record model, one sentence (for "assumes"). */
extern const char *const cwf_pv_text_model;

#endif
