/* The byte-pair tables of vector UTF-8 validation (lib/codec/arch/utf8_tables.h). */
#include "codec/arch/utf8_tables.h"

enum {
    SHORT = EML__UTF8_TOO_SHORT,
    LONG = EML__UTF8_TOO_LONG,
    OVER3 = EML__UTF8_OVERLONG_3,
    LARGE = EML__UTF8_TOO_LARGE,
    SURR = EML__UTF8_SURROGATE,
    OVER2 = EML__UTF8_OVERLONG_2,
    OVER4 = EML__UTF8_OVERLONG_4,
    CONTS = EML__UTF8_TWO_CONTS,
    /* Errors that depend only on the high nibbles. */
    ANY_LOW = SHORT | LONG | CONTS
};

/* By the first byte's high nibble: 0..7 ASCII, 8..B continuation,
 * C..F leads. */
const unsigned char eml__utf8_first_high[16] = {
    LONG, LONG, LONG, LONG, LONG, LONG, LONG, LONG,
    CONTS, CONTS, CONTS, CONTS,
    SHORT | OVER2,                  /* C0..CF */
    SHORT,                          /* D0..DF */
    SHORT | OVER3 | SURR,           /* E0..EF */
    SHORT | LARGE | OVER4,          /* F0..FF */
};

/* By the first byte's low nibble, which singles out C0, C1, E0, ED, F0,
 * F4 and F5..FF. */
const unsigned char eml__utf8_first_low[16] = {
    ANY_LOW | OVER2 | OVER3 | OVER4, /* C0, E0, F0 */
    ANY_LOW | OVER2,                 /* C1 */
    ANY_LOW,
    ANY_LOW,
    ANY_LOW | LARGE,                 /* F4 */
    ANY_LOW | LARGE | OVER4,         /* F5.. */
    ANY_LOW | LARGE | OVER4,
    ANY_LOW | LARGE | OVER4,
    ANY_LOW | LARGE | OVER4,
    ANY_LOW | LARGE | OVER4,
    ANY_LOW | LARGE | OVER4,
    ANY_LOW | LARGE | OVER4,
    ANY_LOW | LARGE | OVER4,
    ANY_LOW | LARGE | OVER4 | SURR,  /* ED, FD */
    ANY_LOW | LARGE | OVER4,
    ANY_LOW | LARGE | OVER4,         /* ..FF */
};

/* By the second byte's high nibble. */
const unsigned char eml__utf8_second_high[16] = {
    SHORT, SHORT, SHORT, SHORT, SHORT, SHORT, SHORT, SHORT,
    LONG | CONTS | OVER2 | OVER3 | OVER4, /* 80..8F */
    LONG | CONTS | OVER2 | OVER3 | LARGE, /* 90..9F */
    LONG | CONTS | OVER2 | SURR | LARGE,  /* A0..AF */
    LONG | CONTS | OVER2 | SURR | LARGE,  /* B0..BF */
    SHORT, SHORT, SHORT, SHORT,
};
