/*
 * RFC 2047 fuzzing through the unstructured Subject field: the input is
 * the field value (line breaks that would end it become spaces). The
 * decoded text must be UTF-8, and a value without "=?" made of printable
 * ASCII must come back as its unfolded form unchanged.
 */
#include "common.h"

#include <stdlib.h>
#include <string.h>

static int plain_ascii(const uint8_t *d, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (d[i] < 32 || d[i] > 126)
            return 0;
        if (d[i] == '=' && i + 1 < n && d[i + 1] == '?')
            return 0;
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t len = 0;
    char *buf = fuzz_make_field_message("Subject", data, size, "", "", &len);
    eml_message *m = NULL;
    FUZZ_ASSERT(eml_parse(buf, len, NULL, &m) == EML_OK);
    const eml_part *root = eml_message_root(m);
    FUZZ_ASSERT(eml_part_field_count(root) >= 1);

    size_t idx = 0;
    FUZZ_ASSERT(eml_part_field_find(root, "subject", EML_NUL_TERMINATED, 0, &idx) == EML_OK);
    eml_slice text, unfolded;
    FUZZ_ASSERT(eml_part_field_text(root, idx, &text) == EML_OK);
    FUZZ_ASSERT(eml_part_field_unfolded(root, idx, &unfolded) == EML_OK);
    fuzz_check_built(text);
    FUZZ_ASSERT(fuzz_utf8_valid(text.ptr, text.len));
    if (idx == 0 && plain_ascii(data, size))
        FUZZ_ASSERT(text.len == unfolded.len && !memcmp(text.ptr, unfolded.ptr, text.len));

    /* Asking again gives the same answer. */
    eml_slice again;
    FUZZ_ASSERT(eml_part_field_text(root, idx, &again) == EML_OK);
    FUZZ_ASSERT(again.len == text.len && !memcmp(again.ptr, text.ptr, text.len));

    fuzz_walk_message(m, FUZZ_WALK_FIELDS | FUZZ_WALK_FIELDS_TEXT, 0);
    eml_message_free(m);
    free(buf);
    return 0;
}
