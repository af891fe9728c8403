/* A growable byte buffer, with UTF-8 aware writers for terminal output. */
#ifndef EML_TOOL_BUF_H
#define EML_TOOL_BUF_H

#include <stddef.h>
#include <stdint.h>

#include "eml.h"

typedef struct tbuf {
    char *ptr;
    size_t len;
    size_t cap;
} tbuf;

void tbuf_init(tbuf *b);
void tbuf_free(tbuf *b);
void tbuf_reserve(tbuf *b, size_t extra);
void tbuf_put(tbuf *b, const void *data, size_t len);
void tbuf_puts(tbuf *b, const char *s);
void tbuf_putc(tbuf *b, char c);
void tbuf_printf(tbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Decodes one UTF-8 sequence at s (n > 0 bytes available). Stores the
 * code point in *cp and returns the sequence length, or returns 0 when
 * the bytes at s do not start a valid sequence (overlong forms,
 * surrogates and values past U+10FFFF are invalid, RFC 3629). */
size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* Appends the UTF-8 encoding of cp. */
void tbuf_put_utf8(tbuf *b, uint32_t cp);

/* Appends text for a terminal: valid UTF-8 is kept, invalid bytes become
 * U+FFFD, and control characters (C0 except those listed in keep, DEL,
 * C1) are dropped so that mail content cannot drive the terminal. */
void tbuf_put_text(tbuf *b, const char *s, size_t len, const char *keep);

/* Appends s for a one-line display: like tbuf_put_text, but control
 * characters are shown as \xNN and invalid bytes as \xNN too. */
void tbuf_put_display(tbuf *b, const char *s, size_t len);

/* 1 when the slice equals the lowercase ASCII string s. */
int slice_is(eml_slice v, const char *s);

#endif /* EML_TOOL_BUF_H */
