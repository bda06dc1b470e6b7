/* cwfilter_impl.h: what the files of the public API (cwfilter.c,
 * cwfilter_engines.c) share and no program sees: the parsed-pattern handle
 * and the translation of internal diagnostics into cwf_diagnostic views.
 * The CLI's reporter (report.c) reads a lint run through cwf_lint_run_of
 * and an audit's findings through cwf_audit_items. */
#ifndef CWF_CWFILTER_IMPL_H
#define CWF_CWFILTER_IMPL_H

#include "ast.h"
#include "cwfilter.h"
#include "diag.h"
#include "lint_run.h"

struct cwf_parsed {
    char *text;          /* a NUL-terminated copy */
    size_t len;
    cwf_arena arena;
    cwf_diags diags;
    cwf_pattern *p;      /* NULL after a syntax error */
    bool ok;
    char *ast, *canonical;
    cwf_diagnostic *views;
};

/* The public level of a severity. */
cwf_level cwf_api_level(cwf_severity s);

/* Appends views of d's diagnostics (which must outlive them), located in
 * text[0..len), to (*v)[*n..), growing *v. */
void cwf_api_views_add(cwf_diagnostic **v, size_t *n, const cwf_diags *d, const char *text,
                       size_t len);

/* Sets *v (and *dv, the diagnostics they point to) to the views of
 * items[0..n), which must outlive them; *nv their number. */
void cwf_api_finding_views(const cwf_lint_item *items, size_t n, cwf_finding **v,
                           cwf_diagnostic **dv, size_t *nv);

/* The findings of a planned fix job (findings only), with their fixes
 * (n receives their number). */
const cwf_lint_item *cwf_fix_job_items(const cwf_fix_job *j, size_t *n);

/* The findings of a judged audit, located (n receives their number). */
const cwf_lint_item *cwf_audit_items(const cwf_audit_job *a, size_t *n);

/* The run under a lint handle (never NULL for a handle). */
const cwf_lint_run *cwf_lint_run_of(const cwf_lint *l);

/* Sets the size of the pieces that `match -j N` cuts large lines files
 * into (4 MiB; at least 1), and the output that done pieces may hold
 * before a thread waits to start another (32 MiB): tests cut small files
 * and make threads wait with it. */
void cwf_match_job_set_piece(cwf_match_job *j, size_t piece, size_t hold);

#endif
