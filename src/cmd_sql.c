/* cmd_sql.c: `cwfilter sql`: a pattern as a DuckDB or Athena query (sql.h). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "parse.h"
#include "source.h"
#include "sql.h"

static const char sql_help[] =
    "usage: cwfilter sql [options] PATTERN | --file F | -\n"
    "\n"
    "Prints one SQL query whose WHERE clause selects exactly the events the\n"
    "pattern matches (as `cwfilter match` does), to backtest a filter over the\n"
    "history in DuckDB or Athena.  A construct the dialect or the table cannot\n"
    "express exactly is refused (CWF601, naming the construct): the query is\n"
    "never approximate.\n"
    "\n"
    "  -d, --dialect D     duckdb (default) or athena (engine version 3, Trino)\n"
    "  -s, --source S      json-text (default): one text column holding the raw\n"
    "                      event, as in the CloudWatch Logs export (`message`)\n"
    "                      or DuckDB's read_ndjson_objects (--column json);\n"
    "                      cloudtrail-table: the documented Athena CloudTrail\n"
    "                      table (CREATE EXTERNAL TABLE cloudtrail_logs), struct\n"
    "                      columns and requestparameters etc. as JSON text\n"
    "  -t, --table T       the FROM item, as SQL (default: events, or\n"
    "                      cloudtrail_logs), e.g. \"read_ndjson_objects('*.json')\"\n"
    "  -c, --column C      json-text: the column of the raw event (default: message)\n"
    "  -b, --count-by SEL  count the matching events per value of the JSON\n"
    "                      selector SEL (e.g. $.userIdentity.arn)\n"
    "  -p, --period P      count the matching events per period of their\n"
    "                      eventTime, as an alarm sees them: 60s, 5m, 1h, 1d\n"
    "  -f, --file F        read the pattern from file F (- for stdin)\n"
    "  -h, --help          this help\n"
    "\n"
    "Refused: a %regex% piece that can match a non-ASCII byte unless written\n"
    "X* (or X+ alone in its alternative), since CloudWatch counts bytes where\n"
    "the engines count characters; a string or regex value that matches the\n"
    "text of some JSON numbers but not all (the engines do not keep a\n"
    "number's text as written); with cloudtrail-table, term, regex and\n"
    "space-delimited patterns, IS NULL on a typed column, and selectors the\n"
    "table has no column for.\n"
    "Assumed: events are UTF-8; JSON events have no duplicate keys.\n"
    "\n"
    "Example:\n"
    "  cwfilter sql --column json '{ $.eventName = \"ConsoleLogin\" }' | duckdb\n"
    "Exit: 0 printed, 1 refused (diagnostics on stderr), 2 usage, unreadable\n"
    "input, or a pattern with errors.\n";

/* Seconds in "90", "90s", "5m", "1h", "1d"; 0 when malformed or too large. */
static unsigned period_seconds(const char *s)
{
    char *end;
    unsigned long n = strtoul(s, &end, 10);
    unsigned long unit = 1;
    if (end == s || *s == '-' || *s == '+')
        return 0;
    if (*end == 'm')
        unit = 60, end++;
    else if (*end == 'h')
        unit = 3600, end++;
    else if (*end == 'd')
        unit = 86400, end++;
    else if (*end == 's')
        end++;
    if (*end || n == 0 || n > 366ul * 86400 / unit)
        return 0;
    return (unsigned)(n * unit);
}

int cwf_cmd_sql(int argc, char **argv)
{
    static const struct option opts[] = {
        {"dialect", required_argument, NULL, 'd'},
        {"source", required_argument, NULL, 's'},
        {"table", required_argument, NULL, 't'},
        {"column", required_argument, NULL, 'c'},
        {"count-by", required_argument, NULL, 'b'},
        {"period", required_argument, NULL, 'p'},
        {"file", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    cwf_sql_options o = CWF_SQL_OPTIONS_INIT;
    const char *file = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:s:t:c:b:p:f:h", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            if (strcmp(optarg, "duckdb") == 0)
                o.dialect = CWF_SQL_DUCKDB;
            else if (strcmp(optarg, "athena") == 0)
                o.dialect = CWF_SQL_ATHENA;
            else
                return cwf_cli_usage_error("sql", "--dialect is duckdb or athena, not '%s'", optarg);
            break;
        case 's':
            if (strcmp(optarg, "json-text") == 0)
                o.source = CWF_SQL_JSON_TEXT;
            else if (strcmp(optarg, "cloudtrail-table") == 0)
                o.source = CWF_SQL_CLOUDTRAIL_TABLE;
            else
                return cwf_cli_usage_error("sql", "--source is json-text or cloudtrail-table, "
                                           "not '%s'", optarg);
            break;
        case 't': o.table = optarg; break;
        case 'c': o.column = optarg; break;
        case 'b': o.count_by = optarg; break;
        case 'p':
            o.period = period_seconds(optarg);
            if (!o.period)
                return cwf_cli_usage_error("sql", "--period is a duration such as 60s, 5m, "
                                           "1h or 1d, not '%s'", optarg);
            break;
        case 'f': file = optarg; break;
        case 'h': fputs(sql_help, stdout); return CWF_EXIT_OK;
        default: return cwf_cli_usage_error("sql", "unknown option");
        }
    }
    if (o.column && o.source != CWF_SQL_JSON_TEXT)
        return cwf_cli_usage_error("sql", "--column goes with --source json-text");
    if (o.column && !*o.column)
        return cwf_cli_usage_error("sql", "--column needs a name");
    if (o.table && !*o.table)
        return cwf_cli_usage_error("sql", "--table needs a name");
    int operands = argc - optind;
    if ((file && operands != 0) || (!file && operands != 1))
        return cwf_cli_usage_error("sql", "give one pattern, or --file F");
    cwf_buf text = CWF_BUF_INIT;
    const char *name;
    if (!cwf_cli_pattern(file ? NULL : argv[optind], file, &text, &name)) {
        cwf_buf_free(&text);
        return CWF_EXIT_ERROR;
    }
    cwf_arena a = CWF_ARENA_INIT;
    cwf_diags d = CWF_DIAGS_INIT;
    cwf_pattern *p = cwf_parse(text.p, text.len, &a, &d);
    int rc = CWF_EXIT_OK;
    cwf_buf out = CWF_BUF_INIT;
    if (!p || cwf_diags_count(&d, CWF_ERROR) > 0) {
        rc = CWF_EXIT_ERROR;
    } else {
        cwf_diags_clear(&d); /* warnings: `cwfilter parse` reports them */
        if (cwf_sql_query(p, &o, &out, &d))
            fputs(cwf_buf_str(&out), stdout);
        else
            rc = CWF_EXIT_FINDINGS;
    }
    if (d.n) {
        cwf_diags_sort(&d);
        cwf_source src = {name, text.p, text.len, NULL};
        cwf_buf r = CWF_BUF_INIT;
        cwf_render_text(&r, &src, &d, cwf_want_color(2));
        fputs(cwf_buf_str(&r), stderr);
        cwf_buf_free(&r);
    }
    cwf_buf_free(&out);
    cwf_diags_free(&d);
    cwf_arena_free(&a);
    cwf_buf_free(&text);
    return rc;
}
