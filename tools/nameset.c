/* An open-addressing hash table of names with linear probing, kept at
 * most half full so that probes stay short. */
#include "nameset.h"
#include "xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t hash_name(const char *s)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

size_t *nameset_find(const nameset *s, const char *name)
{
    if (!s->cap)
        return NULL;
    for (size_t i = hash_name(name) & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
        if (!s->slots[i].name)
            return NULL;
        if (strcmp(s->slots[i].name, name) == 0)
            return &s->slots[i].number;
    }
}

/* The empty slot where name goes in a table that does not hold it. */
static nameset_slot *free_slot(nameset_slot *slots, size_t cap, const char *name)
{
    size_t i = hash_name(name) & (cap - 1);
    while (slots[i].name)
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

static void grow(nameset *s)
{
    size_t cap = s->cap ? s->cap * 2 : 64;
    nameset_slot *slots = xmalloc(cap * sizeof *slots);
    memset(slots, 0, cap * sizeof *slots);
    for (size_t k = 0; k < s->cap; k++)
        if (s->slots[k].name)
            *free_slot(slots, cap, s->slots[k].name) = s->slots[k];
    free(s->slots);
    s->slots = slots;
    s->cap = cap;
}

void nameset_add(nameset *s, const char *name)
{
    if ((s->count + 1) * 2 > s->cap)
        grow(s);
    nameset_slot *slot = free_slot(s->slots, s->cap, name);
    slot->name = xstrdup(name);
    slot->number = 0;
    s->count++;
}

void nameset_free(nameset *s)
{
    for (size_t i = 0; i < s->cap; i++)
        free(s->slots[i].name);
    free(s->slots);
    memset(s, 0, sizeof *s);
}
