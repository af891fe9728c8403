/*
 * Scratch memory: a heap buffer from an allocator, grown by doubling and
 * freed by its owner. It keeps temporary vectors out of the arena, so that
 * the tree holds only exact-size records. It may start in storage lent by
 * the caller (eml__buf_lend), which it leaves for the heap only when it
 * outgrows it.
 */
#ifndef EML_BASE_BUF_H
#define EML_BASE_BUF_H

#include "base/arena.h"

typedef struct eml__buf {
    void *ptr;
    size_t cap;
    bool lent; /* ptr is the caller's storage: never freed here */
} eml__buf;

/* Starts b in storage (size bytes, aligned for what b will hold). */
static inline void eml__buf_lend(eml__buf *b, void *storage, size_t size)
{
    b->ptr = storage;
    b->cap = size;
    b->lent = true;
}

/* Ensures b holds at least size bytes, keeping its content. EML_OK or
 * EML_ENOMEM (b unchanged). */
int eml__buf_reserve(const eml_allocator *a, eml__buf *b, size_t size);
void eml__buf_release(const eml_allocator *a, eml__buf *b);

#endif /* EML_BASE_BUF_H */
