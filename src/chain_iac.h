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

typedef struct cwf_chain_iac cwf_chain_iac;

/* Builds the model from the resources of xs[0..n) (NULL entries skipped);
 * the model refers into them, so they must outlive it. */
cwf_chain_iac *cwf_chain_iac_build(const cwf_extract *const *xs, size_t n);

const cwf_chain *cwf_chain_iac_model(const cwf_chain_iac *m);

/* The metric that filter flt of extract x publishes, named label in
 * messages (borrowed); false when no resource of the model is that filter. */
bool cwf_chain_iac_metric(cwf_chain_iac *m, const cwf_extract *x, const cwf_filter *flt,
                          const char *label, cwf_chain_metric *out);

void cwf_chain_iac_free(cwf_chain_iac *m);

#endif
