/* fix_run.h: one fix run, the engine under `cwfilter fix`, `lint --fix`
 * and cwf_fix_job_* (cwfilter.h): host files read (walk.h, extract.h), the
 * proved fixes of their patterns (fix.h) planned one at a time and written
 * into the files' texts byte-exact (hostedit.h), coverage fixes for the
 * filter that comes closest on each log group (lint.h), alarms on another
 * metric than the covering filter's (chain_iac.h) edited in whichever file
 * holds them, and the atomic writes.  Nothing is printed: what a command
 * shows comes back as messages, problems, diffs and counts. */
#ifndef CWF_FIX_RUN_H
#define CWF_FIX_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "prove.h"
#include "diag.h"
#include "extract.h"
#include "lint_run.h"
#include "util.h"

/* One message about a file: a fix applied (fixed), or what could not be
 * done in place and what to do instead. */
typedef struct cwf_fix_msg {
    char *text;   /* may span lines; no final line break */
    bool fixed;
} cwf_fix_msg;

typedef struct cwf_fix_file {
    char *name;         /* as given or found by the walk */
    bool from_disk;     /* read from a file (not stdin, not a buffer) */
    cwf_buf orig, cur;  /* the text read, the text after the plan */
    cwf_extract x;      /* orig's, when it was read */
    cwf_extract cx;     /* findings only: the chain pass's (findings point
                           into it) */
    bool *want;         /* want[i * nrules + r]: filter i gets rule r */
    bool ok;            /* read and extracted */
    cwf_fix_msg *msgs;
    size_t nmsgs;
    char *diff;         /* after the plan: a unified diff, "" unchanged */
    bool changed, written;
} cwf_fix_file;

typedef enum cwf_fix_stat {
    CWF_FIXS_APPLIED,
    CWF_FIXS_MORE,
    CWF_FIXS_LEFT,
    CWF_FIXS_FILES,
    CWF_FIXS_BY_HAND,
    CWF_FIXS_ALARMS_BY_HAND,
    CWF_FIXS_N
} cwf_fix_stat;

typedef struct cwf_fix_run cwf_fix_run;

/* A new run: no rules, safe fixes only, fail on warnings. */
cwf_fix_run *cwf_fix_run_new(void);
/* Adds a rule whose coverage to fix (once). */
void cwf_fix_run_rule(cwf_fix_run *R, const cwf_bench_rule *r);
/* Options: unsafe fixes; select and ignore (copied, may be NULL); findings
 * only (no text changed: findings with their fixes, for a report); the
 * least severity a finding left counts at. */
void cwf_fix_run_options(cwf_fix_run *R, bool unsafe, const char *sel, const char *ign,
                         bool findings_only, cwf_severity fail_on);
/* Walks the paths and reads every file found (and the templates a CDK
 * manifest names inside its directory), each once; "-" is stdin. */
void cwf_fix_run_paths(cwf_fix_run *R, const char *const *paths, size_t n, bool follow);
/* Adds text[0..len) (copied) as the file name, never written; false when
 * it cannot be read as what its name says (a problem says why). */
bool cwf_fix_run_buffer(cwf_fix_run *R, const char *name, const char *text, size_t len);
/* Plans the fixes of every file; once. */
void cwf_fix_run_plan(cwf_fix_run *R);
/* Fixes one pattern (no file); the result is cwf_fix_run_pattern_text. */
void cwf_fix_run_pattern(cwf_fix_run *R, const char *text, size_t len);
const cwf_buf *cwf_fix_run_pattern_text(const cwf_fix_run *R);
/* Writes the changed files read from disk (atomically, refusing one that
 * changed since it was read); false when one could not be written. */
bool cwf_fix_run_apply(cwf_fix_run *R);

/* The files (each once, in the order read). */
size_t cwf_fix_run_nfiles(const cwf_fix_run *R);
const cwf_fix_file *cwf_fix_run_file(const cwf_fix_run *R, size_t i);
size_t cwf_fix_run_nproblems(const cwf_fix_run *R);
const cwf_lint_issue *cwf_fix_run_problem(const cwf_fix_run *R, size_t i);
/* One of the counts (s < CWF_FIXS_N). */
size_t cwf_fix_run_stat(const cwf_fix_run *R, cwf_fix_stat s);
/* After the plan: with findings only, the findings with their fixes, then
 * those lint reports that no fix addresses; otherwise the findings left,
 * what lint reports on the fixed texts (CWF_FIXS_LEFT counts those at or
 * above fail_on). */
const cwf_lint_item *cwf_fix_run_items(const cwf_fix_run *R, size_t *n);

void cwf_fix_run_free(cwf_fix_run *R);

#endif
