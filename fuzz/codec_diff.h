/*
 * Differential fuzzing of the transfer decoders: every implementation this
 * CPU can run decodes the same input, which must give the scalar decoder's
 * bytes and defects exactly; any difference aborts.
 */
#ifndef FUZZ_CODEC_DIFF_H
#define FUZZ_CODEC_DIFF_H

#include "eml.h"

#include <stddef.h>
#include <stdint.h>

typedef struct fuzz_codec {
    size_t (*decoded_size_max)(size_t len);
    eml_error (*decode)(eml_impl impl, const char *src, size_t len, void *dst, size_t *written,
                        eml_defect *defects, size_t cap, size_t *ndefects);
} fuzz_codec;

/* Shapes data into decoder input (see codec_diff.c) and compares every
 * implementation with scalar. */
void fuzz_codec_differential(const fuzz_codec *codec, const uint8_t *data, size_t size);

#endif
