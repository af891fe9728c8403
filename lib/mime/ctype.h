/* Content-Type, Content-Disposition and Content-Transfer-Encoding
 * (RFC 2045, 2183, 2231) of one part. */
#ifndef EML_MIME_CTYPE_H
#define EML_MIME_CTYPE_H

#include "mime/scratch.h"
#include "mime/tree.h"

/* ---- Content-Type / Content-Disposition (RFC 2045, 2183, 2231) ------------ */

/* Parses a Content-Type value into part->type/subtype/content_type/params.
 * Invalid or absent (value NULL): the default (message/rfc822 when
 * in_digest, else text/plain; charset=us-ascii), with a defect if invalid.
 * *boundary gets the raw boundary parameter (arena) or { NULL, 0 }. */
int eml__content_type_parse(eml_part *part, eml__scratch *s, const char *value, size_t len,
                            size_t offset, bool in_digest, eml_slice *boundary);

/* Parses a Content-Disposition value into part->disposition/disp_params. */
int eml__disposition_parse(eml_part *part, eml__scratch *s, const char *value, size_t len,
                           size_t offset);

/* Sets part->encoding and encoding_name from a Content-Transfer-Encoding
 * value (NULL when absent). */
int eml__encoding_parse(eml_part *part, const char *value, size_t len, size_t offset);

/* Sets part->filename from the disposition, else Content-Type, params. */
void eml__filename_pick(eml_part *part);

#endif /* EML_MIME_CTYPE_H */
