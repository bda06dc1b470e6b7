/* judge.h: the one engine for "does one filter on this log group cover the
 * rule, and if not, which comes closest and why?"  `check` asks it of one
 * pattern, `lint` of the filters it found in host files, `audit` of the
 * filters of an export (DESIGN.md, "One engine per question").
 *
 * The filters are judged in order; the first that covers the rule wins and
 * the rest are not proved.  When none covers, the closest is the one that
 * covers the most cases; on a tie, the one that names the most of the
 * missing cases (their event names) and of the values the rule tests; then
 * the one with the most near misses (CWF303); then the first.  A filter is
 * related to the rule when it covers a case, names one of those, or nearly
 * misses one.  Proofs are cached by pattern text per rule in a
 * cwf_judge_cache, verdict-only first; a filter that matches none of the
 * rule's witness events (one event per case) covers no case and is not
 * proved at all; only the filter that is shown gets the full explanation
 * (cases, reasons, spans in its own pattern, near misses, counterexample,
 * CWF302/CWF303), and only filters that may hold a near miss are explained
 * to count them.
 *
 * When a filter covers, it is also asked whether it is broader than
 * required (CWF314, cwf_prove_broader): one more proof per covered rule and
 * pattern text, cached.  If it is, the judging goes on for a later filter
 * that covers without being broader (a log group with a catch-all filter
 * first and the precise one after it has the precise one); the first
 * covering filter is the answer when there is none.
 *
 * A filter that cannot be read offline (a part that only a plan or a
 * deployment resolves) is unknown, never absent: when no filter covers the
 * rule and one is unknown, the verdict is UNKNOWN. */
#ifndef CWF_JUDGE_H
#define CWF_JUDGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ast.h"
#include "prove.h"

/* One filter on the log group. */
typedef struct cwf_judge_filter {
    const cwf_pattern *ast;   /* parsed without error, or NULL: cannot be read */
    const char *text;         /* its pattern text (the cache key) */
    size_t len;
    bool opaque;              /* ast NULL: the whole pattern is unknown (a
                                 variable, "known after apply"), so it may be
                                 anything; else it counts as unknown only
                                 when its text mentions a value the rule tests */
    uint64_t hash;            /* 0, or cwf_judge_hash(text, len): saves hashing
                                 the text again for every rule */
} cwf_judge_filter;

/* The hash of a pattern text for cwf_judge_filter.hash (never 0). */
uint64_t cwf_judge_hash(const char *text, size_t len);

/* What is judged: a built-in rule, or a requirement pattern named `what`. */
typedef struct cwf_judge_rule {
    const cwf_bench_rule *rule;   /* or NULL, and then: */
    const cwf_pattern *req;       /* the requirement */
    const char *what;             /* "the requirement in FILE" */
} cwf_judge_rule;

typedef enum cwf_judge_explain {
    CWF_EXPLAIN_NEVER,            /* verdicts only */
    CWF_EXPLAIN_UNLESS_COVERED,   /* the closest filter, when none covers */
    CWF_EXPLAIN_ALWAYS,           /* the covering or closest filter */
} cwf_judge_explain;

/* Why the filter shown was picked. */
typedef enum cwf_judge_pick {
    CWF_PICK_NONE,                /* no filter could be proved */
    CWF_PICK_COVERS,              /* it covers the rule */
    CWF_PICK_ONLY,                /* the only filter proved */
    CWF_PICK_COVERED,             /* it covers the most cases */
    CWF_PICK_NEAR,                /* as many cases, but the most near misses */
    CWF_PICK_NAMED,               /* ... and it names or decides the most cases */
    CWF_PICK_POSITION,            /* a tie on all of that: the first */
} cwf_judge_pick;

typedef struct cwf_judge_cache cwf_judge_cache;

/* A cache of proofs by (rule, pattern text); free with cwf_judge_cache_free.
 * Proofs returned by cwf_judge and cwf_judge_prove live as long as it. */
cwf_judge_cache *cwf_judge_cache_new(void);
void cwf_judge_cache_free(cwf_judge_cache *c);

typedef struct cwf_judgement {
    cwf_verdict verdict;          /* COVERS, NOT_COVERED, or UNKNOWN */
    size_t best;                  /* the covering or closest filter; SIZE_MAX: none */
    cwf_judge_pick pick;
    size_t ncases;                /* cases of the rule (0 when nothing was proved) */
    size_t *covered;              /* per filter: cases covered (SIZE_MAX: not proved) */
    size_t *near;                 /* per filter: near misses (known for the tied best) */
    size_t nunknown;              /* filters that cannot be read offline */
    size_t first_unknown;         /* the first of them, or SIZE_MAX */
    bool undecided;               /* some filter's proof is UNKNOWN */
    bool related;                 /* some filter covers a case, nearly misses one,
                                     names one, or has a condition that decides one */
    bool together;                /* no one filter covers, all together cover every case */
    char *why;                    /* one sentence: why best and not the others, or NULL */
    const cwf_proof *proof;       /* of best: explained as asked; owned by the cache */
    cwf_judge_cache *own;         /* the cache made when none was given */
    /* Added after the first version of this header: */
    const cwf_diags *broader;     /* COVERS: CWF314 of the covering filter
                                     (cwf_prove_broader), at most one; owned
                                     by the cache; else NULL */
} cwf_judgement;

/* False when f cannot cover the rule: it misses one of the rule's witness
 * events (one real event per case, replayed through the matcher, once per
 * rule and text), or its cached proof says so.  True means "maybe": ask
 * cwf_judge.  Cheap; for callers that need only the filters that cover. */
bool cwf_judge_may_cover(cwf_judge_cache *cache, const cwf_judge_rule *r,
                         const cwf_judge_filter *f);

/* Judges rule r over the filters f[0..n) (n may be 0), filling *out (free
 * with cwf_judgement_free).  cache may be NULL (a private one is used).
 * Returns out->verdict. */
cwf_verdict cwf_judge(const cwf_judge_rule *r, const cwf_judge_filter *f, size_t n,
                      cwf_judge_explain explain, cwf_judge_cache *cache, cwf_judgement *out);

void cwf_judgement_free(cwf_judgement *j);

/* The proof of one pattern (ast, text[0..len)) against r, from the cache:
 * explained (cases' reasons, near misses, findings, warnings) or verdict
 * only.  Owned by the cache. */
const cwf_proof *cwf_judge_prove(cwf_judge_cache *cache, const cwf_judge_rule *r,
                                 const cwf_pattern *ast, const char *text, size_t len,
                                 bool explain);

/* ---- benchmark versions ----------------------------------------------------- */

/* The rules of one benchmark version: "cis-1.2" ... "cis-7.0" (any version
 * some rule has an alias cis-VERSION-CONTROL for), "securityhub", or "cis",
 * the newest CIS version.  Fills out[0..) (room for cwf_bench_nrules) in the
 * order of cwf_bench_rules and returns how many; *label is the version's
 * name ("CIS 7.0", "Security Hub").  0 for an unknown version. */
size_t cwf_bench_version(const char *version, const cwf_bench_rule **out, const char **label);

/* The known version names, space separated ("cis cis-1.2 ... securityhub"). */
const char *cwf_bench_versions(void);

#endif
