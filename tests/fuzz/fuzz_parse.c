/* fuzz_parse.c: libFuzzer harness for the pattern parser.  Any bytes:
 * parse, render the diagnostics, and for a pattern that parses, check the
 * printer's properties (parse(fmt(p)) == p, fmt idempotent, AST as JSON). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cwf_arena a = CWF_ARENA_INIT;
    cwf_diags d = CWF_DIAGS_INIT;
    cwf_pattern *p = cwf_parse((const char *)data, size, &a, &d);

    cwf_source src = {"<fuzz>", (const char *)data, size, NULL};
    cwf_buf out = CWF_BUF_INIT;
    cwf_render_text(&out, &src, &d, false);
    for (size_t i = 0; i < d.n; i++)
        if (d.v[i].span.start > d.v[i].span.end || d.v[i].span.end > size)
            abort();
    if (p) {
        cwf_buf f1 = CWF_BUF_INIT, f2 = CWF_BUF_INIT;
        cwf_pattern_format(p, &f1);
        cwf_pattern_json(p, &out);
        cwf_arena a2 = CWF_ARENA_INIT;
        cwf_diags d2 = CWF_DIAGS_INIT;
        cwf_pattern *q = cwf_parse(cwf_buf_str(&f1), f1.len, &a2, &d2);
        if (!q || !cwf_pattern_equal(p, q))
            abort();
        cwf_pattern_format(q, &f2);
        if (strcmp(cwf_buf_str(&f1), cwf_buf_str(&f2)) != 0)
            abort();
        cwf_diags_free(&d2);
        cwf_arena_free(&a2);
        cwf_buf_free(&f1);
        cwf_buf_free(&f2);
    }
    cwf_buf_free(&out);
    cwf_diags_free(&d);
    cwf_arena_free(&a);
    return 0;
}
