/* fuzz_sql.c: libFuzzer harness for `cwfilter sql` (sql.h).
 *
 * The first byte picks the options: dialect, source, a count_by selector
 * (good or bad), a period, a custom table and column; the rest is the
 * pattern.  A pattern without errors is turned into a WHERE condition and a
 * whole query.  A query, when one comes, is non-empty, ends with a newline
 * and holds no NUL byte (it is printed as a C string); a refusal gives only
 * CWF601 diagnostics, each with a span inside the pattern, and at least
 * one; the condition and the query agree on whether the pattern can be
 * said at all. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "sql.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_refusal(const cwf_diags *d, size_t start, size_t plen)
{
    if (d->n <= start)
        abort();
    for (size_t i = start; i < d->n; i++)
        if (d->v[i].rule != CWF_R_SQL_UNSUPPORTED || d->v[i].span.start > d->v[i].span.end ||
            d->v[i].span.end > plen || !d->v[i].message)
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const by[] = {NULL, "$.userIdentity.arn", "$.a[0].b", "$..x", "",
                                     "$.requestParameters.policyName"};
    if (size == 0)
        return 0;
    unsigned sel = data[0];
    const char *text = (const char *)data + 1;
    size_t plen = size - 1;
    cwf_sql_options o = CWF_SQL_OPTIONS_INIT;
    o.dialect = (sel & 1) ? CWF_SQL_ATHENA : CWF_SQL_DUCKDB;
    o.source = (sel & 2) ? CWF_SQL_CLOUDTRAIL_TABLE : CWF_SQL_JSON_TEXT;
    o.count_by = by[((sel >> 2) & 7) % 6];
    o.period = (sel & 0x20) ? 300 : 0;
    if (sel & 0x40) {
        o.table = "read_ndjson_objects('f.json')";
        if (o.source == CWF_SQL_JSON_TEXT)
            o.column = "json";
    }

    cwf_arena a = CWF_ARENA_INIT;
    cwf_diags d = CWF_DIAGS_INIT;
    cwf_pattern *p = cwf_parse(text, plen, &a, &d);
    if (p && cwf_diags_count(&d, CWF_ERROR) == 0) {
        cwf_diags_clear(&d);
        cwf_buf w = CWF_BUF_INIT, q = CWF_BUF_INIT;
        bool wok = cwf_sql_where(p, &o, &w, &d);
        if (wok) {
            if (d.n || w.len == 0 || strlen(cwf_buf_str(&w)) != w.len)
                abort();
        } else {
            check_refusal(&d, 0, plen);
        }
        size_t before = d.n;
        bool qok = cwf_sql_query(p, &o, &q, &d);
        if (qok) {
            if (d.n != before || q.len == 0 || q.p[q.len - 1] != '\n' ||
                strlen(cwf_buf_str(&q)) != q.len)
                abort();
            /* a query exists only for a condition that exists */
            if (!wok)
                abort();
        } else {
            check_refusal(&d, before, plen);
        }
        cwf_buf_free(&w);
        cwf_buf_free(&q);
    }
    cwf_diags_free(&d);
    cwf_arena_free(&a);
    return 0;
}
