/* main.c: the cwfilter command line: dispatch to a subcommand. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

#ifndef CWF_VERSION
#define CWF_VERSION "0.1.0"
#endif

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

/* ORDER: as `cwfilter --help` lists them. */
static const command commands[] = {
    {"check",   cwf_cmd_check,   "prove whether a pattern covers a benchmark control"},
    {"lint",    cwf_cmd_lint,    "check every filter pattern in CloudFormation, Terraform, CDK and exports"},
    {"audit",   cwf_cmd_audit,   "audit the CIS metric-filter controls from AWS CLI exports (--fix: remediation)"},
    {"match",   cwf_cmd_match,   "print the events that match a pattern"},
    {"sql",     cwf_cmd_sql,     "a pattern as a DuckDB or Athena query: backtest it over the history"},
    {"implies", cwf_cmd_implies, "does pattern A cover pattern B? (a counterexample if not)"},
    {"equiv",   cwf_cmd_equiv,   "do patterns A and B match the same events?"},
    {"fmt",     cwf_cmd_fmt,     "print a pattern in canonical form"},
    {"parse",   cwf_cmd_parse,   "parse a pattern and report diagnostics (--ast: the AST as JSON)"},
    {"rules",   cwf_cmd_rules,   "list the diagnostic and benchmark rules"},
    {"explain", cwf_cmd_explain, "explain a rule id"},
};

static void usage(FILE *f)
{
    fputs("usage: cwfilter <command> [options] [arguments]\n"
          "\n"
          "An offline analyzer for Amazon CloudWatch Logs filter patterns.\n"
          "\n"
          "commands:\n", f);
    for (size_t i = 0; i < CWF_COUNT(commands); i++)
        fprintf(f, "  %-8s  %s\n", commands[i].name, commands[i].summary);
    fputs("\n"
          "Run `cwfilter <command> --help` for a command's options.\n"
          "Exit codes: 0 fine, 1 findings, 2 could not run.\n", f);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return CWF_EXIT_ERROR;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return CWF_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("cwfilter %s\n", CWF_VERSION);
        return CWF_EXIT_OK;
    }
    for (size_t i = 0; i < CWF_COUNT(commands); i++)
        if (strcmp(cmd, commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "cwfilter: unknown command '%s'\n", cmd);
    usage(stderr);
    return CWF_EXIT_ERROR;
}
