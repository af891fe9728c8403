/*
 * Run-time choice of the codec kernels. The CPU is probed once (cpuid, and
 * xgetbv to learn whether the operating system saves the vector registers:
 * a CPU may support AVX-512 while the kernel does not enable it). The
 * result is published through an atomic so that two threads using the
 * library for the first time at once agree without a lock; both compute
 * the same value, so whichever store wins is right. Nothing here reads the
 * environment: forcing an implementation is the caller's choice, through
 * EML_OPT_IMPL or the impl argument of the standalone decoders.
 */
#include "codec/arch/arch.h"

#include <stdatomic.h>

#if defined(__x86_64__)
#include <cpuid.h>
#endif

/* Bit set of available implementations (1 << eml_impl), 0 = not probed. */
static atomic_uint available_set;

#if defined(__x86_64__)
static uint64_t xcr0(void)
{
    uint32_t eax, edx;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return (uint64_t)edx << 32 | eax;
}

static unsigned probe(void)
{
    unsigned set = 1u << EML_IMPL_SCALAR;
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d))
        return set;
    const unsigned osxsave = 1u << 27, avx = 1u << 28, popcnt = 1u << 23;
    if ((c & (osxsave | avx | popcnt)) != (osxsave | avx | popcnt))
        return set;
    uint64_t xcr = xcr0();
    if ((xcr & 0x6) != 0x6) /* XMM and YMM state */
        return set;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
        return set;
    const unsigned bmi1 = 1u << 3, avx2 = 1u << 5, bmi2 = 1u << 8;
    if ((b & (bmi1 | avx2 | bmi2)) != (bmi1 | avx2 | bmi2))
        return set;
    set |= 1u << EML_IMPL_AVX2;
    /* AVX-512 F, BW, VL; VBMI (vpermb) and VBMI2 (vpcompressb); opmask,
     * ZMM_Hi256 and Hi16_ZMM state enabled by the OS. */
    const unsigned f = 1u << 16, bw = 1u << 30, vl = 1u << 31;
    const unsigned vbmi = 1u << 1, vbmi2 = 1u << 6;
    if ((b & (f | bw | vl)) == (f | bw | vl) && (c & (vbmi | vbmi2)) == (vbmi | vbmi2) &&
        (xcr & 0xE6) == 0xE6)
        set |= 1u << EML_IMPL_AVX512;
    return set;
}
#elif defined(__aarch64__)
static unsigned probe(void)
{
    /* Advanced SIMD is part of every AArch64 CPU. */
    return 1u << EML_IMPL_SCALAR | 1u << EML_IMPL_NEON;
}
#else
static unsigned probe(void)
{
    return 1u << EML_IMPL_SCALAR;
}
#endif

/* Implementations whose kernels are built into this library. */
static unsigned built(void)
{
    unsigned set = 1u << EML_IMPL_SCALAR;
#if defined(EML_HAVE_AVX2_KERNELS)
    set |= 1u << EML_IMPL_AVX2;
#endif
#if defined(EML_HAVE_AVX512_KERNELS)
    set |= 1u << EML_IMPL_AVX512;
#endif
#if defined(EML_HAVE_NEON_KERNELS)
    set |= 1u << EML_IMPL_NEON;
#endif
    return set;
}

static unsigned available(void)
{
    unsigned set = atomic_load_explicit(&available_set, memory_order_acquire);
    if (set == 0) {
        set = probe() & built();
        atomic_store_explicit(&available_set, set, memory_order_release);
    }
    return set;
}

int eml_impl_available(eml_impl impl)
{
    if (impl == EML_IMPL_AUTO)
        return 1;
    if (impl < EML_IMPL_SCALAR || impl > EML_IMPL_NEON)
        return 0;
    return (available() >> impl) & 1;
}

eml_impl eml_impl_best(void)
{
    unsigned set = available();
    static const eml_impl order[] = {EML_IMPL_AVX512, EML_IMPL_AVX2, EML_IMPL_NEON};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
        if ((set >> order[i]) & 1)
            return order[i];
    return EML_IMPL_SCALAR;
}

int eml__impl_resolve(int impl)
{
    if (impl != EML_IMPL_AUTO && eml_impl_available(impl))
        return impl;
    return eml_impl_best();
}

const eml__kernels *eml__impl_kernels(int impl)
{
    switch (eml__impl_resolve(impl)) {
#if defined(EML_HAVE_AVX2_KERNELS)
    case EML_IMPL_AVX2:
        return &eml__kernels_avx2;
#endif
#if defined(EML_HAVE_AVX512_KERNELS)
    case EML_IMPL_AVX512:
        return &eml__kernels_avx512;
#endif
#if defined(EML_HAVE_NEON_KERNELS)
    case EML_IMPL_NEON:
        return &eml__kernels_neon;
#endif
    default:
        return &eml__kernels_scalar;
    }
}

const char *eml_impl_name(eml_impl impl)
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
