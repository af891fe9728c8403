/* Bytes appended in an arena. */
#include "base/tbuf.h"

#include <string.h>

void eml__tbuf_init(eml__tbuf *b, eml__arena *arena)
{
    b->ptr = NULL;
    b->len = 0;
    b->cap = 0;
    b->arena = arena;
    b->oom = false;
    b->scratch = false;
}

void eml__tbuf_init_scratch(eml__tbuf *b, eml__arena *arena)
{
    eml__tbuf_init(b, arena);
    b->scratch = true;
}

void eml__tbuf_release(eml__tbuf *b)
{
    if (b->scratch && b->ptr)
        eml__mem_free(b->arena->allocator, b->ptr, b->cap + 1);
    b->ptr = NULL;
    b->len = 0;
    b->cap = 0;
}

static char *grow(eml__tbuf *b, size_t cap)
{
    if (!b->scratch)
        return eml__arena_alloc(b->arena, cap + 1);
    char *p = eml__mem_alloc(b->arena->allocator, cap + 1);
    if (p && b->ptr) {
        memcpy(p, b->ptr, b->len);
        eml__mem_free(b->arena->allocator, b->ptr, b->cap + 1);
        b->ptr = NULL;
    }
    return p;
}

bool eml__tbuf_reserve(eml__tbuf *b, size_t more)
{
    if (b->oom)
        return false;
    if (b->cap - b->len >= more && b->ptr)
        return true;
    if (more > SIZE_MAX / 4 - b->len) {
        b->oom = true;
        return false;
    }
    /* Doubling keeps appends amortised O(1); the abandoned blocks stay in
     * the arena, at most as large as the final string. */
    size_t cap = b->cap ? b->cap * 2 : 64;
    if (cap < b->len + more)
        cap = b->len + more;
    char *p = grow(b, cap);
    if (!p) {
        b->oom = true;
        return false;
    }
    if (b->len && b->ptr)
        memcpy(p, b->ptr, b->len);
    b->ptr = p;
    b->cap = cap;
    return true;
}

void eml__tbuf_append(eml__tbuf *b, const void *p, size_t n)
{
    if (n == 0 || !eml__tbuf_reserve(b, n))
        return;
    memcpy(b->ptr + b->len, p, n);
    b->len += n;
}

void eml__tbuf_byte(eml__tbuf *b, unsigned char c)
{
    if (!eml__tbuf_reserve(b, 1))
        return;
    b->ptr[b->len++] = (char)c;
}

void eml__tbuf_utf8(eml__tbuf *b, uint32_t cp)
{
    if (!eml__tbuf_reserve(b, 4))
        return;
    unsigned char *o = (unsigned char *)b->ptr + b->len;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        b->len += 1;
    } else if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        b->len += 2;
    } else if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        b->len += 3;
    } else {
        o[0] = (unsigned char)(0xF0 | (cp >> 18));
        o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[3] = (unsigned char)(0x80 | (cp & 0x3F));
        b->len += 4;
    }
}

int eml__tbuf_finish(eml__tbuf *b, eml_slice *out)
{
    if (!eml__tbuf_reserve(b, 0)) {
        out->ptr = NULL;
        out->len = 0;
        return EML_ENOMEM;
    }
    b->ptr[b->len] = '\0';
    if (b->scratch) {
        char *copy = eml__arena_alloc(b->arena, b->len + 1);
        if (!copy) {
            b->oom = true;
            out->ptr = NULL;
            out->len = 0;
            return EML_ENOMEM;
        }
        memcpy(copy, b->ptr, b->len + 1);
        out->ptr = copy;
        out->len = b->len;
        return EML_OK;
    }
    out->ptr = b->ptr;
    out->len = b->len;
    return EML_OK;
}
