/*
 * Options: enum-keyed values with bounds and defaults, so that adding an
 * option never changes a struct (the zstd parameter model).
 */
#include "codec/codec.h"
#include "api/options.h"
#include "base/arena.h"

#include <string.h>

typedef struct option_info {
    int64_t min, max, def;
} option_info;

/* Defaults chosen for a mail server parsing untrusted input: generous for
 * real mail (the deepest real-world nesting seen is a few dozen levels),
 * but bounding the work and memory a hostile message can cause. */
static const option_info option_table[EML__OPTION_COUNT] = {
    [EML_OPT_MAX_DEPTH] = { 1, 10000, 100 },
    [EML_OPT_MAX_PARTS] = { 1, UINT32_MAX, 100000 },
    [EML_OPT_MAX_FIELDS] = { 1, UINT32_MAX, 10000 },
    [EML_OPT_MAX_HEADER_BYTES] = { 1, UINT32_MAX, INT64_C(1) << 20 },
    [EML_OPT_LIMIT_FAILS] = { 0, 1, 0 },
    [EML_OPT_IMPL] = { EML_IMPL_AUTO, EML_IMPL_NEON, EML_IMPL_AUTO },
    [EML_OPT_MAX_ADDRESSES] = { 1, INT64_C(1) << 32, 100000 },
    [EML_OPT_MAX_DECODED_BYTES] = { 0, INT64_MAX, INT64_C(1) << 32 },
    [EML_OPT_MAX_MSGIDS] = { 1, INT64_C(1) << 32, 100000 },
    /* Real mail has a handful per part; a thousand shows every kind a
     * broken part has while bounding the memory of a hostile one. The
     * maximum leaves room for the DEFECT_LIMIT entry in 32 bits. */
    [EML_OPT_MAX_DEFECTS] = { 1, UINT32_MAX - 1, 1000 },
};

static bool option_known(int option)
{
    return option >= EML_OPT_MAX_DEPTH && option < EML__OPTION_COUNT;
}

void eml__options_defaults(int64_t values[EML__OPTION_COUNT])
{
    for (int i = 0; i < EML__OPTION_COUNT; i++)
        values[i] = option_table[i].def;
}

eml_options *eml_options_create(const eml_allocator *allocator)
{
    eml_allocator a = { NULL, NULL, NULL };
    if (allocator && allocator->alloc)
        a = *allocator;
    eml_options *o = eml__mem_alloc(&a, sizeof *o);
    if (!o)
        return NULL;
    o->allocator = a;
    eml__options_defaults(o->values);
    return o;
}

void eml_options_free(eml_options *options)
{
    if (!options)
        return;
    eml_allocator a = options->allocator;
    eml__mem_free(&a, options, sizeof *options);
}

eml_error eml_options_set(eml_options *options, eml_option option, int64_t value)
{
    if (!options)
        return EML_EINVAL;
    if (!option_known((int)option))
        return EML_EOPTION;
    const option_info *info = &option_table[option];
    if (value < info->min || value > info->max)
        return EML_EOPTION;
    if (option == EML_OPT_IMPL && !eml_impl_available((int)value))
        return EML_EUNSUPPORTED;
    options->values[option] = value;
    return EML_OK;
}

eml_error eml_options_get(const eml_options *options, eml_option option, int64_t *value)
{
    if (!options || !value)
        return EML_EINVAL;
    if (!option_known((int)option))
        return EML_EOPTION;
    *value = options->values[option];
    return EML_OK;
}

eml_error eml_option_bounds(eml_option option, int64_t *min, int64_t *max, int64_t *def)
{
    if (!option_known((int)option))
        return EML_EOPTION;
    const option_info *info = &option_table[option];
    if (min)
        *min = info->min;
    if (max)
        *max = info->max;
    if (def)
        *def = info->def;
    return EML_OK;
}
