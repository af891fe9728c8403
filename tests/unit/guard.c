/*
 * Guard-page copies (see guard.h). Layout of one mapping:
 *   [size header ... data][PROT_NONE page]
 * The data ends where the guard page starts; the mapping's size is stored
 * at its start, which is the page below the data's first byte minus the
 * header, so guard_free can find it from the data pointer alone.
 */
#include "guard.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define GUARD_HEADER (2 * sizeof(size_t))

static size_t page_size(void)
{
    long p = sysconf(_SC_PAGESIZE);
    return p > 0 ? (size_t)p : 4096;
}

void *guard_copy(const void *data, size_t len)
{
    size_t page = page_size();
    size_t data_pages = (len + GUARD_HEADER + page - 1) / page;
    size_t total = (data_pages + 1) * page;
    unsigned char *base = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED) {
        perror("guard_copy: mmap");
        abort();
    }
    if (mprotect(base + data_pages * page, page, PROT_NONE) != 0) {
        perror("guard_copy: mprotect");
        abort();
    }
    memcpy(base, &total, sizeof total);
    unsigned char *p = base + data_pages * page - len;
    if (len > 0)
        memcpy(p, data, len);
    return p;
}

void guard_free(void *copy)
{
    if (!copy)
        return;
    size_t page = page_size();
    uintptr_t at = (uintptr_t)copy - GUARD_HEADER;
    unsigned char *base = (unsigned char *)(at - at % page);
    size_t total;
    memcpy(&total, base, sizeof total);
    munmap(base, total);
}
