/* The MIME tree builder. */
#ifndef EML_MIME_BUILD_H
#define EML_MIME_BUILD_H

#include "mime/tree.h"

/* ---- tree builder --------------------------------------------------------- */

/* Builds message->root over message->buf. EML_OK, EML_ENOMEM, or
 * EML_ELIMIT (only when EML_OPT_LIMIT_FAILS is set). */
int eml__mime_build(eml_message *message);

#endif /* EML_MIME_BUILD_H */
