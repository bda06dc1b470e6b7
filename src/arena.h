/* arena.h: a block-chained bump allocator.
 *
 * Every AST of one parse lives in one arena and is freed at once.  Nodes are
 * never freed one by one.  Build with -DCWF_ARENA_TRACK to malloc every
 * allocation separately, so that ASan and valgrind see each node. */
#ifndef CWF_ARENA_H
#define CWF_ARENA_H

#include <stddef.h>

typedef struct cwf_arena_block cwf_arena_block;

typedef struct cwf_arena {
    cwf_arena_block *head;   /* newest block first */
} cwf_arena;

/* An empty arena; allocates nothing until first used. */
#define CWF_ARENA_INIT {0}

/* Zeroed memory for n bytes, aligned for any object.  Aborts on exhaustion
 * (a pattern is at most 1024 bytes; memory failure is not an input error). */
void *cwf_arena_alloc(cwf_arena *a, size_t n);

/* A NUL-terminated copy of s[0..n) in the arena. */
char *cwf_arena_strndup(cwf_arena *a, const char *s, size_t n);

/* Frees every block; the arena is empty and reusable afterwards. */
void cwf_arena_free(cwf_arena *a);

#endif
