/*
 * Address-list fuzzing through the To field: the input is the field value
 * (line breaks that would end it become spaces). The first byte, when
 * below 8, sets EML_OPT_MAX_ADDRESSES small. Every entry must be UTF-8,
 * a smaller output array must get the same leading entries, and the
 * total never exceeds the limit.
 */
#include "common.h"

#include <stdlib.h>
#include <string.h>

static int same(eml_slice a, eml_slice b)
{
    if (a.len != b.len || (a.ptr == NULL) != (b.ptr == NULL))
        return 0;
    return a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0;
}

static void check_entry(const eml_address *e)
{
    if (e->name.ptr)
        FUZZ_ASSERT(fuzz_utf8_valid(e->name.ptr, e->name.len));
    fuzz_touch(e->address);
    FUZZ_ASSERT(fuzz_utf8_valid(e->address.ptr, e->address.len));
    if (e->group.ptr)
        FUZZ_ASSERT(fuzz_utf8_valid(e->group.ptr, e->group.len));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int64_t max = 0;
    FUZZ_ASSERT(eml_option_bounds(EML_OPT_MAX_ADDRESSES, NULL, NULL, &max) == EML_OK);
    eml_options *o = eml_options_create(NULL);
    FUZZ_ASSERT(o != NULL);
    if (size && data[0] < 8) {
        max = 1 + data[0];
        FUZZ_ASSERT(eml_options_set(o, EML_OPT_MAX_ADDRESSES, max) == EML_OK);
        data++;
        size--;
    }
    size_t len = 0;
    char *buf = fuzz_make_field_message("To", data, size, "", "", &len);
    eml_message *m = NULL;
    FUZZ_ASSERT(eml_parse(buf, len, o, &m) == EML_OK);
    const eml_part *root = eml_message_root(m);

    size_t count = 0;
    int rc = eml_part_field_addresses(root, 0, NULL, 0, &count);
    FUZZ_ASSERT(rc == EML_OK || rc == EML_ELIMIT);
    if (rc == EML_OK) {
        FUZZ_ASSERT(count <= (size_t)max);
        eml_address *all = calloc(count + 1, sizeof *all);
        FUZZ_ASSERT(all != NULL);
        size_t n = 0;
        FUZZ_ASSERT(eml_part_field_addresses(root, 0, all, count, &n) == EML_OK);
        FUZZ_ASSERT(n == count);
        for (size_t i = 0; i < n; i++)
            check_entry(&all[i]);
        for (size_t cap = 1; cap < count && cap <= 3; cap++) {
            eml_address some[3];
            FUZZ_ASSERT(eml_part_field_addresses(root, 0, some, cap, &n) == EML_OK);
            FUZZ_ASSERT(n == count);
            for (size_t i = 0; i < cap; i++)
                FUZZ_ASSERT(same(some[i].name, all[i].name) && same(some[i].address, all[i].address) &&
                            same(some[i].group, all[i].group));
        }
        free(all);
    }
    fuzz_walk_message(m, FUZZ_WALK_FIELDS | FUZZ_WALK_FIELDS_TEXT | FUZZ_WALK_SEMANTIC, 0);
    eml_message_free(m);
    eml_options_free(o);
    free(buf);
    return 0;
}
