/*
 * Base64 decoding with AVX-512 (F, BW, VBMI, VBMI2), 64 input bytes per
 * step, line breaks and other whitespace handled inside the vector loop.
 *
 * Two loops share the work.
 *
 * The line loop takes mail as it is usually written: lines of a multiple
 * of four alphabet characters, each ended by CRLF or LF (RFC 2045 section
 * 6.8 caps them at 76). Once a line's length is known, the next line is
 * assumed to have the same one; a two-byte compare confirms it. So the
 * input position advances by a constant and no load waits for a mask
 * computed from the previous one, which is what makes a per-block
 * whitespace search slow. Each line is decoded in blocks of 64 characters
 * straight from the loaded register, the last block masked to the line.
 *
 * The general loop takes everything else: each 64-byte block is
 * translated to 6-bit values with one two-table byte permute (vpermt2b
 * over the 128 ASCII codes), whitespace is squeezed out with a byte
 * compress (vpcompressb), and the survivors are appended to an
 * accumulator register by rotating them with vpermb and blending at the
 * fill level k. Each time 64 values are complete they are packed to 48
 * bytes (two multiply-adds and a byte permute).
 *
 * A block with anything else in it ('=', junk, 8-bit bytes) ends the
 * vector loops at that byte: the complete quanta are written and the
 * scalar decoder takes over from the first character of the open quantum
 * (see lib/codec/arch/arch.h).
 *
 * Stores are full 64-byte vectors while the output buffer has room for
 * them (eml_base64_decoded_size_max(len) bytes); the bytes past the decoded
 * ones are overwritten by the next store or left unused. Near the end of
 * the buffer, stores are masked to the decoded bytes.
 */
#include "codec/arch/b64_lines.h"

#include <immintrin.h>

typedef struct tables {
    __m512i lut_lo, lut_hi; /* eml__base64_value[0..127] */
    __m512i iota;           /* lane numbers 0..63 */
} tables;

/* 64 values (a b c d per 32-bit lane) to 48 bytes in the low lanes. */
static inline __m512i pack(__m512i v)
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
    return _mm512_permutexvar_epi8(order, abcd);
}

/* Stores the first n (<= 48) bytes of packed output at out: a full
 * vector when room allows (out + 64 <= limit), else a masked store. */
static inline void store_packed(__m512i bytes, unsigned char *out, unsigned n,
                                const unsigned char *limit)
{
    if ((size_t)(limit - out) >= 64)
        _mm512_storeu_si512((void *)out, bytes);
    else
        _mm512_mask_storeu_epi8(out, _bzhi_u64(~0ull, n), bytes);
}

/* Bytes of v that are not in the base64 alphabet (whitespace included),
 * with t = the looked-up values of v. */
static inline __mmask64 not_alphabet(__m512i v, __m512i t)
{
    return _mm512_test_epi8_mask(t, _mm512_set1_epi8((char)0xC0)) | _mm512_movepi8_mask(v);
}

/* ---- the line loop ------------------------------------------------------- */

/* Learns the shape of the line at in: a run of alphabet characters of a
 * multiple of four followed by CRLF or LF. Returns 0 when the line is not
 * like that (or too long to be worth it, or too near the end). */
static int learn_line(const tables *t, const unsigned char *src, size_t in, size_t len,
                      eml__b64_line *shape)
{
    for (size_t off = 0; off < EML__B64_LINE_SCAN && in + off + 64 <= len; off += 64) {
        __m512i v = _mm512_loadu_si512((const void *)(src + in + off));
        __m512i x = _mm512_permutex2var_epi8(t->lut_lo, v, t->lut_hi);
        __mmask64 other = not_alphabet(v, x);
        if (!other)
            continue;
        size_t at = in + off + (size_t)_tzcnt_u64(other);
        return eml__b64_line_learn(src, in, at, len, shape);
    }
    return 0;
}

/* Decodes the chars characters at src + in to out; returns 0 (and
 * leaves what it stored to be overwritten) when one is not alphabet. */
static inline int decode_line(const tables *t, const unsigned char *src, size_t in,
                              unsigned char *out, size_t chars,
                              const unsigned char *limit)
{
    __mmask64 bad = 0;
    size_t c = 0;
    for (; c + 64 <= chars; c += 64, out += 48) {
        __m512i v = _mm512_loadu_si512((const void *)(src + in + c));
        __m512i x = _mm512_permutex2var_epi8(t->lut_lo, v, t->lut_hi);
        bad |= not_alphabet(v, x);
        store_packed(pack(x), out, 48, limit);
    }
    if (c < chars) {
        unsigned rest = (unsigned)(chars - c);
        __m512i v = _mm512_loadu_si512((const void *)(src + in + c));
        __m512i x = _mm512_permutex2var_epi8(t->lut_lo, v, t->lut_hi);
        bad |= not_alphabet(v, x) & _bzhi_u64(~0ull, rest);
        store_packed(pack(x), out, rest / 4 * 3, limit);
    }
    return bad == 0;
}

/* Decodes whole lines from s->in while they keep a regular shape; stops
 * at the first line that does not (s->in is then at its start). */
static void line_loop(const tables *t, eml__b64 *s, const unsigned char *limit)
{
    const unsigned char *src = s->src;
    size_t in = s->in, out = s->out, len = s->len;
    eml__b64_line shape = { 0, 0 };
    while (in + shape.chars + EML__B64_LINE_SLACK <= len) {
        if (!shape.chars || !eml__b64_line_ends(src, in, &shape)) {
            if (!learn_line(t, src, in, len, &shape) || in + shape.chars + EML__B64_LINE_SLACK > len)
                break;
        }
        /* 76 characters (RFC 2045's maximum, what nearly every encoder
         * writes) gets a copy of the loop with the count known, unrolled. */
        int ok = shape.chars == 76 ? decode_line(t, src, in, s->dst + out, 76, limit)
                                   : decode_line(t, src, in, s->dst + out, shape.chars, limit);
        if (!ok)
            break;
        in += shape.chars + shape.eol;
        out += shape.chars / 4 * 3;
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
static size_t general_loop(const tables *t, eml__b64 *s, const unsigned char *limit)
{
    const unsigned char *src = s->src;
    size_t len = s->len, in = s->in;
    unsigned char *out = s->dst + s->out;
    const __m512i ws_class = _mm512_set1_epi8(EML__B64_WS);
    __m512i acc = _mm512_setzero_si512();
    unsigned k = 0; /* values held in acc */
    size_t stop = len;
    while (in + 64 <= len) {
        __m512i v = _mm512_loadu_si512((const void *)(src + in));
        __m512i x = _mm512_permutex2var_epi8(t->lut_lo, v, t->lut_hi);
        /* Classes above whitespace ('=', junk) and 8-bit bytes end the
         * loop; whitespace is squeezed out. */
        __mmask64 event = _mm512_cmpgt_epu8_mask(x, ws_class) | _mm512_movepi8_mask(v);
        __mmask64 keep = ~_mm512_cmpeq_epi8_mask(x, ws_class);
        if (event) {
            size_t step = (size_t)_tzcnt_u64(event);
            keep &= _bzhi_u64(~0ull, (unsigned)step);
            stop = in + step;
        }
        if (keep == ~0ull && k == 0) {
            store_packed(pack(x), out, 48, limit);
            out += 48;
        } else {
            unsigned n = (unsigned)_mm_popcnt_u64(keep);
            __m512i c = keep == ~0ull ? x : _mm512_maskz_compress_epi8(keep, x);
            /* Rotate c up by k lanes; lanes >= k complete acc, lanes
             * < k + n - 64 are the overflow when it fills. */
            __m512i idx = _mm512_sub_epi8(t->iota, _mm512_set1_epi8((char)k));
            __m512i r = _mm512_permutexvar_epi8(idx, c);
            __m512i full = _mm512_mask_blend_epi8(~_bzhi_u64(~0ull, k), acc, r);
            if (k + n >= 64) {
                store_packed(pack(full), out, 48, limit);
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
    /* Whole quanta still in acc are written; the open one is re-read by
     * the scalar decoder. */
    unsigned whole = k / 4;
    if (whole)
        store_packed(pack(acc), out, whole * 3, limit);
    out += whole * 3;
    s->out = (size_t)(out - s->dst);
    s->in = eml__b64_rewind(s, stop, k % 4);
    return stop;
}

size_t eml__base64_decode_avx512(const char *src, size_t len, unsigned char *dst,
                                 eml__codec_report *report)
{
    eml__b64 s;
    eml__b64_init(&s, src, len, dst, report);
    tables t;
    t.lut_lo = _mm512_loadu_si512((const void *)eml__base64_value);
    t.lut_hi = _mm512_loadu_si512((const void *)(eml__base64_value + 64));
    t.iota = _mm512_set_epi8(
        63, 62, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48,
        47, 46, 45, 44, 43, 42, 41, 40, 39, 38, 37, 36, 35, 34, 33, 32,
        31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16,
        15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
    const unsigned char *limit = dst + eml_base64_decoded_size_max(len);

    while (!s.done && s.in + 64 <= len) {
        line_loop(&t, &s, limit);
        size_t stop = general_loop(&t, &s, limit);
        if (stop + 64 > len)
            break;
        /* The scalar decoder handles the stopping byte and whatever
         * follows until a quantum boundary; then the vector loops resume. */
        eml__b64_scalar(&s, stop + 1);
    }
    return eml__b64_finish(&s);
}
