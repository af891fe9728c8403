/* ASCII character tests, independent of the C locale. */
#ifndef EML_BASE_ASCII_H
#define EML_BASE_ASCII_H

#include "base/base.h"

/* ASCII case-insensitive equality of a and b (n bytes each). */
static inline bool eml__ascii_ieq(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
        if ((unsigned)(x - 'A') < 26u)
            x += 32;
        if ((unsigned)(y - 'A') < 26u)
            y += 32;
        if (x != y)
            return false;
    }
    return true;
}

static inline char eml__ascii_lower(char c)
{
    return (unsigned)((unsigned char)c - 'A') < 26u ? (char)(c + 32) : c;
}

/* WSP (RFC 5234 appendix B.1): space and horizontal tab only. */
static inline bool eml__is_wsp(unsigned char c)
{
    return c == ' ' || c == '\t';
}

/* A byte of folding white space in a raw field value: WSP, or the CR and
 * LF of a fold (RFC 5322 section 3.2.2 FWS). Raw values keep their
 * folding, and every line break inside one is a fold (RFC 5322 section
 * 2.2.3), so scanners over raw values skip all four. */
static inline bool eml__is_fws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* DIGIT and ALPHA (RFC 5234 appendix B.1). */
static inline bool eml__is_digit(unsigned char c)
{
    return (unsigned)(c - '0') < 10u;
}

static inline bool eml__is_alpha(unsigned char c)
{
    return (unsigned)((c | 0x20) - 'a') < 26u;
}

/* The value of HEXDIG (RFC 5234 appendix B.1), either case, or -1. */
static inline int eml__hex_value(unsigned char c)
{
    if (eml__is_digit(c))
        return c - '0';
    c |= 0x20;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

#endif /* EML_BASE_ASCII_H */
