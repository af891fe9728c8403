/*
 * Quoted-printable decoding with AVX-512 (F, BW, VBMI, VBMI2), 64 input
 * bytes per step.
 *
 * The common block is decoded whole and the next one starts 64 bytes on,
 * so the next load never waits for this block's masks (a commit point
 * computed from the masks made each block wait for the previous one):
 * every '=' in it is a well-formed escape or soft break, no SP/HT is or
 * may be trailing whitespace, and (while QP_INVALID_CHAR is looked for)
 * no byte is invalid and no CR is alone. The bytes after each position
 * come from loads at +1 and +2, so an escape or soft break may end up to
 * two bytes past the block: those bytes are marked taken and dropped from
 * the next block. The escapes' values come from a class lookup (vpermb)
 * of those loads, and the block is compacted with vpcompressb.
 *
 * Any other block is planned by eml__qp_plan_block (lib/codec/arch/qp_block.h),
 * decoded up to its commit point, and the scalar decoder takes one unit.
 */
#include "codec/arch/qp_block.h"

#include <immintrin.h>

/* Per byte below 0x80: a hex digit's value (bits 0-3) and 0x80 for hex
 * digits; 0x10 for SP/HT; 0x20 for CR/LF; 0x40 for the bytes allowed in
 * an encoded line (RFC 2045 6.7 rules 2 and 3, and CR and LF). Bytes
 * from 0x80 get the class 0. */
static const unsigned char byte_class[128] = {
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x50, 0x60, 0x00, 0x00, 0x60, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x50, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40,
    0xC0, 0xC1, 0xC2, 0xC3, 0xC4, 0xC5, 0xC6, 0xC7, 0xC8, 0xC9, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40,
    0x40, 0xCA, 0xCB, 0xCC, 0xCD, 0xCE, 0xCF, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40,
    0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40,
    0x40, 0xCA, 0xCB, 0xCC, 0xCD, 0xCE, 0xCF, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40,
    0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x00,
};

/* A mask moved to a general register once: without the barrier gcc 12
 * moves it again at each use (measured: 12 moves for 10 masks). */
static inline uint64_t gpr(__mmask64 k)
{
    uint64_t x = _cvtmask64_u64(k);
    __asm__("" : "+r"(x));
    return x;
}

/* The class of each byte of v (byte_class, 0 from 0x80). */
static inline __m512i class_of(__m512i v)
{
    const __m512i lo = _mm512_loadu_si512((const void *)byte_class);
    const __m512i hi = _mm512_loadu_si512((const void *)(byte_class + 64));
    __mmask64 ascii = _mm512_cmpge_epi8_mask(v, _mm512_setzero_si512());
    return _mm512_maskz_permutex2var_epi8(ascii, lo, v, hi);
}

/* A block that is not the common one: decoded up to the commit point of
 * eml__qp_plan_block, then the scalar decoder takes one unit. Out of line
 * so that the common loop keeps its registers. */
__attribute__((noinline)) static void planned_block(eml__qp *s)
{
    size_t in = s->in;
    const unsigned char *at = s->src + in;
    __m512i v = _mm512_loadu_si512((const void *)at);
    __m512i cls = class_of(v);
    eml__qp_masks m;
    m.eq = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('='));
    m.lf = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\n'));
    m.cr = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\r'));
    m.wsp = _mm512_test_epi8_mask(cls, _mm512_set1_epi8(0x10));
    m.hex = _mm512_movepi8_mask(cls);
    m.invalid = s->check_chars ? _mm512_testn_epi8_mask(cls, _mm512_set1_epi8(0x40)) : 0;
    eml__qp_plan plan = eml__qp_plan_block(&m, 64, s->check_chars);
    if (plan.keep) {
        static const unsigned char index[66] = {
             0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
            22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43,
            44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 0, 1,
        };
        __m512i x = _mm512_permutexvar_epi8(_mm512_loadu_si512((const void *)(index + 1)), cls);
        __m512i y = _mm512_permutexvar_epi8(_mm512_loadu_si512((const void *)(index + 2)), cls);
        __m512i value = _mm512_ternarylogic_epi32(_mm512_slli_epi16(x, 4), y,
                                                  _mm512_set1_epi8((char)0xF0), 0xE4);
        __m512i o = _mm512_maskz_compress_epi8(plan.keep, _mm512_mask_mov_epi8(v, plan.esc, value));
        _mm512_storeu_si512((void *)(s->dst + s->out), o);
        s->out += (size_t)_mm_popcnt_u64(plan.keep);
    }
    uint64_t lines = m.lf & eml__qp_below(plan.commit);
    if (lines)
        eml__qp_block_lines(s, in, lines);
    s->in = in + plan.commit;
    if (plan.scalar)
        eml__qp_step(s);
}

size_t eml__qp_decode_avx512(const char *src, size_t len, unsigned char *dst,
                             eml__codec_report *report)
{
    eml__qp s;
    eml__qp_init(&s, src, len, dst, report);
    const unsigned char *p = s.src;
    const uint64_t top = 1ull << 63;
    /* What the common block changes lives in registers; s is brought up to
     * date only around planned blocks. */
    size_t in = s.in, out = s.out, line_start = s.line_start;
    int check_lines = s.check_lines;
    uint64_t chk = s.check_chars ? ~0ull : 0;
    uint64_t taken = 0; /* bytes at the block's start that an escape took */
    /* Loads reach 2 bytes past the block: the last 65 bytes or fewer are
     * left to the planned path and the scalar decoder. */
    while (in + 66 <= len) {
        const unsigned char *at = p + in;
        __m512i v = _mm512_loadu_si512((const void *)at);
        __m512i v1 = _mm512_loadu_si512((const void *)(at + 1));
        __m512i v2 = _mm512_loadu_si512((const void *)(at + 2));
        __m512i k0 = class_of(v), k1 = class_of(v1), k2 = class_of(v2);
        uint64_t e = gpr(_mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('=')));
        uint64_t l = gpr(_mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\n')));
        uint64_t c = gpr(_mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\r')));
        uint64_t w = gpr(_mm512_test_epi8_mask(k0, _mm512_set1_epi8(0x10)));
        uint64_t bad = gpr(_mm512_testn_epi8_mask(k0, _mm512_set1_epi8(0x40)));
        uint64_t l1 = gpr(_mm512_cmpeq_epi8_mask(v1, _mm512_set1_epi8('\n')));
        uint64_t c1 = gpr(_mm512_cmpeq_epi8_mask(v1, _mm512_set1_epi8('\r')));
        uint64_t l2 = gpr(_mm512_cmpeq_epi8_mask(v2, _mm512_set1_epi8('\n')));
        uint64_t h1 = gpr(_mm512_movepi8_mask(k1));
        uint64_t h2 = gpr(_mm512_movepi8_mask(k2));
        uint64_t esc = e & h1 & h2;
        uint64_t soft_crlf = e & c1 & l2;
        /* Anything else after '=' (RFC 2045 6.7 rules 1 and 5). */
        uint64_t odd = e & ~(esc | soft_crlf | l1);
        /* SP/HT before CR or LF may be trailing (rule 3); SP/HT at the
         * block's end before SP/HT, CR, LF or a control may be too. */
        odd |= w & (c1 | l1);
        odd |= w & top & -(uint64_t)(at[64] <= ' ');
        odd |= (bad | (c & ~l1)) & chk;
        if (__builtin_expect(odd == 0, 1)) {
            /* Gone: the byte after each '=', the second one after an
             * escape or a soft CRLF, the '=' of a soft break. Store 64
             * bytes: the output never runs ahead of the input. */
            uint64_t two = esc | soft_crlf;
            uint64_t keep = ~(e << 1 | two << 2 | (e & ~esc) | taken);
            taken = e >> 63 | two >> 62;
            /* (k1 << 4 & 0xF0) | (k2 & 0x0F); the 16-bit shift only
             * spoils low nibbles, which the select drops. */
            __m512i value = _mm512_ternarylogic_epi32(_mm512_slli_epi16(k1, 4), k2,
                                                      _mm512_set1_epi8((char)0xF0), 0xE4);
            __m512i o = _mm512_maskz_compress_epi8(keep, _mm512_mask_mov_epi8(v, esc, value));
            _mm512_storeu_si512((void *)(dst + out), o);
            out += (size_t)_mm_popcnt_u64(keep);
            if (check_lines && l)
                line_start = eml__qp_common_lines(&s, in, l, line_start, &check_lines);
            in += 64;
            continue;
        }
        s.in = in;
        s.out = out;
        s.line_start = line_start;
        s.check_lines = check_lines;
        eml__qp_skip_taken(&s, (unsigned)_mm_popcnt_u64(taken));
        taken = 0;
        planned_block(&s);
        in = s.in;
        out = s.out;
        line_start = s.line_start;
        check_lines = s.check_lines;
        chk = s.check_chars ? ~0ull : 0;
    }
    s.in = in;
    s.out = out;
    s.line_start = line_start;
    s.check_lines = check_lines;
    eml__qp_skip_taken(&s, (unsigned)_mm_popcnt_u64(taken));
    while (s.in + 64 <= len)
        planned_block(&s);
    return eml__qp_finish(&s);
}
