/*
 * Quoted-printable decoding with NEON, 16 input bytes per step: the plan
 * of lib/codec/arch/qp_block.h with masks from byte comparisons, hex digits
 * recognised by range checks, lane rotation by vext and compaction 8 bytes
 * at a time through the shared shuffle table.
 */
#include "codec/arch/neon/neon.h"
#include "codec/arch/qp_block.h"

size_t eml__qp_decode_neon(const char *src, size_t len, unsigned char *dst,
                           eml__codec_report *report)
{
    eml__qp s;
    eml__qp_init(&s, src, len, dst, report);
    const unsigned char *p = s.src;
    const uint8x16_t zero = vdupq_n_u8(0);

    /* Stores reach at most 16 bytes past the output position, which never
     * runs ahead of the input. */
    while (s.in + 16 <= len) {
        size_t in = s.in;
        uint8x16_t v = vld1q_u8(p + in);
        eml__qp_masks m;
        m.eq = eml__neon_mask(vceqq_u8(v, vdupq_n_u8('=')));
        m.lf = eml__neon_mask(vceqq_u8(v, vdupq_n_u8('\n')));
        m.cr = eml__neon_mask(vceqq_u8(v, vdupq_n_u8('\r')));
        uint32_t t = eml__neon_mask(vceqq_u8(v, vdupq_n_u8('\t')));
        m.wsp = eml__neon_mask(vceqq_u8(v, vdupq_n_u8(' '))) | t;
        m.invalid = 0;
        if (s.check_chars) {
            uint32_t ctl = eml__neon_mask(vcltq_u8(v, vdupq_n_u8(0x20)));
            uint32_t high = eml__neon_mask(vcgeq_u8(v, vdupq_n_u8(0x7F)));
            m.invalid = (ctl & ~(uint32_t)(m.lf | m.cr | t)) | high;
        }

        int next = in + 16 < len ? p[in + 16] : -1;
        if (eml__qp_block_literal(&m, 16, next, s.check_chars)) {
            vst1q_u8(dst + s.out, v);
            s.out += 16;
            if (m.lf)
                eml__qp_block_lines(&s, in, m.lf);
            s.in = in + 16;
            continue;
        }

        uint8x16_t digit = vcleq_u8(vsubq_u8(v, vdupq_n_u8('0')), vdupq_n_u8(9));
        uint8x16_t lower = vorrq_u8(v, vdupq_n_u8(0x20));
        uint8x16_t letter = vcleq_u8(vsubq_u8(lower, vdupq_n_u8('a')), vdupq_n_u8(5));
        m.hex = eml__neon_mask(vorrq_u8(digit, letter));
        /* Nibble values: digits v - '0', letters (v | 0x20) - 'a' + 10. */
        uint8x16_t nib = vbslq_u8(digit, vsubq_u8(v, vdupq_n_u8('0')),
                                  vsubq_u8(lower, vdupq_n_u8('a' - 10)));
        eml__qp_plan plan = eml__qp_plan_block(&m, 16, s.check_chars);

        if (plan.keep) {
            uint8x16_t out = v;
            if (plan.esc) {
                uint8x16_t nib15 = vandq_u8(nib, vdupq_n_u8(0x0F));
                uint8x16_t value = vorrq_u8(vshlq_n_u8(vextq_u8(nib15, zero, 1), 4),
                                            vextq_u8(nib15, zero, 2));
                static const uint8_t bits[16] = { 1, 2, 4, 8, 16, 32, 64, 128,
                                                  1, 2, 4, 8, 16, 32, 64, 128 };
                uint8x16_t e = vcombine_u8(vdup_n_u8((uint8_t)plan.esc),
                                           vdup_n_u8((uint8_t)(plan.esc >> 8)));
                uint8x16_t w = vld1q_u8(bits);
                out = vbslq_u8(vceqq_u8(vandq_u8(e, w), w), value, v);
            }
            if (plan.keep == 0xFFFFu) {
                vst1q_u8(dst + s.out, out);
                s.out += 16;
            } else {
                unsigned m0 = (unsigned)plan.keep & 0xFF, m1 = (unsigned)(plan.keep >> 8) & 0xFF;
                vst1_u8(dst + s.out, vtbl1_u8(vget_low_u8(out), vld1_u8(eml__compact8[m0])));
                s.out += (size_t)__builtin_popcount(m0);
                vst1_u8(dst + s.out, vtbl1_u8(vget_high_u8(out), vld1_u8(eml__compact8[m1])));
                s.out += (size_t)__builtin_popcount(m1);
            }
        }
        uint64_t lines = m.lf & eml__qp_below(plan.commit);
        if (lines)
            eml__qp_block_lines(&s, in, lines);
        s.in = in + plan.commit;
        if (plan.scalar)
            eml__qp_step(&s);
    }
    return eml__qp_finish(&s);
}
