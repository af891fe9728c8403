/* RFC 2047 encoded words. Internal. */
#ifndef EML_RFC2047_H
#define EML_RFC2047_H

#include "text/ctx.h"

/*
 * Appends src to out as UTF-8 with its encoded words decoded, unstructured
 * text semantics (RFC 2047 section 5 (1)): CR and LF are dropped
 * (unfolding), leading and trailing whitespace trimmed, whitespace between
 * adjacent encoded words removed, and adjacent words in one charset joined
 * as bytes before conversion. Text outside encoded words follows the
 * undeclared-charset rule. Malformed words stay as text with a defect.
 * Linear in len. Returns the number of encoded words decoded.
 */
size_t eml__rfc2047_decode(const eml__text_ctx *ctx, const char *src, size_t len, eml__tbuf *out);

/* The encoded-text decoders, exposed for tests: append the decoded bytes
 * of one word's text to out; false when the text is not valid. */
bool eml__rfc2047_b(const char *src, size_t len, eml__tbuf *out);
bool eml__rfc2047_q(const char *src, size_t len, eml__tbuf *out);

#endif /* EML_RFC2047_H */
