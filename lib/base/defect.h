/* Defect lists: where each deviation from the RFCs is recorded. */
#ifndef EML_BASE_DEFECT_H
#define EML_BASE_DEFECT_H

#include "base/arena.h"

/* A growable defect list, memory from the arena. Adding never fails
 * loudly: on out-of-memory, or past max entries, the defect is counted in
 * dropped. Past max, one EML_DEFECT_DEFECT_LIMIT entry ends the list, so
 * that hostile input cannot make the list as large as itself. */
typedef struct eml__defect_list {
    eml_defect *items;
    uint32_t count;
    uint32_t capacity;
    uint32_t dropped;
    uint32_t max; /* 0: no limit */
} eml__defect_list;

/* Appends (code, offset) unless the same code is already recorded at the
 * same offset. Returns EML_OK or EML_ENOMEM; a defect left out because the
 * list is full is not an error. */
int eml__defect_add(eml__arena *arena, eml__defect_list *list, int code, size_t offset);

#endif /* EML_BASE_DEFECT_H */
