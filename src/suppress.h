/* suppress.h: suppressions (the .cwfilter.yml that holds them for files
 * without comments is read by suppress_config.h).
 *
 * A suppression silences one rule (by id or name, or "all") for one filter,
 * for every filter of a file, or, from a config file, for the filters that
 * match its keys (path, resource, filter name, log group).  Three sources:
 *   # cwfilter-ignore: CWF210, CWF211 -- reason     YAML and HCL comments
 *   Metadata: {cwfilter: {ignore: [{id, reason}]}}  CloudFormation
 *   .cwfilter.yml (nearest one walking up from the linted file):
 *     ignore:
 *       - id: CWF211
 *         path: exports/x-*.json     fnmatch(3) relative to the config's
 *                                   directory; "dir/" matches below it
 *         filter: HTTP404Errors     filter name
 *         resource: module.app.aws_cloudwatch_log_metric_filter.errors
 *         log_group: /aws/cloudtrail
 *         reason: why
 * Each suppression remembers where it was written (a one-line source with a
 * map into its file) so that an unused one can be reported there (CWF402). */
#ifndef CWF_SUPPRESS_H
#define CWF_SUPPRESS_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "source.h"

/* Targets of a suppression read from a host file. */
#define CWF_SUP_FILE ((size_t)-1) /* every filter of the file */
#define CWF_SUP_NONE ((size_t)-2) /* a directive followed by no filter */

typedef enum cwf_sup_origin {
    CWF_SUP_COMMENT,  /* # cwfilter-ignore: (YAML, HCL), "//" in .tf.json */
    CWF_SUP_METADATA, /* CloudFormation Metadata */
    CWF_SUP_CONFIG,   /* .cwfilter.yml */
} cwf_sup_origin;

typedef struct cwf_suppression {
    cwf_sup_origin origin;
    char *id;          /* as written: "CWF210", "infix-wildcard", "all" */
    char *reason;      /* or NULL */
    cwf_source where;  /* the directive or entry, mapped into its file
                          (text and map owned, name borrowed) */
    cwf_span span;     /* the id within where.text */
    size_t target;     /* host files: filter index, CWF_SUP_FILE or _NONE */
    /* CWF_SUP_CONFIG: keys that must all match (NULL: any); base is the
     * config file's directory, absolute. */
    char *path, *resource, *filter, *log_group, *base;
    size_t used;       /* how many diagnostics it silenced */
} cwf_suppression;

typedef struct cwf_suppressions {
    cwf_suppression *v;
    size_t n, cap;
} cwf_suppressions;

/* Appends a zeroed suppression and returns it (valid until the next add). */
cwf_suppression *cwf_sup_add(cwf_suppressions *s);
void cwf_sups_free(cwf_suppressions *s);

/* Whether id (a rule id or name, case-insensitive, or "all") names rule. */
bool cwf_sup_names(const char *id, cwf_rule_id rule);
/* Whether id names any rule at all ("all" included). */
bool cwf_sup_known(const char *id);

/* Parses the directive in a comment: text[0..len) is the comment without
 * its marker ("#", "//", "/ *"); host_pos[i] is the position of byte i in
 * the file (len + 1 entries).  If it is a cwfilter-ignore directive,
 * appends one suppression per id with the given origin and target and
 * returns true; otherwise returns false and appends nothing. */
bool cwf_sup_directive(const char *text, size_t len, const cwf_pos *host_pos,
                       const char *file, size_t target, cwf_suppressions *out);

#endif
