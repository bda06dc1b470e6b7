/* chain_iac.c: the model of chain.h from Terraform and CloudFormation
 * resources (chain_iac.h).  Terraform and CloudFormation name the same
 * things differently; a table gives each field of the model its attribute
 * in both. */
#include "chain_iac.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

struct cwf_chain_iac {
    cwf_chain c;
    cwf_chain_alarm *alarms;
    cwf_chain_topic *topics;
    cwf_chain_sub *subs;
    cwf_chain_trail *trails;
    char **strs;          /* owned strings the model points at */
    size_t nstrs;
    const cwf_extract *const *xs;
    size_t nxs;
};

static const char *keep(cwf_chain_iac *m, char *s)
{
    m->strs = cwf_xrealloc(m->strs, (m->nstrs + 1) * sizeof *m->strs);
    m->strs[m->nstrs++] = s;
    return s;
}

static const cwf_xattr *attr(const cwf_xres *r, const char *key)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->v[i].key, key) == 0)
            return &r->v[i];
    return NULL;
}

static bool is_tf(const cwf_xres *r)
{
    return strncmp(r->type, "aws_", 4) == 0;
}

/* Where the references of a resource of x mean something: the template
 * (CloudFormation), the module's directory (Terraform). */
static const char *scope_of(cwf_chain_iac *m, const cwf_extract *x, const cwf_xres *r)
{
    const char *path = x->path ? x->path : "";
    if (!is_tf(r))
        return path;
    const char *slash = strrchr(path, '/');
    char *dir = slash ? cwf_xstrndup(path, (size_t)(slash - path)) : cwf_xstrdup(".");
    for (size_t i = 0; i < m->nstrs; i++)
        if (strcmp(m->strs[i], dir) == 0) {
            free(dir);
            return m->strs[i];
        }
    return keep(m, dir);
}

/* The value of the attribute named tf (Terraform) or cfn (CloudFormation). */
static cwf_chain_val val(const cwf_xres *r, const char *tf, const char *cfn)
{
    const cwf_xattr *a = attr(r, is_tf(r) ? tf : cfn);
    if (!a)
        return (cwf_chain_val){NULL, false, &r->head};
    return (cwf_chain_val){a->value, a->literal, a};
}

static bool has_prefix(const cwf_xres *r, const char *prefix)
{
    size_t n = strlen(prefix);
    for (size_t i = 0; i < r->n; i++)
        if (strncmp(r->v[i].key, prefix, n) == 0)
            return true;
    return false;
}

/* The name to show: a literal name attribute, else the resource. */
static const char *shown(const cwf_xres *r, const char *tf, const char *cfn)
{
    cwf_chain_val v = val(r, tf, cfn);
    return v.s && v.literal ? v.s : r->name;
}

/* The metric-filter resource whose attribute a Terraform reference names:
 * "aws_cloudwatch_log_metric_filter.x.metric_transformation[0].name" and
 * the like.  Fills *field with the rest ("metric_transformation[0].name"). */
static const cwf_xres *filter_ref(const cwf_chain_iac *m, const char *s, const char **field)
{
    static const char pre[] = "aws_cloudwatch_log_metric_filter.";
    if (!s || strncmp(s, pre, sizeof pre - 1) != 0)
        return NULL;
    for (size_t f = 0; f < m->nxs; f++)
        for (size_t i = 0; m->xs[f] && i < m->xs[f]->nres; i++) {
            const cwf_xres *r = &m->xs[f]->res[i];
            size_t n = strlen(r->name);
            if (strncmp(s, r->name, n) == 0 && s[n] == '.') {
                *field = s + n + 1;
                return r;
            }
        }
    return NULL;
}

/* A reference to a metric filter's attribute, resolved to that attribute's
 * value when it is literal (the place stays the reference's). */
static cwf_chain_val resolve(const cwf_chain_iac *m, cwf_chain_val v)
{
    const char *field;
    const cwf_xres *f = v.literal ? NULL : filter_ref(m, v.s, &field);
    if (!f)
        return v;
    const cwf_xattr *a = NULL;
    if (strcmp(field, "metric_transformation[0].name") == 0 ||
        strcmp(field, "metric_transformation.0.name") == 0)
        a = attr(f, "metric_transformation.name");
    else if (strcmp(field, "metric_transformation[0].namespace") == 0 ||
             strcmp(field, "metric_transformation.0.namespace") == 0)
        a = attr(f, "metric_transformation.namespace");
    else if (strcmp(field, "name") == 0 || strcmp(field, "id") == 0)
        a = attr(f, "name");
    if (a && a->literal)
        v.s = a->value, v.literal = true;
    return v;
}

static void alarm(cwf_chain_iac *m, const cwf_xres *r, cwf_chain_alarm *a)
{
    a->name = shown(r, "alarm_name", "AlarmName");
    a->where = &r->head;
    a->metric = resolve(m, val(r, "metric_name", "MetricName"));
    a->ns = resolve(m, val(r, "namespace", "Namespace"));
    a->stat = val(r, "statistic", "Statistic");
    a->ext = val(r, "extended_statistic", "ExtendedStatistic");
    a->op = val(r, "comparison_operator", "ComparisonOperator");
    a->threshold = val(r, "threshold", "Threshold");
    a->periods = val(r, "evaluation_periods", "EvaluationPeriods");
    a->datapoints = val(r, "datapoints_to_alarm", "DatapointsToAlarm");
    a->missing = val(r, "treat_missing_data", "TreatMissingData");
    a->enabled = val(r, "actions_enabled", "ActionsEnabled");
    a->math = has_prefix(r, is_tf(r) ? "metric_query" : "Metrics");
    const char *key = is_tf(r) ? "alarm_actions." : "AlarmActions.";
    size_t kn = strlen(key), n = 0;
    cwf_chain_val *acts = NULL;
    for (size_t i = 0; i < r->n; i++)
        if (strncmp(r->v[i].key, key, kn) == 0 && !strchr(r->v[i].key + kn, '.')) {
            acts = cwf_xrealloc(acts, (n + 1) * sizeof *acts);
            acts[n++] = (cwf_chain_val){r->v[i].value, r->v[i].literal, &r->v[i]};
        }
    a->actions = acts;
    a->nactions = n;
}

static void topic(cwf_chain_iac *m, const cwf_xres *r, cwf_chain_topic *t)
{
    t->name = shown(r, "name", "TopicName");
    t->where = &r->head;
    const char **ids = cwf_xcalloc(3, sizeof *ids);
    size_t n = 0;
    if (is_tf(r)) {
        ids[n++] = keep(m, cwf_xasprintf("%s.arn", r->name));
        ids[n++] = keep(m, cwf_xasprintf("%s.id", r->name));
    } else {
        ids[n++] = keep(m, cwf_xasprintf("!Ref %s", r->name));
        ids[n++] = keep(m, cwf_xasprintf("!GetAtt %s.TopicArn", r->name));
    }
    cwf_chain_val nm = val(r, "name", "TopicName");
    if (nm.s && nm.literal)
        ids[n++] = nm.s;
    t->ids = ids;
    t->nids = n;
    for (size_t i = 0; !is_tf(r) && i < r->n; i++)
        if (strncmp(r->v[i].key, "Subscription.", 13) == 0 && strstr(r->v[i].key, ".Protocol"))
            t->nsubs++;
}

static void trail(const cwf_xres *r, cwf_chain_trail *t)
{
    t->name = shown(r, "name", "TrailName");
    t->where = &r->head;
    t->multi = val(r, "is_multi_region_trail", "IsMultiRegionTrail");
    t->group = val(r, "cloud_watch_logs_group_arn", "CloudWatchLogsLogGroupArn");
    t->logging = val(r, "enable_logging", "IsLogging");
    t->mgmt = val(r, "event_selector.include_management_events",
                  "EventSelectors.0.IncludeManagementEvents");
    t->rw = val(r, "event_selector.read_write_type", "EventSelectors.0.ReadWriteType");
    t->advanced = has_prefix(r, is_tf(r) ? "advanced_event_selector" : "AdvancedEventSelectors");
}

cwf_chain_iac *cwf_chain_iac_build(const cwf_extract *const *xs, size_t n)
{
    cwf_chain_iac *m = cwf_xcalloc(1, sizeof *m);
    m->xs = xs;
    m->nxs = n;
    size_t total = 0;
    for (size_t f = 0; f < n; f++)
        total += xs[f] ? xs[f]->nres : 0;
    m->alarms = cwf_xcalloc(total + 1, sizeof *m->alarms);
    m->topics = cwf_xcalloc(total + 1, sizeof *m->topics);
    m->subs = cwf_xcalloc(total + 1, sizeof *m->subs);
    m->trails = cwf_xcalloc(total + 1, sizeof *m->trails);
    cwf_chain *c = &m->c;
    for (size_t f = 0; f < n; f++)
        for (size_t i = 0; xs[f] && i < xs[f]->nres; i++) {
            const cwf_xres *r = &xs[f]->res[i];
            const char *t = r->type;
            if (!strcmp(t, "aws_cloudwatch_metric_alarm") || !strcmp(t, "AWS::CloudWatch::Alarm")) {
                alarm(m, r, &m->alarms[c->nalarms]);
                m->alarms[c->nalarms++].scope = scope_of(m, xs[f], r);
            } else if (!strcmp(t, "aws_sns_topic") || !strcmp(t, "AWS::SNS::Topic")) {
                topic(m, r, &m->topics[c->ntopics]);
                m->topics[c->ntopics++].scope = scope_of(m, xs[f], r);
            } else if (!strcmp(t, "aws_sns_topic_subscription") ||
                       !strcmp(t, "AWS::SNS::Subscription")) {
                m->subs[c->nsubs++] = (cwf_chain_sub){&r->head, scope_of(m, xs[f], r),
                                                      val(r, "topic_arn", "TopicArn")};
            } else if (!strcmp(t, "aws_cloudtrail") || !strcmp(t, "AWS::CloudTrail::Trail")) {
                trail(r, &m->trails[c->ntrails++]);
            }
        }
    c->alarms = m->alarms;
    c->topics = m->topics;
    c->subs = m->subs;
    c->trails = m->trails;
    return m;
}

const cwf_chain *cwf_chain_iac_model(const cwf_chain_iac *m)
{
    return &m->c;
}

bool cwf_chain_iac_metric(cwf_chain_iac *m, const cwf_extract *x, const cwf_filter *flt,
                          const char *label, cwf_chain_metric *out)
{
    /* by name (resource address, logical id); else, for a CDK construct
     * path, by the line the resource starts on */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < x->nres; i++) {
            const cwf_xres *r = &x->res[i];
            if (strcmp(r->type, "aws_cloudwatch_log_metric_filter") != 0 &&
                strcmp(r->type, "AWS::Logs::MetricFilter") != 0)
                continue;
            if (pass == 0 ? !flt->resource || strcmp(flt->resource, r->name) != 0
                          : r->head.src.map[0].line != flt->line_first)
                continue;
            memset(out, 0, sizeof *out);
            out->label = label;
            out->where = &r->head;
            out->scope = scope_of(m, x, r);
            out->name = val(r, "metric_transformation.name", "MetricTransformations.0.MetricName");
            out->ns = val(r, "metric_transformation.namespace",
                          "MetricTransformations.0.MetricNamespace");
            out->value = val(r, "metric_transformation.value",
                             "MetricTransformations.0.MetricValue");
            return true;
        }
    return false;
}

void cwf_chain_iac_rule(cwf_chain_iac *m, const cwf_bench_rule *r, const cwf_chain_iac_filter *fs,
                        size_t n, cwf_judge_cache *cache, cwf_chain_findings *out,
                        cwf_chain_iac_group_fn *each, void *ctx)
{
    cwf_chain_metric *ms = cwf_xcalloc(n + 1, sizeof *ms);
    cwf_chain_metric *same = cwf_xcalloc(n + 1, sizeof *same);
    char **groups = cwf_xcalloc(n + 1, sizeof *groups);
    bool *done = cwf_xcalloc(n + 1, sizeof *done);
    size_t nm = 0;
    for (size_t i = 0; i < n; i++) {
        const cwf_filter *flt = fs[i].f;
        if (!fs[i].ast)
            continue;
        cwf_judge_rule jr = {r, NULL, NULL};
        cwf_judge_filter jf = {fs[i].ast, flt->src.text, flt->src.len, false, 0};
        if (!cwf_judge_may_cover(cache, &jr, &jf))
            continue; /* it misses a witness event: it cannot cover */
        cwf_judgement j;
        cwf_verdict v = cwf_judge(&jr, &jf, 1, CWF_EXPLAIN_NEVER, cache, &j);
        cwf_judgement_free(&j);
        if (v != CWF_COVERS || !cwf_chain_iac_metric(m, fs[i].x, flt, fs[i].label, &ms[nm]))
            continue;
        /* the log group: a name, or a reference within its file */
        groups[nm++] = cwf_xasprintf("%s\n%s", flt->log_group ? flt->log_group : "",
                                     flt->log_group_ref || !flt->log_group ? fs[i].x->path : "");
    }
    for (size_t i = 0; i < nm; i++) {
        if (done[i])
            continue;
        size_t ns = 0, first = out->n;
        for (size_t k = i; k < nm; k++)
            if (!done[k] && strcmp(groups[i], groups[k]) == 0) {
                done[k] = true;
                same[ns++] = ms[k];
            }
        cwf_chain_judge(cwf_chain_iac_model(m), r, same, ns, out);
        if (each)
            each(ctx, same, ns, out, first);
    }
    for (size_t i = 0; i < nm; i++)
        free(groups[i]);
    free(groups);
    free(done);
    free(same);
    free(ms);
}

void cwf_chain_iac_free(cwf_chain_iac *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->c.nalarms; i++)
        free((void *)m->alarms[i].actions);
    for (size_t i = 0; i < m->c.ntopics; i++)
        free((void *)m->topics[i].ids);
    for (size_t i = 0; i < m->nstrs; i++)
        free(m->strs[i]);
    free(m->strs);
    free(m->alarms);
    free(m->topics);
    free(m->subs);
    free(m->trails);
    free(m);
}
