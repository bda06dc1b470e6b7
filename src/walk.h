/* walk.h: a safe walk of the paths given on a command line, and a read that
 * cannot hang.
 *
 * What is read is untrusted (a pull request can add any symbolic link or
 * special file), so the walk:
 * - does not follow a symbolic link to a directory unless follow is set,
 *   and then never leaves the given roots (real paths compared by path
 *   components) and walks every directory once (device and inode), a link
 *   back to an ancestor being a loop;
 * - never walks or reads /proc, /sys or /dev, even given as a root;
 * - returns only regular files: FIFOs, sockets and devices are skipped
 *   (never opened), as is a symbolic link to a file outside the roots.
 * Every skip is a note, every failure an error: entries in walk order, for
 * the command line to print.  Directory entries are sorted by name. */
#ifndef CWF_WALK_H
#define CWF_WALK_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

typedef enum cwf_walk_kind {
    CWF_WALK_FILE,  /* a regular file to read */
    CWF_WALK_NOTE,  /* skipped; text says why ("a FIFO") */
    CWF_WALK_ERROR, /* could not be walked; text says why (strerror) */
} cwf_walk_kind;

typedef struct cwf_walk_entry {
    cwf_walk_kind kind;
    char *path; /* as reached from the root given (the root's spelling first) */
    char *text; /* NULL for a file */
} cwf_walk_entry;

/* Which names found inside a directory are walked (is_dir) or returned (a
 * file); the roots themselves are always taken. */
typedef bool cwf_walk_want(const char *name, bool is_dir);

typedef struct cwf_walk_opts {
    bool follow;         /* follow symbolic links to directories inside the roots */
    int max_depth;       /* deeper directories are an error; 0 means 64 */
    cwf_walk_want *want; /* NULL takes everything */
} cwf_walk_opts;

typedef struct cwf_walk {
    cwf_walk_entry *v;
    size_t n, cap;
} cwf_walk;

#define CWF_WALK_INIT {0}

/* Walks the n roots in order into w (which the caller frees with
 * cwf_walk_free).  A root "-" is returned as a file as it is.  A root that
 * is a file is returned if it is a regular file (through links), noted
 * otherwise; a directory is walked.  Never prints, never opens anything but
 * directories. */
void cwf_walk_run(cwf_walk *w, const char *const *roots, size_t n, const cwf_walk_opts *o);

void cwf_walk_free(cwf_walk *w);

/* True if the real path p is root or below it, compared by whole path
 * components ("/a/bc" is not below "/a/b"). */
bool cwf_walk_within(const char *p, const char *root);

/* True if the real path p is /proc, /sys or /dev or below them. */
bool cwf_walk_forbidden(const char *p);

/* Reads the regular file path ("-" is stdin, read as it is) without ever
 * blocking on a FIFO or device: opened non-blocking, checked with fstat.
 * Returns 1 when read; 0 when path is not a regular file (*why says what it
 * is, a static string); -1 on an error (errno set). */
int cwf_read_regular(const char *path, cwf_buf *out, const char **why);

#endif
