/*
 * Header semantics and charsets: the internal contract between the MIME
 * layer and the text decoders (charset.c, rfc2047.c, semantic.c).
 */
#ifndef EML_TEXT_H
#define EML_TEXT_H

#include "internal.h"

/*
 * Finishes a Content-Type or Content-Disposition parameter value for the
 * MIME layer. raw is the value with quoting removed; for an RFC 2231
 * extended value (extended true) it is already joined and percent-decoded
 * and charset names its declared charset (may be empty). The result is
 * UTF-8 in the message arena: extended values are converted from their
 * charset; plain values that hold RFC 2047 encoded words are decoded with
 * EML_DEFECT_ENCODED_WORD_IN_PARAMETER. Defects go to part at offset.
 * On success *out is set; EML_ENOMEM otherwise.
 */
int eml__text_param_value(const eml_part *part, eml_slice charset, eml_slice raw, bool extended,
                          size_t offset, eml_slice *out);

/* Releases what the text decoders cached in a message (iconv descriptors,
 * semantic caches). Called by eml_message_free. */
void eml__text_release(eml_message *message);

#endif /* EML_TEXT_H */
