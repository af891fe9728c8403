/*
 * Scalar quoted-printable decoding (RFC 2045 section 6.7), the reference
 * that every vector kernel must match byte for byte and defect for defect.
 *
 * - "=XX" with hexadecimal digits in either case gives the byte XX.
 * - "=" followed by optional SP/HT and then CRLF, LF or the end of the data
 *   is a soft line break and vanishes (rule 5; the whitespace is transport
 *   padding, rule 3).
 * - SP/HT at the end of a line (before CRLF, LF or the end of the data) are
 *   removed (rule 3).
 * - Any other "=" is kept literally with QP_INVALID_ESCAPE, and decoding
 *   resumes with the character after it (the RFC's suggested recovery), so
 *   "==41" gives "=A".
 * - Line breaks are kept as they are in the input: CRLF stays CRLF, LF
 *   stays LF.
 * - A control character other than HT or a CRLF/LF line break, DEL or an
 *   8-bit byte is kept with QP_INVALID_CHAR; an encoded line longer than
 *   76 characters (line break excluded) gets QP_LINE_TOO_LONG at its start.
 *
 * Python's quopri keeps trailing whitespace, does not accept whitespace
 * between "=" and the line break, and turns "==" into "="; those inputs
 * decode differently here, on purpose, following the RFC.
 */
#include "codec/arch/arch.h"

#include <string.h>

enum { LIT, EQ, WSP, LF, CR, BAD };

/* Character classes, RFC 2045 section 6.7 rules (1)-(3). */
static unsigned char qp_class(unsigned c)
{
    if (c >= 33 && c <= 126)
        return c == '=' ? EQ : LIT;
    if (c == ' ' || c == '\t')
        return WSP;
    if (c == '\n')
        return LF;
    if (c == '\r')
        return CR;
    return BAD;
}

#define XX EML__QP_NOT_HEX
const unsigned char eml__qp_hex[256] = {
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX,
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX,
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX,
     0,  1,  2,  3,  4,  5,  6,  7,  8,  9, XX, XX, XX, XX, XX, XX,
    XX, 10, 11, 12, 13, 14, 15, XX, XX, XX, XX, XX, XX, XX, XX, XX,
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX,
    XX, 10, 11, 12, 13, 14, 15, XX, XX, XX, XX, XX, XX, XX, XX, XX,
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX,
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX,
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX,
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX,
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX,
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX,
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX,
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX,
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX,
};
#undef XX

static int hex_value(unsigned c)
{
    unsigned v = eml__qp_hex[c];
    return v == EML__QP_NOT_HEX ? -1 : (int)v;
}

void eml__qp_init(eml__qp *s, const char *src, size_t len, unsigned char *dst,
                  eml__codec_report *report)
{
    s->src = (const unsigned char *)src;
    s->len = len;
    s->in = 0;
    s->dst = dst;
    s->out = 0;
    s->line_start = 0;
    s->report = report;
    if (report)
        report->count = 0;
    s->check_lines = !eml__report_has(report, EML_DEFECT_QP_LINE_TOO_LONG);
    s->check_chars = !eml__report_has(report, EML_DEFECT_QP_INVALID_CHAR);
}

static void line_length(eml__qp *s, size_t end)
{
    if (end - s->line_start > EML__QP_MAX_LINE) {
        eml__report_add(s->report, EML_DEFECT_QP_LINE_TOO_LONG, s->line_start);
        s->check_lines = 0;
    }
}

void eml__qp_line_end(eml__qp *s, size_t lf)
{
    if (s->check_lines) {
        size_t end = lf;
        if (end > s->line_start && s->src[end - 1] == '\r')
            end--;
        line_length(s, end);
    }
    s->line_start = lf + 1;
}

static void invalid_char(eml__qp *s, size_t at)
{
    if (s->check_chars) {
        eml__report_add(s->report, EML_DEFECT_QP_INVALID_CHAR, at);
        s->check_chars = 0;
    }
}

/* Offset of the line break (LF, or CR of CRLF) starting at i, the length
 * of the data when i is the end, or (size_t)-1 when there is none at i. */
static size_t eol_at(const eml__qp *s, size_t i)
{
    if (i == s->len)
        return i;
    if (s->src[i] == '\n')
        return i;
    if (s->src[i] == '\r' && i + 1 < s->len && s->src[i + 1] == '\n')
        return i;
    return (size_t)-1;
}

static size_t skip_wsp(const eml__qp *s, size_t i)
{
    while (i < s->len && (s->src[i] == ' ' || s->src[i] == '\t'))
        i++;
    return i;
}

static void on_equals(eml__qp *s)
{
    size_t at = s->in;
    const unsigned char *p = s->src + at;
    if (at + 2 < s->len) {
        int hi = hex_value(p[1]), lo = hex_value(p[2]);
        if (hi >= 0 && lo >= 0) {
            s->dst[s->out++] = (unsigned char)(hi << 4 | lo);
            s->in = at + 3;
            return;
        }
    }
    size_t j = skip_wsp(s, at + 1);
    if (eol_at(s, j) != (size_t)-1) {
        /* Soft line break: the line break goes too. */
        if (j == s->len) {
            s->in = j;
        } else {
            size_t lf = s->src[j] == '\n' ? j : j + 1;
            eml__qp_line_end(s, lf);
            s->in = lf + 1;
        }
        return;
    }
    eml__report_add(s->report, EML_DEFECT_QP_INVALID_ESCAPE, at);
    s->dst[s->out++] = '=';
    s->in = at + 1;
}

static void on_whitespace(eml__qp *s)
{
    size_t j = skip_wsp(s, s->in);
    if (eol_at(s, j) != (size_t)-1) {
        s->in = j; /* trailing whitespace: removed */
        return;
    }
    while (s->in < j)
        s->dst[s->out++] = s->src[s->in++];
}

void eml__qp_step(eml__qp *s)
{
    unsigned c = s->src[s->in];
    switch (qp_class(c)) {
    case EQ:
        on_equals(s);
        return;
    case WSP:
        on_whitespace(s);
        return;
    case LF:
        eml__qp_line_end(s, s->in);
        break;
    case CR:
        if (s->in + 1 >= s->len || s->src[s->in + 1] != '\n')
            invalid_char(s, s->in); /* a CR alone is no line break */
        break;
    case BAD:
        invalid_char(s, s->in);
        break;
    default:
        break;
    }
    s->dst[s->out++] = (unsigned char)c;
    s->in++;
}

size_t eml__qp_finish(eml__qp *s)
{
    while (s->in < s->len)
        eml__qp_step(s);
    if (s->check_lines && s->line_start < s->len)
        line_length(s, s->len);
    return s->out;
}

/* literal_class: 1 for a literal character (rule 2), 2 for SP; and
 * printable_class: 2 for 33..126. A byte at i is output as it is when
 * literal_class[p[i]] & (1 | printable_class[p[i + 1]]): a literal, or a
 * single SP followed by a printable character (so not trailing). */
static const unsigned char literal_class[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};
static const unsigned char printable_class[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* Per byte of x (8 bytes, 0x80 set where true): x[i] is output as it is,
 * judged as literal_class does, with y[i] the byte after x[i]. Bytes from
 * 0x80 answer false. Each byte is below 0x80 when added to, so no carry
 * crosses into the next byte. */
static uint64_t literal8(uint64_t x, uint64_t y)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    const uint64_t low7 = ~high;
    uint64_t ascii = ~(x | y) & high;
    x &= low7;
    y &= low7;
    uint64_t x_printable = (x + 0x5F * ones) & ~(x + ones); /* 0x21..0x7E */
    uint64_t y_printable = (y + 0x5F * ones) & ~(y + ones);
    uint64_t t = x ^ 0x3D * ones;
    uint64_t not_equals = (t + low7) | t;
    t = x ^ 0x20 * ones;
    uint64_t space = ~((t + low7) | t);
    return ascii & ((x_printable & not_equals) | (space & y_printable));
}

size_t eml__qp_decode_scalar(const char *src, size_t len, unsigned char *dst,
                             eml__codec_report *report)
{
    eml__qp s;
    eml__qp_init(&s, src, len, dst, report);
    const unsigned char *p = s.src;
    int long_runs = 1;
    while (s.in < len) {
        /* Runs of literal characters, and single spaces between them:
         * the common case. While runs are long (text, not dense escapes,
         * which would only pay for failed attempts), 8 bytes at a time
         * first; then one well-predicted branch per byte. */
        size_t in = s.in, out = s.out;
        if (long_runs) {
            while (in + 9 <= len) {
                uint64_t x, y;
                memcpy(&x, p + in, 8);
                memcpy(&y, p + in + 1, 8);
                if (literal8(x, y) != 0x8080808080808080u)
                    break;
                memcpy(dst + out, &x, 8);
                in += 8;
                out += 8;
            }
        }
        while (in + 1 < len) {
            unsigned c = p[in];
            if (!(literal_class[c] & (1u | printable_class[p[in + 1]])))
                break;
            dst[out++] = (unsigned char)c;
            in++;
        }
        long_runs = in - s.in >= 16;
        s.in = in;
        s.out = out;
        if (in < len)
            eml__qp_step(&s);
    }
    return eml__qp_finish(&s);
}
