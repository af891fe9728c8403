/*
 * Base64 decoding with AVX-512 (F, BW, VBMI, VBMI2), 64 input bytes per
 * step, line breaks and other whitespace handled inside the vector loop.
 *
 * Each 64-byte block is translated to 6-bit values with one two-table
 * byte permute (vpermt2b over the 128 ASCII codes). Whitespace is then
 * squeezed out with a byte compress (vpcompressb), and the survivors are
 * appended to an accumulator register by rotating them with vpermb and
 * blending at the fill level k. Each time 64 values are complete they are
 * packed to 48 bytes (two multiply-adds and a byte permute). A block with
 * anything else in it ('=', junk, 8-bit bytes) ends the vector loop at that
 * byte: the complete quanta are written and the scalar decoder takes over
 * from the first character of the open quantum (see lib/arch/arch.h).
 */
#include "arch/arch.h"

#include <immintrin.h>

/* 64 values (a b c d per 32-bit lane) to 48 bytes, stored at out. */
static inline void pack_store(__m512i v, unsigned char *out, __mmask64 store)
{
    const __m512i merge_ab = _mm512_set1_epi32(0x01400140);
    const __m512i merge_abcd = _mm512_set1_epi32(0x00011000);
    /* Output byte j is byte 2 - j % 3 of dword j / 3. */
    const __m512i order = _mm512_set_epi8(
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        60, 61, 62, 56, 57, 58, 52, 53, 54, 48, 49, 50, 44, 45, 46, 40,
        41, 42, 36, 37, 38, 32, 33, 34, 28, 29, 30, 24, 25, 26, 20, 21,
        22, 16, 17, 18, 12, 13, 14, 8, 9, 10, 4, 5, 6, 0, 1, 2);
    __m512i ab = _mm512_maddubs_epi16(v, merge_ab);
    __m512i abcd = _mm512_madd_epi16(ab, merge_abcd);
    _mm512_mask_storeu_epi8(out, store, _mm512_permutexvar_epi8(order, abcd));
}

#define FULL48 0x0000FFFFFFFFFFFFull

static size_t decode(const char *src, size_t len, unsigned char *dst,
                     eml__codec_report *report)
{
    eml__b64 s;
    eml__b64_init(&s, src, len, dst, report);
    const __m512i lut_lo = _mm512_loadu_si512((const void *)eml__base64_value);
    const __m512i lut_hi = _mm512_loadu_si512((const void *)(eml__base64_value + 64));
    const __m512i ws_class = _mm512_set1_epi8(EML__B64_WS);
    const __m512i iota = _mm512_set_epi8(
        63, 62, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48,
        47, 46, 45, 44, 43, 42, 41, 40, 39, 38, 37, 36, 35, 34, 33, 32,
        31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16,
        15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);

    while (!s.done && s.in + 64 <= len) {
        size_t in = s.in;
        unsigned char *out = dst + s.out;
        __m512i acc = _mm512_setzero_si512();
        unsigned k = 0; /* values held in acc */
        size_t stop = len;
        while (in + 64 <= len) {
            __m512i v = _mm512_loadu_si512((const void *)(src + in));
            __m512i t = _mm512_permutex2var_epi8(lut_lo, v, lut_hi);
            /* Classes above whitespace ('=', junk) and 8-bit bytes end
             * the vector loop; whitespace is squeezed out. */
            __mmask64 event = _mm512_cmpgt_epu8_mask(t, ws_class) | _mm512_movepi8_mask(v);
            __mmask64 ws = _mm512_cmpeq_epi8_mask(t, ws_class);
            __mmask64 keep = ~ws;
            size_t step = 64;
            if (event) {
                step = (size_t)_tzcnt_u64(event);
                keep &= _bzhi_u64(~0ull, (unsigned)step);
                stop = in + step;
            }
            if (keep == ~0ull && k == 0) {
                pack_store(t, out, FULL48);
                out += 48;
            } else {
                unsigned n = (unsigned)_mm_popcnt_u64(keep);
                __m512i c = keep == ~0ull ? t : _mm512_maskz_compress_epi8(keep, t);
                /* Rotate c up by k lanes; lanes >= k complete acc, lanes
                 * < k + n - 64 are the overflow when it fills. */
                __m512i idx = _mm512_sub_epi8(iota, _mm512_set1_epi8((char)k));
                __m512i r = _mm512_permutexvar_epi8(idx, c);
                __m512i full = _mm512_mask_blend_epi8(~_bzhi_u64(~0ull, k), acc, r);
                if (k + n >= 64) {
                    pack_store(full, out, FULL48);
                    out += 48;
                    acc = r;
                    k = k + n - 64;
                } else {
                    acc = full;
                    k += n;
                }
            }
            if (event)
                break;
            in += 64;
        }
        if (stop == len)
            stop = in;
        /* Whole quanta still in acc are written; the open one is re-read
         * by the scalar decoder. */
        unsigned whole = k / 4;
        if (whole)
            pack_store(acc, out, _bzhi_u64(~0ull, whole * 3));
        out += whole * 3;
        s.out = (size_t)(out - dst);
        s.in = eml__b64_rewind(&s, stop, k % 4);
        if (stop + 64 > len)
            break;
        /* The scalar decoder handles the event byte and whatever follows
         * until a quantum boundary; then the vector loop resumes. */
        eml__b64_scalar(&s, stop + 1);
    }
    return eml__b64_finish(&s);
}

size_t eml__base64_decode_avx512(const char *src, size_t len, unsigned char *dst,
                                 eml__codec_report *report)
{
    return decode(src, len, dst, report);
}
