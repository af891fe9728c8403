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

#endif /* EML_BASE_ASCII_H */
