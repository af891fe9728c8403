/*
 * Scanning with NEON: UTF-8 validation with a 32-byte ASCII fast path, and
 * the search for "\n--" (a candidate delimiter line, RFC 2046 section
 * 5.1.1) 16 positions per step.
 */
#include "codec/arch/arch.h"
#include "codec/arch/neon/neon.h"

int eml__utf8_valid_neon(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *e = p + len;
    while (e - p >= 32) {
        uint8x16_t v = vorrq_u8(vld1q_u8(p), vld1q_u8(p + 16));
        if (vmaxvq_u8(v) < 0x80) {
            p += 32;
            continue;
        }
        /* Validate the sequences that start in this block one by one;
         * the last may end past it. */
        const unsigned char *block_end = p + 32;
        while (p < block_end) {
            size_t n = eml__utf8_sequence(p, e);
            if (n == 0)
                return 0;
            p += n;
        }
    }
    return eml__utf8_valid_range(p, e);
}

const char *eml__find_dashdash_neon(const char *from, const char *end)
{
    const unsigned char *q = (const unsigned char *)from - 1; /* where a line feed may stand */
    const unsigned char *e = (const unsigned char *)end;
    const uint8x16_t lf = vdupq_n_u8('\n'), dash = vdupq_n_u8('-');
    while (e - q >= 18) {
        uint8x16_t hit = vandq_u8(vceqq_u8(vld1q_u8(q), lf),
                                  vandq_u8(vceqq_u8(vld1q_u8(q + 1), dash),
                                           vceqq_u8(vld1q_u8(q + 2), dash)));
        if (vmaxvq_u8(hit))
            return (const char *)q + __builtin_ctz(eml__neon_mask(hit)) + 1;
        q += 16;
    }
    return eml__find_dashdash_scalar((const char *)q + 1, end);
}
