/* fuzz_prefilter.c: libFuzzer harness for the literal prefilter
 * (prefilter.h): the matcher's verdicts must not depend on it.
 *
 * Input: a pattern, a newline, then an event file (any format events.h
 * reads).  A pattern without errors gets two matchers, one with the
 * prefilter (the default) and one without; on every event and on the whole
 * rest as one message they must give the same verdict and the same
 * extracted values, and an event that matches must be a candidate of the
 * prefilter, asked through the matcher and directly.  Every literal of the
 * prefilter is non-empty. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "match.h"
#include "parse.h"
#include "prefilter.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) abort(); } while (0)

static bool same_values(const cwf_extracted *a, const cwf_extracted *b)
{
    if (a->n != b->n)
        return false;
    for (size_t i = 0; i < a->n; i++) {
        size_t la, lb;
        const char *va = cwf_extracted_value(a, i, &la), *vb = cwf_extracted_value(b, i, &lb);
        if (strcmp(cwf_extracted_name(a, i), cwf_extracted_name(b, i)) != 0 || la != lb ||
            memcmp(va, vb, la) != 0)
            return false;
    }
    return true;
}

static void one(cwf_matcher *on, cwf_matcher *off, const cwf_prefilter *pf, const char *msg,
                size_t len, cwf_extracted *xa, cwf_extracted *xb)
{
    bool hit = cwf_matcher_match(off, msg, len, xb);
    CHECK(cwf_matcher_match(on, msg, len, xa) == hit);
    CHECK(same_values(xa, xb));
    bool cand = cwf_matcher_candidate(on, msg, len);
    CHECK(cand == (!pf || cwf_prefilter_candidate(pf, msg, len)));
    CHECK(cand || !hit);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    const char *nl = memchr(text, '\n', size);
    size_t plen = nl ? (size_t)(nl - text) : size;
    const char *rest = nl ? nl + 1 : text + size;
    size_t rlen = size - (size_t)(rest - text);

    cwf_arena a = CWF_ARENA_INIT;
    cwf_diags d = CWF_DIAGS_INIT;
    cwf_pattern *p = cwf_parse(text, plen, &a, &d);
    if (p && cwf_diags_count(&d, CWF_ERROR) == 0) {
        cwf_matcher *on = cwf_matcher_new(p), *off = cwf_matcher_new(p);
        cwf_matcher_set_prefilter(off, false);
        cwf_prefilter *pf = cwf_prefilter_new(p);
        size_t n = pf ? cwf_prefilter_count(pf) : 0;
        CHECK(!pf || n > 0);
        for (size_t i = 0; i < n; i++) {
            size_t len = 0;
            CHECK(cwf_prefilter_literal(pf, i, &len) && len > 0);
        }
        cwf_extracted xa = CWF_EXTRACTED_INIT, xb = CWF_EXTRACTED_INIT;
        char *err = NULL;
        cwf_events *ev = cwf_events_open_mem(rest, rlen, &err);
        const char *msg;
        size_t len;
        while (ev && cwf_events_next(ev, &msg, &len) == 1)
            one(on, off, pf, msg, len, &xa, &xb);
        one(on, off, pf, rest, rlen, &xa, &xb);
        cwf_events_close(ev);
        free(err);
        cwf_extracted_free(&xa);
        cwf_extracted_free(&xb);
        cwf_prefilter_free(pf);
        cwf_matcher_free(on);
        cwf_matcher_free(off);
    }
    cwf_diags_free(&d);
    cwf_arena_free(&a);
    return 0;
}
