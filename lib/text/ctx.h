/*
 * The context of the text decoders (charsets, encoded words, addresses,
 * dates, message ids): where results and defects go.
 *
 * Every decoder is a pure function over (const char *, size_t) writing to
 * an eml__tbuf and this context, so it can be tested and fuzzed without a
 * message.
 */
#ifndef EML_TEXT_CTX_H
#define EML_TEXT_CTX_H

#include "base/defect.h"
#include "base/tbuf.h"

struct eml__charset_cache;

/* Where a decoder sends its results and defects. */
typedef struct eml__text_ctx {
    eml__arena *arena;                  /* results and scratch */
    /* Where the iconv descriptors are kept, created in arena on first use
     * (so that ASCII text never pays for them); NULL: opened per call. */
    struct eml__charset_cache **charsets;
    eml__defect_list *defects;          /* NULL: defects are not recorded */
    size_t base;                        /* offset of the input's first byte */
    bool inexact;                       /* input is a rebuilt string: report at base */
    int impl;                           /* eml_impl for the scanning kernels */
} eml__text_ctx;

/* Records a defect at rel bytes into the decoder's input. */
void eml__text_defect(const eml__text_ctx *ctx, int code, size_t rel);

#endif /* EML_TEXT_CTX_H */
