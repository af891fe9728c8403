/*
 * Files embedded in text bodies (lib/codec/embedded.c, lib/api/embedded.c):
 * the scanner's blocks lie inside the input, in order, without overlap,
 * and each block's yEnc decoding fits its data lines; then the same
 * input as the body of a text/plain message gives, through the API,
 * names and offsets inside the body and data of the decoded size, and
 * asking twice gives the same answers.
 */
#include "codec/codec.h"
#include "common.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *src = (const char *)data;
    size_t pos = 0, last_end = 0, blocks = 0;
    eml__embedded_block b;
    while (eml__embedded_next(src, size, &pos, &b)) {
        FUZZ_ASSERT(b.start >= last_end && b.start < b.end && b.end <= size);
        FUZZ_ASSERT(b.name_off >= b.start && b.name_off + b.name_len <= b.end);
        FUZZ_ASSERT(b.name_len > 0);
        FUZZ_ASSERT(b.data_start <= b.data_end && b.data_end <= b.end);
        FUZZ_ASSERT(pos == b.end);
        if (b.kind == EML__EMBEDDED_YENC) {
            size_t n = b.data_end - b.data_start;
            unsigned char *dst = malloc(n ? n : 1);
            FUZZ_ASSERT(dst);
            FUZZ_ASSERT(eml__yenc_decode(src + b.data_start, n, dst) <= n);
            (void)eml__crc32(0, dst, n);
            free(dst);
        } else {
            FUZZ_ASSERT(b.kind == EML__EMBEDDED_UU);
        }
        last_end = b.end;
        blocks++;
    }
    FUZZ_ASSERT(pos == size);

    static const char head[] = "Content-Type: text/plain\r\n\r\n";
    size_t hl = sizeof head - 1;
    char *msg = malloc(hl + size + 1);
    FUZZ_ASSERT(msg);
    memcpy(msg, head, hl);
    if (size)
        memcpy(msg + hl, src, size);
    eml_message *m = NULL;
    if (eml_parse(msg, hl + size, NULL, &m) == EML_OK) {
        const eml_part *root = eml_message_root(m);
        size_t count = 0;
        FUZZ_ASSERT(eml_part_embedded_file_count(root, &count) == EML_OK);
        FUZZ_ASSERT(count == blocks);
        eml_slice body = eml_part_body_raw(root);
        for (size_t i = 0; i < count; i++) {
            eml_embedded_file f, g;
            FUZZ_ASSERT(eml_part_embedded_file(root, i, &f) == EML_OK);
            FUZZ_ASSERT(eml_part_embedded_file(root, i, &g) == EML_OK);
            FUZZ_ASSERT(f.data.ptr == g.data.ptr && f.data.len == g.data.len);
            FUZZ_ASSERT(f.offset + f.length <= body.len);
            fuzz_check_in_buffer(f.name, body.ptr, body.len);
            fuzz_check_built(f.data);
        }
        eml_embedded_file f;
        FUZZ_ASSERT(eml_part_embedded_file(root, count, &f) == EML_ERANGE);
        for (size_t i = 0; i < eml_part_defect_count(root); i++) {
            eml_defect d;
            FUZZ_ASSERT(eml_part_defect(root, i, &d) == EML_OK);
            FUZZ_ASSERT(d.offset <= hl + size);
        }
        eml_message_free(m);
    }
    free(msg);
    return 0;
}
