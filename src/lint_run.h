/* lint_run.h: one lint run, the engine under `cwfilter lint` and
 * cwf_lint_* (cwfilter.h): host files read by extract.h (from paths walked
 * by walk.h, or from buffers), each filter pattern parsed and validated,
 * suppressions in comments, Metadata and .cwfilter.yml, and, when rules
 * are given, coverage per log group through lint.h.  Findings come back in
 * the order a report shows them (per file: its filters, its repeated keys;
 * then coverage; then unused suppressions), problems (files that cannot be
 * read or used) as messages.  Nothing is printed. */
#ifndef CWF_LINT_RUN_H
#define CWF_LINT_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "extract.h"
#include "hostedit.h"
#include "prove.h"
#include "source.h"
#include "suppress.h"

typedef enum cwf_lint_config_mode {
    CWF_LINT_CFG_NONE,    /* no .cwfilter.yml */
    CWF_LINT_CFG_NEAREST, /* the nearest one above each file */
    CWF_LINT_CFG_FILE,    /* this one for every file */
} cwf_lint_config_mode;

/* One finding: diagnostics located through src (borrowed from the run),
 * named inside the file by logical (or NULL). */
typedef struct cwf_lint_item {
    cwf_source src;
    const char *logical;
    cwf_diags d;
    cwf_host_dfix *fixes; /* with cwf_lint_run_fixes: the proved fixes of d */
    size_t nfixes;
    bool nowhere;         /* about no file (src is empty) */
} cwf_lint_item;

/* A file that cannot be used, or one skipped: "F: reason". */
typedef struct cwf_lint_issue {
    char *text;
    bool error;          /* false: a skip, noted */
} cwf_lint_issue;

typedef struct cwf_lint_run cwf_lint_run;

/* A new run without rules, with no config (CWF_LINT_CFG_NONE). */
cwf_lint_run *cwf_lint_run_new(void);
/* The config mode; path for CWF_LINT_CFG_FILE (copied). */
void cwf_lint_run_config(cwf_lint_run *L, cwf_lint_config_mode mode, const char *path);
/* Adds a benchmark rule to judge coverage of (once). */
void cwf_lint_run_rule(cwf_lint_run *L, const cwf_bench_rule *r);
/* Whether each filter's findings carry their proved fixes (hostedit.h), as
 * replacements in the host file: for json and sarif reports. */
void cwf_lint_run_fixes(cwf_lint_run *L, bool on);
/* Walks the paths (walk.h; follow: symbolic links to directories), then
 * reads and lints every file found, and the templates a CDK manifest names
 * inside its own directory.  "-" is stdin. */
void cwf_lint_run_paths(cwf_lint_run *L, const char *const *paths, size_t n, bool follow);
/* Lints text[0..len) as the file name (its reader chosen by name and
 * content; a CDK manifest's templates are not read).  False when the
 * file cannot be read as what it claims (a problem says why). */
bool cwf_lint_run_buffer(cwf_lint_run *L, const char *name, const char *text, size_t len);
/* Coverage (when rules were given) and unused suppressions; once, after
 * the last file. */
void cwf_lint_run_finish(cwf_lint_run *L);

size_t cwf_lint_run_count(const cwf_lint_run *L);
const cwf_lint_item *cwf_lint_run_item(const cwf_lint_run *L, size_t i);
size_t cwf_lint_run_nproblems(const cwf_lint_run *L);
const cwf_lint_issue *cwf_lint_run_problem(const cwf_lint_run *L, size_t i);
/* Files read, filter patterns found in them, rules judged. */
size_t cwf_lint_run_nread(const cwf_lint_run *L);
size_t cwf_lint_run_nchecked(const cwf_lint_run *L);
size_t cwf_lint_run_nrules(const cwf_lint_run *L);

void cwf_lint_run_free(cwf_lint_run *L);

#endif
