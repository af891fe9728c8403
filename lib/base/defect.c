/* Defect lists and the defect code table. */
#include "base/defect.h"

#include <string.h>

/* Past max entries every defect is counted in dropped; the first of them
 * still becomes one EML_DEFECT_DEFECT_LIMIT entry, at its offset. */
static bool full(eml__defect_list *list)
{
    if (!list->max || list->count < list->max)
        return false;
    list->dropped++;
    return list->count > list->max;
}

int eml__defect_add(eml__arena *arena, eml__defect_list *list, int code, size_t offset)
{
    for (uint32_t i = list->count; i > 0 && i + 8 > list->count; i--) {
        /* Only the most recent entries: a repeated defect is almost always
         * reported twice in a row by the same scanner. */
        const eml_defect *d = &list->items[i - 1];
        if ((int)d->code == code && d->offset == offset)
            return EML_OK;
    }
    if (full(list))
        return EML_OK;
    if (list->max && list->count == list->max)
        code = EML_DEFECT_DEFECT_LIMIT;
    if (list->count == list->capacity) {
        uint32_t cap = list->capacity ? list->capacity * 2 : 4;
        if (cap < list->capacity) {
            list->dropped += code != EML_DEFECT_DEFECT_LIMIT;
            return EML_ENOMEM;
        }
        eml_defect *items = eml__arena_alloc(arena, (size_t)cap * sizeof *items);
        if (!items) {
            list->dropped += code != EML_DEFECT_DEFECT_LIMIT;
            return EML_ENOMEM;
        }
        if (list->count)
            memcpy(items, list->items, (size_t)list->count * sizeof *items);
        list->items = items;
        list->capacity = cap;
    }
    list->items[list->count].code = (eml_defect_code)code;
    list->items[list->count].offset = offset;
    list->count++;
    return EML_OK;
}

const char *eml_defect_name(eml_defect_code code)
{
    switch (code) {
#define EML_X_DEFECT_NAME(name, value, text) \
    case value:                              \
        return #name;
        EML_DEFECT_MAP(EML_X_DEFECT_NAME)
#undef EML_X_DEFECT_NAME
    default:
        return "UNKNOWN";
    }
}

const char *eml_defect_description(eml_defect_code code)
{
    switch (code) {
#define EML_X_DEFECT_TEXT(name, value, text) \
    case value:                              \
        return text;
        EML_DEFECT_MAP(EML_X_DEFECT_TEXT)
#undef EML_X_DEFECT_TEXT
    default:
        return "unknown defect";
    }
}
