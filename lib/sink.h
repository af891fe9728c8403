/*
 * Output sinks of the text decoders (charset.c, rfc2047.c, address.c,
 * msgid.c, semantic.c): a growable byte buffer in an arena, and the
 * context that says where results and defects go.
 *
 * Every decoder is a pure function over (const char *, size_t) writing to
 * these sinks, so it can be tested and fuzzed without a message.
 */
#ifndef EML_SINK_H
#define EML_SINK_H

#include "internal.h"

/* Bytes appended in an arena. On out-of-memory oom is set and later
 * appends do nothing, so callers check once at the end. */
typedef struct eml__tbuf {
    char *ptr;
    size_t len;
    size_t cap; /* bytes usable before the terminating NUL */
    eml__arena *arena;
    bool oom;
} eml__tbuf;

void eml__tbuf_init(eml__tbuf *b, eml__arena *arena);
/* Makes room for more bytes; false on out-of-memory. */
bool eml__tbuf_reserve(eml__tbuf *b, size_t more);
void eml__tbuf_append(eml__tbuf *b, const void *p, size_t n);
void eml__tbuf_byte(eml__tbuf *b, unsigned char c);
/* Appends a code point as UTF-8 (caller guarantees it is a scalar value). */
void eml__tbuf_utf8(eml__tbuf *b, uint32_t cp);
/* NUL-terminates; stores the result in *out. EML_ENOMEM after a failure. */
int eml__tbuf_finish(eml__tbuf *b, eml_slice *out);

struct eml__charset_cache;

/* Where a decoder sends its results and defects. */
typedef struct eml__text_ctx {
    eml__arena *arena;                  /* results and scratch */
    struct eml__charset_cache *charsets; /* iconv descriptors; NULL: opened per call */
    eml__defect_list *defects;          /* NULL: defects are not recorded */
    size_t base;                        /* offset of the input's first byte */
    bool inexact;                       /* input is a rebuilt string: report at base */
    int impl;                           /* eml_impl for the scanning kernels */
} eml__text_ctx;

/* Records a defect at rel bytes into the decoder's input. */
void eml__text_defect(const eml__text_ctx *ctx, int code, size_t rel);

#endif /* EML_SINK_H */
