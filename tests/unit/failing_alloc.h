/*
 * An allocator for tests and fuzz harnesses: it can refuse the Nth
 * allocation, to reach every out-of-memory path, and it keeps the
 * library to the eml_allocator contract: each free must name a block it
 * handed out, with the size it was asked for, and the counts of live
 * blocks and bytes show what was not freed.
 */
#ifndef EML_TEST_FAILING_ALLOC_H
#define EML_TEST_FAILING_ALLOC_H

#include <stddef.h>

#include "eml.h"

typedef struct failing_alloc {
    size_t fail_at;     /* 1-based allocation to refuse; 0: none */
    int keep_failing;   /* refuse every allocation after fail_at as well */
    size_t calls;       /* allocations asked for so far */
    int refused;        /* set once an allocation was refused */
    size_t live_blocks; /* handed out and not yet freed */
    size_t live_bytes;
    size_t peak_bytes;  /* the highest live_bytes */
} failing_alloc;

/* Fills *a with hooks that use *f; the caller zeroes *f first and may
 * then set fail_at and keep_failing, before or between allocations. */
void failing_alloc_init(eml_allocator *a, failing_alloc *f);

#endif /* EML_TEST_FAILING_ALLOC_H */
