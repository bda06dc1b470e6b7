/* audit.h: the CIS monitoring chain, audited offline from AWS CLI exports.
 *
 * The benchmark audits each of its metric-filter controls in seven steps:
 *   1 a trail with IsMultiRegionTrail true            (describe-trails)
 *   2 its CloudWatch Logs log group                   (CloudWatchLogsLogGroupArn)
 *   3 the trail is logging                            (get-trail-status)
 *   4 it records all management events                (get-event-selectors)
 *   5 a metric filter on that log group covers the control (describe-metric-filters
 *     and the prover)
 *   6 an alarm on the filter's metric notifies an SNS topic (describe-alarms)
 *   7 the topic has a confirmed subscription          (list-subscriptions-by-topic)
 *
 * A bundle is the raw JSON that those AWS CLI commands print (and the output
 * of sts get-caller-identity), in any number of files.  Each file is
 * recognised by its shape, never by its name.  Most objects name their account
 * and region in an ARN; what does not (a get-trail-status output, a metric
 * filter, an empty list) takes them from where it lies:
 *   account  the nearest path component of 12 digits; else the Account of a
 *            get-caller-identity output in the same directory or above; else
 *            the ARNs of the file, if they agree;
 *   region   the nearest path component shaped like a region; else the ARNs
 *            of the file, if they agree;
 *   object   get-trail-status: the TrailARN of the one get-event-selectors
 *            output in the same directory, else the directory .../trails/NAME/;
 *            an empty list-subscriptions-by-topic: .../topics/NAME/;
 *            an empty describe-metric-filters: .../log-groups/NAME/ (with "/"
 *            in NAME written %2F and "%" written %25).
 * An account or region that nothing names matches any.  cwfilter-collect
 * writes exactly this layout.
 *
 * Every step is judged pass, fail, or unknown; unknown means that an export
 * the step needs is missing (the step names the command that prints it) or
 * that the prover cannot decide.  Missing data never passes or fails a step. */
#ifndef CWF_AUDIT_H
#define CWF_AUDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "ast.h"
#include "diag.h"
#include "prove.h"
#include "util.h"

/* ---- the bundle ----------------------------------------------------------- */

/* The commands whose JSON output audit reads.  ORDER: export_names in
 * audit_read.c. */
typedef enum cwf_export_kind {
    CWF_EX_CALLER_IDENTITY, /* aws sts get-caller-identity */
    CWF_EX_TRAILS,          /* aws cloudtrail describe-trails */
    CWF_EX_TRAIL_STATUS,    /* aws cloudtrail get-trail-status --name T */
    CWF_EX_EVENT_SELECTORS, /* aws cloudtrail get-event-selectors --trail-name T */
    CWF_EX_METRIC_FILTERS,  /* aws logs describe-metric-filters --log-group-name G */
    CWF_EX_ALARMS,          /* aws cloudwatch describe-alarms */
    CWF_EX_SUBSCRIPTIONS,   /* aws sns list-subscriptions-by-topic --topic-arn T */
    CWF_EX_COUNT
} cwf_export_kind;

/* One export, read and checked.  The fields below doc are where it lies
 * (see above); "" when nothing says. */
typedef struct cwf_export {
    char *path;
    char *text;
    size_t len;
    cwf_export_kind kind;
    struct json_t *doc;     /* jansson; every field audit reads has its type */
    char *dir;              /* path up to the last "/" ("" for none) */
    char *account;
    char *region;
    char *object;           /* trail, topic or log group name, or "" */
} cwf_export;

typedef struct cwf_bundle {
    cwf_export *v;
    size_t n, cap;
    bool placed;            /* account, region, object worked out */
} cwf_bundle;

#define CWF_BUNDLE_INIT {0}

/* Reads one export: text[0..len) read from path.  The bundle copies both.
 * Returns false, with *err set to one malloc'd sentence (the caller prints
 * "cwfilter: PATH: sentence"), when the text is not JSON, not the output of a
 * command that audit reads, or holds a field of the wrong type. */
bool cwf_bundle_add(cwf_bundle *b, const char *path, const char *text, size_t len,
                    char **err);

/* Works out account, region and object of every export (idempotent; done
 * by cwf_audit_run). */
void cwf_bundle_place(cwf_bundle *b);

void cwf_bundle_free(cwf_bundle *b);

/* The parts of an ARN, arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE, as
 * slices of the string.  False if s is not shaped so. */
typedef struct cwf_arn {
    cwf_str partition, service, region, account, resource;
} cwf_arn;

bool cwf_arn_parse(const char *s, cwf_arn *out);

/* ---- the audit ------------------------------------------------------------ */

typedef enum cwf_audit_verdict {
    CWF_AUDIT_PASS,
    CWF_AUDIT_FAIL,
    CWF_AUDIT_UNKNOWN,     /* an export is missing, or the prover cannot decide */
    CWF_AUDIT_NOT_REACHED, /* steps only: an earlier failure left nothing to look at */
} cwf_audit_verdict;

/* "pass", "fail", "unknown", "not reached". */
const char *cwf_audit_verdict_name(cwf_audit_verdict v);

enum { CWF_AUDIT_STEPS = 7 };

/* A short name of step 1..7: "multi-region trail", "log group", ... */
const char *cwf_audit_step_name(int step);

/* Where evidence lies: a value inside an export.  file and text belong to
 * the bundle (valid while it lives); file is NULL when nothing was read. */
typedef struct cwf_audit_ref {
    const char *file;
    const char *text;      /* the whole export */
    size_t len;
    char *pointer;         /* RFC 6901 JSON pointer to the value, "" the whole */
    cwf_span span;         /* that value's bytes in text (an object or an
                              array: its opening brace only) */
} cwf_audit_ref;

typedef struct cwf_audit_step {
    cwf_audit_verdict verdict;
    char *text;            /* the evidence, or why the step fails */
    char *needs;           /* UNKNOWN from a missing export: the command that
                              prints it; else NULL */
    cwf_audit_ref ref;     /* the evidence, or for a missing export the
                              export that led there */
} cwf_audit_step;

typedef struct cwf_audit_note {
    cwf_rule_id rule;      /* CWF_R_AUDIT_* */
    cwf_severity severity;
    char *text;
    cwf_audit_ref ref;
} cwf_audit_note;

/* One benchmark control in one account. */
typedef struct cwf_audit_result {
    const cwf_bench_rule *rule;
    char *account;         /* 12 digits, or "" when no export names one */
    cwf_audit_verdict verdict;
    int step;              /* the first failing step (else the first unknown
                              one), 1..7; 0 on pass */
    cwf_rule_id diag;      /* the CWF_R_AUDIT_* id of that step */
    char *message;         /* one sentence: why it fails or cannot be judged;
                              on pass what carries the control */
    cwf_audit_step steps[CWF_AUDIT_STEPS]; /* steps[0] is step 1 */
    cwf_audit_note *notes;
    size_t nnotes;
    char **fix;            /* remediation: shell commands or # comments */
    size_t nfix;
} cwf_audit_result;

typedef struct cwf_audit {
    cwf_audit_result *v;   /* by account, then in the order of the rules */
    size_t n;
    cwf_audit_note *notes; /* about the bundle itself (an export that names
                              no object, ...) */
    size_t nnotes;
} cwf_audit;

#define CWF_AUDIT_INIT {0}

/* Audits the rules (all of cwf_bench_rules when nrules is 0) in every account
 * that the bundle lists trails for or names in get-caller-identity.  Fills
 * out (free with cwf_audit_free); the results refer into b, so b must outlive
 * out. */
void cwf_audit_run(cwf_bundle *b, const cwf_bench_rule *const *rules,
                   size_t nrules, cwf_audit *out);

/* How many results have verdict v. */
size_t cwf_audit_count(const cwf_audit *a, cwf_audit_verdict v);

void cwf_audit_free(cwf_audit *a);

/* ---- output --------------------------------------------------------------- */

/* The report for people: per account, per control the verdict, the sentence
 * and each step's evidence, then the notes. */
void cwf_audit_render_text(cwf_buf *out, const cwf_audit *a);

/* The report as JSON (version 1; the layout is in audit_render.c). */
void cwf_audit_render_json(cwf_buf *out, const cwf_audit *a);

/* The remediation as a POSIX shell script: the benchmark's AWS CLI commands
 * for everything that fails, filled in with the names found in the bundle,
 * each printed once, patterns in single quotes. */
void cwf_audit_render_fix(cwf_buf *out, const cwf_audit *a);

/* The byte span of the value at JSON pointer ptr in text[0..len).  False when
 * the text is not JSON that far or the pointer leads nowhere. */
bool cwf_json_locate(const char *text, size_t len, const char *ptr, cwf_span *out);

#endif
