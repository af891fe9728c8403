/* PLACEHOLDER until the codec work lands: scalar only. */
#include "codec.h"

int eml__impl_resolve(int impl) { (void)impl; return EML_IMPL_SCALAR; }
int eml_impl_available(int impl) { return impl == EML_IMPL_AUTO || impl == EML_IMPL_SCALAR; }
int eml_impl_best(void) { return EML_IMPL_SCALAR; }
const char *eml_impl_name(int impl)
{
    switch (impl) {
    case EML_IMPL_AUTO: return "auto";
    case EML_IMPL_SCALAR: return "scalar";
    case EML_IMPL_AVX2: return "avx2";
    case EML_IMPL_AVX512: return "avx512";
    case EML_IMPL_NEON: return "neon";
    default: return "unknown";
    }
}
