/*
 * Bytes appended in an arena: the output of every text decoder. On
 * out-of-memory oom is set and later appends do nothing, so callers check
 * once at the end.
 */
#ifndef EML_BASE_TBUF_H
#define EML_BASE_TBUF_H

#include "base/arena.h"

typedef struct eml__tbuf {
    char *ptr;
    size_t len;
    size_t cap; /* bytes usable before the terminating NUL */
    eml__arena *arena;
    bool oom;
    bool scratch; /* heap from the arena's allocator, not the arena */
} eml__tbuf;

void eml__tbuf_init(eml__tbuf *b, eml__arena *arena);
/* A temporary buffer: it grows on the heap through the arena's allocator,
 * so the blocks it outgrows are freed at once instead of staying in the
 * message. The owner calls eml__tbuf_release. */
void eml__tbuf_init_scratch(eml__tbuf *b, eml__arena *arena);
void eml__tbuf_release(eml__tbuf *b);
/* Makes room for more bytes; false on out-of-memory. */
bool eml__tbuf_reserve(eml__tbuf *b, size_t more);
void eml__tbuf_append(eml__tbuf *b, const void *p, size_t n);
void eml__tbuf_byte(eml__tbuf *b, unsigned char c);
/* Appends a code point as UTF-8 (caller guarantees it is a scalar value). */
void eml__tbuf_utf8(eml__tbuf *b, uint32_t cp);
/* NUL-terminates; stores the result in *out. EML_ENOMEM after a failure.
 * A scratch buffer's content is copied into the arena at its exact size
 * (the buffer itself stays the caller's to release or reuse). */
int eml__tbuf_finish(eml__tbuf *b, eml_slice *out);

#endif /* EML_BASE_TBUF_H */
