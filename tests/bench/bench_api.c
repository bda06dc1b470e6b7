/* bench_api.c: the matcher through the public API, for bench_api.sh.
 *
 *     bench_api PATTERN FILE
 * maps FILE into memory (MAP_POPULATE: its pages are read before the
 * call), then matches it in one cwf_match_buffer call; prints
 * "CALL_WALL_S CALL_CPU_S COUNT" on stdout (the call alone; the caller times
 * the whole process as well). */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cwfilter.h>

static double now(clockid_t c)
{
    struct timespec t;
    clock_gettime(c, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fputs("usage: bench_api PATTERN FILE\n", stderr);
        return 2;
    }
    int fd = open(argv[2], O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || st.st_size == 0) {
        perror(argv[2]);
        return 2;
    }
    size_t len = (size_t)st.st_size;
    char *buf = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    close(fd);
    if (buf == MAP_FAILED)
        buf = NULL;
    cwf_parsed *p;
    cwf_compiled *m;
    if (!buf || cwf_parse_pattern(argv[1], strlen(argv[1]), &p) != CWF_STATUS_OK ||
        cwf_compile(p, &m) != CWF_STATUS_OK) {
        fputs("bench_api: out of memory or a bad pattern\n", stderr);
        return 2;
    }
    size_t count;
    double w = now(CLOCK_MONOTONIC), c = now(CLOCK_PROCESS_CPUTIME_ID);
    cwf_status s = cwf_match_buffer(m, buf, len, NULL, NULL, &count);
    w = now(CLOCK_MONOTONIC) - w;
    c = now(CLOCK_PROCESS_CPUTIME_ID) - c;
    if (s != CWF_STATUS_OK) {
        fprintf(stderr, "bench_api: %s: %s\n", cwf_status_string(s), cwf_compiled_error(m));
        return 2;
    }
    printf("%.4f %.4f %zu\n", w, c, count);
    cwf_compiled_free(m);
    cwf_parsed_free(p);
    munmap(buf, len);
    return 0;
}
