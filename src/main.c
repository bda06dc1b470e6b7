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
    {"fix",     cwf_cmd_fix,     "apply proved fixes to the patterns in those files, byte-exact (--diff: show them)"},
    {"audit",   cwf_cmd_audit,   "audit the CIS metric-filter controls from AWS CLI exports (--fix: remediation)"},
    {"match",   cwf_cmd_match,   "print the events that match a pattern"},
    {"sql",     cwf_cmd_sql,     "a pattern as a DuckDB or Athena query: backtest it over the history"},
    {"implies", cwf_cmd_implies, "does every event pattern A matches match pattern B? (A implies B)"},
    {"covers",  cwf_cmd_covers,  "does every event pattern B matches match pattern A? (A covers B)"},
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
          "Run `cwfilter <command> --help` (or `cwfilter help <command>`) for a\n"
          "command's options.\n"
          "Exit codes: 0 fine, 1 findings, 2 could not run.\n", f);
}

static const command *find(const char *name)
{
    for (size_t i = 0; i < CWF_COUNT(commands); i++)
        if (strcmp(name, commands[i].name) == 0)
            return &commands[i];
    return NULL;
}

static int run(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return CWF_EXIT_ERROR;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "help") == 0 && argc > 2) {
        /* `cwfilter help CMD` is `cwfilter CMD --help`. */
        const command *c = find(argv[2]);
        if (!c || argc > 3) {
            fprintf(stderr, c ? "cwfilter help: give one command\n"
                              : "cwfilter help: unknown command '%s'\n", argv[2]);
            fputs("Try 'cwfilter --help'.\n", stderr);
            return CWF_EXIT_ERROR;
        }
        char *args[] = {argv[2], "--help", NULL};
        return c->run(2, args);
    }
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return CWF_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("cwfilter %s\n", CWF_VERSION);
        return CWF_EXIT_OK;
    }
    const command *c = find(cmd);
    if (c)
        return c->run(argc - 1, argv + 1);
    fprintf(stderr, "cwfilter: unknown command '%s'\n", cmd);
    fputs("Try 'cwfilter --help'.\n", stderr);
    return CWF_EXIT_ERROR;
}

/* Every exit goes through here: whatever a command wrote to stdout is
 * checked once, the final flush and close included, so that a full disk or
 * a closed pipe is exit 2 and never a silently cut-off output. */
int main(int argc, char **argv)
{
    int rc = run(argc, argv);
    if (!cwf_cli_close_stdout())
        return CWF_EXIT_ERROR;
    return rc;
}
