/*
 * Helpers shared by the codec tests: run a decoder on one implementation
 * with the input placed right before a guard page, and render its result.
 */
#ifndef EML_TEST_CODEC_UTIL_H
#define EML_TEST_CODEC_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "codec/codec.h"

typedef struct codec_result {
    unsigned char *out; /* malloc'd, at least one byte */
    size_t len;
    eml__codec_report report;
} codec_result;

enum { CODEC_BASE64, CODEC_QP };

/* Decodes src[0..len) with implementation impl, src copied before a guard
 * page and the output buffer sized exactly to the decoder's maximum, also
 * before a guard page. Free the result with codec_result_free. */
codec_result codec_run(int codec, int impl, const char *src, size_t len);
void codec_result_free(codec_result *r);

/* "NAME@offset,NAME@offset" for a report, into buf. */
const char *codec_defects_text(const eml__codec_report *r, char *buf, size_t cap);

/* Asserts (cmocka) that impl decodes src exactly as the scalar kernels do,
 * output and defects; what names the input in a failure message. */
void codec_assert_same(int codec, int impl, const char *src, size_t len, const char *what);

/* A xorshift step: reproducible pseudo-random numbers from *state. */
unsigned codec_rand(uint64_t *state);

/* RFC 2045 section 6.8 base64 of in[0..n) with '=' padding, a line break
 * eol after every line_len characters (0: no breaks); returns its length. */
size_t codec_encode_base64(const unsigned char *in, size_t n, char *out, size_t line_len,
                           const char *eol);

/* The implementations this CPU can run, scalar first; returns the count. */
size_t codec_impls(int out[8]);

#endif
