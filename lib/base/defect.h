/* Defect lists: where each deviation from the RFCs is recorded. */
#ifndef EML_BASE_DEFECT_H
#define EML_BASE_DEFECT_H

#include "base/arena.h"

/* A growable defect list, memory from the arena. Adding never fails
 * loudly: on out-of-memory the defect is counted in dropped. */
typedef struct eml__defect_list {
    eml_defect *items;
    uint32_t count;
    uint32_t capacity;
    uint32_t dropped;
} eml__defect_list;

/* Appends (code, offset) unless the same code is already recorded at the
 * same offset. Returns EML_OK or EML_ENOMEM. */
int eml__defect_add(eml__arena *arena, eml__defect_list *list, int code, size_t offset);

#endif /* EML_BASE_DEFECT_H */
