/* lint.h: coverage of benchmark rules over the metric filters found in host
 * files, per log group, through the one judge (judge.h).  Findings come back
 * as data: which filter they sit at (their spans are in its pattern, which
 * the filter's position map places in the host file), or none.  Nothing is
 * printed. */
#ifndef CWF_LINT_H
#define CWF_LINT_H

#include <stdbool.h>
#include <stddef.h>

#include "extract.h"
#include "judge.h"

/* A file that was read: its path and what extract.h found in it (the log
 * group resources it defines resolve Terraform references). */
typedef struct cwf_lint_file {
    const char *path;
    const cwf_extract *x;
} cwf_lint_file;

/* A metric filter to judge. */
typedef struct cwf_lint_filter {
    size_t file;              /* in the files given */
    const cwf_filter *flt;    /* its name, resource, log group, pattern */
    const cwf_pattern *ast;   /* parsed without error, or NULL: it has parts
                                 that cannot be resolved offline */
} cwf_lint_filter;

/* One coverage finding. */
typedef struct cwf_lint_finding {
    size_t at;                /* the filter it sits at, or SIZE_MAX: no filter */
    char *group;              /* the log group as shown, or NULL */
    cwf_diags d;              /* spans in that filter's pattern */
} cwf_lint_finding;

typedef struct cwf_lint_findings {
    cwf_lint_finding *v;
    size_t n;
} cwf_lint_findings;

/* Judges every rule on every log group of the filters (grouped by log group
 * name, or by a reference scoped to its template or Terraform module),
 * appending findings to out (free with cwf_lint_findings_free):
 *   CWF404 at the closest filter when no filter covers a rule, with check's
 *   explanation and its CWF302/CWF303 findings; CWF403 when only several
 *   filters together cover it; CWF304 when a filter that cannot be read
 *   offline could be the one; CWF314 at the covering filter when it also
 *   matches events outside the rule; one CWF404 without a filter when no group has
 *   anything related to the rule.  cache may be NULL. */
void cwf_lint_coverage(const cwf_lint_file *files, size_t nfiles, const cwf_lint_filter *pats,
                       size_t npats, const cwf_bench_rule *const *rules, size_t nrules,
                       cwf_judge_cache *cache, cwf_lint_findings *out);

void cwf_lint_findings_free(cwf_lint_findings *f);

/* "filter NAME (resource RES)", "resource RES", or "the filter": how a
 * finding names a filter.  Malloc'd. */
char *cwf_lint_filter_label(const cwf_filter *flt);

#endif
