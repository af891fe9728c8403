/*
 * Scanning with AVX2: UTF-8 validation 32 bytes per step, and the search
 * for "\n--" (a candidate delimiter line, RFC 2046 section 5.1.1) 30 bytes
 * per step.
 *
 * The validator classifies every pair of adjacent bytes with three table
 * lookups (high and low nibble of the earlier byte, high nibble of the
 * later one) whose AND is non-zero only for a pair that no well-formed
 * text contains (lib/codec/arch/utf8_tables.h); a second test checks that the
 * third and fourth bytes of long sequences are continuation bytes.
 * The tail is copied into a zero-filled block, so nothing past len is read
 * and a sequence cut short by the end meets a zero byte, which no lead
 * byte may be followed by.
 */
#include "codec/arch/arch.h"
#include "codec/arch/utf8_tables.h"

#include <immintrin.h>
#include <string.h>

typedef struct utf8_state {
    __m256i prev;       /* the previous block */
    __m256i incomplete; /* non-zero: the previous block ends inside a sequence */
    __m256i error;
} utf8_state;

/* The block that starts n bytes before cur, with prev the block before. */
static inline __m256i earlier(__m256i cur, __m256i prev, int n)
{
    /* Lane-crossing: upper half of prev then lower half of cur. */
    __m256i mid = _mm256_permute2x128_si256(prev, cur, 0x21);
    switch (n) {
    case 1:
        return _mm256_alignr_epi8(cur, mid, 15);
    case 2:
        return _mm256_alignr_epi8(cur, mid, 14);
    default:
        return _mm256_alignr_epi8(cur, mid, 13);
    }
}

static inline __m256i lookup(const unsigned char table[16], __m256i nibbles)
{
    __m256i t = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)table));
    return _mm256_shuffle_epi8(t, nibbles);
}

static inline void utf8_block(utf8_state *st, __m256i cur)
{
    if (_mm256_movemask_epi8(cur) == 0) {
        /* ASCII: valid unless the previous block left a sequence open. */
        st->error = _mm256_or_si256(st->error, st->incomplete);
        st->prev = cur;
        return;
    }
    const __m256i low4 = _mm256_set1_epi8(0x0F);
    __m256i prev1 = earlier(cur, st->prev, 1);
    __m256i a = lookup(eml__utf8_first_high, _mm256_and_si256(_mm256_srli_epi16(prev1, 4), low4));
    __m256i b = lookup(eml__utf8_first_low, _mm256_and_si256(prev1, low4));
    __m256i c = lookup(eml__utf8_second_high, _mm256_and_si256(_mm256_srli_epi16(cur, 4), low4));
    __m256i pair = _mm256_and_si256(_mm256_and_si256(a, b), c);
    /* Bytes two after a lead E0..FF or three after F0..FF must be
     * continuations: the pair tables mark each continuation that follows a
     * continuation with EML__UTF8_TWO_CONTS, which must match exactly. */
    __m256i third = _mm256_subs_epu8(earlier(cur, st->prev, 2), _mm256_set1_epi8(0xE0 - 0x80));
    __m256i fourth = _mm256_subs_epu8(earlier(cur, st->prev, 3), _mm256_set1_epi8(0xF0 - 0x80));
    __m256i must = _mm256_and_si256(_mm256_or_si256(third, fourth),
                                    _mm256_set1_epi8((char)EML__UTF8_TWO_CONTS));
    st->error = _mm256_or_si256(st->error, _mm256_xor_si256(must, pair));
    /* Open at the end when a lead stands in the last byte (C0..), the
     * second-last (E0..) or the third-last (F0..). */
    const __m256i max = _mm256_setr_epi8(
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        (char)(0xF0 - 1), (char)(0xE0 - 1), (char)(0xC0 - 1));
    st->incomplete = _mm256_subs_epu8(cur, max);
    st->prev = cur;
}

int eml__utf8_valid_avx2(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *e = p + len;
    utf8_state st = {_mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256()};
    while (e - p >= 32) {
        utf8_block(&st, _mm256_loadu_si256((const __m256i *)p));
        p += 32;
        /* Stop at the first bad block every 256 bytes: long invalid text
         * should not be read to its end. */
        if (((uintptr_t)(p - (const unsigned char *)s) & 255) == 0 &&
            !_mm256_testz_si256(st.error, st.error))
            return 0;
    }
    /* The tail, or when there is none a zero block that closes the last. */
    unsigned char tail[32] = {0};
    memcpy(tail, p, (size_t)(e - p));
    utf8_block(&st, _mm256_loadu_si256((const __m256i *)tail));
    st.error = _mm256_or_si256(st.error, st.incomplete);
    return _mm256_testz_si256(st.error, st.error);
}

const char *eml__find_dashdash_avx2(const char *from, const char *end)
{
    const char *q = from - 1; /* where a line feed may stand */
    const __m256i lf = _mm256_set1_epi8('\n'), dash = _mm256_set1_epi8('-');
    while (end - q >= 32) {
        __m256i v = _mm256_loadu_si256((const __m256i *)q);
        uint32_t L = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, lf));
        if (L) {
            uint32_t D = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, dash));
            /* Lanes 0..29 have both following bytes in the block. */
            uint32_t hit = L & D >> 1 & D >> 2 & 0x3FFFFFFFu;
            if (hit)
                return q + __builtin_ctz(hit) + 1;
        }
        q += 30;
    }
    return eml__find_dashdash_scalar(q + 1, end);
}
