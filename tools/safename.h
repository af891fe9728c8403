/* Safe file names for attachments, from untrusted names. */
#ifndef EML_TOOL_SAFENAME_H
#define EML_TOOL_SAFENAME_H

#include <stddef.h>

#define SAFENAME_MAX 200 /* bytes: leaves room for a suffix under NAME_MAX */

/* Makes a file name from an untrusted (UTF-8) name: the last path
 * component only; no separators, no control or format characters, no
 * leading dot, no characters Windows rejects. Returns a malloc'd string,
 * or NULL when nothing usable remains. */
char *safename(const char *name, size_t len);
/* A file name extension (without dot) for a media type; "bin" when
 * unknown. */
const char *safename_extension(const char *content_type);

#endif /* EML_TOOL_SAFENAME_H */
