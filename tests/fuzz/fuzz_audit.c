/* fuzz_audit.c: libFuzzer harness for the audit's export readers and chain.
 *
 * The input is up to eight exports separated by NUL bytes; each lands at a
 * path of the collect layout chosen by its first byte, so that places,
 * trail/topic/log-group names and the ties between files are exercised
 * too.  Every export that reads is audited and rendered (text, JSON, fix);
 * each evidence span must lie inside its export, and JSON pointers are
 * looked up in every text, valid or not. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const paths[] = {
    "b/111122223333/get-caller-identity.json",
    "b/111122223333/us-east-1/describe-trails.json",
    "b/111122223333/us-east-1/describe-alarms.json",
    "b/111122223333/us-east-1/trails/main/get-trail-status.json",
    "b/111122223333/us-east-1/trails/main/get-event-selectors.json",
    "b/111122223333/us-east-1/log-groups/cloudtrail-main/describe-metric-filters.json",
    "b/111122223333/us-east-1/topics/alerts/list-subscriptions-by-topic.json",
    "b/444455556666/eu-west-1/describe-trails.json",
    "flat/a.json",
    "flat/b.json",
};

static const char *const pointers[] = {
    "", "/trailList/0", "/trailList/0/IsMultiRegionTrail", "/MetricAlarms/1/AlarmActions/0",
    "/a~1b/~0", "/0/0/0", "/metricFilters/00",
};

static void check_ref(const cwf_audit_ref *r)
{
    if (r->file && (r->span.start > r->span.end || r->span.end > r->len))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data, *end = p + size;
    cwf_bundle b = CWF_BUNDLE_INIT;
    for (int k = 0; k < 8 && p < end; k++) {
        const char *nul = memchr(p, '\0', (size_t)(end - p));
        const char *stop = nul ? nul : end;
        if (stop > p) {
            const char *path = paths[(unsigned char)*p % (sizeof paths / sizeof paths[0])];
            const char *text = p + 1;
            size_t len = (size_t)(stop - text);
            for (size_t i = 0; i < sizeof pointers / sizeof pointers[0]; i++) {
                cwf_span s;
                if (cwf_json_locate(text, len, pointers[i], &s) && (s.start > s.end || s.end > len))
                    abort();
            }
            char *err = NULL;
            if (!cwf_bundle_add(&b, path, text, len, &err) && !err)
                abort();
            free(err);
        }
        p = stop + 1;
    }
    if (b.n) {
        cwf_audit a = CWF_AUDIT_INIT;
        cwf_audit_run(&b, NULL, 0, &a);
        for (size_t i = 0; i < a.n; i++) {
            const cwf_audit_result *r = &a.v[i];
            if (!r->message || (r->verdict != CWF_AUDIT_PASS && (r->step < 1 || r->step > 7)))
                abort();
            for (int s = 0; s < CWF_AUDIT_STEPS; s++)
                check_ref(&r->steps[s].ref);
            for (size_t n = 0; n < r->nnotes; n++)
                check_ref(&r->notes[n].ref);
        }
        cwf_buf out = CWF_BUF_INIT;
        cwf_audit_render_text(&out, &a);
        cwf_audit_render_json(&out, &a);
        cwf_audit_render_fix(&out, &a);
        cwf_buf_free(&out);
        cwf_audit_free(&a);
    }
    cwf_bundle_free(&b);
    return 0;
}
