/*
 * Base64 decoding with NEON, 16 input bytes per step, line breaks and
 * other whitespace handled inside the vector loop.
 *
 * Bytes are translated with two 64-entry table lookups (vqtbl4q/vqtbx4q
 * over the first 128 codes of eml__base64_value); whitespace is squeezed
 * out 8 bytes at a time with vtbl and the shared compaction table, into a
 * staging buffer that is decoded 64 values at a time (vld4q de-interleaves
 * the four values of each quantum, vst3q stores the three bytes). Anything
 * other than alphabet or whitespace ends the vector loop there and the
 * scalar decoder takes over from the first character of the open quantum
 * (see lib/codec/arch/arch.h).
 */
#include "codec/arch/arch.h"
#include "codec/arch/neon/neon.h"

#include <string.h>

#define BATCH 8 /* blocks staged before decoding */
#define STAGE (64 + BATCH * 16 + 16)

static size_t pack_tail(const unsigned char *v, size_t n, unsigned char *out)
{
    size_t o = 0;
    for (size_t i = 0; i + 4 <= n; i += 4) {
        uint32_t x = (uint32_t)v[i] << 18 | (uint32_t)v[i + 1] << 12 | (uint32_t)v[i + 2] << 6 | v[i + 3];
        out[o++] = (unsigned char)(x >> 16);
        out[o++] = (unsigned char)(x >> 8);
        out[o++] = (unsigned char)x;
    }
    return o;
}

/* 64 values to 48 bytes. */
static inline void pack64(const unsigned char *values, unsigned char *out)
{
    uint8x16x4_t q = vld4q_u8(values);
    uint8x16x3_t b;
    b.val[0] = vorrq_u8(vshlq_n_u8(q.val[0], 2), vshrq_n_u8(q.val[1], 4));
    b.val[1] = vorrq_u8(vshlq_n_u8(q.val[1], 4), vshrq_n_u8(q.val[2], 2));
    b.val[2] = vorrq_u8(vshlq_n_u8(q.val[2], 6), q.val[3]);
    vst3q_u8(out, b);
}

size_t eml__base64_decode_neon(const char *src, size_t len, unsigned char *dst,
                               eml__codec_report *report)
{
    eml__b64 s;
    eml__b64_init(&s, src, len, dst, report);
    const unsigned char *p = s.src;
    const uint8x16x4_t lut_lo = vld1q_u8_x4(eml__base64_value);
    const uint8x16x4_t lut_hi = vld1q_u8_x4(eml__base64_value + 64);
    const uint8x16_t ws_class = vdupq_n_u8(EML__B64_WS);
    unsigned char stage[STAGE];

    while (!s.done && s.in + 16 <= len) {
        size_t in = s.in, k = 0, stop = 0;
        unsigned char *out = dst + s.out;
        int event = 0;
        while (!event && in + 16 <= len) {
            for (int b = 0; b < BATCH && in + 16 <= len; b++) {
                uint8x16_t v = vld1q_u8(p + in);
                uint8x16_t t = vqtbx4q_u8(vqtbl4q_u8(lut_lo, v), lut_hi,
                                          vsubq_u8(v, vdupq_n_u8(64)));
                uint32_t other = eml__neon_mask(vorrq_u8(vcgtq_u8(t, ws_class),
                                                         vcgeq_u8(v, vdupq_n_u8(0x80))));
                uint32_t keep = ~eml__neon_mask(vceqq_u8(t, ws_class)) & 0xFFFFu;
                if (other) {
                    unsigned at = (unsigned)__builtin_ctz(other);
                    keep &= (1u << at) - 1;
                    stop = in + at;
                    event = 1;
                }
                if (keep == 0xFFFFu) {
                    vst1q_u8(stage + k, t);
                    k += 16;
                } else {
                    unsigned m0 = keep & 0xFF, m1 = keep >> 8;
                    vst1_u8(stage + k, vtbl1_u8(vget_low_u8(t), vld1_u8(eml__compact8[m0])));
                    k += (size_t)__builtin_popcount(m0);
                    vst1_u8(stage + k, vtbl1_u8(vget_high_u8(t), vld1_u8(eml__compact8[m1])));
                    k += (size_t)__builtin_popcount(m1);
                }
                if (event)
                    break;
                in += 16;
            }
            size_t i = 0;
            for (; i + 64 <= k; i += 64, out += 48)
                pack64(stage + i, out);
            memmove(stage, stage + i, k - i);
            k -= i;
        }
        if (!event)
            stop = in;
        out += pack_tail(stage, k, out);
        s.out = (size_t)(out - dst);
        s.in = eml__b64_rewind(&s, stop, (unsigned)(k % 4));
        if (!event || stop + 16 > len)
            break;
        eml__b64_scalar(&s, stop + 1);
    }
    return eml__b64_finish(&s);
}
