/* Memory: the caller's allocator hooks and the per-message bump arena. */
#include "internal.h"

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

/* Blocks grow geometrically so that a message with many small records
 * makes O(log n) calls to the allocator, but start small because most
 * messages are a few kilobytes. */
#define ARENA_FIRST_BLOCK 4096u
#define ARENA_MAX_BLOCK (1u << 20)
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
    size_t size = arena->head ? arena->head->size * 2 : ARENA_FIRST_BLOCK;
    if (size > ARENA_MAX_BLOCK)
        size = ARENA_MAX_BLOCK;
    return size < need ? need : size;
}

void *eml__arena_alloc(eml__arena *arena, size_t size)
{
    if (size > SIZE_MAX - ARENA_ALIGN - BLOCK_HEADER)
        return NULL;
    size = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (!arena->head || arena->head->size - arena->used < size) {
        size_t bsize = next_block_size(arena, size);
        eml__arena_block *b = eml__mem_alloc(arena->allocator, BLOCK_HEADER + bsize);
        if (!b)
            return NULL;
        b->prev = arena->head;
        b->size = bsize;
        arena->head = b;
        arena->used = 0;
        arena->total += BLOCK_HEADER + bsize;
    }
    void *p = (char *)arena->head + BLOCK_HEADER + arena->used;
    arena->used += size;
    return p;
}

char *eml__arena_strndup(eml__arena *arena, const char *s, size_t len)
{
    if (len == SIZE_MAX)
        return NULL;
    char *p = eml__arena_alloc(arena, len + 1);
    if (!p)
        return NULL;
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}
