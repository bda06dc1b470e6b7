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
/* Writes everything in the format, in the order added.  color: text only.
 * False when out reports a write error (errno says why). */
bool cwf_report_write(const cwf_report *r, cwf_format f, FILE *out, bool color);
/* cwf_render_text (source.h) with the control characters of the name, the
 * messages, notes and suggestions escaped, for text that goes to a
 * terminal or a CI log. */
void cwf_render_text_safe(cwf_buf *out, const cwf_source *s, const cwf_diags *d, bool color);
/* s with its control characters written as C does (\n, \x1b, \u009b),
 * malloc'd; for file names in messages.  NULL stays NULL. */
char *cwf_escape_controls(const char *s);
/* How many diagnostics at or above a severity were added. */
size_t cwf_report_count(const cwf_report *r, cwf_severity at_least);
void cwf_report_free(cwf_report *r);

#endif
