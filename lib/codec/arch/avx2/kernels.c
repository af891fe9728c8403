/* The AVX2 kernel table (see lib/codec/arch/arch.h). */
#include "codec/arch/arch.h"

const eml__kernels eml__kernels_avx2 = {
    EML_IMPL_AVX2,
    eml__base64_decode_avx2,
    eml__qp_decode_avx2,
    eml__utf8_valid_avx2,
    eml__find_dashdash_avx2,
};
