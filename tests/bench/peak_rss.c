/* peak_rss.c: runs a command and writes its peak resident memory and CPU.
 *
 *     peak_rss OUT COMMAND [ARG...]
 * runs COMMAND (stdin, stdout and stderr inherited), waits for it with
 * wait4, writes "MAXRSS_KIB CPU_SECONDS\n" to OUT (user plus system time),
 * and exits with the command's status.
 * Built by bench_match.sh; a fork of this small program starts with a small
 * resident set, so the figure is the command's own (a wrapper in Python
 * would lend the command its interpreter's pages). */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        fputs("usage: peak_rss OUT COMMAND [ARG...]\n", stderr);
        return 2;
    }
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return 2;
    }
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        perror(argv[2]);
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0) {
        perror("wait4");
        return 2;
    }
    FILE *f = fopen(argv[1], "w");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    double cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
                 (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
    fprintf(f, "%ld %.3f\n", ru.ru_maxrss, cpu);
    fclose(f);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 2;
}
