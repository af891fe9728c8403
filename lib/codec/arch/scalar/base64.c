/*
 * Scalar base64 decoding (RFC 2045 section 6.8), the reference that every
 * vector kernel must match byte for byte and defect for defect.
 *
 * Decisions where the RFC leaves room, chosen so that decoded bytes match
 * Python's email package (get_payload(decode=True)), the compatibility
 * reference, except where noted:
 * - SP, HT, LF, VT, FF and CR are skipped silently; any other character
 *   outside the alphabet is skipped with BASE64_INVALID_CHAR.
 * - A '=' where padding cannot start (first or second character of a
 *   quantum), or a single '=' after two characters that is followed by more
 *   data rather than a second '=', is skipped as an invalid character.
 * - Padding that completes a quantum ends the data. Anything but whitespace
 *   after it is BASE64_DATA_AFTER_PAD and is dropped, as Python does.
 * - A final quantum of two or three characters without its padding is
 *   decoded, with BASE64_MISSING_PAD at the quantum's first character.
 * - A final lone character cannot encode a byte: it is dropped with
 *   BASE64_TRUNCATED. (Python instead returns the whole undecoded input.)
 * - Unused low bits of a final quantum are ignored, as Python does.
 */
#include "codec/arch/arch.h"

#include <string.h>

#define WS EML__B64_WS
#define PD EML__B64_PAD
#define XX EML__B64_BAD
const unsigned char eml__base64_value[256] = {
    XX, XX, XX, XX, XX, XX, XX, XX, XX, WS, WS, WS, WS, WS, XX, XX,
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX,
    WS, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, 62, XX, XX, XX, 63,
    52, 53, 54, 55, 56, 57, 58, 59, 60, 61, XX, XX, XX, PD, XX, XX,
    XX,  0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14,
    15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, XX, XX, XX, XX, XX,
    XX, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
    41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, XX, XX, XX, XX, XX,
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX,
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX,
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX,
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX,
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX,
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX,
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX,
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX,
};
#undef WS
#undef PD
#undef XX

void eml__report_add(eml__codec_report *report, int code, size_t offset)
{
    if (!report || eml__report_has(report, code) || report->count >= EML__CODEC_REPORT_MAX)
        return;
    report->items[report->count].code = code;
    report->items[report->count].offset = offset;
    report->count++;
}

int eml__report_has(const eml__codec_report *report, int code)
{
    if (!report)
        return 1;
    for (size_t i = 0; i < report->count; i++)
        if ((int)report->items[i].code == code)
            return 1;
    return 0;
}

void eml__b64_init(eml__b64 *s, const char *src, size_t len, unsigned char *dst,
                   eml__codec_report *report)
{
    s->src = (const unsigned char *)src;
    s->len = len;
    s->in = 0;
    s->dst = dst;
    s->out = 0;
    s->bits = 0;
    s->quad = 0;
    s->quad_start = 0;
    s->pad_pending = 0;
    s->done = 0;
    s->report = report;
    if (report)
        report->count = 0;
}

/* Writes the bytes of a quantum of quad values (2, 3 or 4). */
static void emit(eml__b64 *s)
{
    uint32_t b = s->bits;
    switch (s->quad) {
    case 4:
        s->dst[s->out++] = (unsigned char)(b >> 16);
        s->dst[s->out++] = (unsigned char)(b >> 8);
        s->dst[s->out++] = (unsigned char)b;
        break;
    case 3: /* 18 bits: two bytes and two unused bits */
        s->dst[s->out++] = (unsigned char)(b >> 10);
        s->dst[s->out++] = (unsigned char)(b >> 2);
        break;
    case 2: /* 12 bits: one byte and four unused bits */
        s->dst[s->out++] = (unsigned char)(b >> 4);
        break;
    default:
        break;
    }
    s->quad = 0;
    s->bits = 0;
}

/* The class of the next character after offset i that is data or
 * padding, or EML__B64_WS when only whitespace and junk remain. */
static unsigned next_significant(const eml__b64 *s, size_t i)
{
    for (; i < s->len; i++) {
        unsigned v = eml__base64_value[s->src[i]];
        if (v < 64 || v == EML__B64_PAD)
            return v;
    }
    return EML__B64_WS;
}

static void on_pad(eml__b64 *s)
{
    size_t at = s->in++;
    if (s->quad == 3 || (s->quad == 2 && s->pad_pending)) {
        emit(s);
        s->pad_pending = 0;
        s->done = 1;
        return;
    }
    /* After two values a '=' starts padding only if another '=' (or the
     * end) follows before any more data; Python's decoder makes the same
     * call, so a stray '=' never cuts the data short. */
    if (s->quad == 2 && next_significant(s, s->in) >= 64) {
        s->pad_pending = 1;
        return;
    }
    eml__report_add(s->report, EML_DEFECT_BASE64_INVALID_CHAR, at);
}

/* One character the fast loop did not take. */
static void slow_char(eml__b64 *s)
{
    unsigned v = eml__base64_value[s->src[s->in]];
    if (v < 64) {
        if (s->quad == 0)
            s->quad_start = s->in;
        s->bits = (s->bits << 6) | v;
        s->in++;
        if (++s->quad == 4)
            emit(s);
        return;
    }
    if (v == EML__B64_PAD) {
        on_pad(s);
        return;
    }
    if (v == EML__B64_BAD)
        eml__report_add(s->report, EML_DEFECT_BASE64_INVALID_CHAR, s->in);
    s->in++;
}

/* ---- the fast path: whole quanta of alphabet characters ----------------
 *
 * Four tables, one per position in a quantum, hold each character's six
 * bits already shifted to where they land in the quantum's three output
 * bytes, or B64_STOP for anything outside the alphabet. A quantum is then
 * four loads, three ORs and one test. On little-endian hosts the bits are
 * placed in memory order (first output byte lowest), so a plain store
 * writes the bytes; elsewhere they are in value order and stored byte by
 * byte. The tables are built by the preprocessor: no run-time set-up and
 * no mutable global state. */

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define B64_STORE_LE 1
#endif

/* Set in every table entry for a character outside the alphabet; above the
 * 24 data bits, so it survives the ORs of a quantum. */
#define B64_STOP 0x80000000u

/* The six-bit value of an ASCII code (RFC 2045 table 1), 64 for others.
 * Numeric codes, not character constants: the input is ASCII whatever the
 * compiler's own character set. */
#define B64_VAL(c)                                                                         \
    ((c) >= 0x41 && (c) <= 0x5A   ? (c) - 0x41                                             \
     : (c) >= 0x61 && (c) <= 0x7A ? (c) - 0x61 + 26                                        \
     : (c) >= 0x30 && (c) <= 0x39 ? (c) - 0x30 + 52                                        \
     : (c) == 0x2B                ? 62                                                     \
     : (c) == 0x2F                ? 63                                                     \
                                  : 64)

/* Where the value v of the character at position 0..3 of a quantum goes.
 * In value order the quantum is a << 18 | b << 12 | c << 6 | d; in memory
 * order its first byte (a << 2 | b >> 4) is the lowest. */
#if defined(B64_STORE_LE)
#define B64_AT0(v) ((uint32_t)(v) << 2)
#define B64_AT1(v) ((uint32_t)(v) >> 4 | ((uint32_t)(v) & 0xF) << 12)
#define B64_AT2(v) ((uint32_t)(v) >> 2 << 8 | ((uint32_t)(v) & 0x3) << 22)
#define B64_AT3(v) ((uint32_t)(v) << 16)
#else
#define B64_AT0(v) ((uint32_t)(v) << 18)
#define B64_AT1(v) ((uint32_t)(v) << 12)
#define B64_AT2(v) ((uint32_t)(v) << 6)
#define B64_AT3(v) ((uint32_t)(v))
#endif

#define B64_ENTRY(at, c) (B64_VAL(c) < 64 ? at(B64_VAL(c)) : B64_STOP)
#define B64_E0(c) B64_ENTRY(B64_AT0, c)
#define B64_E1(c) B64_ENTRY(B64_AT1, c)
#define B64_E2(c) B64_ENTRY(B64_AT2, c)
#define B64_E3(c) B64_ENTRY(B64_AT3, c)
#define B64_R4(m, c) m(c), m((c) + 1), m((c) + 2), m((c) + 3)
#define B64_R16(m, c) B64_R4(m, c), B64_R4(m, (c) + 4), B64_R4(m, (c) + 8), B64_R4(m, (c) + 12)
#define B64_R64(m, c)                                                                      \
    B64_R16(m, c), B64_R16(m, (c) + 16), B64_R16(m, (c) + 32), B64_R16(m, (c) + 48)
#define B64_R256(m) B64_R64(m, 0), B64_R64(m, 64), B64_R64(m, 128), B64_R64(m, 192)

/* One array, so that one base register reaches all four (measured: four
 * separate arrays ran out of registers on x86-64 and spilled). */
static const uint32_t b64_at[4][256] = {
    { B64_R256(B64_E0) },
    { B64_R256(B64_E1) },
    { B64_R256(B64_E2) },
    { B64_R256(B64_E3) },
};

/* The three bytes of the quantum at q (B64_STOP set if it is not four
 * alphabet characters). */
static inline uint32_t quantum(const unsigned char *q)
{
    return b64_at[0][q[0]] | b64_at[1][q[1]] | b64_at[2][q[2]] | b64_at[3][q[3]];
}

/* Writes the three bytes of quantum x at p. wide: four bytes may be
 * written (the fourth is overwritten by the next quantum or lies inside
 * the output's bound). */
static inline void put3(unsigned char *p, uint32_t x, int wide)
{
#if defined(B64_STORE_LE)
    if (wide) {
        memcpy(p, &x, 4);
        return;
    }
    p[0] = (unsigned char)x;
    p[1] = (unsigned char)(x >> 8);
    p[2] = (unsigned char)(x >> 16);
#else
    (void)wide;
    p[0] = (unsigned char)(x >> 16);
    p[1] = (unsigned char)(x >> 8);
    p[2] = (unsigned char)x;
#endif
}

/* Writes the six bytes of quanta x and y at p; eight bytes may be written. */
static inline void put6(unsigned char *p, uint32_t x, uint32_t y)
{
#if defined(B64_STORE_LE)
    uint64_t v = x | (uint64_t)y << 24;
    memcpy(p, &v, 8);
#else
    put3(p, x, 0);
    put3(p + 3, y, 0);
#endif
}

/*
 * Decodes whole quanta from s->in while they start before until, and skips
 * whitespace between them (a CRLF or LF every 76 characters is the form of
 * mail, RFC 2045 section 6.8), stopping at anything else: padding, junk, a
 * quantum split by whitespace, the end. What it takes is exactly what
 * slow_char would have taken one character at a time at a quantum
 * boundary, so states and reports cannot differ; only the speed does.
 *
 * Output bound: at most 3 bytes per 4 input characters have been written,
 * so with n characters left at least 3n/4 bytes of eml_base64_decoded_size_max
 * remain: n >= 16 leaves room for an 8-byte store, n >= 8 for a 4-byte one.
 */
static void fast_quanta(eml__b64 *s, size_t until)
{
    const unsigned char *src = s->src;
    unsigned char *dst = s->dst;
    size_t len = s->len, in = s->in, out = s->out;
    /* Pairs start before pair_end: before until, 16 characters left. */
    size_t pair_end = len < 16 ? 0 : len - 15 < until ? len - 15 : until;
    for (;;) {
        /* Two quanta, one store. */
        while (in < pair_end) {
            uint32_t x = quantum(src + in), y = quantum(src + in + 4);
            if ((x | y) & B64_STOP)
                break;
            put6(dst + out, x, y);
            in += 8;
            out += 6;
        }
        /* One quantum: the first of a pair whose second failed, or near
         * the end. */
        while (in < until && len - in >= 4) {
            uint32_t x = quantum(src + in);
            if (x & B64_STOP)
                break;
            put3(dst + out, x, len - in >= 8);
            in += 4;
            out += 3;
        }
        /* Whitespace between quanta is skipped silently (see the top). */
        size_t at = in;
        while (in < until && in < len && eml__base64_value[src[in]] == EML__B64_WS)
            in++;
        if (in == at)
            break;
    }
    s->in = in;
    s->out = out;
}

void eml__b64_scalar(eml__b64 *s, size_t until)
{
    while (s->in < s->len && !s->done) {
        if (s->quad == 0) {
            if (s->in >= until)
                return;
            fast_quanta(s, until);
            if (s->in >= s->len || s->in >= until)
                continue;
        }
        slow_char(s);
    }
}

size_t eml__b64_finish(eml__b64 *s)
{
    eml__b64_scalar(s, s->len);
    if (s->done) {
        for (size_t i = s->in; i < s->len; i++) {
            if (eml__base64_value[s->src[i]] != EML__B64_WS) {
                eml__report_add(s->report, EML_DEFECT_BASE64_DATA_AFTER_PAD, i);
                break;
            }
        }
        s->in = s->len;
        return s->out;
    }
    if (s->quad == 1) {
        eml__report_add(s->report, EML_DEFECT_BASE64_TRUNCATED, s->quad_start);
        s->quad = 0;
    } else if (s->quad > 1) {
        eml__report_add(s->report, EML_DEFECT_BASE64_MISSING_PAD, s->quad_start);
        emit(s);
    }
    return s->out;
}

size_t eml__b64_rewind(const eml__b64 *s, size_t stop, unsigned pending)
{
    size_t i = stop;
    while (pending > 0 && i > 0) {
        i--;
        if (eml__base64_value[s->src[i]] < 64)
            pending--;
    }
    return i;
}

size_t eml__base64_decode_scalar(const char *src, size_t len, unsigned char *dst,
                                 eml__codec_report *report)
{
    eml__b64 s;
    eml__b64_init(&s, src, len, dst, report);
    return eml__b64_finish(&s);
}
