/*
 * Quoted-printable decoding with AVX2, 32 input bytes per step: the same
 * plan as the AVX-512 kernel (lib/arch/qp_block.h) with the masks from
 * movemask, hex digits recognised by two range checks, lane rotations by
 * alignr, and compaction 8 bytes at a time through a shuffle table.
 */
#include "arch/qp_block.h"

#include <immintrin.h>

static inline uint32_t mask_of(__m256i v)
{
    return (uint32_t)_mm256_movemask_epi8(v);
}

/* Unsigned v - lo <= span, per byte. */
static inline __m256i in_range(__m256i v, char lo, char span)
{
    __m256i d = _mm256_sub_epi8(v, _mm256_set1_epi8(lo));
    return _mm256_cmpeq_epi8(_mm256_min_epu8(d, _mm256_set1_epi8(span)), d);
}

/* Byte i + n of v in lane i (n = 1 or 2); zeros shift in at the top. */
static inline __m256i next_bytes(__m256i v, int n)
{
    __m256i upper = _mm256_permute2x128_si256(v, v, 0x81);
    return n == 1 ? _mm256_alignr_epi8(upper, v, 1) : _mm256_alignr_epi8(upper, v, 2);
}

static inline size_t compact_store(__m256i x, uint32_t keep, unsigned char *out)
{
    const __m128i eight = _mm_set1_epi8(8);
    __m128i half[2] = { _mm256_castsi256_si128(x), _mm256_extracti128_si256(x, 1) };
    size_t k = 0;
    for (int h = 0; h < 2; h++) {
        unsigned m0 = keep >> (16 * h) & 0xFF, m1 = keep >> (16 * h + 8) & 0xFF;
        __m128i c0 = _mm_loadl_epi64((const __m128i *)eml__compact8[m0]);
        __m128i c1 = _mm_add_epi8(_mm_loadl_epi64((const __m128i *)eml__compact8[m1]), eight);
        __m128i y = _mm_shuffle_epi8(half[h], _mm_unpacklo_epi64(c0, c1));
        _mm_storel_epi64((__m128i *)(out + k), y);
        k += (size_t)_mm_popcnt_u32(m0);
        _mm_storel_epi64((__m128i *)(out + k), _mm_unpackhi_epi64(y, y));
        k += (size_t)_mm_popcnt_u32(m1);
    }
    return k;
}

size_t eml__qp_decode_avx2(const char *src, size_t len, unsigned char *dst,
                           eml__codec_report *report)
{
    eml__qp s;
    eml__qp_init(&s, src, len, dst, report);
    const __m256i equals = _mm256_set1_epi8('='), space = _mm256_set1_epi8(' ');
    const __m256i tab = _mm256_set1_epi8('\t'), lf = _mm256_set1_epi8('\n');
    const __m256i cr = _mm256_set1_epi8('\r');
    const unsigned char *p = s.src;

    /* Stores reach at most 32 bytes past the output position, which never
     * runs ahead of the input. */
    while (s.in + 32 <= len) {
        size_t in = s.in;
        __m256i v = _mm256_loadu_si256((const __m256i *)(p + in));
        eml__qp_masks m;
        m.eq = mask_of(_mm256_cmpeq_epi8(v, equals));
        m.lf = mask_of(_mm256_cmpeq_epi8(v, lf));
        m.cr = mask_of(_mm256_cmpeq_epi8(v, cr));
        uint32_t t = mask_of(_mm256_cmpeq_epi8(v, tab));
        m.wsp = mask_of(_mm256_cmpeq_epi8(v, space)) | t;

        m.invalid = 0;
        if (s.check_chars) {
            __m256i ctl = _mm256_cmpeq_epi8(_mm256_min_epu8(v, _mm256_set1_epi8(0x1F)), v);
            __m256i high = _mm256_cmpeq_epi8(_mm256_max_epu8(v, _mm256_set1_epi8(0x7F)), v);
            m.invalid = (mask_of(ctl) & ~(uint32_t)(m.lf | m.cr | t)) | mask_of(high);
        }

        /* Plain text: nothing to decode, only line ends to note. */
        int next = in + 32 < len ? p[in + 32] : -1;
        if (eml__qp_block_literal(&m, 32, next, s.check_chars)) {
            _mm256_storeu_si256((__m256i *)(dst + s.out), v);
            s.out += 32;
            if (m.lf)
                eml__qp_block_lines(&s, in, m.lf);
            s.in = in + 32;
            continue;
        }

        __m256i digit = in_range(v, '0', 9);
        __m256i lower = _mm256_or_si256(v, _mm256_set1_epi8(0x20));
        __m256i letter = in_range(lower, 'a', 5);
        m.hex = mask_of(_mm256_or_si256(digit, letter));
        /* Nibble values: digits v - '0', letters (v | 0x20) - 'a' + 10. */
        __m256i nib = _mm256_blendv_epi8(_mm256_sub_epi8(lower, _mm256_set1_epi8('a' - 10)),
                                         _mm256_sub_epi8(v, _mm256_set1_epi8('0')), digit);
        eml__qp_plan plan = eml__qp_plan_block(&m, 32, s.check_chars);

        if (plan.keep) {
            __m256i out = v;
            if (plan.esc) {
                __m256i hi = _mm256_slli_epi16(_mm256_and_si256(nib, _mm256_set1_epi8(0x0F)), 4);
                __m256i value = _mm256_or_si256(next_bytes(hi, 1),
                                                _mm256_and_si256(next_bytes(nib, 2),
                                                                 _mm256_set1_epi8(0x0F)));
                /* Expand the escape mask to bytes for the blend. */
                const __m256i bit = _mm256_setr_epi8(
                    1, 2, 4, 8, 16, 32, 64, -128, 1, 2, 4, 8, 16, 32, 64, -128,
                    1, 2, 4, 8, 16, 32, 64, -128, 1, 2, 4, 8, 16, 32, 64, -128);
                const __m256i spread = _mm256_setr_epi8(
                    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1,
                    2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3);
                __m256i e = _mm256_shuffle_epi8(_mm256_set1_epi32((int)(uint32_t)plan.esc), spread);
                __m256i sel = _mm256_cmpeq_epi8(_mm256_and_si256(e, bit), bit);
                out = _mm256_blendv_epi8(v, value, sel);
            }
            if (plan.keep == 0xFFFFFFFFu) {
                _mm256_storeu_si256((__m256i *)(dst + s.out), out);
                s.out += 32;
            } else {
                s.out += compact_store(out, (uint32_t)plan.keep, dst + s.out);
            }
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
