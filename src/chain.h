/* chain.h: the benchmark's monitoring chain (trail -> log group -> metric
 * filter -> alarm -> SNS topic -> subscription) as one model with one judge
 * (DESIGN.md, "One engine per question").  A reader builds the model: the
 * IaC reader of lint from Terraform and CloudFormation resources
 * (chain_iac.c); audit's sanity of an alarm from an export.  Every piece
 * and every value carries `where`, a handle that only the reader
 * understands (a place in a file); the judge hands it back in its
 * findings and never looks inside.
 *
 * A value is a literal, a reference the reader could not resolve (a
 * variable, a parameter, another stack's output), or absent.  What cannot
 * be resolved is unknown, never missing: a piece that may be defined
 * outside the files read (a topic ARN from a variable, a subscription made
 * by hand, an alarm in another stack) gives a CWF508 note, never an error. */
#ifndef CWF_CHAIN_H
#define CWF_CHAIN_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "prove.h"

/* A value: s NULL when absent; literal false when s is a reference or
 * expression as written. */
typedef struct cwf_chain_val {
    const char *s;
    bool literal;
    const void *where;
} cwf_chain_val;

/* A metric filter that covers the rule, and the metric it publishes. */
typedef struct cwf_chain_metric {
    const char *label;        /* "filter IAMChanges (resource aws_...)" */
    const void *where;        /* the filter's pattern */
    const char *scope;        /* its template or module (as an alarm's) */
    cwf_chain_val name, ns, value;
} cwf_chain_metric;

typedef struct cwf_chain_alarm {
    const char *name;         /* its AlarmName or resource, for messages */
    const void *where;        /* the resource */
    const char *scope;        /* where its references mean something: a
                                 template, a Terraform module's directory */
    cwf_chain_val metric, ns, stat, ext, op, threshold, periods, datapoints, missing,
        enabled;
    const cwf_chain_val *actions;
    size_t nactions;
    bool math;                /* watches a metric-math expression */
} cwf_chain_alarm;

typedef struct cwf_chain_topic {
    const char *name;         /* for messages */
    const void *where;
    const char *scope;        /* as the alarm's: the ids that are references
                                 name it only there */
    const char *const *ids;   /* the references and literal ARNs or names
                                 that denote it */
    size_t nids;
    size_t nsubs;             /* subscriptions inside it (CloudFormation) */
} cwf_chain_topic;

typedef struct cwf_chain_sub {
    const void *where;
    const char *scope;
    cwf_chain_val topic;
} cwf_chain_sub;

typedef struct cwf_chain_trail {
    const char *name;
    const void *where;
    cwf_chain_val multi, group, logging, mgmt, rw;
    bool advanced;            /* has advanced event selectors */
} cwf_chain_trail;

typedef struct cwf_chain {
    const cwf_chain_alarm *alarms;
    size_t nalarms;
    const cwf_chain_topic *topics;
    size_t ntopics;
    const cwf_chain_sub *subs;
    size_t nsubs;
    const cwf_chain_trail *trails;
    size_t ntrails;
} cwf_chain;

typedef struct cwf_chain_finding {
    cwf_rule_id rule;         /* CWF_R_AUDIT_* */
    cwf_severity severity;
    const void *where;        /* a handle of the model */
    char *message;
    char *notes[4];
    size_t nnotes;
} cwf_chain_finding;

typedef struct cwf_chain_findings {
    cwf_chain_finding *v;
    size_t n;
} cwf_chain_findings;

/* Steps 6 and 7 of rule r for the filters m[0..nm) that cover it: an alarm
 * on a filter's metric (CWF506 at an alarm that watches another metric, or
 * has no actions; a CWF508 note when no alarm in the model watches it, or it
 * names its metric or topic by a reference that is not resolved), the alarm's
 * sanity (CWF509, CWF510), its topic in the model and a subscription to it (a
 * CWF508 note when none: one made by hand would not show).  When one filter's
 * chain passes, nothing is appended; else the findings of the chain that
 * goes furthest. */
void cwf_chain_judge(const cwf_chain *c, const cwf_bench_rule *r, const cwf_chain_metric *m,
                     size_t nm, cwf_chain_findings *out);

/* Steps 1 to 4 over the trails of the model (nothing when it has none):
 * when no trail is multi-region, sends to a log group, is logging and
 * records all management events, the findings of the one that goes
 * furthest (CWF501 to CWF504; a CWF508 note for a value not resolved). */
void cwf_chain_trails(const cwf_chain *c, cwf_chain_findings *out);

/* The sanity of alarm a (CWF510: actions disabled; CWF509: it cannot fire
 * for a single event) given the value one event adds to the metric
 * (metric_value, "1" when NULL), appended to out. */
void cwf_chain_alarm_sanity(const cwf_chain_alarm *a, const char *metric_value,
                            cwf_chain_findings *out);

void cwf_chain_findings_free(cwf_chain_findings *f);

#endif
