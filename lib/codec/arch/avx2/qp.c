/*
 * Quoted-printable decoding with AVX2, 32 input bytes per step: the same
 * common block as the AVX-512 kernel (decoded whole, the next block 32
 * bytes on, the bytes after each position from loads at +1 and +2) with
 * the masks from movemask, hex digits recognised by two range checks and
 * compaction 8 bytes at a time through a shuffle table. Other blocks are
 * planned by lib/codec/arch/qp_block.h, with lane rotations by alignr.
 */
#include "codec/arch/qp_block.h"

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

/* The masks of the 32 bytes at at; nib gets hex digit values. */
static inline eml__qp_masks classify(const unsigned char *at, int check_chars, __m256i *vp,
                                     __m256i *nibp)
{
    __m256i v = _mm256_loadu_si256((const __m256i *)at);
    eml__qp_masks m;
    m.eq = mask_of(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('=')));
    m.lf = mask_of(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('\n')));
    m.cr = mask_of(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('\r')));
    uint32_t t = mask_of(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('\t')));
    m.wsp = mask_of(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(' '))) | t;
    m.invalid = 0;
    if (check_chars) {
        __m256i ctl = _mm256_cmpeq_epi8(_mm256_min_epu8(v, _mm256_set1_epi8(0x1F)), v);
        __m256i high = _mm256_cmpeq_epi8(_mm256_max_epu8(v, _mm256_set1_epi8(0x7F)), v);
        m.invalid = (mask_of(ctl) & ~(uint32_t)(m.lf | m.cr | t)) | mask_of(high);
    }
    __m256i digit = in_range(v, '0', 9);
    __m256i lower = _mm256_or_si256(v, _mm256_set1_epi8(0x20));
    __m256i letter = in_range(lower, 'a', 5);
    m.hex = mask_of(_mm256_or_si256(digit, letter));
    /* Nibble values: digits v - '0', letters (v | 0x20) - 'a' + 10. */
    *nibp = _mm256_blendv_epi8(_mm256_sub_epi8(lower, _mm256_set1_epi8('a' - 10)),
                               _mm256_sub_epi8(v, _mm256_set1_epi8('0')), digit);
    *vp = v;
    return m;
}

/* A block that is not the common one: decoded up to the commit point of
 * eml__qp_plan_block, then the scalar decoder takes one unit. */
__attribute__((noinline)) static void planned_block(eml__qp *s)
{
    size_t in = s->in;
    __m256i v, nib;
    eml__qp_masks m = classify(s->src + in, s->check_chars, &v, &nib);
    eml__qp_plan plan = eml__qp_plan_block(&m, 32, s->check_chars);
    unsigned char *dst = s->dst;
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
            _mm256_storeu_si256((__m256i *)(dst + s->out), out);
            s->out += 32;
        } else {
            s->out += compact_store(out, (uint32_t)plan.keep, dst + s->out);
        }
    }
    uint64_t lines = m.lf & eml__qp_below(plan.commit);
    if (lines)
        eml__qp_block_lines(s, in, lines);
    s->in = in + plan.commit;
    if (plan.scalar)
        eml__qp_step(s);
}

/* Hex digits of v (bytes of all ones) and their values in *nib. */
static inline __m256i hex_digits(__m256i v, __m256i *nib)
{
    __m256i digit = in_range(v, '0', 9);
    __m256i lower = _mm256_or_si256(v, _mm256_set1_epi8(0x20));
    __m256i letter = in_range(lower, 'a', 5);
    *nib = _mm256_blendv_epi8(_mm256_sub_epi8(lower, _mm256_set1_epi8('a' - 10)),
                              _mm256_sub_epi8(v, _mm256_set1_epi8('0')), digit);
    return _mm256_or_si256(digit, letter);
}

size_t eml__qp_decode_avx2(const char *src, size_t len, unsigned char *dst,
                           eml__codec_report *report)
{
    eml__qp s;
    eml__qp_init(&s, src, len, dst, report);
    const unsigned char *p = s.src;
    const uint32_t top = 1u << 31;
    size_t in = s.in, out = s.out, line_start = s.line_start;
    int check_lines = s.check_lines;
    uint32_t chk = s.check_chars ? ~0u : 0;
    uint32_t taken = 0; /* bytes at the block's start that an escape took */
    /* The common block, as in the AVX-512 kernel: decoded whole, the next
     * one 32 bytes on; loads at +1 and +2 give the bytes after each one. */
    while (in + 34 <= len) {
        const unsigned char *at = p + in;
        __m256i v = _mm256_loadu_si256((const __m256i *)at);
        __m256i v1 = _mm256_loadu_si256((const __m256i *)(at + 1));
        __m256i v2 = _mm256_loadu_si256((const __m256i *)(at + 2));
        __m256i eq = _mm256_cmpeq_epi8(v, _mm256_set1_epi8('='));
        __m256i tab = _mm256_cmpeq_epi8(v, _mm256_set1_epi8('\t'));
        uint32_t e = mask_of(eq);
        uint32_t l = mask_of(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('\n')));
        uint32_t c = mask_of(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('\r')));
        uint32_t w = mask_of(_mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(' ')), tab));
        /* Controls but HT, CR, LF; DEL and 8-bit bytes. */
        __m256i ctl = _mm256_cmpeq_epi8(_mm256_min_epu8(v, _mm256_set1_epi8(0x1F)), v);
        __m256i high = _mm256_cmpeq_epi8(_mm256_max_epu8(v, _mm256_set1_epi8(0x7F)), v);
        uint32_t bad = (mask_of(_mm256_andnot_si256(tab, ctl)) & ~(l | c)) | mask_of(high);
        uint32_t l1 = mask_of(_mm256_cmpeq_epi8(v1, _mm256_set1_epi8('\n')));
        uint32_t c1 = mask_of(_mm256_cmpeq_epi8(v1, _mm256_set1_epi8('\r')));
        uint32_t l2 = mask_of(_mm256_cmpeq_epi8(v2, _mm256_set1_epi8('\n')));
        __m256i nib1, nib2;
        __m256i hex1 = hex_digits(v1, &nib1), hex2 = hex_digits(v2, &nib2);
        __m256i esc_bytes = _mm256_and_si256(eq, _mm256_and_si256(hex1, hex2));
        uint32_t esc = mask_of(esc_bytes);
        uint32_t soft_crlf = e & c1 & l2;
        uint32_t odd = e & ~(esc | soft_crlf | l1);
        odd |= w & (c1 | l1);
        odd |= w & top & (0u - (uint32_t)(at[32] <= ' '));
        odd |= (bad | (c & ~l1)) & chk;
        if (__builtin_expect(odd == 0, 1)) {
            uint32_t two = esc | soft_crlf;
            uint32_t keep = ~(e << 1 | two << 2 | (e & ~esc) | taken);
            taken = e >> 31 | two >> 30;
            __m256i value = _mm256_or_si256(
                _mm256_and_si256(_mm256_slli_epi16(nib1, 4), _mm256_set1_epi8((char)0xF0)),
                _mm256_and_si256(nib2, _mm256_set1_epi8(0x0F)));
            __m256i o = _mm256_blendv_epi8(v, value, esc_bytes);
            /* Stores reach 32 bytes past the output position, which never
             * runs ahead of the input. */
            if (keep == 0xFFFFFFFFu) {
                _mm256_storeu_si256((__m256i *)(dst + out), o);
                out += 32;
            } else {
                out += compact_store(o, keep, dst + out);
            }
            if (check_lines && l)
                line_start = eml__qp_common_lines(&s, in, l, line_start, &check_lines);
            in += 32;
            continue;
        }
        s.in = in;
        s.out = out;
        s.line_start = line_start;
        s.check_lines = check_lines;
        eml__qp_skip_taken(&s, (unsigned)_mm_popcnt_u32(taken));
        taken = 0;
        planned_block(&s);
        in = s.in;
        out = s.out;
        line_start = s.line_start;
        check_lines = s.check_lines;
        chk = s.check_chars ? ~0u : 0;
    }
    s.in = in;
    s.out = out;
    s.line_start = line_start;
    s.check_lines = check_lines;
    eml__qp_skip_taken(&s, (unsigned)_mm_popcnt_u32(taken));
    while (s.in + 32 <= len)
        planned_block(&s);
    return eml__qp_finish(&s);
}
