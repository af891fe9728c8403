/*
 * HTML to text fuzzing: the output stays within eml_html_to_text_size_max
 * (an exact-size buffer, so a write past it is caught), holds valid UTF-8
 * with no control character but '\n' and '\t', ends with '\n' when not
 * empty, and a buffer one byte short of the result is refused.
 */
#include "common.h"

#include <stdlib.h>
#include <string.h>

static void check_text(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        FUZZ_ASSERT(s[i] >= 0x20 || s[i] == '\n' || s[i] == '\t');
        FUZZ_ASSERT(s[i] != 0x7F);
    }
    FUZZ_ASSERT(n == 0 || s[n - 1] == '\n');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *in = malloc(size ? size : 1);
    FUZZ_ASSERT(in != NULL);
    if (size)
        memcpy(in, data, size);
    size_t cap = eml_html_to_text_size_max(size), n = 0;
    char *out = malloc(cap);
    FUZZ_ASSERT(out != NULL);
    FUZZ_ASSERT(eml_html_to_text(in, size, out, cap, &n) == EML_OK);
    FUZZ_ASSERT(n <= cap);
    check_text((const unsigned char *)out, n);
    if (n) {
        char *shorter = malloc(n - 1 ? n - 1 : 1);
        size_t m = 7;
        FUZZ_ASSERT(eml_html_to_text(in, size, shorter, n - 1, &m) == EML_EBUFSIZE);
        FUZZ_ASSERT(m == 0);
        free(shorter);
    }
    free(out);
    free(in);
    return 0;
}
