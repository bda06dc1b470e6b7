/* fuzz_match.c: libFuzzer harness for the matcher and the event readers.
 *
 * Input: a pattern, a newline, then an event file (any format events.h
 * recognises, gzip included).  A pattern without errors is matched against
 * every event the reader gives; explaining must give the same verdict, and
 * extracted values only come with delimited matches. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "match.h"
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
        cwf_matcher *m = cwf_matcher_new(p);
        cwf_extracted x = CWF_EXTRACTED_INIT;
        char *err = NULL;
        cwf_events *ev = cwf_events_open_mem(rest, rlen, &err);
        const char *msg;
        size_t len;
        while (ev && cwf_events_next(ev, &msg, &len) == 1) {
            bool hit = cwf_matcher_match(m, msg, len, &x);
            if (x.n && (!hit || p->kind != CWF_K_DELIM))
                abort();
            cwf_explanation why;
            if (cwf_matcher_explain(m, msg, len, &why) != hit)
                abort();
            cwf_explanation_free(&why);
        }
        /* the whole rest as one message, too */
        bool hit = cwf_matcher_match(m, rest, rlen, NULL);
        cwf_explanation why;
        if (cwf_matcher_explain(m, rest, rlen, &why) != hit)
            abort();
        cwf_explanation_free(&why);
        cwf_events_close(ev);
        free(err);
        cwf_extracted_free(&x);
        cwf_matcher_free(m);
    }
    cwf_diags_free(&d);
    cwf_arena_free(&a);
    return 0;
}
