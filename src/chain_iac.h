/* chain_iac.h: the IaC reader side of the monitoring chain: builds the
 * model of chain.h from the Terraform and CloudFormation resources that
 * extract.h found (cwf_xres), following references
 * (`aws_sns_topic.x.arn`, `aws_cloudwatch_log_metric_filter.x.
 * metric_transformation[0].name`, `!Ref`, `!GetAtt X.Arn`).  Every handle
 * (`where`) of the model is a `const cwf_xattr *`: a value's place in its
 * file. */
#ifndef CWF_CHAIN_IAC_H
#define CWF_CHAIN_IAC_H

#include "chain.h"
#include "extract.h"
#include "judge.h"

typedef struct cwf_chain_iac cwf_chain_iac;

/* Builds the model from the resources of xs[0..n) (NULL entries skipped);
 * the model refers into them, so they must outlive it. */
cwf_chain_iac *cwf_chain_iac_build(const cwf_extract *const *xs, size_t n);

const cwf_chain *cwf_chain_iac_model(const cwf_chain_iac *m);

/* The metric that filter flt of extract x publishes, named label in
 * messages (borrowed); false when no resource of the model is that filter. */
bool cwf_chain_iac_metric(cwf_chain_iac *m, const cwf_extract *x, const cwf_filter *flt,
                          const char *label, cwf_chain_metric *out);

/* One metric filter of the files the model was built from. */
typedef struct cwf_chain_iac_filter {
    const cwf_extract *x;   /* its file's extract */
    const cwf_filter *f;    /* one of x's filters */
    const cwf_pattern *ast; /* parsed without error, or NULL: skipped */
    const char *label;      /* how messages name it (borrowed) */
} cwf_chain_iac_filter;

/* Called after each log group is judged: m[0..nm) the metrics of the
 * group's covering filters, out->v[first..out->n) its findings. */
typedef void cwf_chain_iac_group_fn(void *ctx, const cwf_chain_metric *m, size_t nm,
                                    const cwf_chain_findings *out, size_t first);

/* Steps 6 and 7 of rule r over the filters fs[0..n): each filter that
 * covers r on its own (the judge, through cache, which must not be NULL)
 * and publishes a metric of the model is grouped by its log group (its
 * name; a reference, or none, counts within its file only), and each group
 * is judged on its own by cwf_chain_judge (one group's passing chain does
 * not excuse another's).  The findings are appended to out (free with
 * cwf_chain_findings_free); each (may be NULL) is called after each group. */
void cwf_chain_iac_rule(cwf_chain_iac *m, const cwf_bench_rule *r, const cwf_chain_iac_filter *fs,
                        size_t n, cwf_judge_cache *cache, cwf_chain_findings *out,
                        cwf_chain_iac_group_fn *each, void *ctx);

void cwf_chain_iac_free(cwf_chain_iac *m);

#endif
