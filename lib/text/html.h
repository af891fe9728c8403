/*
 * HTML to plain text, for reading mail: the public face is
 * eml_html_to_text; the message view renders a text/html body with it.
 */
#ifndef EML_TEXT_HTML_H
#define EML_TEXT_HTML_H

#include "base/base.h"

/* Work counters of one rendering, for the linear-time tests: every input
 * byte is examined a bounded number of times. */
typedef struct eml__html_stats {
    size_t steps; /* loop iterations over input and output bytes */
} eml__html_stats;

/* eml_html_to_text with counters (stats may be NULL). */
int eml__html_render(const char *html, size_t len, char *dst, size_t cap, size_t *written,
                     eml__html_stats *stats);

#endif /* EML_TEXT_HTML_H */
