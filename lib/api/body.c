/*
 * Transfer decoding of a part's body (RFC 2045 section 6), on demand.
 * Identity encodings (7bit, 8bit, binary) and unknown ones hand back the
 * raw body; base64 and quoted-printable go through the codec kernels,
 * uuencode through its scalar decoder (lib/codec/uu.c).
 */
#include "codec/codec.h"
#include "mime/tree.h"

#include <string.h>

static bool is_coded(eml_encoding e)
{
    return e == EML_ENCODING_BASE64 || e == EML_ENCODING_QUOTED_PRINTABLE ||
           e == EML_ENCODING_UUENCODE;
}

/* uuencode's bound is its exact size: a short line may stand for up to
 * 63 bytes, so a bound from the length alone would be far too large. */
static size_t coded_max(const eml_part *part)
{
    size_t n = part->body_len;
    switch (part->encoding) {
    case EML_ENCODING_BASE64:
        return eml_base64_decoded_size_max(n);
    case EML_ENCODING_UUENCODE:
        return eml__uu_decoded_size(eml__part_body(part).ptr, n);
    default:
        return eml_qp_decoded_size_max(n);
    }
}

eml_error eml_part_decoded_size_max(const eml_part *part, size_t *size)
{
    if (!part || !size)
        return EML_EINVAL;
    *size = is_coded((eml_encoding)part->encoding) ? coded_max(part) : part->body_len;
    return EML_OK;
}

static bool over_limit(const eml_part *part, size_t n)
{
    int64_t lim = part->message->options[EML_OPT_MAX_DECODED_BYTES];
    return (uint64_t)n > (uint64_t)lim;
}

/* Decodes into dst (coded_max bytes) and records the codec's defects on
 * the part once, with offsets made absolute. */
static size_t run_decoder(const eml_part *part, unsigned char *dst)
{
    eml__codec_report report;
    report.count = 0;
    const eml_message *m = part->message;
    eml_slice body = eml__part_body(part);
    size_t n;
    if (part->encoding == EML_ENCODING_BASE64)
        n = eml__base64_decode(m->impl, body.ptr, body.len, dst, &report);
    else if (part->encoding == EML_ENCODING_UUENCODE)
        n = eml__uu_decode(body.ptr, body.len, dst, &report);
    else
        n = eml__qp_decode(m->impl, body.ptr, body.len, dst, &report);
    if (!part->state->decode_reported) {
        part->state->decode_reported = true;
        size_t base = part->body_off;
        for (size_t i = 0; i < report.count && i < EML__CODEC_REPORT_MAX; i++)
            eml__part_defect(part, report.items[i].code, base + report.items[i].offset);
    }
    return n;
}

eml_error eml_part_decoded(const eml_part *part, eml_slice *out)
{
    if (!part || !out)
        return EML_EINVAL;
    eml__part_state *p = part->state;
    if (!p->decoded_done) {
        if (!is_coded((eml_encoding)part->encoding)) {
            p->decoded = eml__part_body(part);
        } else {
            size_t max = coded_max(part);
            if (over_limit(part, max))
                return EML_ELIMIT;
            if (max == SIZE_MAX)
                return EML_ENOMEM;
            unsigned char *dst = eml__arena_alloc(eml__part_arena(part), max + 1);
            if (!dst)
                return EML_ENOMEM;
            size_t n = run_decoder(part, dst);
            dst[n] = '\0';
            p->decoded.ptr = (const char *)dst;
            p->decoded.len = n;
        }
        p->decoded_done = true;
    }
    *out = p->decoded;
    return EML_OK;
}

eml_error eml_part_decode(const eml_part *part, void *dst, size_t cap, size_t *written)
{
    if (!part || !written || (!dst && cap))
        return EML_EINVAL;
    *written = 0;
    if (part->state->decoded_done || !is_coded((eml_encoding)part->encoding)) {
        eml_slice s;
        int rc = eml_part_decoded(part, &s);
        if (rc != EML_OK)
            return rc;
        if (over_limit(part, s.len))
            return EML_ELIMIT;
        if (s.len > cap)
            return EML_EBUFSIZE;
        if (s.len)
            memcpy(dst, s.ptr, s.len);
        *written = s.len;
        return EML_OK;
    }
    size_t max = coded_max(part);
    if (over_limit(part, max))
        return EML_ELIMIT;
    if (cap >= max) {
        *written = run_decoder(part, dst);
        return EML_OK;
    }
    /* The buffer may still hold the exact size: decode into a temporary
     * block from the message's allocator and copy if it fits. */
    const eml_allocator *a = &part->message->allocator;
    unsigned char *tmp = eml__mem_alloc(a, max);
    if (!tmp)
        return EML_ENOMEM;
    size_t n = run_decoder(part, tmp);
    int rc = EML_EBUFSIZE;
    if (n <= cap) {
        if (n)
            memcpy(dst, tmp, n);
        *written = n;
        rc = EML_OK;
    }
    eml__mem_free(a, tmp, max);
    return rc;
}
