/* chain.c: the judge of the monitoring chain over the model of chain.h.
 * It knows nothing of files, exports or IaC: values and their handles. */
#include "chain.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static bool eq(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

static cwf_chain_finding *add(cwf_chain_findings *out, cwf_rule_id rule, cwf_severity sev,
                              const void *where, const char *fmt, ...) CWF_PRINTF(5, 6);
static cwf_chain_finding *add(cwf_chain_findings *out, cwf_rule_id rule, cwf_severity sev,
                              const void *where, const char *fmt, ...)
{
    out->v = cwf_xrealloc(out->v, (out->n + 1) * sizeof *out->v);
    cwf_chain_finding *f = &out->v[out->n++];
    memset(f, 0, sizeof *f);
    f->rule = rule;
    f->severity = sev;
    f->where = where;
    va_list ap;
    va_start(ap, fmt);
    f->message = cwf_xvasprintf(fmt, ap);
    va_end(ap);
    return f;
}

static void note(cwf_chain_finding *f, const char *fmt, ...) CWF_PRINTF(2, 3);
static void note(cwf_chain_finding *f, const char *fmt, ...)
{
    if (f->nnotes == CWF_COUNT(f->notes))
        return;
    va_list ap;
    va_start(ap, fmt);
    f->notes[f->nnotes++] = cwf_xvasprintf(fmt, ap);
    va_end(ap);
}

static void finding_free(cwf_chain_finding *f)
{
    free(f->message);
    for (size_t i = 0; i < f->nnotes; i++)
        free(f->notes[i]);
}

void cwf_chain_findings_free(cwf_chain_findings *f)
{
    for (size_t i = 0; i < f->n; i++)
        finding_free(&f->v[i]);
    free(f->v);
    f->v = NULL;
    f->n = 0;
}

/* Moves the findings of src to the end of dst. */
static void take(cwf_chain_findings *dst, cwf_chain_findings *src)
{
    if (src->n) {
        dst->v = cwf_xrealloc(dst->v, (dst->n + src->n) * sizeof *dst->v);
        memcpy(dst->v + dst->n, src->v, src->n * sizeof *src->v);
        dst->n += src->n;
    }
    free(src->v);
    src->v = NULL;
    src->n = 0;
}

/* A literal number, or NAN. */
static double num(const cwf_chain_val *v)
{
    if (!v->s || !v->literal || !v->s[0])
        return NAN;
    char *end;
    double d = strtod(v->s, &end);
    return *end ? NAN : d;
}

/* ---- the alarm's sanity ------------------------------------------------------------ */

void cwf_chain_alarm_sanity(const cwf_chain_alarm *a, const char *metric_value,
                            cwf_chain_findings *out)
{
    const char *name = a->name ? a->name : "(unnamed)";
    if (a->enabled.s && a->enabled.literal && strcmp(a->enabled.s, "false") == 0)
        add(out, CWF_R_AUDIT_ACTIONS_OFF, CWF_WARNING, a->enabled.where,
            "alarm %s has its actions disabled (ActionsEnabled false): it changes state but "
            "notifies nobody", name);
    if (a->math)
        return; /* metric math: the expression decides */
    const char *stat = a->stat.literal ? a->stat.s : NULL;
    const char *ext = a->ext.literal ? a->ext.s : NULL;
    if (ext || (stat && !eq(stat, "Sum") && !eq(stat, "SampleCount")))
        add(out, CWF_R_AUDIT_ALARM_FIRE, CWF_WARNING, ext ? a->ext.where : a->stat.where,
            "alarm %s uses the statistic %s, not Sum or SampleCount, so it does not count "
            "the events", name, ext ? ext : stat);
    /* What one event adds to the statistic. */
    double one = NAN;
    if (eq(stat, "SampleCount")) {
        one = 1;
    } else if (eq(stat, "Sum") && metric_value && metric_value[0]) {
        char *end;
        one = strtod(metric_value, &end);
        if (*end != '\0')
            one = NAN;
    }
    const char *op = a->op.literal ? a->op.s : NULL;
    double th = num(&a->threshold);
    if (op && (strncmp(op, "LessThan", 8) == 0 || strstr(op, "UpperThreshold"))) {
        add(out, CWF_R_AUDIT_ALARM_FIRE, CWF_WARNING, a->op.where,
            "alarm %s compares the wrong way for counting events (%s)%s", name, op,
            strstr(op, "Upper") || strstr(op, "Lower") ? ": it watches an anomaly band" : "");
    } else if (op && !isnan(one) && !isnan(th) &&
               ((eq(op, "GreaterThanOrEqualToThreshold") && one < th) ||
                (eq(op, "GreaterThanThreshold") && one <= th))) {
        add(out, CWF_R_AUDIT_ALARM_FIRE, CWF_WARNING, a->threshold.where,
            "alarm %s cannot fire for a single event: one event makes the %s %g, and the "
            "alarm needs %s %g (%s)", name, stat, one,
            eq(op, "GreaterThanThreshold") ? "more than" : "at least", th, op);
    }
    double dp = num(&a->datapoints);
    if (isnan(dp))
        dp = num(&a->periods);
    if (isnan(dp))
        dp = 1;
    if (dp > 1 && !(a->missing.literal && eq(a->missing.s, "breaching")))
        add(out, CWF_R_AUDIT_ALARM_FIRE, CWF_WARNING,
            a->datapoints.s ? a->datapoints.where : a->periods.where,
            "alarm %s needs %g breaching datapoints, and a single event gives one", name, dp);
}

/* ---- steps 6 and 7 ----------------------------------------------------------------- */

/* Whether value v names something known by ids[0..n): as written, or a
 * literal ARN whose last part is one of them. */
static bool named(const cwf_chain_val *v, const char *const *ids, size_t n)
{
    const char *tail = v->s && v->literal && strncmp(v->s, "arn:", 4) == 0 ? strrchr(v->s, ':')
                                                                          : NULL;
    for (size_t i = 0; v->s && i < n; i++)
        if (strcmp(v->s, ids[i]) == 0 || (tail && strcmp(tail + 1, ids[i]) == 0))
            return true;
    return false;
}

/* Whether a reference made in scope a may name a piece of scope b: a
 * literal names anything, a reference only within its scope. */
static bool in_scope(const cwf_chain_val *v, const char *a, const char *b)
{
    return v->literal || !a || !b || strcmp(a, b) == 0;
}

/* The topic an action of an alarm in scope names, or NULL. */
static const cwf_chain_topic *topic_of(const cwf_chain *c, const cwf_chain_val *act,
                                       const char *scope)
{
    for (size_t i = 0; i < c->ntopics; i++)
        if (in_scope(act, scope, c->topics[i].scope) &&
            named(act, c->topics[i].ids, c->topics[i].nids))
            return &c->topics[i];
    return NULL;
}

static bool sns_arn(const char *s)
{
    return s && strncmp(s, "arn:", 4) == 0 && strstr(s, ":sns:");
}

/* Outcomes of a branch, best first. */
enum { PASS, UNKNOWN, FAIL };

/* Step 7 for topic t: 0 or the findings of its branch. */
static int step7(const cwf_chain *c, const cwf_chain_topic *t, cwf_chain_findings *out)
{
    if (t->nsubs)
        return PASS;
    for (size_t i = 0; i < c->nsubs; i++)
        if (in_scope(&c->subs[i].topic, c->subs[i].scope, t->scope) &&
            named(&c->subs[i].topic, t->ids, t->nids))
            return PASS;
    cwf_chain_finding *f = add(out, CWF_R_AUDIT_UNKNOWN, CWF_NOTE, t->where,
                               "topic %s has no subscription in the linted files", t->name);
    note(f, "a subscription made by hand or in another stack would not show here (email "
            "subscriptions cannot be confirmed from IaC): check with aws sns "
            "list-subscriptions-by-topic");
    return UNKNOWN;
}

/* Steps 6 (actions) and 7 for alarm a on metric `metric`. */
static int alarm_branch(const cwf_chain *c, const cwf_chain_alarm *a, const char *metric,
                        cwf_chain_findings *out)
{
    const char *name = a->name ? a->name : "(unnamed)";
    if (a->nactions == 0) {
        add(out, CWF_R_AUDIT_ALARM, CWF_ERROR, a->where,
            "alarm %s on metric %s has no alarm actions", name, metric);
        return FAIL;
    }
    int best = FAIL + 1;
    cwf_chain_findings keep = {0};
    size_t ntopics = 0;
    for (size_t i = 0; i < a->nactions && best != PASS; i++) {
        const cwf_chain_val *act = &a->actions[i];
        cwf_chain_findings cand = {0};
        int r;
        const cwf_chain_topic *t = topic_of(c, act, a->scope);
        if (t) {
            r = step7(c, t, &cand);
        } else if (act->literal && act->s && !sns_arn(act->s)) {
            continue; /* an Auto Scaling or SSM action: not a topic */
        } else {
            cwf_chain_finding *f = add(&cand, CWF_R_AUDIT_UNKNOWN, CWF_NOTE, act->where,
                                       "alarm %s notifies `%s`, which is not defined in the "
                                       "linted files", name, act->s ? act->s : "?");
            note(f, "cwfilter cannot follow it to a topic and its subscriptions: lint the "
                    "files that define it too, or audit the account (cwfilter audit)");
            r = UNKNOWN;
        }
        ntopics++;
        if (r < best) {
            cwf_chain_findings_free(&keep);
            keep = cand;
            best = r;
        } else {
            cwf_chain_findings_free(&cand);
        }
    }
    if (!ntopics) {
        add(out, CWF_R_AUDIT_ALARM, CWF_ERROR, a->actions[0].where,
            "alarm %s on metric %s notifies no SNS topic (its actions: %s)", name, metric,
            a->actions[0].s ? a->actions[0].s : "?");
        return FAIL;
    }
    take(out, &keep);
    return best;
}

/* How likely alarm a was meant for metric m: 2 it watches the metric's
 * name in another namespace, 1 its own name holds the metric's; else 0. */
static int near_miss(const cwf_chain_alarm *a, const cwf_chain_metric *m)
{
    if (a->metric.literal && eq(a->metric.s, m->name.s))
        return 2;
    return a->name && m->name.s && strstr(a->name, m->name.s) ? 1 : 0;
}

/* Steps 6 and 7 for one filter's metric. */
static int metric_branch(const cwf_chain *c, const cwf_chain_metric *m, cwf_chain_findings *out)
{
    if (!m->name.s) {
        /* IaC requires one: what cannot be read (a dynamic block) is unknown */
        cwf_chain_finding *f = add(out, CWF_R_AUDIT_UNKNOWN, CWF_NOTE, m->where,
                                   "cwfilter cannot read the metric that %s publishes",
                                   m->label);
        note(f, "lint the plan (terraform show -json) or audit the account (cwfilter audit)");
        return UNKNOWN;
    }
    if (!m->name.literal || (m->ns.s && !m->ns.literal)) {
        const cwf_chain_val *v = !m->name.literal ? &m->name : &m->ns;
        cwf_chain_finding *f = add(out, CWF_R_AUDIT_UNKNOWN, CWF_NOTE, v->where,
                                   "the metric that %s publishes depends on `%s`, which cannot "
                                   "be resolved offline", m->label, v->s);
        note(f, "cwfilter cannot tell which alarm watches it: lint the plan "
                "(terraform show -json) or audit the account (cwfilter audit)");
        return UNKNOWN;
    }
    char metric[600];
    snprintf(metric, sizeof metric, "%s/%s", m->ns.s ? m->ns.s : "?", m->name.s);
    int best = FAIL + 1;
    cwf_chain_findings keep = {0};
    const cwf_chain_alarm *unresolved = NULL, *near = NULL;
    int nearq = 0;
    /* The alarms of the filter's own template or module first; an alarm
     * there evidently meant for the metric (a near miss) is the miswiring,
     * even when another stack's alarm watches the metric. */
    for (int pass = 0; pass < 2 && !near; pass++) {
        for (size_t i = 0; i < c->nalarms && best != PASS; i++) {
            const cwf_chain_alarm *a = &c->alarms[i];
            bool mine = !a->scope || !m->scope || strcmp(a->scope, m->scope) == 0;
            if (mine != (pass == 0))
                continue;
            bool on_name = a->metric.literal && eq(a->metric.s, m->name.s);
            bool on_ns = !a->ns.literal || !m->ns.s || eq(a->ns.s, m->ns.s);
            if (!(on_name && on_ns)) {
                if (a->metric.s && !a->metric.literal && !unresolved)
                    unresolved = a;
                int q = pass == 0 ? near_miss(a, m) : 0;
                if (q > nearq) {
                    near = a;
                    nearq = q;
                }
                continue;
            }
            cwf_chain_findings cand = {0};
            int r = alarm_branch(c, a, metric, &cand);
            cwf_chain_alarm_sanity(a, m->value.s && m->value.literal ? m->value.s : NULL, &cand);
            if (r < best) {
                cwf_chain_findings_free(&keep);
                keep = cand;
                best = r;
            } else {
                cwf_chain_findings_free(&cand);
            }
        }
        if (best <= FAIL) {
            take(out, &keep);
            return best;
        }
    }
    if (near) {
        cwf_chain_finding *f = add(out, CWF_R_AUDIT_ALARM, CWF_ERROR, near->metric.where,
                                   "alarm %s watches %s/%s, not %s, the metric that %s publishes",
                                   near->name ? near->name : "(unnamed)",
                                   near->ns.s ? near->ns.s : "?",
                                   near->metric.s ? near->metric.s : "?", metric, m->label);
        note(f, "no alarm watches %s, so the events that the filter counts alert nobody",
             metric);
        return FAIL;
    }
    if (unresolved) {
        cwf_chain_finding *f = add(out, CWF_R_AUDIT_UNKNOWN, CWF_NOTE, unresolved->metric.where,
                                   "alarm %s names its metric by `%s`, which cannot be resolved "
                                   "offline: cwfilter cannot tell whether it watches %s",
                                   unresolved->name ? unresolved->name : "(unnamed)",
                                   unresolved->metric.s, metric);
        note(f, "lint the plan (terraform show -json) or audit the account (cwfilter audit)");
        return UNKNOWN;
    }
    cwf_chain_finding *f = add(out, CWF_R_AUDIT_UNKNOWN, CWF_NOTE, m->name.where,
                               "no alarm in the linted files watches metric %s, which %s "
                               "publishes", metric, m->label);
    note(f, "an alarm in another stack or made by hand would not show here: lint its files "
            "too, or audit the account (cwfilter audit)");
    return UNKNOWN;
}

void cwf_chain_judge(const cwf_chain *c, const cwf_bench_rule *r, const cwf_chain_metric *m,
                     size_t nm, cwf_chain_findings *out)
{
    (void)r;
    int best = FAIL + 1;
    cwf_chain_findings keep = {0};
    for (size_t i = 0; i < nm; i++) {
        cwf_chain_findings cand = {0};
        int v = metric_branch(c, &m[i], &cand);
        if (v < best) {
            cwf_chain_findings_free(&keep);
            keep = cand;
            best = v;
        } else {
            cwf_chain_findings_free(&cand);
        }
    }
    take(out, &keep);
}

/* ---- steps 1 to 4 ------------------------------------------------------------------- */

/* Judges one trail; returns the first step that does not pass (5: all do),
 * and an unknown one as a half step later. */
static int trail_steps(const cwf_chain_trail *t, cwf_chain_findings *out)
{
    const char *name = t->name ? t->name : "(unnamed)";
    if (t->multi.s && !t->multi.literal) {
        add(out, CWF_R_AUDIT_UNKNOWN, CWF_NOTE, t->multi.where,
            "whether trail %s is multi-region depends on `%s`, which cannot be resolved offline",
            name, t->multi.s);
    } else if (!eq(t->multi.s, "true")) {
        cwf_chain_finding *f = add(out, CWF_R_AUDIT_TRAIL, CWF_ERROR,
                                   t->multi.s ? t->multi.where : t->where,
                                   "trail %s is single-region", name);
        note(f, "the benchmark's alarms need a multi-region trail, so that calls in every "
                "region reach the log group");
        return 1;
    }
    if (!t->group.s) {
        add(out, CWF_R_AUDIT_LOG_GROUP, CWF_ERROR, t->where,
            "trail %s sends its events to no CloudWatch Logs log group", name);
        return 2;
    }
    if (t->logging.s && t->logging.literal && eq(t->logging.s, "false")) {
        add(out, CWF_R_AUDIT_LOGGING, CWF_ERROR, t->logging.where,
            "trail %s is not logging", name);
        return 3;
    }
    if (t->mgmt.s && t->mgmt.literal && eq(t->mgmt.s, "false")) {
        add(out, CWF_R_AUDIT_MGMT_EVENTS, CWF_ERROR, t->mgmt.where,
            "trail %s does not record management events", name);
        return 4;
    }
    if (t->rw.s && t->rw.literal && !eq(t->rw.s, "All")) {
        add(out, CWF_R_AUDIT_MGMT_EVENTS, CWF_ERROR, t->rw.where,
            "trail %s records only %s management events, not All", name, t->rw.s);
        return 4;
    }
    return 5;
}

void cwf_chain_trails(const cwf_chain *c, cwf_chain_findings *out)
{
    int best = -1;
    cwf_chain_findings keep = {0};
    for (size_t i = 0; i < c->ntrails; i++) {
        cwf_chain_findings cand = {0};
        int step = trail_steps(&c->trails[i], &cand);
        if (step == 5 && cand.n == 0) {
            cwf_chain_findings_free(&cand);
            cwf_chain_findings_free(&keep);
            return;
        }
        if (step > best) {
            cwf_chain_findings_free(&keep);
            keep = cand;
            best = step;
        } else {
            cwf_chain_findings_free(&cand);
        }
    }
    take(out, &keep);
}
