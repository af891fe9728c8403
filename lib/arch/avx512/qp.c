/*
 * Quoted-printable decoding with AVX-512 (F, BW, VBMI, VBMI2), 64 input
 * bytes per step.
 *
 * Each block is classified into bit masks and planned by eml__qp_plan_block
 * (lib/arch/qp_block.h). Literal bytes, line breaks, "=XX" escapes and
 * soft breaks are then decoded in the register: an escape's value is
 * assembled from the two following hex digits (a byte lookup and two lane
 * rotations), and the block is compacted with vpcompressb. What the plan
 * leaves to the scalar decoder is one unit at the commit point.
 */
#include "arch/qp_block.h"

#include <immintrin.h>

static size_t decode(const char *src, size_t len, unsigned char *dst,
                     eml__codec_report *report)
{
    eml__qp s;
    eml__qp_init(&s, src, len, dst, report);
    const __m512i hex_lo = _mm512_loadu_si512((const void *)eml__qp_hex);
    const __m512i hex_hi = _mm512_loadu_si512((const void *)(eml__qp_hex + 64));
    const __m512i equals = _mm512_set1_epi8('='), space = _mm512_set1_epi8(' ');
    const __m512i tab = _mm512_set1_epi8('\t'), lf = _mm512_set1_epi8('\n');
    const __m512i cr = _mm512_set1_epi8('\r'), low_nibble = _mm512_set1_epi8(0x0F);
    const __m512i c20 = _mm512_set1_epi8(0x20), c7f = _mm512_set1_epi8(0x7F);
    const __m512i iota = _mm512_set_epi8(
        63, 62, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48,
        47, 46, 45, 44, 43, 42, 41, 40, 39, 38, 37, 36, 35, 34, 33, 32,
        31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16,
        15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
    const __m512i next1 = _mm512_add_epi8(iota, _mm512_set1_epi8(1));
    const __m512i next2 = _mm512_add_epi8(iota, _mm512_set1_epi8(2));
    const unsigned char *p = s.src;

    while (s.in + 64 <= len) {
        size_t in = s.in;
        __m512i v = _mm512_loadu_si512((const void *)(p + in));
        eml__qp_masks m;
        m.eq = _mm512_cmpeq_epi8_mask(v, equals);
        m.lf = _mm512_cmpeq_epi8_mask(v, lf);
        m.cr = _mm512_cmpeq_epi8_mask(v, cr);
        uint64_t t = _mm512_cmpeq_epi8_mask(v, tab);
        m.wsp = _mm512_cmpeq_epi8_mask(v, space) | t;

        m.invalid = 0;
        if (s.check_chars)
            m.invalid = (_mm512_cmplt_epu8_mask(v, c20) & ~(m.lf | m.cr | t)) |
                        _mm512_cmpge_epu8_mask(v, c7f);

        /* Plain text: nothing to decode, only line ends to note. */
        int next = in + 64 < len ? p[in + 64] : -1;
        if (eml__qp_block_literal(&m, 64, next, s.check_chars)) {
            _mm512_storeu_si512((void *)(dst + s.out), v);
            s.out += 64;
            if (m.lf)
                eml__qp_block_lines(&s, in, m.lf);
            s.in = in + 64;
            continue;
        }

        __m512i nib = _mm512_permutex2var_epi8(hex_lo, v, hex_hi);
        m.hex = ~_mm512_movepi8_mask(_mm512_or_si512(nib, v));
        eml__qp_plan plan = eml__qp_plan_block(&m, 64, s.check_chars);

        if (plan.keep) {
            __m512i out = v;
            if (plan.esc) {
                __m512i hi = _mm512_slli_epi16(_mm512_and_si512(nib, low_nibble), 4);
                __m512i value = _mm512_or_si512(_mm512_permutexvar_epi8(next1, hi),
                                                _mm512_permutexvar_epi8(next2, nib));
                out = _mm512_mask_blend_epi8(plan.esc, v, value);
            }
            if (plan.keep != ~0ull)
                out = _mm512_maskz_compress_epi8(plan.keep, out);
            _mm512_storeu_si512((void *)(dst + s.out), out);
            s.out += (size_t)_mm_popcnt_u64(plan.keep);
        }
        uint64_t lines = m.lf & eml__qp_below(plan.commit);
        if (lines)
            eml__qp_block_lines(&s, in, lines);
        s.in = in + plan.commit;
        if (plan.scalar)
            eml__qp_step(&s);
    }
    return eml__qp_finish(&s);
}

size_t eml__qp_decode_avx512(const char *src, size_t len, unsigned char *dst,
                             eml__codec_report *report)
{
    return decode(src, len, dst, report);
}
