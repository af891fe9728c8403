/* The NEON kernel table (see lib/codec/arch/arch.h). */
#include "codec/arch/arch.h"

const eml__kernels eml__kernels_neon = {
    EML_IMPL_NEON,
    eml__base64_decode_neon,
    eml__qp_decode_neon,
    eml__utf8_valid_neon,
    eml__find_dashdash_neon,
};
