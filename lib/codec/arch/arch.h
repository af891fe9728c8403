/*
 * The codec kernels of one instruction set, behind one table of function
 * pointers, and the scalar state machines that vector kernels hand over to
 * for everything but the common, well-formed case. Internal to the codec
 * files (lib/codec/base64.c, lib/codec/qp.c, lib/codec/scan.c, lib/codec/cpu.c, lib/codec/arch/).
 *
 * The contract that keeps every implementation bit-identical: a vector
 * kernel only ever consumes input whose meaning cannot depend on anything
 * it does not see (base64 alphabet and whitespace, QP literals, well-formed
 * escapes and soft breaks); at anything else it returns the position to the
 * scalar state machine, which is the single source of truth for defects.
 */
#ifndef EML_ARCH_H
#define EML_ARCH_H

#include "codec/codec.h"

/* Which kernel folders this build compiles (see the Makefile). */
#if defined(__x86_64__) && defined(__GNUC__)
#define EML_HAVE_AVX2_KERNELS 1
#define EML_HAVE_AVX512_KERNELS 1
#endif
#if defined(__aarch64__) && defined(__GNUC__)
#define EML_HAVE_NEON_KERNELS 1
#endif

typedef struct eml__kernels {
    int impl; /* the eml_impl value this table implements */
    size_t (*base64_decode)(const char *src, size_t len, unsigned char *dst,
                            eml__codec_report *report);
    size_t (*qp_decode)(const char *src, size_t len, unsigned char *dst,
                        eml__codec_report *report);
    int (*utf8_valid)(const char *s, size_t len);
    const char *(*find_dashdash_line)(const char *from, const char *end);
} eml__kernels;

extern const eml__kernels eml__kernels_scalar;
#if defined(EML_HAVE_AVX2_KERNELS)
extern const eml__kernels eml__kernels_avx2;
#endif
#if defined(EML_HAVE_AVX512_KERNELS)
extern const eml__kernels eml__kernels_avx512;
#endif
#if defined(EML_HAVE_NEON_KERNELS)
extern const eml__kernels eml__kernels_neon;
#endif

/* The kernels of each instruction set, named <job>_<isa>. */
#define EML__DECLARE_KERNELS(isa)                                                          \
    size_t eml__base64_decode_##isa(const char *src, size_t len, unsigned char *dst,     \
                                    eml__codec_report *report);                          \
    size_t eml__qp_decode_##isa(const char *src, size_t len, unsigned char *dst,         \
                                eml__codec_report *report);                              \
    int eml__utf8_valid_##isa(const char *s, size_t len);                                \
    const char *eml__find_dashdash_##isa(const char *from, const char *end);
EML__DECLARE_KERNELS(scalar)
EML__DECLARE_KERNELS(avx2)
EML__DECLARE_KERNELS(avx512)
EML__DECLARE_KERNELS(neon)

/* The kernels of a resolved implementation (see eml__impl_resolve). */
const eml__kernels *eml__impl_kernels(int impl);

/* Records the first occurrence of a kind of defect; later ones of the same
 * kind are dropped (see eml__codec_report). report may be NULL. */
void eml__report_add(eml__codec_report *report, int code, size_t offset);
/* 1 when code is already recorded, or when there is no report at all (so
 * callers can skip looking for a defect nobody will see). */
int eml__report_has(const eml__codec_report *report, int code);

/* Checks the arguments of eml_base64_decode / eml_qp_decode. */
int eml__codec_args(int impl, const char *src, size_t len, const void *dst, size_t *written,
                    const eml_defect *defects, size_t cap);
/* Copies up to cap defects of a report to the caller's array. */
void eml__report_copy(const eml__codec_report *report, eml_defect *defects, size_t cap,
                      size_t *ndefects);

/* Shuffle controls compacting the bytes of an 8-byte group selected by a
 * bit mask (lib/codec/arch/scalar/compact.c). */
extern const unsigned char eml__compact8[256][8];

/* ---- base64 ------------------------------------------------------------ */

/* Values of eml__base64_value[]: 0..63 for the alphabet (RFC 2045 table 1),
 * else one of these classes. */
#define EML__B64_WS 0x40   /* SP, HT, LF, VT, FF, CR: skipped silently */
#define EML__B64_PAD 0x41  /* '=' */
#define EML__B64_BAD 0x80  /* anything else: skipped with a defect */
extern const unsigned char eml__base64_value[256];

typedef struct eml__b64 {
    const unsigned char *src;
    size_t len;
    size_t in;          /* next input byte */
    unsigned char *dst;
    size_t out;         /* bytes written */
    uint32_t bits;      /* values of the current quantum */
    unsigned quad;      /* how many (0..3) */
    size_t quad_start;  /* offset of the quantum's first character */
    int pad_pending;    /* one '=' seen after two values */
    int done;           /* padding complete: the rest is not data */
    eml__codec_report *report;
} eml__b64;

void eml__b64_init(eml__b64 *s, const char *src, size_t len, unsigned char *dst,
                   eml__codec_report *report);
/* Runs the scalar decoder until it is at or past until with no quantum
 * open, or at the end of the data, or padding has completed. */
void eml__b64_scalar(eml__b64 *s, size_t until);
/* Consumes the rest (after padding) and closes an open quantum. */
size_t eml__b64_finish(eml__b64 *s);
/* For vector kernels that consumed input up to (excluding) stop and hold
 * nvalues decoded values not yet written (only the last nvalues % 4 are
 * not written yet): returns where the first unwritten value's character
 * stands, so that the scalar decoder can re-read it. */
size_t eml__b64_rewind(const eml__b64 *s, size_t stop, unsigned pending);

/* ---- quoted-printable ---------------------------------------------------- */

/* Longest encoded line, line break excluded (RFC 2045 section 6.7 rule 5). */
#define EML__QP_MAX_LINE 76

/* Hexadecimal digit values (either case), EML__QP_NOT_HEX for the rest. */
#define EML__QP_NOT_HEX 0x80
extern const unsigned char eml__qp_hex[256];

/* No two of in, out and line_start are neighbours: vector kernels keep
 * them in registers and store them back together, and gcc would otherwise
 * pair them in one vector register, which puts a round trip through the
 * vector unit on the loop's critical path (measured with gcc 12). */
typedef struct eml__qp {
    const unsigned char *src;
    size_t in;
    unsigned char *dst;
    size_t out;
    int check_lines;    /* QP_LINE_TOO_LONG still to look for */
    int check_chars;    /* QP_INVALID_CHAR still to look for */
    size_t line_start;  /* offset of the current encoded line */
    size_t len;
    eml__codec_report *report;
} eml__qp;

void eml__qp_init(eml__qp *s, const char *src, size_t len, unsigned char *dst,
                  eml__codec_report *report);
/* Decodes one unit at s->in (a byte, an escape, a soft break, a run of
 * whitespace) with every rule of RFC 2045 section 6.7 applied. */
void eml__qp_step(eml__qp *s);
/* An encoded line ended by the LF at offset lf: checks its length. */
void eml__qp_line_end(eml__qp *s, size_t lf);
size_t eml__qp_finish(eml__qp *s);

/* Scalar scanners, also the tails of the vector ones. */
/* The length of the valid UTF-8 sequence at p (p < e), 0 when invalid. */
size_t eml__utf8_sequence(const unsigned char *p, const unsigned char *e);
int eml__utf8_valid_range(const unsigned char *p, const unsigned char *e);
const char *eml__find_dashdash_scalar(const char *from, const char *end);

#endif /* EML_ARCH_H */
