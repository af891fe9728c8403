/* PLACEHOLDER until the header-semantics work lands. */
#include "text.h"

#include <string.h>

int eml__text_param_value(const eml_part *part, eml_slice charset, eml_slice raw, bool extended,
                          size_t offset, eml_slice *out)
{
    (void)charset; (void)extended; (void)offset;
    char *p = eml__arena_strndup(eml__part_arena(part), raw.ptr ? raw.ptr : "", raw.len);
    if (!p) return EML_ENOMEM;
    out->ptr = p; out->len = raw.len;
    return EML_OK;
}
void eml__text_release(eml_message *message) { (void)message; }
int eml_part_field_text(const eml_part *part, size_t index, eml_slice *out)
{ return eml_part_field_unfolded(part, index, out); }
int eml_part_text(const eml_part *part, eml_slice *out) { return eml_part_decoded(part, out); }
int eml_part_field_addresses(const eml_part *part, size_t index, eml_address *out, size_t cap, size_t *count)
{ (void)part; (void)index; (void)out; (void)cap; *count = 0; return EML_EUNSUPPORTED; }
int eml_part_field_date(const eml_part *part, size_t index, int64_t *epoch, int *zone_minutes)
{ (void)part; (void)index; (void)epoch; (void)zone_minutes; return EML_EUNSUPPORTED; }
int eml_part_field_msgids(const eml_part *part, size_t index, eml_slice *out, size_t cap, size_t *count)
{ (void)part; (void)index; (void)out; (void)cap; *count = 0; return EML_EUNSUPPORTED; }
int eml_date_parse(const char *s, size_t len, int64_t *epoch, int *zone_minutes,
                   eml_defect *defects, size_t cap, size_t *ndefects)
{ (void)s; (void)len; (void)epoch; (void)zone_minutes; (void)defects; (void)cap; if (ndefects) *ndefects = 0; return EML_EUNSUPPORTED; }
size_t eml_utf8_size_max(size_t len) { return len * 3 + 4; }
int eml_charset_to_utf8(const char *charset, size_t charset_len, const char *src, size_t len,
                        char *dst, size_t *written, eml_defect *defects, size_t cap, size_t *ndefects)
{
    (void)charset; (void)charset_len; (void)defects; (void)cap;
    memcpy(dst, src, len); *written = len; if (ndefects) *ndefects = 0;
    return EML_OK;
}
