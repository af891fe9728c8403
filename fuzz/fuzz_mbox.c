/*
 * mbox fuzzing: the first byte picks the format. Every message lies
 * inside the buffer (or is an iterator copy no longer than the rest of
 * the buffer), offsets increase, the iteration ends, and each message
 * parses.
 */
#include "common.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    eml_mbox_format format = (eml_mbox_format)(size ? data[0] % 4 : 0);
    const uint8_t *body = size ? data + 1 : data;
    size_t len = size ? size - 1 : 0;
    char *buf = malloc(len ? len : 1);
    FUZZ_ASSERT(buf != NULL);
    if (len)
        memcpy(buf, body, len);
    eml_mbox *box = NULL;
    FUZZ_ASSERT(eml_mbox_create(buf, len, format, NULL, &box) == EML_OK);
    FUZZ_ASSERT(eml_mbox_resolved_format(box) != EML_MBOX_AUTO);
    eml_slice m;
    size_t offset, last = 0, count = 0;
    int rc;
    while ((rc = eml_mbox_next(box, &m, &offset)) == EML_OK) {
        FUZZ_ASSERT(offset <= len && (count == 0 || offset > last));
        FUZZ_ASSERT(m.len <= len - offset);
        if (m.ptr >= buf && m.ptr <= buf + len)
            FUZZ_ASSERT(m.ptr == buf + offset);
        eml_slice from = eml_mbox_from_line(box);
        FUZZ_ASSERT(!from.ptr || (from.ptr >= buf && from.ptr + from.len <= buf + offset));
        eml_message *msg = NULL;
        FUZZ_ASSERT(eml_parse(m.ptr, m.len, NULL, &msg) == EML_OK);
        eml_message_free(msg);
        last = offset;
        FUZZ_ASSERT(++count <= len + 1);
    }
    FUZZ_ASSERT(rc == EML_ENOTFOUND);
    FUZZ_ASSERT(len || count == 0);
    eml_mbox_free(box);
    free(buf);
    return 0;
}
