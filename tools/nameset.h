/* A set of names (NUL-terminated strings), each with a number kept
 * beside it for the caller; finding and adding take constant time on
 * average, so a run can remember every name it has used. */
#ifndef EML_TOOL_NAMESET_H
#define EML_TOOL_NAMESET_H

#include <stddef.h>

typedef struct nameset_slot {
    char *name; /* NULL: empty */
    size_t number;
} nameset_slot;

typedef struct nameset {
    nameset_slot *slots;
    size_t cap; /* a power of two, or 0 */
    size_t count;
} nameset;

/* The number kept with name, or NULL when name is not in the set. The
 * pointer stays valid until the next nameset_add. */
size_t *nameset_find(const nameset *s, const char *name);
/* Adds a copy of name, which must not be in the set yet, with number 0. */
void nameset_add(nameset *s, const char *name);
/* Frees every name; the set is empty again. */
void nameset_free(nameset *s);

#endif /* EML_TOOL_NAMESET_H */
