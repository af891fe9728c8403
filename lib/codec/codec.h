/*
 * Transfer-encoding decoders (RFC 2045 section 6): the internal contract
 * between the MIME layer and the codec kernels in lib/codec/arch/.
 */
#ifndef EML_CODEC_H
#define EML_CODEC_H

#include "base/base.h"

/* The first occurrence of each kind of defect seen by one decode, in the
 * order first seen. Offsets are relative to the decoder's input. Scalar
 * and vector implementations must produce identical reports. */
#define EML__CODEC_REPORT_MAX 8
typedef struct eml__codec_report {
    size_t count;
    eml_defect items[EML__CODEC_REPORT_MAX];
} eml__codec_report;

/* Resolves EML_IMPL_AUTO (and unavailable values) to a runnable one. */
int eml__impl_resolve(int impl);

/* Decode src into dst, which holds eml_base64_decoded_size_max(len) or
 * eml_qp_decoded_size_max(len) bytes; return the number of bytes written.
 * report may be NULL. Never read src past len or write dst past the max. */
size_t eml__base64_decode(int impl, const char *src, size_t len, unsigned char *dst,
                          eml__codec_report *report);
size_t eml__qp_decode(int impl, const char *src, size_t len, unsigned char *dst,
                      eml__codec_report *report);


/* uuencode as a transfer encoding (x-uuencode, uuencode, x-uue; see
 * lib/codec/uu.c for the rules). eml__uu_decoded_size is the exact
 * number of bytes eml__uu_decode writes for the same input. Offsets in
 * the report are relative to src; src is never read past len. */
size_t eml__uu_decoded_size(const char *src, size_t len);
size_t eml__uu_decode(const char *src, size_t len, unsigned char *dst, eml__codec_report *report);

/* Files embedded in text (lib/codec/embedded.c): uuencode and yEnc
 * blocks, offsets relative to the scanned text. */
enum { EML__EMBEDDED_UU = 1, EML__EMBEDDED_YENC = 2 };
typedef struct eml__embedded_block {
    int kind;
    size_t start, end;           /* begin line up to after the end line */
    size_t name_off, name_len;   /* the name on the begin line */
    size_t data_start, data_end; /* yEnc: the data lines */
    bool has_end;
    /* yEnc keys */
    uint64_t total_size, part, part_begin, part_end, end_size;
    uint32_t crc, pcrc;
    bool has_total_size, has_part_range, has_end_size, has_crc, has_pcrc;
} eml__embedded_block;

/* The next block at or after *pos in src[0..len); *pos moves past it.
 * False when there is none (then *pos == len). */
bool eml__embedded_next(const char *src, size_t len, size_t *pos, eml__embedded_block *out);
/* Decodes yEnc data lines; dst holds len bytes. Returns bytes written. */
size_t eml__yenc_decode(const char *src, size_t len, unsigned char *dst);
/* The name on the first begin line of a uuencoded body (the form
 * lib/codec/uu.c decodes from); false when there is none or it is empty. */
bool eml__uu_begin_name(const char *src, size_t len, size_t *off, size_t *name_len);
/* CRC-32 (IEEE 802.3 polynomial, reflected); start with crc 0. */
uint32_t eml__crc32(uint32_t crc, const void *data, size_t len);

/* ---- scanning kernels used by the parser and the text layer ---- */

/* Returns 1 when s[0..len) is valid UTF-8 (RFC 3629: no overlongs, no
 * surrogates, nothing above U+10FFFF), else 0. */
int eml__utf8_valid(int impl, const char *s, size_t len);

/* Returns the first p in [from, end) with p[-1] == '\n', p[0] == '-' and
 * p[1] == '-' (p + 1 < end): a candidate delimiter line of a multipart
 * body (RFC 2046 section 5.1.1). from must be > the buffer start, or the
 * caller checks a line at the buffer start itself. Returns end when there
 * is none. */
const char *eml__find_dashdash_line(int impl, const char *from, const char *end);

#endif /* EML_CODEC_H */
