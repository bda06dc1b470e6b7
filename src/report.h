/* report.h: one diagnostic model, one reporter per output format.
 *
 * A report collects diagnostics from many sources (patterns inside host
 * files, exports read by audit), then writes them all in one format:
 *   text    gcc-style line, then the pattern with a caret (source.h)
 *           control characters in names and messages written \n, \x1b
 *           (the snippet shows them as spaces)
 *   json    {"version":1,"diagnostics":[{file,line,column,endLine,endColumn,
 *            severity,rule,name,message,notes,suggestion, ...}]}
 *   sarif   SARIF 2.1.0 as GitHub code scanning accepts it; a relative path
 *           is a relative URI reference against %SRCROOT% (the directory
 *           cwfilter ran in), any other a file:// URI
 *   github  workflow commands: ::error file=F,line=L,col=C,title=ID::msg,
 *           with %25, %0D, %0A (and %3A, %2C in properties) and the other
 *           control characters written \x1b */
#ifndef CWF_REPORT_H
#define CWF_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "diag.h"
#include "source.h"

/* The public handles these take (cwfilter.h; declared here so that the
 * reporter does not drag the public header into the internal modules). */
struct cwf_diagnostic;
struct cwf_lint;
struct cwf_audit_job;
struct cwf_fix_job;

typedef enum cwf_format {
    CWF_FMT_TEXT,
    CWF_FMT_JSON,
    CWF_FMT_SARIF,
    CWF_FMT_GITHUB,
} cwf_format;

/* Parses "text", "json", "sarif" or "github"; false if unknown. */
bool cwf_format_parse(const char *s, cwf_format *out);

typedef struct cwf_report cwf_report;

cwf_report *cwf_report_new(void);
/* Adds every diagnostic of d, located through src.  The report copies what
 * it keeps (src text, map, name; the diagnostics), so both may be freed
 * afterwards.  logical, if not NULL, names the place inside the file (a
 * resource, a log group, a filter name) for json and sarif.  src NULL:
 * the diagnostics are about no file (text "cwfilter: error: ...", json
 * file and line null, a sarif result without locations, a github
 * annotation without file). */
void cwf_report_add(cwf_report *r, const cwf_source *src, const char *logical,
                    const cwf_diags *d);
/* A proved fix of a diagnostic (fix.h), as host-file replacements. */
typedef struct cwf_report_repl {
    cwf_pos start, end;     /* the deleted region: end is just after it */
    const char *text;       /* the inserted content */
} cwf_report_repl;

/* Attaches a fix to diagnostic k of the entry added last: its title,
 * whether it is safe (else why not), and replacements in file.  json and
 * sarif carry it ("fixes"). */
void cwf_report_fix(cwf_report *r, size_t k, const char *title, bool safe, const char *why,
                    const char *file, const cwf_report_repl *repl, size_t n);

/* Writes everything in the format, in the order added.  color: text only.
 * False when out reports a write error (errno says why). */
bool cwf_report_write(const cwf_report *r, cwf_format f, FILE *out, bool color);
/* Appends a copy of a public diagnostic (cwfilter.h: a parsed pattern's, a
 * proof's, a query's) to d, for the reporters. */
void cwf_report_diag_copy(cwf_diags *d, const struct cwf_diagnostic *g);
/* Adds the findings of a judged lint run (cwf_lint_judge), each located in
 * its host file, in the run's order. */
void cwf_report_add_lint(cwf_report *r, const struct cwf_lint *l);
/* Adds the findings of a planned fix job (cwf_fix_job_set_findings_only),
 * each located in its file, with its fixes. */
void cwf_report_add_fix(cwf_report *r, const struct cwf_fix_job *j);
/* Adds the findings of a judged audit (cwf_audit_judge), located in the
 * exports. */
void cwf_report_add_audit(cwf_report *r, const struct cwf_audit_job *a);
/* How many diagnostics at or above a severity were added. */
size_t cwf_report_count(const cwf_report *r, cwf_severity at_least);
void cwf_report_free(cwf_report *r);

#endif
