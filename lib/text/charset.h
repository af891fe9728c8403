/*
 * Charset conversion to UTF-8 (glibc iconv behind a WHATWG label table).
 * Internal; the public face is eml_charset_to_utf8 and eml_part_text.
 */
#ifndef EML_CHARSET_H
#define EML_CHARSET_H

#include "text/ctx.h"

/* The encodings of the WHATWG Encoding Standard, plus the few that mail
 * still uses and the standard leaves out (UTF-7, ISO-2022-KR/CN). */
typedef enum eml__encoding {
    EML__ENC_UTF8,
    EML__ENC_IBM866,
    EML__ENC_ISO8859_2,
    EML__ENC_ISO8859_3,
    EML__ENC_ISO8859_4,
    EML__ENC_ISO8859_5,
    EML__ENC_ISO8859_6,
    EML__ENC_ISO8859_7,
    EML__ENC_ISO8859_8,
    EML__ENC_ISO8859_8I,
    EML__ENC_ISO8859_10,
    EML__ENC_ISO8859_13,
    EML__ENC_ISO8859_14,
    EML__ENC_ISO8859_15,
    EML__ENC_ISO8859_16,
    EML__ENC_KOI8_R,
    EML__ENC_KOI8_U,
    EML__ENC_MACINTOSH,
    EML__ENC_WINDOWS_874,
    EML__ENC_WINDOWS_1250,
    EML__ENC_WINDOWS_1251,
    EML__ENC_WINDOWS_1252,
    EML__ENC_WINDOWS_1253,
    EML__ENC_WINDOWS_1254,
    EML__ENC_WINDOWS_1255,
    EML__ENC_WINDOWS_1256,
    EML__ENC_WINDOWS_1257,
    EML__ENC_WINDOWS_1258,
    EML__ENC_X_MAC_CYRILLIC,
    EML__ENC_GBK,
    EML__ENC_GB18030,
    EML__ENC_BIG5,
    EML__ENC_EUC_JP,
    EML__ENC_ISO2022_JP,
    EML__ENC_SHIFT_JIS,
    EML__ENC_EUC_KR,
    EML__ENC_ISO2022_KR,
    EML__ENC_ISO2022_CN,
    EML__ENC_ISO2022_CN_EXT,
    EML__ENC_REPLACEMENT,
    EML__ENC_UTF16BE,
    EML__ENC_UTF16LE,
    EML__ENC_X_USER_DEFINED,
    EML__ENC_UTF7,
    EML__ENC_COUNT
} eml__encoding;

/* Maps a charset label to an encoding: ASCII case-insensitive, leading and
 * trailing whitespace ignored, an RFC 2231 language suffix ("*en")
 * dropped. Returns -1 for an unknown label. */
int eml__charset_lookup(const char *label, size_t len);

/* The canonical name of an encoding ("windows-1252"). */
const char *eml__charset_name(int encoding);

/* iconv descriptors of one message, opened on first use. */
typedef struct eml__charset_cache eml__charset_cache;
eml__charset_cache *eml__charset_cache_create(eml__arena *arena);
void eml__charset_cache_release(eml__charset_cache *cache);

/* Appends src, in the given encoding, as UTF-8 to out. Invalid sequences
 * become U+FFFD with EML_DEFECT_INVALID_CHARSET_BYTES at rel + their
 * position. */
void eml__charset_decode(const eml__text_ctx *ctx, int encoding, const char *src, size_t len,
                         size_t rel, eml__tbuf *out);

/* Same, from a label: an unknown label records EML_DEFECT_UNKNOWN_CHARSET
 * at rel and decodes as UTF-8 when valid, else windows-1252. */
void eml__charset_decode_label(const eml__text_ctx *ctx, const char *label, size_t label_len,
                               const char *src, size_t len, size_t rel, eml__tbuf *out);

/* Text with no declared charset: ASCII and valid UTF-8 are copied; other
 * 8-bit text is read as windows-1252 with EML_DEFECT_UNDECLARED_8BIT. */
void eml__charset_decode_undeclared(const eml__text_ctx *ctx, const char *src, size_t len,
                                    size_t rel, eml__tbuf *out);

/* Returns 1 when every byte is below 0x80. */
int eml__ascii_only(const char *s, size_t len);

#endif /* EML_CHARSET_H */
