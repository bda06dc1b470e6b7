/* extract.c: the choice of reader for a host file, by name and content
 * (see extract.h); the readers share hostmap.c and extract_result.c, not
 * this. */
#define CWF_EXTRACT_INTERNAL
#include "extract.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

bool cwf_extract_wanted(const char *path)
{
    static const char *const ext[] = {".tf", ".json", ".yaml", ".yml", ".template"};
    for (size_t i = 0; i < CWF_COUNT(ext); i++)
        if (ends_with(path, ext[i]))
            return true;
    return false;
}

/* Words that every file holding a filter contains; a file without any of
 * them is not parsed at all (most files met in a walk), unless it may hold
 * a piece of the monitoring chain. */
static bool may_hold_filters(const char *data, size_t len)
{
    static const char *const needles[] = {
        "AWS::Logs::MetricFilter", "AWS::Logs::SubscriptionFilter",
        "aws_cloudwatch_log_metric_filter", "aws_cloudwatch_log_subscription_filter",
        "metricFilters", "subscriptionFilters", "aws:cloudformation:stack",
    };
    for (size_t i = 0; i < CWF_COUNT(needles); i++)
        if (cwf_contains(data, len, needles[i]))
            return true;
    return false;
}

/* Words that a file holding a piece of the monitoring chain (chain_iac.h:
 * an alarm, a topic, a subscription, a trail) contains: such a file is read
 * for its resources (the alarms of a module often live in another file
 * than its filters), but, holding no filter, it is no error when it cannot
 * be read. */
static bool may_hold_chain(const char *data, size_t len)
{
    static const char *const needles[] = {
        "AWS::CloudWatch::Alarm", "aws_cloudwatch_metric_alarm", "AWS::SNS::",
        "aws_sns_topic", "AWS::CloudTrail::Trail", "aws_cloudtrail",
    };
    for (size_t i = 0; i < CWF_COUNT(needles); i++)
        if (cwf_contains(data, len, needles[i]))
            return true;
    return false;
}

/* HCL has lines that start a block with a label: `resource "type" ...`. */
static bool looks_like_hcl(const char *data, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (i == 0 || data[i - 1] == '\n') {
            size_t j = i;
            while (j < len && (data[j] == ' ' || data[j] == '\t'))
                j++;
            if (len - j > 10 && memcmp(data + j, "resource", 8) == 0 &&
                (data[j + 8] == ' ' || data[j + 8] == '\t')) {
                j += 8;
                while (j < len && (data[j] == ' ' || data[j] == '\t'))
                    j++;
                if (j < len && data[j] == '"')
                    return true;
            }
        }
    }
    return false;
}

/* Picks the reader for one top-level value of a JSON or YAML document. */
static bool read_value(const cwf_xdoc *d, const cwf_xnode *v, cwf_extract *x, cwf_hmap *h)
{
    if (v && v->kind == CWF_X_SEQ && !d->yaml) {
        /* [page, page, ...]: describe pages collected in one array */
        bool ok = true;
        for (size_t i = 0; ok && i < v->n; i++)
            if (v->kids[i]->kind == CWF_X_MAP)
                ok = read_value(d, v->kids[i], x, h);
        return ok;
    }
    if (!v || v->kind != CWF_X_MAP)
        return true;
    if (cwf_x_get(v, "metricFilters") || cwf_x_get(v, "subscriptionFilters")) {
        x->host = CWF_HOST_DESCRIBE;
        cwf_read_describe(d, v, x, h);
        return true;
    }
    if (cwf_x_get(v, "format_version") &&
        (cwf_x_get(v, "planned_values") || cwf_x_get(v, "terraform_version"))) {
        x->host = CWF_HOST_TF_PLAN;
        return cwf_read_plan(d, v, x, h);
    }
    if (cwf_x_get(v, "artifacts") && cwf_x_get(v, "version")) {
        x->host = CWF_HOST_CDK;
        return cwf_read_cdk(d, v, x, h);
    }
    if (cwf_x_get(v, "Resources")) {
        x->host = CWF_HOST_CFN;
        cwf_read_cfn(d, v, x, h);
        return true;
    }
    if (!d->yaml && cwf_x_get(v, "resource")) {
        x->host = CWF_HOST_TF_JSON;
        cwf_read_tfjson(d, v, x, h);
        return true;
    }
    return true;
}

bool cwf_extract_buf(const char *path, const char *data, size_t len, cwf_extract *x)
{
    memset(x, 0, sizeof *x);
    x->path = path;
    bool filters = may_hold_filters(data, len);
    if (!filters && !may_hold_chain(data, len))
        return true;
    if (len >= UINT32_MAX) {
        x->error = cwf_xstrdup("file too large (4 GiB at most)");
        x->error_pos = (cwf_pos){1, 1};
        return false;
    }
    cwf_hmap h;
    cwf_hmap_init(&h, data, len);
    bool ok = true;
    size_t i = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && cwf_is_space(data[i]))
        i++;
    if (ends_with(path, ".tf") || (!ends_with(path, ".json") && i < len &&
                                   data[i] != '{' && data[i] != '[' &&
                                   looks_like_hcl(data, len))) {
        x->host = CWF_HOST_TF;
        ok = cwf_read_hcl(data, len, x, &h);
    } else {
        cwf_xdoc d = {.text = data, .len = len};
        bool json = ends_with(path, ".json") || (i < len && (data[i] == '{' || data[i] == '['));
        ok = json ? cwf_json_load(&d, x, &h) : cwf_yaml_load(&d, x, &h);
        if (ok && d.root) {
            /* A CDK manifest or a template names the format of the whole
             * file; pages of a describe export repeat. */
            for (size_t k = 0; ok && k < d.root->n; k++) {
                ok = read_value(&d, d.root->kids[k], x, &h);
                if (ok && x->host == CWF_HOST_CFN && filters)
                    cwf_x_dupkeys(&d, d.root->kids[k], x, &h);
            }
            if (ok && d.yaml)
                cwf_yaml_comments(&d, x, &h);
        }
        cwf_xdoc_free(&d);
    }
    cwf_hmap_free(&h);
    if (!ok && !filters) {
        cwf_extract_free(x); /* no filter: as if it had not been read */
        memset(x, 0, sizeof *x);
        x->path = path;
        return true;
    }
    return ok;
}
