/* cmd_sql.c: `cwfilter sql` prints a pattern as one DuckDB or Athena query
 * that selects exactly the events the pattern matches (cwf_sql_*). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cwfilter.h"
#include "report.h"

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

/* Runs the command on a new job. */
static int sql_run(cwf_sql_job *job, int argc, char **argv)
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
    const char *file = NULL, *column = NULL, *table = NULL;
    bool json_text = true;
    unsigned period;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:s:t:c:b:p:f:h", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            if (cwf_sql_set(job, "dialect", optarg) != CWF_STATUS_OK)
                return cwf_cli_usage_error("sql", "--dialect is duckdb or athena, not '%s'", optarg);
            break;
        case 's':
            if (cwf_sql_set(job, "source", optarg) != CWF_STATUS_OK)
                return cwf_cli_usage_error("sql", "--source is json-text or cloudtrail-table, "
                                           "not '%s'", optarg);
            json_text = strcmp(optarg, "json-text") == 0;
            break;
        case 't': table = optarg; cwf_sql_set(job, "table", optarg); break;
        case 'c': column = optarg; cwf_sql_set(job, "column", optarg); break;
        case 'b': cwf_sql_set(job, "count-by", optarg); break;
        case 'p':
            period = period_seconds(optarg);
            if (!period)
                return cwf_cli_usage_error("sql", "--period is a duration such as 60s, 5m, "
                                           "1h or 1d, not '%s'", optarg);
            cwf_sql_set_period(job, period);
            break;
        case 'f': file = optarg; break;
        case 'h': fputs(sql_help, stdout); return CWF_EXIT_OK;
        default: return cwf_cli_usage_error("sql", "unknown option");
        }
    }
    if (column && !json_text)
        return cwf_cli_usage_error("sql", "--column goes with --source json-text");
    if (column && !*column)
        return cwf_cli_usage_error("sql", "--column needs a name");
    if (table && !*table)
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
    cwf_parsed *p = NULL;
    cwf_status st = cwf_parse_pattern(text.p, text.len, &p);
    int rc = CWF_EXIT_OK;
    cwf_diags d = CWF_DIAGS_INIT;
    if (!p) {
        fprintf(stderr, "cwfilter: %s: %s\n", name, cwf_status_string(st));
        rc = CWF_EXIT_ERROR;
    } else if (!cwf_parsed_ok(p)) {
        for (size_t i = 0; i < cwf_parsed_diag_count(p); i++)
            cwf_report_diag_copy(&d, cwf_parsed_diag(p, i));
        rc = CWF_EXIT_ERROR;
    } else {
        /* warnings: `cwfilter parse` reports them */
        if (cwf_sql_run(job, p) == CWF_STATUS_OK)
            fputs(cwf_sql_text(job), stdout);
        else
            rc = CWF_EXIT_FINDINGS;
        for (size_t i = 0; i < cwf_sql_diag_count(job); i++)
            cwf_report_diag_copy(&d, cwf_sql_diag(job, i));
    }
    if (d.n) {
        cwf_source src = {name, text.p, text.len, NULL};
        cwf_buf r = CWF_BUF_INIT;
        cwf_render_text(&r, &src, &d, cwf_want_color(2));
        fputs(cwf_buf_str(&r), stderr);
        cwf_buf_free(&r);
    }
    cwf_diags_free(&d);
    cwf_parsed_free(p);
    cwf_buf_free(&text);
    return rc;
}

int cwf_cmd_sql(int argc, char **argv)
{
    cwf_sql_job *job = NULL;
    cwf_sql_new(&job);
    int rc = sql_run(job, argc, argv);
    cwf_sql_free(job);
    return rc;
}
