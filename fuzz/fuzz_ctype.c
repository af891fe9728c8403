/*
 * Content-Type and Content-Disposition fuzzing, RFC 2231 parameters
 * included. The input is split at its first NUL byte (or in the middle
 * when there is none) into the two field values; a small body follows so
 * that multipart and message types also build children.
 *
 * The Content-Type bytes are also read as a list of parameter names
 * (split at ';', "name*N" a section, a final '*' extended) and grouped on
 * each of the grouping paths, which must agree.
 */
#include "common.h"
#include "failing_alloc.h"
#include "mime/param_group.h"

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

static size_t split_names(const uint8_t *d, size_t n, eml__raw_param *r, size_t max)
{
    size_t count = 0;
    for (size_t i = 0; i <= n && count < max;) {
        size_t j = i;
        while (j < n && d[j] != ';')
            j++;
        eml__raw_param *p = &r[count++];
        memset(p, 0, sizeof *p);
        p->name = (const char *)d + i;
        p->name_len = j - i;
        p->section = -1;
        const uint8_t *star = memchr(d + i, '*', j - i);
        if (star) {
            p->name_len = (size_t)(star - (d + i));
            p->extended = d[j - 1] == '*';
            if (star + 1 < d + j && star[1] >= '0' && star[1] <= '9')
                p->section = star[1] - '0';
        }
        i = j + 1;
    }
    return count;
}

static void check_grouping_paths(const uint8_t *d, size_t n)
{
    eml_allocator a;
    failing_alloc st = { 0 };
    failing_alloc_init(&a, &st); /* checks sizes and leaks; never fails */
    enum { MAX = 512 };
    eml__raw_param r[MAX];
    size_t count = split_names(d, n, r, MAX);
    enum { PATHS = EML__GROUP_SORT + 1 };
    eml__buf work[PATHS] = { { 0 } };
    eml__param_groups g[PATHS];
    for (int path = 0; path < PATHS; path++) {
        FUZZ_ASSERT(eml__param_group(&a, &work[path], r, count, (eml__group_path)path, &g[path]) ==
                    EML_OK);
        FUZZ_ASSERT(g[path].ngroups == g[0].ngroups);
        FUZZ_ASSERT(memcmp(g[path].end, g[0].end, g[0].ngroups * sizeof *g[0].end) == 0);
        FUZZ_ASSERT(memcmp(g[path].order, g[0].order, count * sizeof *g[0].order) == 0);
    }
    for (int path = 0; path < PATHS; path++)
        eml__buf_release(&a, &work[path]);
    FUZZ_ASSERT(st.live_bytes == 0);
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

    check_grouping_paths(data, ctn);

    size_t len = 0;
    char *buf = build(data, ctn, cd, cdn, &len);
    eml_message *m = NULL;
    FUZZ_ASSERT(eml_parse(buf, len, NULL, &m) == EML_OK);
    const eml_part *root = eml_message_root(m);
    eml_slice fn = eml_part_filename(root);
    fuzz_touch(fn);
    /* The file name comes from one of the two parameters (or, for a
     * uuencoded body, its begin line). */
    if (fn.ptr) {
        eml_slice a = eml_part_disposition_param_get(root, "filename", EML_NUL_TERMINATED);
        eml_slice b = eml_part_param_get(root, "name", EML_NUL_TERMINATED);
        FUZZ_ASSERT(a.ptr || b.ptr || eml_part_encoding(root) == EML_ENCODING_UUENCODE);
    }
    fuzz_walk_message(m, FUZZ_WALK_ALL, 0);
    eml_message_free(m);
    free(buf);
    return 0;
}
