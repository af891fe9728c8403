/*
 * Base64 transfer decoding (RFC 2045 section 6.8): the public entry points
 * and the dispatch to the kernels. The decoding rules are written down in
 * lib/codec/arch/scalar/base64.c.
 */
#include "codec/arch/arch.h"

size_t eml_base64_decoded_size_max(size_t len)
{
    /* Four characters give at most three bytes; a partial quantum of n
     * characters gives at most n - 1. */
    return len / 4 * 3 + len % 4;
}

size_t eml__base64_decode(int impl, const char *src, size_t len, unsigned char *dst,
                          eml__codec_report *report)
{
    if (report)
        report->count = 0;
    if (len == 0)
        return 0;
    return eml__impl_kernels(impl)->base64_decode(src, len, dst, report);
}

/* Copies a report into the caller's array; shared with lib/codec/qp.c through
 * its declaration in lib/codec/arch/arch.h. */
void eml__report_copy(const eml__codec_report *report, eml_defect *defects, size_t cap,
                      size_t *ndefects)
{
    size_t n = report->count < cap ? report->count : cap;
    for (size_t i = 0; i < n; i++)
        defects[i] = report->items[i];
    if (ndefects)
        *ndefects = n;
}

eml_error eml__codec_args(int impl, const char *src, size_t len, const void *dst, size_t *written,
                    const eml_defect *defects, size_t cap)
{
    if (!written || (len > 0 && (!src || !dst)) || (cap > 0 && !defects))
        return EML_EINVAL;
    if (impl < EML_IMPL_AUTO || impl > EML_IMPL_NEON)
        return EML_EINVAL;
    if (!eml_impl_available(impl))
        return EML_EUNSUPPORTED;
    return EML_OK;
}

eml_error eml_base64_decode(eml_impl impl, const char *src, size_t len, void *dst, size_t *written,
                      eml_defect *defects, size_t cap, size_t *ndefects)
{
    int rc = eml__codec_args(impl, src, len, dst, written, defects, cap);
    if (rc != EML_OK)
        return rc;
    eml__codec_report report;
    *written = eml__base64_decode(impl, src, len, dst, &report);
    eml__report_copy(&report, defects, cap, ndefects);
    return EML_OK;
}
