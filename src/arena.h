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

/* Makes the next allocations, up to n bytes in all, come from the newest
 * block, adding a block of at least n bytes if it has less room.  With a
 * mark taken afterwards, a scratch arena then reuses one block. */
void cwf_arena_reserve(cwf_arena *a, size_t n);

/* A point in an arena's life, to go back to (scratch memory: the prover
 * allocates a search's arrays after a mark and releases them at its end). */
typedef struct cwf_arena_mark {
    cwf_arena_block *head;
    size_t used;
} cwf_arena_mark;

/* The arena's state now. */
cwf_arena_mark cwf_arena_get_mark(const cwf_arena *a);

/* Frees what was allocated after mark m (taken on a): blocks added since
 * are freed, the block that was newest keeps what it held then and is
 * reused.  What was allocated before m stays valid. */
void cwf_arena_release(cwf_arena *a, cwf_arena_mark m);

/* Frees every block; the arena is empty and reusable afterwards. */
void cwf_arena_free(cwf_arena *a);

#endif
