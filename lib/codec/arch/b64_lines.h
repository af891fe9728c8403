/*
 * The shape of a line of mail base64, shared by the line loops of the
 * vector base64 kernels (lib/codec/arch/avx2/base64.c, lib/codec/arch/avx512/base64.c).
 * Included by those files only.
 *
 * A regular line is a run of alphabet characters, a multiple of four of
 * them so that no quantum spans the break, ended by CRLF or LF. The
 * kernels learn a line's shape once and then expect the next line to
 * have the same one.
 */
#ifndef EML_ARCH_B64_LINES_H
#define EML_ARCH_B64_LINES_H

#include "codec/arch/arch.h"

typedef struct eml__b64_line {
    size_t chars; /* alphabet characters per line, a multiple of 4 */
    unsigned eol; /* 1: LF, 2: CRLF */
} eml__b64_line;

/* The line that starts at in has its first non-alphabet byte at at (the
 * vector code found it): fills shape and returns 1 when the line is
 * regular, else 0. */
static inline int eml__b64_line_learn(const unsigned char *src, size_t in, size_t at, size_t len,
                                      eml__b64_line *shape)
{
    size_t chars = at - in;
    if (chars == 0 || chars % 4 != 0 || at + 2 > len)
        return 0;
    if (src[at] == '\n')
        shape->eol = 1;
    else if (src[at] == '\r' && src[at + 1] == '\n')
        shape->eol = 2;
    else
        return 0;
    shape->chars = chars;
    return 1;
}

/* 1 when the line at in ends where shape says (in + chars + 2 <= len). */
static inline int eml__b64_line_ends(const unsigned char *src, size_t in,
                                     const eml__b64_line *shape)
{
    const unsigned char *e = src + in + shape->chars;
    return shape->eol == 2 ? e[0] == '\r' && e[1] == '\n' : e[0] == '\n';
}

/* RFC 2045 lines are at most 76 characters: the learning scan stops
 * after this many bytes, so unbroken input costs little. */
#define EML__B64_LINE_SCAN 1024

/* Bytes of slack past a line that keep every load of the line loops
 * inside the input and, as out <= 3/4 of in, every full-vector store
 * inside eml_base64_decoded_size_max(len) bytes of output. */
#define EML__B64_LINE_SLACK 128

#endif /* EML_ARCH_B64_LINES_H */
