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
#include "arch/arch.h"

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
        if (report->items[i].code == code)
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

void eml__b64_scalar(eml__b64 *s, size_t until)
{
    const unsigned char *src = s->src;
    const unsigned char *T = eml__base64_value;
    while (s->in < s->len && !s->done) {
        if (s->quad == 0) {
            if (s->in >= until)
                return;
            /* Whole quanta of four alphabet characters: the common case. */
            size_t in = s->in, out = s->out;
            unsigned char *dst = s->dst;
            /* Eight characters to six bytes with one 8-byte store, while
             * the store stays inside the output (16 input bytes left). */
            while (in + 16 <= s->len && in < until) {
                const unsigned char *q = src + in;
                uint64_t a = T[q[0]], b = T[q[1]], c = T[q[2]], d = T[q[3]], e = T[q[4]],
                         f = T[q[5]], g = T[q[6]], h = T[q[7]];
                if ((a | b | c | d | e | f | g | h) & 0xC0)
                    break;
                uint64_t v = a << 42 | b << 36 | c << 30 | d << 24 | e << 18 | f << 12 | g << 6 | h;
                v <<= 16; /* the six bytes, most significant first */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
                v = __builtin_bswap64(v);
#endif
                memcpy(dst + out, &v, 8);
                in += 8;
                out += 6;
            }
            while (in + 4 <= s->len && in < until) {
                unsigned a = T[src[in]], b = T[src[in + 1]], c = T[src[in + 2]],
                         d = T[src[in + 3]];
                if ((a | b | c | d) & 0xC0)
                    break;
                uint32_t v = a << 18 | b << 12 | c << 6 | d;
                dst[out] = (unsigned char)(v >> 16);
                dst[out + 1] = (unsigned char)(v >> 8);
                dst[out + 2] = (unsigned char)v;
                in += 4;
                out += 3;
            }
            s->in = in;
            s->out = out;
            if (in >= s->len || in >= until)
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
