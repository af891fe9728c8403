/*
 * Scanning with AVX-512: UTF-8 validation 64 bytes per step, and the search
 * for "\n--" (a candidate delimiter line, RFC 2046 section 5.1.1) 62 bytes
 * per step.
 *
 * The validator is the AVX2 one (lib/arch/avx2/scan.c) on 64-byte blocks:
 * three nibble lookups classify each pair of adjacent bytes
 * (lib/arch/utf8_tables.h) and a second test checks the third and fourth
 * bytes of long sequences. The tail is a masked load, which reads nothing
 * past len and fills the rest with zeros: a sequence cut short by the end
 * meets a zero byte, which no lead byte may be followed by.
 */
#include "arch/arch.h"
#include "arch/utf8_tables.h"

#include <immintrin.h>

typedef struct utf8_state {
    __m512i prev;         /* the previous block */
    uint64_t incomplete;  /* the previous block ends inside a sequence */
    __m512i error;
} utf8_state;

/* The block that starts n (1..3) bytes before cur, prev the block before. */
static inline __m512i earlier(__m512i cur, __m512i mid, int n)
{
    switch (n) {
    case 1:
        return _mm512_alignr_epi8(cur, mid, 15);
    case 2:
        return _mm512_alignr_epi8(cur, mid, 14);
    default:
        return _mm512_alignr_epi8(cur, mid, 13);
    }
}

static inline __m512i lookup(const unsigned char table[16], __m512i nibbles)
{
    __m512i t = _mm512_broadcast_i32x4(_mm_loadu_si128((const __m128i *)table));
    return _mm512_shuffle_epi8(t, nibbles);
}

static inline void utf8_block(utf8_state *st, __m512i cur)
{
    if (_mm512_movepi8_mask(cur) == 0) {
        /* ASCII: valid unless the previous block left a sequence open. */
        if (st->incomplete)
            st->error = _mm512_set1_epi8(1);
        st->prev = cur;
        return;
    }
    const __m512i low4 = _mm512_set1_epi8(0x0F);
    /* 128-bit lanes shifted by one: the last lane of prev, then lanes
     * 0..2 of cur, so that alignr can reach across lanes. */
    const __m512i lanes = _mm512_setr_epi64(6, 7, 8, 9, 10, 11, 12, 13);
    __m512i mid = _mm512_permutex2var_epi64(st->prev, lanes, cur);
    __m512i prev1 = earlier(cur, mid, 1);
    __m512i a = lookup(eml__utf8_first_high, _mm512_and_si512(_mm512_srli_epi16(prev1, 4), low4));
    __m512i b = lookup(eml__utf8_first_low, _mm512_and_si512(prev1, low4));
    __m512i c = lookup(eml__utf8_second_high, _mm512_and_si512(_mm512_srli_epi16(cur, 4), low4));
    __m512i pair = _mm512_ternarylogic_epi32(a, b, c, 0x80); /* a & b & c */
    /* Bytes two after a lead E0..FF or three after F0..FF must be
     * continuations, which the pair tables mark with TWO_CONTS. */
    __m512i third = _mm512_subs_epu8(earlier(cur, mid, 2), _mm512_set1_epi8(0xE0 - 0x80));
    __m512i fourth = _mm512_subs_epu8(earlier(cur, mid, 3), _mm512_set1_epi8(0xF0 - 0x80));
    __m512i must = _mm512_and_si512(_mm512_or_si512(third, fourth),
                                    _mm512_set1_epi8((char)EML__UTF8_TWO_CONTS));
    st->error = _mm512_ternarylogic_epi32(st->error, must, pair, 0xF6); /* e | (m ^ p) */
    /* Open at the end when a lead stands in the last byte (C0..), the
     * second-last (E0..) or the third-last (F0..). */
    st->incomplete = (_mm512_cmpge_epu8_mask(cur, _mm512_set1_epi8((char)0xF0)) >> 61) |
                     (_mm512_cmpge_epu8_mask(cur, _mm512_set1_epi8((char)0xE0)) >> 62) |
                     (_mm512_cmpge_epu8_mask(cur, _mm512_set1_epi8((char)0xC0)) >> 63);
    st->prev = cur;
}

int eml__utf8_valid_avx512(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *e = p + len;
    utf8_state st = {_mm512_setzero_si512(), 0, _mm512_setzero_si512()};
    while (e - p >= 64) {
        utf8_block(&st, _mm512_loadu_si512((const void *)p));
        p += 64;
        /* Stop at the first bad block every 256 bytes: long invalid text
         * should not be read to its end. */
        if (((uintptr_t)(p - (const unsigned char *)s) & 255) == 0 &&
            _mm512_test_epi8_mask(st.error, st.error))
            return 0;
    }
    /* The tail, or when there is none a zero block that closes the last. */
    size_t rest = (size_t)(e - p);
    __mmask64 keep = rest ? _bzhi_u64(~0ull, (unsigned)rest) : 0;
    utf8_block(&st, _mm512_maskz_loadu_epi8(keep, p));
    return !st.incomplete && !_mm512_test_epi8_mask(st.error, st.error);
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
