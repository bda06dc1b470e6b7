/* cli.c: what the subcommands share: reading a pattern, option parsing
 * with one format of usage error, checking that stdout was written. */
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
    /* An empty file is an empty stdin or a wrong file, not the pattern that
     * matches everything (that one is written '""' or given as ''). */
    size_t i = 0;
    while (i < out->len && strchr(" \t\r\n", out->p[i]))
        i++;
    if (i == out->len) {
        fprintf(stderr, "cwfilter: %s: no pattern\n", *name);
        return false;
    }
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

/* Prints s in single quotes as a shell reads it back. */
static void shell_quote(FILE *f, const char *s)
{
    fputc('\'', f);
    for (; *s; s++)
        if (*s == '\'')
            fputs("'\\''", f);
        else
            fputc(*s, f);
    fputc('\'', f);
}

int cwf_cli_getopt(const char *cmd, bool takes_pattern, int argc, char **argv,
                   const char *shortopts, const struct option *longopts)
{
    char spec[64];
    snprintf(spec, sizeof spec, ":%s", shortopts);
    opterr = 0;
    int c = getopt_long(argc, argv, spec, longopts, NULL);
    if (c != '?' && c != ':')
        return c;
    /* getopt_long has moved optind past the argument that holds the
     * offending option (or has not, inside a group of short options). */
    const char *arg = optind > 1 && optind - 1 < argc ? argv[optind - 1] : "";
    if (optind <= argc - 1 && argv[optind][0] == '-' && argv[optind][1] != '-' && optopt &&
        strchr(argv[optind], optopt))
        arg = argv[optind];
    bool is_long = strncmp(arg, "--", 2) == 0;
    int len = is_long ? (int)strcspn(arg, "=") : 0;
    if (c == ':') {
        if (is_long)
            cwf_cli_usage_error(cmd, "option '%.*s' needs an argument", len, arg);
        else
            cwf_cli_usage_error(cmd, "option '-%c' needs an argument", optopt);
    } else if (is_long) {
        cwf_cli_usage_error(cmd, "unknown option '%.*s'", len, arg);
    } else if (takes_pattern) {
        fprintf(stderr, "cwfilter %s: unknown option '-%c' in '%s'; a pattern that starts with "
                        "'-' goes after '--': cwfilter %s -- ", cmd, optopt, arg, cmd);
        shell_quote(stderr, arg);
        fprintf(stderr, "\nTry 'cwfilter %s --help'.\n", cmd);
    } else {
        cwf_cli_usage_error(cmd, "unknown option '-%c'", optopt);
    }
    return 0;
}

bool cwf_cli_close_stdout(void)
{
    /* A write that failed earlier left its reason in errno, unless a later
     * call failed too: the last reason is the best we have. */
    bool failed = ferror(stdout) != 0;
    int err = failed ? errno : 0;
    if (fflush(stdout) != 0) {
        failed = true;
        err = errno;
    }
    if (fclose(stdout) != 0 && !failed) {
        failed = true;
        err = errno;
    }
    if (!failed)
        return true;
    if (err)
        fprintf(stderr, "cwfilter: write error: %s\n", strerror(err));
    else
        fputs("cwfilter: write error\n", stderr);
    return false;
}
