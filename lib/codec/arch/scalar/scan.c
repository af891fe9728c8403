/*
 * Scalar scanners: UTF-8 validation (RFC 3629) and the search for candidate
 * delimiter lines of a multipart body (RFC 2046 section 5.1.1). Also the
 * tails of the vector scanners.
 */
#include "codec/arch/arch.h"

#include <string.h>

/* Length of the sequence a lead byte starts, 0 for bytes that never lead
 * (continuations, C0, C1, F5..FF). RFC 3629 section 4. */
static unsigned utf8_length(unsigned c)
{
    if (c < 0x80)
        return 1;
    if (c < 0xC2)
        return 0; /* continuation byte, or C0/C1: always overlong */
    if (c < 0xE0)
        return 2;
    if (c < 0xF0)
        return 3;
    if (c < 0xF5)
        return 4;
    return 0;
}

size_t eml__utf8_sequence(const unsigned char *p, const unsigned char *e)
{
    unsigned c = *p, n = utf8_length(c);
    if (n <= 1)
        return n;
    if ((size_t)(e - p) < n)
        return 0;
    /* The second byte's range excludes overlongs (E0, F0), surrogates
     * (ED) and code points above U+10FFFF (F4). */
    unsigned lo = 0x80, hi = 0xBF, c1 = p[1];
    if (c == 0xE0)
        lo = 0xA0;
    else if (c == 0xED)
        hi = 0x9F;
    else if (c == 0xF0)
        lo = 0x90;
    else if (c == 0xF4)
        hi = 0x8F;
    if (c1 < lo || c1 > hi)
        return 0;
    for (unsigned i = 2; i < n; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    return n;
}

int eml__utf8_valid_range(const unsigned char *p, const unsigned char *e)
{
    while (p < e) {
        /* Eight ASCII bytes at a time: most mail text is ASCII. */
        while (e - p >= 8) {
            uint64_t w;
            memcpy(&w, p, 8);
            if (w & 0x8080808080808080u)
                break;
            p += 8;
        }
        if (p == e)
            break;
        size_t n = eml__utf8_sequence(p, e);
        if (n == 0)
            return 0;
        p += n;
    }
    return 1;
}

const char *eml__find_dashdash_scalar(const char *from, const char *end)
{
    if (end - from < 2)
        return end;
    /* A line feed at nl makes nl + 1 a candidate when nl + 2 < end. */
    const char *p = from - 1, *last = end - 2;
    while (p < last) {
        const char *nl = memchr(p, '\n', (size_t)(last - p));
        if (!nl)
            return end;
        if (nl[1] == '-' && nl[2] == '-')
            return nl + 1;
        p = nl + 1;
    }
    return end;
}

int eml__utf8_valid_scalar(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    return eml__utf8_valid_range(p, p + len);
}

const eml__kernels eml__kernels_scalar = {
    EML_IMPL_SCALAR,
    eml__base64_decode_scalar,
    eml__qp_decode_scalar,
    eml__utf8_valid_scalar,
    eml__find_dashdash_scalar,
};
