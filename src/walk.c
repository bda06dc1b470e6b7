/* walk.c: the safe walk of command-line paths and the read that cannot
 * hang (walk.h).
 *
 * Each directory is opened with O_NOFOLLOW (or, for a followed link, after
 * its target was checked) and its device and inode compared with what
 * lstat said, so that swapping a directory for a link between the two is
 * an error, not a way out of the roots.  The real path of every directory
 * is carried along (the root's realpath, then one component per entry), so
 * that the roots and /proc, /sys, /dev are compared without a realpath per
 * entry. */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct devino {
    dev_t dev;
    ino_t ino;
    bool used;
} devino;

typedef struct walker {
    cwf_walk *w;
    const cwf_walk_opts *o;
    int max_depth;
    char **roots; /* real paths of the roots that resolve */
    size_t nroots;
    devino *seen; /* open-addressing set of the directories walked */
    size_t nseen, capseen;
    devino *stack; /* the directories being walked, root first */
    size_t nstack;
} walker;

static void add(walker *k, cwf_walk_kind kind, const char *path, const char *text)
{
    cwf_walk *w = k->w;
    if (w->n == w->cap) {
        w->cap = w->cap ? 2 * w->cap : 32;
        w->v = cwf_xrealloc(w->v, w->cap * sizeof *w->v);
    }
    w->v[w->n++] = (cwf_walk_entry){kind, cwf_xstrdup(path), text ? cwf_xstrdup(text) : NULL};
}

bool cwf_walk_within(const char *p, const char *root)
{
    size_t n = strlen(root);
    if (n == 1 && root[0] == '/')
        return p[0] == '/';
    return strncmp(p, root, n) == 0 && (p[n] == '\0' || p[n] == '/');
}

bool cwf_walk_forbidden(const char *p)
{
    return cwf_walk_within(p, "/proc") || cwf_walk_within(p, "/sys") || cwf_walk_within(p, "/dev");
}

static bool inside_roots(const walker *k, const char *real)
{
    for (size_t i = 0; i < k->nroots; i++)
        if (cwf_walk_within(real, k->roots[i]))
            return true;
    return false;
}

static const char *kind_name(mode_t m)
{
    return S_ISFIFO(m)  ? "a FIFO"
           : S_ISSOCK(m) ? "a socket"
           : S_ISCHR(m)  ? "a character device"
           : S_ISBLK(m)  ? "a block device"
           : S_ISDIR(m)  ? "a directory"
                         : "not a regular file";
}

static size_t hash(dev_t d, ino_t i)
{
    uint64_t h = ((uint64_t)d * 0x9E3779B97F4A7C15u) ^ (uint64_t)i;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9u;
    return (size_t)(h ^ (h >> 32));
}

/* Adds (d, i) to the set of directories walked; false if it was there. */
static bool first_visit(walker *k, dev_t d, ino_t i)
{
    if (2 * (k->nseen + 1) > k->capseen) {
        size_t cap = k->capseen ? 2 * k->capseen : 64;
        devino *v = cwf_xcalloc(cap, sizeof *v);
        for (size_t j = 0; j < k->capseen; j++)
            if (k->seen[j].used) {
                size_t h = hash(k->seen[j].dev, k->seen[j].ino) & (cap - 1);
                while (v[h].used)
                    h = (h + 1) & (cap - 1);
                v[h] = k->seen[j];
            }
        free(k->seen);
        k->seen = v;
        k->capseen = cap;
    }
    size_t h = hash(d, i) & (k->capseen - 1);
    for (; k->seen[h].used; h = (h + 1) & (k->capseen - 1))
        if (k->seen[h].dev == d && k->seen[h].ino == i)
            return false;
    k->seen[h] = (devino){d, i, true};
    k->nseen++;
    return true;
}

static char *join(const char *dir, const char *name)
{
    if (strcmp(dir, ".") == 0)
        return cwf_xstrdup(name);
    size_t n = strlen(dir);
    return cwf_xasprintf("%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", name);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk_dir(walker *k, const char *path, const char *real, const struct stat *st,
                     bool link, int depth);

/* One entry of a directory: lstat says what it is. */
static void walk_entry(walker *k, const char *path, const char *real, const char *name, int depth)
{
    const cwf_walk_opts *o = k->o;
    struct stat st;
    if (lstat(path, &st) != 0) {
        add(k, CWF_WALK_ERROR, path, strerror(errno));
        return;
    }
    if (S_ISDIR(st.st_mode)) {
        if (!o->want || o->want(name, true))
            walk_dir(k, path, real, &st, false, depth + 1);
        return;
    }
    if (S_ISREG(st.st_mode)) {
        if (!o->want || o->want(name, false))
            add(k, CWF_WALK_FILE, path, NULL);
        return;
    }
    if (!S_ISLNK(st.st_mode)) {
        if (!o->want || o->want(name, false))
            add(k, CWF_WALK_NOTE, path, kind_name(st.st_mode));
        return;
    }
    /* A symbolic link: where it leads decides. */
    struct stat t;
    if (stat(path, &t) != 0) {
        if (!o->want || o->want(name, false))
            add(k, CWF_WALK_NOTE, path,
                errno == ELOOP ? "a symbolic link loop" : "a broken symbolic link");
        return;
    }
    bool dir = S_ISDIR(t.st_mode);
    if (o->want && !o->want(name, dir))
        return;
    char *treal = realpath(path, NULL);
    /* GCOVR_EXCL_START: stat just followed the link; realpath fails only
     * when the link is changed in between, a race no test can stage */
    if (!treal) {
        add(k, CWF_WALK_ERROR, path, strerror(errno));
        return;
    }
    /* GCOVR_EXCL_STOP */
    if (cwf_walk_forbidden(treal))
        add(k, CWF_WALK_NOTE, path, "a symbolic link into /proc, /sys or /dev");
    else if (dir && !o->follow)
        add(k, CWF_WALK_NOTE, path, "a symbolic link to a directory (--follow walks it)");
    else if (!inside_roots(k, treal))
        add(k, CWF_WALK_NOTE, path, "a symbolic link to outside the given paths");
    else if (dir)
        walk_dir(k, path, treal, &t, true, depth + 1);
    else if (!S_ISREG(t.st_mode)) {
        char *why = cwf_xasprintf("a symbolic link to %s", kind_name(t.st_mode));
        add(k, CWF_WALK_NOTE, path, why);
        free(why);
    } else
        add(k, CWF_WALK_FILE, path, NULL);
    free(treal);
}

/* The directory path (real path real; st from lstat, or stat for a link
 * followed): checked, then its entries in name order. */
static void walk_dir(walker *k, const char *path, const char *real, const struct stat *st,
                     bool link, int depth)
{
    if (cwf_walk_forbidden(real)) {
        add(k, CWF_WALK_NOTE, path, "/proc, /sys and /dev are never walked");
        return;
    }
    for (size_t i = 0; i < k->nstack; i++)
        if (k->stack[i].dev == st->st_dev && k->stack[i].ino == st->st_ino) {
            add(k, CWF_WALK_NOTE, path, "a symbolic link loop");
            return;
        }
    if (!first_visit(k, st->st_dev, st->st_ino))
        return; /* reached before through another link: its files are listed */
    if (depth > k->max_depth) {
        char *why = cwf_xasprintf("directories nest deeper than %d", k->max_depth);
        add(k, CWF_WALK_ERROR, path, why);
        free(why);
        return;
    }
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_NONBLOCK | O_CLOEXEC | (link ? 0 : O_NOFOLLOW));
    struct stat now;
    if (fd < 0 || fstat(fd, &now) != 0) {
        add(k, CWF_WALK_ERROR, path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return;
    }
    /* GCOVR_EXCL_START: a directory replaced between lstat and open, and
     * fdopendir failing on an open directory (out of memory): races and
     * resource failures no test can stage */
    if (now.st_dev != st->st_dev || now.st_ino != st->st_ino) {
        add(k, CWF_WALK_ERROR, path, "changed while it was walked");
        close(fd);
        return;
    }
    DIR *d = fdopendir(fd);
    if (!d) {
        add(k, CWF_WALK_ERROR, path, strerror(errno));
        close(fd);
        return;
    }
    /* GCOVR_EXCL_STOP */
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 16;
            names = cwf_xrealloc(names, cap * sizeof *names);
        }
        names[n++] = cwf_xstrdup(e->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, by_name); /* the same order everywhere */
    k->stack = cwf_xrealloc(k->stack, (k->nstack + 1) * sizeof *k->stack);
    k->stack[k->nstack++] = (devino){st->st_dev, st->st_ino, true};
    for (size_t i = 0; i < n; i++) {
        char *p = join(path, names[i]);
        char *r = cwf_xasprintf("%s%s%s", real, strcmp(real, "/") == 0 ? "" : "/", names[i]);
        walk_entry(k, p, r, names[i], depth);
        free(p);
        free(r);
        free(names[i]);
    }
    k->nstack--;
    free(names);
}

void cwf_walk_run(cwf_walk *w, const char *const *roots, size_t n, const cwf_walk_opts *o)
{
    walker k = {.w = w, .o = o, .max_depth = o->max_depth > 0 ? o->max_depth : 64};
    char **real = cwf_xcalloc(n ? n : 1, sizeof *real);
    k.roots = cwf_xcalloc(n ? n : 1, sizeof *k.roots);
    for (size_t i = 0; i < n; i++)
        if (strcmp(roots[i], "-") != 0 && (real[i] = realpath(roots[i], NULL)) != NULL)
            k.roots[k.nroots++] = real[i];
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (strcmp(roots[i], "-") == 0)
            add(&k, CWF_WALK_FILE, roots[i], NULL);
        else if (stat(roots[i], &st) != 0 || !real[i])
            add(&k, CWF_WALK_ERROR, roots[i], strerror(errno));
        else if (S_ISDIR(st.st_mode))
            walk_dir(&k, roots[i], real[i], &st, true, 0);
        else if (cwf_walk_forbidden(real[i]))
            add(&k, CWF_WALK_NOTE, roots[i], "/proc, /sys and /dev are never read");
        else if (!S_ISREG(st.st_mode))
            add(&k, CWF_WALK_NOTE, roots[i], kind_name(st.st_mode));
        else
            add(&k, CWF_WALK_FILE, roots[i], NULL);
    }
    for (size_t i = 0; i < n; i++)
        free(real[i]);
    free(real);
    free(k.roots);
    free(k.seen);
    free(k.stack);
}

void cwf_walk_free(cwf_walk *w)
{
    for (size_t i = 0; i < w->n; i++) {
        free(w->v[i].path);
        free(w->v[i].text);
    }
    free(w->v);
    *w = (cwf_walk)CWF_WALK_INIT;
}

int cwf_read_regular(const char *path, cwf_buf *out, const char **why)
{
    *why = NULL;
    if (strcmp(path, "-") == 0)
        return cwf_read_file(path, out) ? 1 : -1;
    struct stat st;
    if (stat(path, &st) != 0)
        return -1;
    if (!S_ISREG(st.st_mode)) {
        *why = kind_name(st.st_mode);
        return 0;
    }
    char *real = realpath(path, NULL);
    if (!real) /* GCOVR_EXCL_LINE: stat just succeeded; only a race fails it */
        return -1; /* GCOVR_EXCL_LINE */
    bool forbidden = cwf_walk_forbidden(real);
    free(real);
    if (forbidden) {
        *why = "/proc, /sys and /dev are never read";
        return 0;
    }
    /* Replaced by a FIFO since the stat: the open does not wait for a writer. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    /* GCOVR_EXCL_START: stat said a regular file; fstat of the open file
     * fails, or finds another kind, only when the file is replaced between
     * stat and open, a race no test can stage */
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        *why = kind_name(st.st_mode);
        return 0;
    }
    /* GCOVR_EXCL_STOP */
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        (void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    char chunk[65536];
    for (;;) {
        ssize_t r = read(fd, chunk, sizeof chunk);
        /* GCOVR_EXCL_START: a read of an open regular file fails only on an
         * I/O error or a signal, which no test can stage */
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int e = errno;
            close(fd);
            errno = e;
            return -1;
        }
        /* GCOVR_EXCL_STOP */
        if (r == 0)
            break;
        cwf_buf_add(out, chunk, (size_t)r);
    }
    close(fd);
    return 1;
}
