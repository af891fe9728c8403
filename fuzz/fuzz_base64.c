/*
 * Differential fuzzing of base64 (RFC 2045 section 6.8) decoding: every
 * implementation this CPU can run must give the scalar decoder's bytes and
 * defects exactly (fuzz/codec_diff.c); any difference aborts.
 */
#include "codec_diff.h"
#include "common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const fuzz_codec codec = { eml_base64_decoded_size_max, eml_base64_decode };
    fuzz_codec_differential(&codec, data, size);
    return 0;
}
