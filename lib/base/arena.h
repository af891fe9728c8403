/* Memory through the caller's hooks, and the per-message bump arena. */
#ifndef EML_BASE_ARENA_H
#define EML_BASE_ARENA_H

#include "base/base.h"

/* Allocation through the caller's hooks (or malloc when a is NULL or its
 * alloc is NULL). eml__mem_free accepts NULL. */
void *eml__mem_alloc(const eml_allocator *a, size_t size);
void eml__mem_free(const eml_allocator *a, void *ptr, size_t size);

/* A bump arena owned by one message: many small allocations, freed at
 * once. Blocks come from the message's allocator. */
typedef struct eml__arena_block eml__arena_block;
typedef struct eml__arena {
    const eml_allocator *allocator;
    eml__arena_block *head;
    size_t used; /* bytes used in head */
    size_t total; /* bytes obtained from the allocator, for accounting */
} eml__arena;

void eml__arena_init(eml__arena *arena, const eml_allocator *allocator);
void eml__arena_release(eml__arena *arena);
/* 16-byte aligned; NULL when out of memory or on size overflow. */
void *eml__arena_alloc(eml__arena *arena, size_t size);
/* Copies len bytes and appends a NUL. */
char *eml__arena_strndup(eml__arena *arena, const char *s, size_t len);

#endif /* EML_BASE_ARENA_H */
