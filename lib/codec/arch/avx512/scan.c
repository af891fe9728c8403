/*
 * Scanning with AVX-512: UTF-8 validation 64 bytes per step, and the search
 * for "\n--" (a candidate delimiter line, RFC 2046 section 5.1.1) 62 bytes
 * per step.
 *
 * The validator is the AVX2 one (lib/codec/arch/avx2/scan.c) on 64-byte blocks:
 * three nibble lookups classify each pair of adjacent bytes
 * (lib/codec/arch/utf8_tables.h) and a second test checks the third and fourth
 * bytes of long sequences. All-ASCII blocks are skipped, and errors are
 * checked at every block: the kernel runs from registers alone (measured in
 * make bench, about twice the rate of keeping the state in a struct that
 * is updated in every block). The tail is a masked load.
 */
#include "codec/arch/arch.h"
#include "codec/arch/utf8_tables.h"

#include <immintrin.h>

/* The vector whose byte i is byte i - k of the stream prev:in (k = 1..3):
 * alignr works within 128-bit lanes, so each lane first gets the lane
 * before it (the lowest gets the top lane of prev). */
static __m512i earlier(__m512i in, __m512i prev, int k)
{
    __m512i t = _mm512_alignr_epi32(in, prev, 12);
    switch (k) {
    case 1: return _mm512_alignr_epi8(in, t, 15);
    case 2: return _mm512_alignr_epi8(in, t, 14);
    default: return _mm512_alignr_epi8(in, t, 13);
    }
}

static __m512i lookup(const unsigned char table[16], __m512i nibbles)
{
    __m512i t = _mm512_broadcast_i32x4(_mm_loadu_si128((const __m128i *)table));
    return _mm512_shuffle_epi8(t, nibbles);
}

/* The error bits of the 64 bytes of cur, prev being the 64 bytes before. */
static __m512i utf8_errors(__m512i cur, __m512i prev)
{
    const __m512i low4 = _mm512_set1_epi8(0x0F);
    __m512i prev1 = earlier(cur, prev, 1);
    __m512i a = lookup(eml__utf8_first_high, _mm512_and_si512(_mm512_srli_epi16(prev1, 4), low4));
    __m512i b = lookup(eml__utf8_first_low, _mm512_and_si512(prev1, low4));
    __m512i c = lookup(eml__utf8_second_high, _mm512_and_si512(_mm512_srli_epi16(cur, 4), low4));
    __m512i pair = _mm512_ternarylogic_epi32(a, b, c, 0x80); /* a & b & c */
    /* Bytes two after a lead E0..FF or three after F0..FF must be
     * continuations, which the pair tables mark with TWO_CONTS: unsigned
     * saturating subtraction leaves the high bit set only there. */
    __m512i third = _mm512_subs_epu8(earlier(cur, prev, 2), _mm512_set1_epi8(0xE0 - 0x80));
    __m512i fourth = _mm512_subs_epu8(earlier(cur, prev, 3), _mm512_set1_epi8(0xF0 - 0x80));
    __m512i must = _mm512_and_si512(_mm512_or_si512(third, fourth),
                                    _mm512_set1_epi8((char)EML__UTF8_TWO_CONTS));
    return _mm512_xor_si512(pair, must);
}

int eml__utf8_valid_avx512(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *e = p + len;
    __m512i prev = _mm512_setzero_si512(), error = prev;
    /* Bytes above limit start a sequence their block does not finish:
     * F0..FF in byte 61, E0..FF in 62, C0..FF in 63. */
    const __m512i limit = _mm512_mask_blend_epi8(
        7ull << 61, _mm512_set1_epi8(-1),
        _mm512_set_epi64((long long)0xBFDFEF0000000000ull, 0, 0, 0, 0, 0, 0, 0));
    uint64_t open = 0;
    while (e - p >= 64) {
        __m512i cur = _mm512_loadu_si512((const void *)p);
        if (!_mm512_movepi8_mask(cur)) {
            /* ASCII: valid unless the previous block left a sequence
             * open. */
            if (open)
                return 0;
        } else {
            error = _mm512_or_si512(error, utf8_errors(cur, prev));
            open = _mm512_cmpgt_epu8_mask(cur, limit);
            if (_mm512_test_epi8_mask(error, error))
                return 0;
        }
        prev = cur;
        p += 64;
    }
    /* The tail, or when there is none a zero block that closes the last:
     * a masked load reads nothing past len and fills the rest with zeros,
     * and a sequence cut short by the end meets a zero byte, which no lead
     * may be followed by. */
    size_t rest = (size_t)(e - p);
    __mmask64 keep = rest ? _bzhi_u64(~0ull, (unsigned)rest) : 0;
    error = _mm512_or_si512(error, utf8_errors(_mm512_maskz_loadu_epi8(keep, p), prev));
    return !_mm512_test_epi8_mask(error, error);
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
