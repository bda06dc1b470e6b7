/* shell.c: quoting for the POSIX shell (shell.h). */
#include "shell.h"

#include <stdbool.h>
#include <string.h>

void cwf_shell_quote(cwf_buf *out, const char *s)
{
    bool safe = s[0] != '\0';
    for (const char *p = s; *p && safe; p++)
        safe = strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
                      "_@%+=:,./-", *p) != NULL;
    if (safe) {
        cwf_buf_puts(out, s);
        return;
    }
    cwf_buf_putc(out, '\'');
    for (const char *p = s; *p; p++) {
        if (*p == '\'')
            cwf_buf_puts(out, "'\\''");
        else
            cwf_buf_putc(out, *p);
    }
    cwf_buf_putc(out, '\'');
}
