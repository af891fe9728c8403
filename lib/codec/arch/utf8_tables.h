/*
 * Byte-pair classes for vector UTF-8 validation (RFC 3629 section 4).
 *
 * Each pair of adjacent bytes is looked up three times: by the high nibble
 * of the first byte, by its low nibble, and by the high nibble of the
 * second byte. Each table holds the set of errors that nibble is
 * compatible with; the AND of the three sets is non-zero exactly when the
 * pair cannot occur in well-formed UTF-8. Internal to lib/codec/arch/.
 */
#ifndef EML_ARCH_UTF8_TABLES_H
#define EML_ARCH_UTF8_TABLES_H

#define EML__UTF8_TOO_SHORT 0x01  /* lead, then not a continuation */
#define EML__UTF8_TOO_LONG 0x02   /* ASCII, then a continuation */
#define EML__UTF8_OVERLONG_3 0x04 /* E0 80..9F */
#define EML__UTF8_TOO_LARGE 0x08  /* F4 90..BF, F5..FF 90..BF: above U+10FFFF */
#define EML__UTF8_SURROGATE 0x10  /* ED A0..BF: U+D800..U+DFFF */
#define EML__UTF8_OVERLONG_2 0x20 /* C0 or C1, then a continuation */
/* F0 80..8F (overlong) and F5..FF 80..8F (too large) share one bit: the
 * low nibble tells them apart from F1..F4 80..8F, which are valid. */
#define EML__UTF8_OVERLONG_4 0x40
#define EML__UTF8_TWO_CONTS 0x80  /* continuation, then a continuation */

extern const unsigned char eml__utf8_first_high[16];
extern const unsigned char eml__utf8_first_low[16];
extern const unsigned char eml__utf8_second_high[16];

#endif /* EML_ARCH_UTF8_TABLES_H */
