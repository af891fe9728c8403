/* Helpers shared by the NEON kernels. */
#ifndef EML_ARCH_NEON_H
#define EML_ARCH_NEON_H

#include <arm_neon.h>
#include <stdint.h>

/* One bit per byte of a comparison result (0x00 or 0xFF lanes). */
static inline uint32_t eml__neon_mask(uint8x16_t cmp)
{
    static const uint8_t weights[16] = { 1, 2, 4, 8, 16, 32, 64, 128,
                                         1, 2, 4, 8, 16, 32, 64, 128 };
    uint8x16_t w = vandq_u8(cmp, vld1q_u8(weights));
    return (uint32_t)vaddv_u8(vget_low_u8(w)) | (uint32_t)vaddv_u8(vget_high_u8(w)) << 8;
}

#endif
