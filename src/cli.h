/* cli.h: the subcommands of cwfilter, one file each (cmd_*.c).
 *
 * Each takes the arguments after its name (argv[0] is the subcommand name)
 * and returns the exit code: 0 nothing to report at or above the threshold,
 * 1 findings, 2 could not run (usage, I/O, input that is not what it
 * claims).  Only the CLI prints and exits; library code never does. */
#ifndef CWF_CLI_H
#define CWF_CLI_H

#include <getopt.h>
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
int cwf_cmd_fix(int argc, char **argv);

/* `lint --fix`: applies the proved fixes (safe ones; unsafe ones too with
 * unsafe) to the files under paths as `cwfilter fix` does, printing one
 * summary line on stderr; returns 0, or 2 when a file could not be read or
 * written.  The coverage rules: rule ids or aliases, and benchmark versions
 * (may be none); the caller has checked that each is known. */
int cwf_fix_paths(const char *const *paths, size_t n, const char *const *rules, size_t nrules,
                  const char *const *versions, size_t nversions, bool unsafe, bool follow);
int cwf_cmd_implies(int argc, char **argv);
int cwf_cmd_covers(int argc, char **argv);
int cwf_cmd_equiv(int argc, char **argv);
int cwf_cmd_sql(int argc, char **argv);

/* Reads the pattern named on a command line: the argument itself, the
 * contents of --file F (file non-NULL), or stdin when arg is "-".  Sets
 * *name to "<pattern>", F, or "<stdin>".  A file or stdin that holds only
 * blanks is no pattern.  On failure prints "cwfilter: F: reason" (or
 * "cwfilter: F: no pattern") and returns false (exit 2). */
bool cwf_cli_pattern(const char *arg, const char *file, cwf_buf *out,
                     const char **name);

/* Prints "cwfilter <subcommand>: message" and the hint line "Try
 * 'cwfilter <subcommand> --help'."; returns 2. */
int cwf_cli_usage_error(const char *cmd, const char *fmt, ...) CWF_PRINTF(2, 3);

/* getopt_long (from optind = 1 on the first call) with our own messages:
 * returns the next option as getopt_long does, -1 after the last one (and
 * after `--`), or 0 after printing one usage error through
 * cwf_cli_usage_error (an unknown option, a missing argument).  takes_pattern:
 * the subcommand takes a pattern operand, so an unknown short option gets
 * the hint to put `--` before a pattern that starts with `-`.  shortopts
 * must not start with ':' or '+'; no long option may have val 0. */
int cwf_cli_getopt(const char *cmd, bool takes_pattern, int argc, char **argv,
                   const char *shortopts, const struct option *longopts);

/* Checks stdout once everything is written: flushes and closes it, and on
 * failure prints "cwfilter: write error: reason" and returns false. */
bool cwf_cli_close_stdout(void);

#endif
