/*
 * Scanning with AVX2: UTF-8 validation with a 32-byte ASCII fast path,
 * and the search for "\n--" (a candidate delimiter line, RFC 2046 section
 * 5.1.1) 30 bytes per step.
 */
#include "arch/arch.h"

#include <immintrin.h>

int eml__utf8_valid_avx2(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *e = p + len;
    while (e - p >= 64) {
        __m256i a = _mm256_loadu_si256((const __m256i *)p);
        __m256i b = _mm256_loadu_si256((const __m256i *)(p + 32));
        uint32_t high = (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(a, b));
        if (!high) {
            p += 64;
            continue;
        }
        /* Validate the sequences that start in this block one by one;
         * the last may end past it. */
        const unsigned char *block_end = p + 64;
        while (p < block_end) {
            size_t n = eml__utf8_sequence(p, e);
            if (n == 0)
                return 0;
            p += n;
        }
    }
    return eml__utf8_valid_range(p, e);
}

const char *eml__find_dashdash_avx2(const char *from, const char *end)
{
    const char *q = from - 1; /* where a line feed may stand */
    const __m256i lf = _mm256_set1_epi8('\n'), dash = _mm256_set1_epi8('-');
    while (end - q >= 32) {
        __m256i v = _mm256_loadu_si256((const __m256i *)q);
        uint32_t L = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, lf));
        if (L) {
            uint32_t D = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, dash));
            /* Lanes 0..29 have both following bytes in the block. */
            uint32_t hit = L & D >> 1 & D >> 2 & 0x3FFFFFFFu;
            if (hit)
                return q + __builtin_ctz(hit) + 1;
        }
        q += 30;
    }
    return eml__find_dashdash_scalar(q + 1, end);
}
