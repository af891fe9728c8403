/* Parameter values (RFC 2045 section 5.1, RFC 2231 section 4). Internal. */
#ifndef EML_TEXT_PARAM_VALUE_H
#define EML_TEXT_PARAM_VALUE_H

#include "text/ctx.h"

/*
 * Finishes a Content-Type or Content-Disposition parameter value. raw is
 * the value with quoting removed; for an RFC 2231 extended value (extended
 * true) it is already joined and percent-decoded and charset names its
 * declared charset (may be empty). The result is UTF-8 in ctx->arena:
 * extended values are converted from their charset; plain values that
 * hold RFC 2047 encoded words are decoded with
 * EML_DEFECT_ENCODED_WORD_IN_PARAMETER. Defects go to ctx, which should
 * be inexact: the raw value is a rebuilt string. EML_OK or EML_ENOMEM.
 */
int eml__param_value(const eml__text_ctx *ctx, eml_slice charset, eml_slice raw, bool extended,
                     eml_slice *out);

#endif /* EML_TEXT_PARAM_VALUE_H */
