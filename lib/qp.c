/* PLACEHOLDER until the codec work lands. */
#include "codec.h"

size_t eml_qp_decoded_max(size_t len) { return len; }
size_t eml__qp_decode(int impl, const char *src, size_t len, unsigned char *dst,
                      eml__codec_report *report)
{
    (void)impl; (void)src; (void)len; (void)dst;
    if (report) report->count = 0;
    return 0;
}
int eml_qp_decode(int impl, const char *src, size_t len, void *dst, size_t *written,
                  eml_defect *defects, size_t cap, size_t *ndefects)
{
    (void)defects; (void)cap;
    *written = eml__qp_decode(impl, src, len, dst, NULL);
    if (ndefects) *ndefects = 0;
    return EML_OK;
}
