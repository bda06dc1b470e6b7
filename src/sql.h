/* sql.h: a filter pattern as one SQL query (`cwfilter sql`), for DuckDB or
 * Athena (Trino), whose WHERE clause selects exactly the events that the
 * matcher (match.h) matches.  What a dialect cannot say exactly is refused
 * with a CWF601 diagnostic on the construct: a query is never approximate.
 *
 * Sources:
 *   CWF_SQL_JSON_TEXT        one text column holding the raw event (the
 *                            CloudWatch Logs export's `message`, or DuckDB's
 *                            read_ndjson_objects `json`).  The JSON functions
 *                            of both engines read RFC 8259 JSON; the query
 *                            assumes the events are UTF-8 text, and that a
 *                            JSON event has no duplicate keys (the matcher
 *                            takes the last duplicate, DuckDB the first) and
 *                            none of the extensions DuckDB's reader accepts
 *                            (trailing commas, NaN), which AWS never writes.
 *   CWF_SQL_CLOUDTRAIL_TABLE the Athena CloudTrail table of the CloudTrail
 *                            documentation (`CREATE EXTERNAL TABLE
 *                            cloudtrail_logs`): a selector names a struct
 *                            column (`$.userIdentity.type` is
 *                            useridentity.type) or, below requestParameters,
 *                            responseElements, additionalEventData or
 *                            serviceEventDetails, a path in that JSON text
 *                            column.  A typed column holds what CloudTrail
 *                            writes there (a string, or a boolean for
 *                            readOnly), and its NULL stands for an absent
 *                            field: `IS NULL` on a typed column is refused,
 *                            since the table cannot tell null from absent.
 *
 * Usage:
 *     cwf_sql_options o = CWF_SQL_OPTIONS_INIT;
 *     o.dialect = CWF_SQL_DUCKDB;
 *     cwf_buf q = CWF_BUF_INIT;
 *     if (cwf_sql_query(p, &o, &q, &diags)) ... q.p is the query ...
 *     cwf_buf_free(&q);
 */
#ifndef CWF_SQL_H
#define CWF_SQL_H

#include <stdbool.h>

#include "ast.h"
#include "diag.h"
#include "util.h"

typedef enum cwf_sql_dialect {
    CWF_SQL_DUCKDB,
    CWF_SQL_ATHENA, /* Athena engine version 3 (Trino) */
} cwf_sql_dialect;

typedef enum cwf_sql_source {
    CWF_SQL_JSON_TEXT,
    CWF_SQL_CLOUDTRAIL_TABLE,
} cwf_sql_source;

typedef struct cwf_sql_options {
    cwf_sql_dialect dialect;
    cwf_sql_source source;
    const char *table;    /* the FROM item, written into the query as given
                             (a table, or read_ndjson_objects('f.json'));
                             NULL: "events" (json-text), "cloudtrail_logs" */
    const char *column;   /* json-text: NULL is "message" */
    const char *count_by; /* NULL, or a JSON selector such as $.userIdentity.arn:
                             count the matching events per value */
    unsigned period;      /* 0, or seconds: count per period of the event's
                             eventTime (an alarm's view) */
} cwf_sql_options;

#define CWF_SQL_OPTIONS_INIT {CWF_SQL_DUCKDB, CWF_SQL_JSON_TEXT, NULL, NULL, NULL, 0}

/* Appends to out the condition (an SQL boolean expression, never NULL) that
 * holds for exactly the events p matches, reading the source o describes.
 * p is a pattern without errors (parse.h).  On something the dialect cannot
 * express exactly, appends one CWF601 diagnostic per such construct (span in
 * the pattern) to d and returns false; out then holds no usable text. */
bool cwf_sql_where(const cwf_pattern *p, const cwf_sql_options *o, cwf_buf *out,
                   cwf_diags *d);

/* Appends to out one whole query, ending in a newline: the matching rows
 * (SELECT *), or with count_by and/or period the number of matching events
 * per value and period, ordered.  A bad count_by selector or an option
 * that does not fit the source is a CWF601 diagnostic at span {0,0}.
 * Returns false, as cwf_sql_where does, when it appended a diagnostic. */
bool cwf_sql_query(const cwf_pattern *p, const cwf_sql_options *o, cwf_buf *out,
                   cwf_diags *d);

#endif
