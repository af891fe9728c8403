/* PLACEHOLDER until the codec work lands: scalar scanning kernels. */
#include "codec.h"

#include <string.h>

int eml__utf8_valid(int impl, const char *s, size_t len)
{
    (void)impl;
    const unsigned char *p = (const unsigned char *)s, *e = p + len;
    while (p < e) {
        unsigned c = *p;
        if (c < 0x80) { p++; continue; }
        size_t n; unsigned min;
        if ((c & 0xE0) == 0xC0) { n = 1; min = 0x80; c &= 0x1F; }
        else if ((c & 0xF0) == 0xE0) { n = 2; min = 0x800; c &= 0x0F; }
        else if ((c & 0xF8) == 0xF0) { n = 3; min = 0x10000; c &= 0x07; }
        else return 0;
        if ((size_t)(e - p) <= n) return 0;
        for (size_t i = 1; i <= n; i++) {
            if ((p[i] & 0xC0) != 0x80) return 0;
            c = (c << 6) | (p[i] & 0x3F);
        }
        if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
        p += n + 1;
    }
    return 1;
}

const char *eml__find_dashdash_line(int impl, const char *from, const char *end)
{
    (void)impl;
    const char *p = from;
    while (p + 1 < end) {
        const char *nl = memchr(p - 1, '\n', (size_t)(end - (p - 1)));
        if (!nl || nl + 2 >= end + 0 || nl + 2 > end - 0) {
            if (!nl) return end;
        }
        if (!nl) return end;
        const char *q = nl + 1;
        if (q + 1 >= end) return end;
        if (q[0] == '-' && q[1] == '-') return q;
        p = q + 1;
    }
    return end;
}
