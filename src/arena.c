/* arena.c: see arena.h. */
#include "arena.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

struct cwf_arena_block {
    cwf_arena_block *next;
    size_t used, cap;
    max_align_t data[];
};

#define BLOCK_MIN 4096

#ifndef CWF_ARENA_TRACK
/* A new empty block at the head of a, with room for n bytes at least. */
static cwf_arena_block *new_block(cwf_arena *a, size_t n)
{
    size_t cap = n > BLOCK_MIN ? n : BLOCK_MIN;
    cwf_arena_block *b = cwf_xmalloc(sizeof *b + cap);
    b->used = 0;
    b->cap = cap;
    b->next = a->head;
    a->head = b;
    return b;
}
#endif

void *cwf_arena_alloc(cwf_arena *a, size_t n)
{
    const size_t align = sizeof(max_align_t);
    n = (n + align - 1) / align * align;
    if (n == 0)
        n = align;
#ifdef CWF_ARENA_TRACK
    /* One block per allocation, so that sanitizers see exact bounds. */
    cwf_arena_block *t = cwf_xcalloc(1, sizeof *t + n);
    t->used = t->cap = n;
    t->next = a->head;
    a->head = t;
    return t->data;
#else
    cwf_arena_block *b = a->head;
    if (!b || b->cap - b->used < n)
        b = new_block(a, n);
    void *p = (char *)b->data + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
#endif
}

char *cwf_arena_strndup(cwf_arena *a, const char *s, size_t n)
{
    char *p = cwf_arena_alloc(a, n + 1);
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void cwf_arena_reserve(cwf_arena *a, size_t n)
{
#ifdef CWF_ARENA_TRACK
    (void)a;
    (void)n;
#else
    cwf_arena_block *b = a->head;
    if (!b || b->cap - b->used < n)
        new_block(a, n);
#endif
}

cwf_arena_mark cwf_arena_get_mark(const cwf_arena *a)
{
    cwf_arena_mark m = {a->head, a->head ? a->head->used : 0};
    return m;
}

void cwf_arena_release(cwf_arena *a, cwf_arena_mark m)
{
    while (a->head && a->head != m.head) {
        cwf_arena_block *next = a->head->next;
        free(a->head);
        a->head = next;
    }
    if (a->head)
        a->head->used = m.used; /* CWF_ARENA_TRACK: used == cap, unchanged */
}

void cwf_arena_free(cwf_arena *a)
{
    cwf_arena_block *b = a->head;
    while (b) {
        cwf_arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
}
