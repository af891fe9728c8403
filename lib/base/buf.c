/* Scratch buffers grown by doubling. */
#include "base/buf.h"

#include <string.h>

int eml__buf_reserve(const eml_allocator *a, eml__buf *b, size_t size)
{
    if (size <= b->cap)
        return EML_OK;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < size) {
        if (cap > SIZE_MAX / 2)
            return EML_ENOMEM;
        cap *= 2;
    }
    void *p = eml__mem_alloc(a, cap);
    if (!p)
        return EML_ENOMEM;
    if (b->ptr) {
        memcpy(p, b->ptr, b->cap);
        if (!b->lent)
            eml__mem_free(a, b->ptr, b->cap);
    }
    b->ptr = p;
    b->cap = cap;
    b->lent = false;
    return EML_OK;
}

void eml__buf_release(const eml_allocator *a, eml__buf *b)
{
    if (!b->lent)
        eml__mem_free(a, b->ptr, b->cap);
    b->ptr = NULL;
    b->cap = 0;
    b->lent = false;
}
