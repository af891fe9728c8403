/*
 * Header tokenizer fuzzing: the input is a header block (an empty line is
 * appended), parsed once with the default limits and once with small
 * field and byte limits. Checks where fields and values lie, what the
 * unfolded values look like, and that a limited parse keeps exactly a
 * prefix of the fields of the full one.
 */
#include "common.h"
#include "failing_alloc.h"

#include <stdlib.h>
#include <string.h>

static void check_fields(const eml_part *root, const char *buf, size_t len)
{
    eml_slice header = eml_part_header_raw(root);
    eml_slice body = eml_part_body_raw(root);
    fuzz_check_in_buffer(header, buf, len);
    fuzz_check_in_buffer(body, buf, len);
    FUZZ_ASSERT(header.ptr != NULL && body.ptr != NULL);
    FUZZ_ASSERT(header.ptr + header.len <= body.ptr);

    size_t n = eml_part_field_count(root);
    const char *prev_end = header.ptr;
    for (size_t i = 0; i < n; i++) {
        eml_field f;
        FUZZ_ASSERT(eml_part_field(root, i, &f) == EML_OK);
        fuzz_check_in_buffer(f.name, header.ptr, header.len);
        fuzz_check_in_buffer(f.value, header.ptr, header.len);
        FUZZ_ASSERT(f.name.ptr == buf + f.offset);
        FUZZ_ASSERT(f.name.ptr >= prev_end);
        /* RFC 5322 section 3.6.8: a name is printable ASCII without ':'. */
        for (size_t k = 0; k < f.name.len; k++) {
            unsigned char c = (unsigned char)f.name.ptr[k];
            FUZZ_ASSERT(c > 32 && c < 127 && c != ':');
        }
        FUZZ_ASSERT(f.value.ptr > f.name.ptr + f.name.len);
        FUZZ_ASSERT(f.value.ptr[-1] == ':');
        if (f.value.len)
            FUZZ_ASSERT(f.value.ptr[f.value.len - 1] != '\n');
        prev_end = f.value.ptr + f.value.len;
    }
}

/* The fields of the limited parse are the first fields of the full one. */
static void check_prefix(const eml_part *full, const eml_part *lim)
{
    size_t nf = eml_part_field_count(full), nl = eml_part_field_count(lim);
    FUZZ_ASSERT(nl <= nf);
    for (size_t i = 0; i < nl; i++) {
        eml_field a, b;
        FUZZ_ASSERT(eml_part_field(full, i, &a) == EML_OK);
        FUZZ_ASSERT(eml_part_field(lim, i, &b) == EML_OK);
        FUZZ_ASSERT(a.offset == b.offset);
        FUZZ_ASSERT(a.name.ptr == b.name.ptr && a.name.len == b.name.len);
        FUZZ_ASSERT(a.value.ptr == b.value.ptr && a.value.len == b.value.len);
    }
    eml_slice hf = eml_part_header_raw(full), hl = eml_part_header_raw(lim);
    FUZZ_ASSERT(hf.ptr == hl.ptr && hf.len == hl.len);
    if (nl < nf) {
        int limited = 0;
        eml_defect d;
        for (size_t i = 0; eml_part_defect(lim, i, &d) == EML_OK; i++)
            if (d.code == EML_DEFECT_FIELD_LIMIT || d.code == EML_DEFECT_HEADER_BYTES_LIMIT)
                limited = 1;
        FUZZ_ASSERT(limited);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t len = size + 4;
    char *buf = malloc(len);
    FUZZ_ASSERT(buf != NULL);
    if (size)
        memcpy(buf, data, size);
    memcpy(buf + size, "\r\n\r\n", 4);

    failing_alloc st;
    memset(&st, 0, sizeof st);
    eml_allocator a;
    failing_alloc_init(&a, &st);
    eml_options *o = eml_options_create(&a);
    FUZZ_ASSERT(o != NULL);
    /* One level: the tokenizer, not the tree, is under test here. */
    FUZZ_ASSERT(eml_options_set(o, EML_OPT_MAX_DEPTH, 1) == EML_OK);

    eml_message *full = NULL, *lim = NULL;
    FUZZ_ASSERT(eml_parse(buf, len, o, &full) == EML_OK);
    const eml_part *root = eml_message_root(full);
    check_fields(root, buf, len);
    fuzz_walk_message(full, FUZZ_WALK_FIELDS, 0);

    FUZZ_ASSERT(eml_options_set(o, EML_OPT_MAX_FIELDS, 1 + size % 5) == EML_OK);
    FUZZ_ASSERT(eml_options_set(o, EML_OPT_MAX_HEADER_BYTES, 1 + (int64_t)(size % 97)) == EML_OK);
    FUZZ_ASSERT(eml_parse(buf, len, o, &lim) == EML_OK);
    check_fields(eml_message_root(lim), buf, len);
    check_prefix(root, eml_message_root(lim));

    eml_message_free(lim);
    eml_message_free(full);
    eml_options_free(o);
    FUZZ_ASSERT(st.live_bytes == 0);
    free(buf);
    return 0;
}
