/* The allocator of failing_alloc.h. */
#include "failing_alloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Each block carries its size in front so that free can check the size
 * the library passes back; 16 bytes keep the block aligned as malloc's. */
#define HDR 16u

static void contract_broken(const char *what)
{
    fprintf(stderr, "failing_alloc: %s\n", what);
    fflush(stderr);
    abort();
}

static void *fa_alloc(void *user, size_t size)
{
    failing_alloc *f = user;
    f->calls++;
    if (f->fail_at && (f->calls == f->fail_at || (f->keep_failing && f->calls > f->fail_at))) {
        f->refused = 1;
        return NULL;
    }
    if (size > SIZE_MAX - HDR)
        return NULL;
    unsigned char *p = malloc(size + HDR);
    if (!p)
        return NULL;
    memcpy(p, &size, sizeof size);
    f->live_blocks++;
    f->live_bytes += size;
    if (f->live_bytes > f->peak_bytes)
        f->peak_bytes = f->live_bytes;
    return p + HDR;
}

static void fa_free(void *user, void *ptr, size_t size)
{
    failing_alloc *f = user;
    if (!ptr)
        return;
    unsigned char *p = (unsigned char *)ptr - HDR;
    size_t stored;
    memcpy(&stored, p, sizeof stored);
    if (stored != size)
        contract_broken("a block freed with another size than it was allocated with");
    if (f->live_blocks == 0 || f->live_bytes < size)
        contract_broken("more freed than allocated");
    f->live_blocks--;
    f->live_bytes -= size;
    free(p);
}

void failing_alloc_init(eml_allocator *a, failing_alloc *f)
{
    a->alloc = fa_alloc;
    a->free = fa_free;
    a->user = f;
}
