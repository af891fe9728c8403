/* PLACEHOLDER until the codec work lands. */
#include "codec.h"

size_t eml_base64_decoded_max(size_t len) { return len / 4 * 3 + 3; }
size_t eml__base64_decode(int impl, const char *src, size_t len, unsigned char *dst,
                          eml__codec_report *report)
{
    (void)impl; (void)src; (void)len; (void)dst;
    if (report) report->count = 0;
    return 0;
}
int eml_base64_decode(int impl, const char *src, size_t len, void *dst, size_t *written,
                      eml_defect *defects, size_t cap, size_t *ndefects)
{
    (void)defects; (void)cap;
    *written = eml__base64_decode(impl, src, len, dst, NULL);
    if (ndefects) *ndefects = 0;
    return EML_OK;
}
