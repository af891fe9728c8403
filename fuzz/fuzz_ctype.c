/*
 * Content-Type and Content-Disposition fuzzing, RFC 2231 parameters
 * included. The input is split at its first NUL byte (or in the middle
 * when there is none) into the two field values; a small body follows so
 * that multipart and message types also build children.
 */
#include "common.h"

#include <stdlib.h>
#include <string.h>

static char *build(const uint8_t *ct, size_t ctn, const uint8_t *cd, size_t cdn, size_t *len)
{
    size_t dl = 0;
    char *disp = fuzz_make_field_message("Content-Disposition", cd, cdn, "", "", &dl);
    /* Drop the empty line: the disposition is a field of this header. */
    char *extra = malloc(dl - 2 + 1);
    FUZZ_ASSERT(extra != NULL);
    memcpy(extra, disp, dl - 2);
    extra[dl - 2] = '\0';
    /* A NUL inside the value would cut extra short: those were mapped to
     * the split point, so there are none. */
    char *m = fuzz_make_field_message("Content-Type", ct, ctn, extra,
                                      "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--\r\n", len);
    free(disp);
    free(extra);
    return m;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = size ? memchr(data, 0, size) : NULL;
    size_t ctn = nul ? (size_t)(nul - data) : size / 2;
    const uint8_t *cd = nul ? nul + 1 : data + ctn;
    size_t cdn = size - (size_t)(cd - data);
    /* Further NULs would end the C string of the disposition early. */
    const uint8_t *nul2 = cdn ? memchr(cd, 0, cdn) : NULL;
    if (nul2)
        cdn = (size_t)(nul2 - cd);

    size_t len = 0;
    char *buf = build(data, ctn, cd, cdn, &len);
    eml_message *m = NULL;
    FUZZ_ASSERT(eml_parse(buf, len, NULL, &m) == EML_OK);
    const eml_part *root = eml_message_root(m);
    eml_slice fn = eml_part_filename(root);
    fuzz_touch(fn);
    /* The file name comes from one of the two parameters. */
    if (fn.ptr) {
        eml_slice a = eml_part_disposition_param_get(root, "filename");
        eml_slice b = eml_part_param_get(root, "name");
        FUZZ_ASSERT(a.ptr || b.ptr);
    }
    fuzz_walk_message(m, FUZZ_WALK_ALL, 0);
    eml_message_free(m);
    free(buf);
    return 0;
}
