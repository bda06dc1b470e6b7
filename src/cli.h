/* cli.h: the subcommands of cwfilter, one file each (cmd_*.c).
 *
 * Each takes the arguments after its name (argv[0] is the subcommand name)
 * and returns the exit code: 0 nothing to report at or above the threshold,
 * 1 findings, 2 could not run (usage, I/O, input that is not what it
 * claims).  Only the CLI prints and exits; library code never does. */
#ifndef CWF_CLI_H
#define CWF_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "util.h"

enum { CWF_EXIT_OK = 0, CWF_EXIT_FINDINGS = 1, CWF_EXIT_ERROR = 2 };

int cwf_cmd_fmt(int argc, char **argv);
int cwf_cmd_parse(int argc, char **argv);
int cwf_cmd_rules(int argc, char **argv);
int cwf_cmd_explain(int argc, char **argv);
int cwf_cmd_match(int argc, char **argv);
int cwf_cmd_audit(int argc, char **argv);
int cwf_cmd_check(int argc, char **argv);
int cwf_cmd_lint(int argc, char **argv);
int cwf_cmd_implies(int argc, char **argv);
int cwf_cmd_equiv(int argc, char **argv);
int cwf_cmd_sql(int argc, char **argv);

/* Reads the pattern named on a command line: the argument itself, the
 * contents of --file F (file non-NULL), or stdin when arg is "-".  Sets
 * *name to "<pattern>", F, or "<stdin>".  On failure prints
 * "cwfilter: F: reason" and returns false (exit 2). */
bool cwf_cli_pattern(const char *arg, const char *file, cwf_buf *out,
                     const char **name);

/* Prints "cwfilter: <subcommand>: message" and a hint to use --help; returns 2. */
int cwf_cli_usage_error(const char *cmd, const char *fmt, ...) CWF_PRINTF(2, 3);

#endif
