/*
 * Quoted-printable transfer decoding (RFC 2045 section 6.7): the public
 * entry points and the dispatch to the kernels. The decoding rules are
 * written down in lib/codec/arch/scalar/qp.c.
 */
#include "codec/arch/arch.h"

size_t eml_qp_decoded_size_max(size_t len)
{
    return len; /* decoding never makes data longer */
}

size_t eml__qp_decode(int impl, const char *src, size_t len, unsigned char *dst,
                      eml__codec_report *report)
{
    if (report)
        report->count = 0;
    if (len == 0)
        return 0;
    return eml__impl_kernels(impl)->qp_decode(src, len, dst, report);
}

eml_error eml_qp_decode(eml_impl impl, const char *src, size_t len, void *dst, size_t *written,
                  eml_defect *defects, size_t cap, size_t *ndefects)
{
    int rc = eml__codec_args(impl, src, len, dst, written, defects, cap);
    if (rc != EML_OK)
        return rc;
    eml__codec_report report;
    *written = eml__qp_decode(impl, src, len, dst, &report);
    eml__report_copy(&report, defects, cap, ndefects);
    return EML_OK;
}
