/* HTML to plain text, for reading mail in a terminal. */
#ifndef EML_TOOL_HTML2TEXT_H
#define EML_TOOL_HTML2TEXT_H

#include <stddef.h>

#include "buf.h"

/* Renders UTF-8 HTML as plain text: tags dropped, script/style/head
 * skipped, block elements as line breaks, entities decoded, link targets
 * shown after the link text. Never emits control characters other than
 * '\n'. */
void html_to_text(const char *html, size_t len, tbuf *out);

#endif /* EML_TOOL_HTML2TEXT_H */
