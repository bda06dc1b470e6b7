/* shell.h: quoting for the POSIX shell, for the commands that cwfilter
 * prints for people to run (audit's steps and its remediation script). */
#ifndef CWF_SHELL_H
#define CWF_SHELL_H

#include "util.h"

/* s as one shell word: unchanged when it holds only safe characters, else in
 * single quotes with each ' written '\''.  Never a backslash-newline. */
void cwf_shell_quote(cwf_buf *out, const char *s);

#endif
