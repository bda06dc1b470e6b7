/* cli.c: what the subcommands share: reading a pattern, usage errors. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

bool cwf_cli_pattern(const char *arg, const char *file, cwf_buf *out, const char **name)
{
    const char *path = file ? file : (arg && strcmp(arg, "-") == 0 ? "-" : NULL);
    if (!path) {
        *name = "<pattern>";
        cwf_buf_add(out, arg, strlen(arg));
        return true;
    }
    *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
    if (!cwf_read_file(path, out)) {
        fprintf(stderr, "cwfilter: %s: %s\n", *name, strerror(errno));
        return false;
    }
    /* A file's final line break ends the line; it is not part of the pattern. */
    if (out->len > 0 && out->p[out->len - 1] == '\n')
        out->p[--out->len] = '\0';
    if (out->len > 0 && out->p[out->len - 1] == '\r')
        out->p[--out->len] = '\0';
    return true;
}

int cwf_cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "cwfilter %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'cwfilter %s --help'.\n", cmd);
    return CWF_EXIT_ERROR;
}
