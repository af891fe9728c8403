/*
 * Base64 decoding with AVX2, 32 input bytes per step, line breaks and
 * other whitespace handled inside the vector loop.
 *
 * Classification uses two 16-entry nibble lookups (pshufb) whose AND has a
 * bit set in its low six bits for bytes that are neither alphabet nor
 * whitespace, and bit 6 or 7 for whitespace; the 6-bit value is the byte
 * plus an offset looked up by its high nibble ('/' moved to an unused
 * slot). The tables were derived from RFC 2045 table 1 (see the comment at
 * each).
 *
 * Regular lines (a multiple of four characters, then CRLF or LF) go
 * through the line loop described in lib/codec/arch/avx512/base64.c, in blocks
 * of 32 characters. Everything else goes through the general loop:
 * blocks without whitespace are stored whole into a staging buffer (or,
 * when nothing is staged, packed straight from the register); others are
 * compacted 8 bytes at a time with a shuffle looked up by the
 * group's keep mask. The staging buffer is decoded 32 values (24 bytes)
 * at a time after a batch of blocks, so that its loads do not wait on the
 * small stores just made. Anything other than alphabet or whitespace ends
 * the vector loop at that byte and the scalar decoder takes over from the
 * first character of the open quantum (see lib/codec/arch/arch.h).
 */
#include "codec/arch/b64_lines.h"

#include <immintrin.h>
#include <string.h>

/* Bit g of lut_hi[h] names the group of high nibble h (0: 0x0_, 1: 0x1_
 * and 0x8_-0xF_, 2: 0x2_, 3: 0x3_, 4: 0x4_/0x6_, 5: 0x5_/0x7_); lut_lo[l]
 * has bit g set when l is not accepted in group g. Bit 6 marks HT..CR
 * (group 0) and bit 7 SP (group 2). */
#define LUT_LO -0x6d /* 0x93 */, 0x07, 0x07, 0x07, 0x07, 0x07, 0x07, 0x07, 0x07, 0x46, 0x4e, 0x6a, \
               0x6e, 0x6e, 0x2f, 0x2b
#define LUT_HI 0x41, 0x02, -0x7c /* 0x84 */, 0x08, 0x10, 0x20, 0x10, 0x20, 0x02, 0x02, 0x02, 0x02, \
               0x02, 0x02, 0x02, 0x02
/* Value minus byte, by high nibble; '/' uses slot 1. */
#define LUT_ROLL 0, 16, 19, 4, -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0

#define BATCH 8        /* blocks staged before decoding */
#define STAGE (BATCH * 32 + 32 + 32)

typedef struct classified {
    __m256i values;
    uint32_t ws, other;
} classified;

/* The values of 32 bytes, and in *flags a non-zero lane per byte that is
 * not in the alphabet. */
static inline __m256i values_of(__m256i v, __m256i *flags)
{
    const __m256i lut_lo = _mm256_setr_epi8(LUT_LO, LUT_LO);
    const __m256i lut_hi = _mm256_setr_epi8(LUT_HI, LUT_HI);
    const __m256i lut_roll = _mm256_setr_epi8(LUT_ROLL, LUT_ROLL);
    const __m256i nibble = _mm256_set1_epi8(0x0F);
    __m256i hi = _mm256_and_si256(_mm256_srli_epi16(v, 4), nibble);
    __m256i lo = _mm256_and_si256(v, nibble);
    *flags = _mm256_and_si256(_mm256_shuffle_epi8(lut_lo, lo), _mm256_shuffle_epi8(lut_hi, hi));
    __m256i slash = _mm256_cmpeq_epi8(v, _mm256_set1_epi8('/'));
    return _mm256_add_epi8(v, _mm256_shuffle_epi8(lut_roll, _mm256_add_epi8(hi, slash)));
}

static inline classified classify(__m256i v)
{
    __m256i m;
    classified c;
    c.values = values_of(v, &m);
    __m256i bad = _mm256_and_si256(m, _mm256_set1_epi8(0x3F));
    __m256i ws = _mm256_add_epi8(_mm256_and_si256(m, _mm256_set1_epi8((char)0xC0)),
                                 _mm256_set1_epi8(0x40));
    c.ws = (uint32_t)_mm256_movemask_epi8(ws);
    c.other = ~(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(bad, _mm256_setzero_si256()));
    return c;
}

/* Appends the values selected by keep to stage at *k. */
static inline void compact(__m256i values, uint32_t keep, unsigned char *stage, size_t *k)
{
    const __m128i eight = _mm_set1_epi8(8);
    __m128i half[2] = { _mm256_castsi256_si128(values), _mm256_extracti128_si256(values, 1) };
    for (int h = 0; h < 2; h++) {
        unsigned m0 = keep >> (16 * h) & 0xFF, m1 = keep >> (16 * h + 8) & 0xFF;
        __m128i c0 = _mm_loadl_epi64((const __m128i *)eml__compact8[m0]);
        __m128i c1 = _mm_add_epi8(_mm_loadl_epi64((const __m128i *)eml__compact8[m1]), eight);
        __m128i x = _mm_shuffle_epi8(half[h], _mm_unpacklo_epi64(c0, c1));
        _mm_storel_epi64((__m128i *)(stage + *k), x);
        *k += (size_t)_mm_popcnt_u32(m0);
        _mm_storel_epi64((__m128i *)(stage + *k), _mm_unpackhi_epi64(x, x));
        *k += (size_t)_mm_popcnt_u32(m1);
    }
}

/* 32 values to 24 bytes, in the low 24 lanes. */
static inline __m256i pack(__m256i v)
{
    __m256i ab = _mm256_maddubs_epi16(v, _mm256_set1_epi32(0x01400140));
    __m256i abcd = _mm256_madd_epi16(ab, _mm256_set1_epi32(0x00011000));
    const __m256i order = _mm256_setr_epi8(2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1,
                                           2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1);
    __m256i bytes = _mm256_shuffle_epi8(abcd, order);
    return _mm256_permutevar8x32_epi32(bytes, _mm256_setr_epi32(0, 1, 2, 4, 5, 6, 3, 7));
}

/* Stores the 24 packed bytes at out: a full vector when the output has
 * room for it (the 8 bytes past are overwritten later or unused). */
static inline void store24(__m256i bytes, unsigned char *out, const unsigned char *limit)
{
    if ((size_t)(limit - out) >= 32) {
        _mm256_storeu_si256((__m256i *)out, bytes);
        return;
    }
    _mm_storeu_si128((__m128i *)out, _mm256_castsi256_si128(bytes));
    _mm_storel_epi64((__m128i *)(out + 16), _mm256_extracti128_si256(bytes, 1));
}

static inline void pack_store(const unsigned char *values, unsigned char *out,
                              const unsigned char *limit)
{
    store24(pack(_mm256_loadu_si256((const __m256i *)values)), out, limit);
}

/* Whole quanta of n staged values (n < 32) to bytes. */
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

/* ---- the line loop ------------------------------------------------------- */

/* The line loop (see lib/codec/arch/avx512/base64.c for the idea) in blocks of
 * 32 characters. Non-zero lanes of the classification AND mark bytes that
 * are not alphabet (whitespace included); they are OR-ed over a line and
 * tested once at its end. */

/* Learns the shape of the line at in (see the AVX-512 kernel). */
static int learn_line(const unsigned char *src, size_t in, size_t len, eml__b64_line *shape)
{
    for (size_t off = 0; off < EML__B64_LINE_SCAN && in + off + 32 <= len; off += 32) {
        __m256i flags;
        values_of(_mm256_loadu_si256((const __m256i *)(src + in + off)), &flags);
        uint32_t ok = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(flags, _mm256_setzero_si256()));
        if (ok == 0xFFFFFFFFu)
            continue;
        size_t at = in + off + (size_t)__builtin_ctz(~ok);
        return eml__b64_line_learn(src, in, at, len, shape);
    }
    return 0;
}

/* 0xFF in the first n lanes, then zeros: loaded at 32 - n. */
static const unsigned char lane_window[64] = {
    255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
    255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
};

static inline int decode_line(const unsigned char *src, size_t in, unsigned char *out,
                              size_t chars, const unsigned char *limit)
{
    __m256i bad = _mm256_setzero_si256(), flags;
    size_t c = 0;
    for (; c + 32 <= chars; c += 32, out += 24) {
        __m256i x = values_of(_mm256_loadu_si256((const __m256i *)(src + in + c)), &flags);
        bad = _mm256_or_si256(bad, flags);
        store24(pack(x), out, limit);
    }
    if (c < chars) {
        size_t rest = chars - c;
        __m256i x = values_of(_mm256_loadu_si256((const __m256i *)(src + in + c)), &flags);
        __m256i lanes = _mm256_loadu_si256((const __m256i *)(lane_window + 32 - rest));
        bad = _mm256_or_si256(bad, _mm256_and_si256(flags, lanes));
        store24(pack(x), out, limit);
    }
    return _mm256_testz_si256(bad, bad);
}

/* Decodes whole lines from s->in while they keep a regular shape; stops
 * at the first line that does not (s->in is then at its start). */
static void line_loop(eml__b64 *s, const unsigned char *limit)
{
    const unsigned char *src = s->src;
    size_t in = s->in, out = s->out, len = s->len;
    eml__b64_line shape = { 0, 0 };
    while (in + shape.chars + EML__B64_LINE_SLACK <= len) {
        if (!shape.chars || !eml__b64_line_ends(src, in, &shape)) {
            if (!learn_line(src, in, len, &shape) || in + shape.chars + EML__B64_LINE_SLACK > len)
                break;
        }
        /* 76 characters (RFC 2045's maximum, what nearly every encoder
         * writes) gets a copy of the loop with the count known, unrolled. */
        int ok = shape.chars == 76 ? decode_line(src, in, s->dst + out, 76, limit)
                                   : decode_line(src, in, s->dst + out, shape.chars, limit);
        if (!ok)
            break;
        in += shape.chars + shape.eol;
        out += shape.chars / 4 * 3;
    }
    s->in = in;
    s->out = out;
}

/* Unbroken base64: runs of 128 alphabet characters decoded like lines
 * without line ends, until a run holds anything else. */
static void unbroken_loop(eml__b64 *s, const unsigned char *limit)
{
    const size_t run = 128;
    size_t in = s->in, out = s->out;
    while (in + run + EML__B64_LINE_SLACK <= s->len &&
           decode_line(s->src, in, s->dst + out, run, limit)) {
        in += run;
        out += run / 4 * 3;
    }
    s->in = in;
    s->out = out;
}

/* ---- the general loop ---------------------------------------------------- */

/* Runs from s->in (a quantum boundary) until a byte that is neither
 * alphabet nor whitespace, or until less than a block remains; writes the
 * complete quanta and leaves s->in at the first character of the open
 * one. Returns the offset of the stopping byte, or len when the loop ran
 * out of whole blocks. */
static size_t general_loop(eml__b64 *s, const unsigned char *limit)
{
    const unsigned char *src = s->src;
    size_t len = s->len, in = s->in, k = 0, stop = len;
    unsigned char *out = s->dst + s->out;
    unsigned char stage[STAGE];
    int event = 0;
    while (!event && in + 32 <= len) {
        for (int b = 0; b < BATCH && in + 32 <= len; b++) {
            classified c = classify(_mm256_loadu_si256((const __m256i *)(src + in)));
            uint32_t keep = ~c.ws;
            if (c.other) {
                unsigned at = (unsigned)__builtin_ctz(c.other);
                keep &= (uint32_t)((1ull << at) - 1);
                stop = in + at;
                event = 1;
            }
            if (keep == 0xFFFFFFFFu && k == 0) {
                /* Nothing staged: straight from the register. */
                store24(pack(c.values), out, limit);
                out += 24;
            } else if (keep == 0xFFFFFFFFu) {
                _mm256_storeu_si256((__m256i *)(stage + k), c.values);
                k += 32;
            } else {
                compact(c.values, keep, stage, &k);
            }
            if (event)
                break;
            in += 32;
        }
        size_t i = 0;
        for (; i + 32 <= k; i += 32, out += 24)
            pack_store(stage + i, out, limit);
        memmove(stage, stage + i, k - i);
        k -= i;
    }
    out += pack_tail(stage, k, out);
    s->out = (size_t)(out - s->dst);
    s->in = eml__b64_rewind(s, event ? stop : in, (unsigned)(k % 4));
    return event ? stop : len;
}

size_t eml__base64_decode_avx2(const char *src, size_t len, unsigned char *dst,
                               eml__codec_report *report)
{
    eml__b64 s;
    eml__b64_init(&s, src, len, dst, report);
    const unsigned char *limit = dst + eml_base64_decoded_size_max(len);
    while (!s.done && s.in + 32 <= len) {
        size_t at = s.in;
        line_loop(&s, limit);
        if (s.in == at)
            unbroken_loop(&s, limit);
        size_t stop = general_loop(&s, limit);
        if (stop + 32 > len)
            break;
        eml__b64_scalar(&s, stop + 1);
    }
    return eml__b64_finish(&s);
}
