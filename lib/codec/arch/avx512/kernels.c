/* The AVX-512 kernel table (see lib/codec/arch/arch.h). */
#include "codec/arch/arch.h"

const eml__kernels eml__kernels_avx512 = {
    EML_IMPL_AVX512,
    eml__base64_decode_avx512,
    eml__qp_decode_avx512,
    eml__utf8_valid_avx512,
    eml__find_dashdash_avx512,
};
