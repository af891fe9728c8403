/*
 * uuencode transfer decoding (lib/codec/uu.c): the exact size the size
 * pass reports is what the decoder writes, into a block of exactly that
 * size (so the sanitizer sees any write past it), every reported defect
 * lies inside the input, and decoding twice gives the same bytes.
 */
#include "codec/codec.h"
#include "common.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *src = (const char *)data;
    size_t want = eml__uu_decoded_size(src, size);
    unsigned char *a = malloc(want ? want : 1);
    unsigned char *b = malloc(want ? want : 1);
    FUZZ_ASSERT(a && b);
    eml__codec_report r;
    size_t n = eml__uu_decode(src, size, a, &r);
    FUZZ_ASSERT(n == want);
    FUZZ_ASSERT(r.count <= EML__CODEC_REPORT_MAX);
    for (size_t i = 0; i < r.count; i++)
        FUZZ_ASSERT(r.items[i].offset <= size);
    FUZZ_ASSERT(eml__uu_decode(src, size, b, NULL) == n);
    FUZZ_ASSERT(n == 0 || memcmp(a, b, n) == 0);
    free(a);
    free(b);
    return 0;
}
