/*
 * Scanning with AVX-512: UTF-8 validation with a 64-byte ASCII fast path,
 * and the search for "\n--" (a candidate delimiter line, RFC 2046 section
 * 5.1.1) 62 bytes per step.
 */
#include "arch/arch.h"

#include <immintrin.h>

int eml__utf8_valid_avx512(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *e = p + len;
    while (e - p >= 64) {
        __m512i v = _mm512_loadu_si512((const void *)p);
        uint64_t high = _mm512_movepi8_mask(v);
        if (!high) {
            p += 64;
            continue;
        }
        /* Validate the sequences that start in this block one by one
         * from the first non-ASCII byte; the last may end past it. */
        const unsigned char *block_end = p + 64;
        p += _tzcnt_u64(high);
        while (p < block_end) {
            size_t n = eml__utf8_sequence(p, e);
            if (n == 0)
                return 0;
            p += n;
        }
    }
    return eml__utf8_valid_range(p, e);
}

const char *eml__find_dashdash_avx512(const char *from, const char *end)
{
    const char *q = from - 1; /* where a line feed may stand */
    const __m512i lf = _mm512_set1_epi8('\n'), dash = _mm512_set1_epi8('-');
    while (end - q >= 64) {
        __m512i v = _mm512_loadu_si512((const void *)q);
        uint64_t L = _mm512_cmpeq_epi8_mask(v, lf);
        if (L) {
            uint64_t D = _mm512_cmpeq_epi8_mask(v, dash);
            /* Lanes 0..61 have both following bytes in the block. */
            uint64_t hit = L & D >> 1 & D >> 2 & ((1ull << 62) - 1);
            if (hit)
                return q + _tzcnt_u64(hit) + 1;
        }
        q += 62;
    }
    return eml__find_dashdash_scalar(q + 1, end);
}
