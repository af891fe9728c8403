/* Memory: the caller's allocator hooks and the per-message bump arena. */
#include "base/arena.h"

#include <stdlib.h>
#include <string.h>

void *eml__mem_alloc(const eml_allocator *a, size_t size)
{
    if (size == 0)
        size = 1;
    if (a && a->alloc)
        return a->alloc(a->user, size);
    return malloc(size);
}

void eml__mem_free(const eml_allocator *a, void *ptr, size_t size)
{
    if (!ptr)
        return;
    if (a && a->alloc) {
        if (a->free)
            a->free(a->user, ptr, size);
        return;
    }
    free(ptr);
}

/* Blocks grow by half of what the arena already holds, so a message with
 * many records makes O(log n) calls to the allocator while the unused
 * tail of the newest block stays under a third of the total (measured on
 * the shared corpus: doubling to 1 MiB blocks cost a quarter more memory).
 * The first block is small because most messages are a few kilobytes. */
#define ARENA_FIRST_BLOCK 1024u
#define ARENA_MAX_BLOCK (64u * 1024u)
#define ARENA_ALIGN 16u

struct eml__arena_block {
    eml__arena_block *prev;
    size_t size; /* usable bytes after the header */
    /* data follows, aligned */
};

#define BLOCK_HEADER (((sizeof(eml__arena_block) + ARENA_ALIGN - 1) / ARENA_ALIGN) * ARENA_ALIGN)

void eml__arena_init(eml__arena *arena, const eml_allocator *allocator)
{
    arena->allocator = allocator;
    arena->head = NULL;
    arena->used = 0;
    arena->total = 0;
}

void eml__arena_release(eml__arena *arena)
{
    eml__arena_block *b = arena->head;
    while (b) {
        eml__arena_block *prev = b->prev;
        eml__mem_free(arena->allocator, b, BLOCK_HEADER + b->size);
        b = prev;
    }
    arena->head = NULL;
    arena->used = 0;
    arena->total = 0;
}

static size_t next_block_size(const eml__arena *arena, size_t need)
{
    size_t size = arena->total / 2;
    if (size < ARENA_FIRST_BLOCK)
        size = ARENA_FIRST_BLOCK;
    if (size > ARENA_MAX_BLOCK)
        size = ARENA_MAX_BLOCK;
    return size < need ? need : size;
}

/* Records need 16-byte alignment; strings need none, and packing them
 * saves up to 15 bytes per short string (parameter names and values). */
static void *arena_take(eml__arena *arena, size_t size, size_t align)
{
    if (size > SIZE_MAX - ARENA_ALIGN - BLOCK_HEADER)
        return NULL;
    size_t at = arena->head ? (arena->used + align - 1) & ~(align - 1) : 0;
    if (!arena->head || at > arena->head->size || arena->head->size - at < size) {
        size_t bsize = next_block_size(arena, size);
        eml__arena_block *b = eml__mem_alloc(arena->allocator, BLOCK_HEADER + bsize);
        if (!b)
            return NULL;
        b->prev = arena->head;
        b->size = bsize;
        arena->head = b;
        arena->total += BLOCK_HEADER + bsize;
        at = 0;
    }
    void *p = (char *)arena->head + BLOCK_HEADER + at;
    arena->used = at + size;
    return p;
}

void *eml__arena_alloc(eml__arena *arena, size_t size)
{
    return arena_take(arena, size ? size : 1, ARENA_ALIGN);
}

char *eml__arena_strndup(eml__arena *arena, const char *s, size_t len)
{
    if (len == SIZE_MAX)
        return NULL;
    char *p = arena_take(arena, len + 1, 1);
    if (!p)
        return NULL;
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}
