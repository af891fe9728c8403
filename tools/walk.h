/* Walking a message tree through the public API. */
#ifndef EML_TOOL_WALK_H
#define EML_TOOL_WALK_H

#include <stddef.h>

#include "eml.h"

/* 1 when the part has no children and no embedded message. */
int part_is_leaf(const eml_part *part);
/* Exercises every on-demand decoder on the tree (bodies, text, header
 * semantics) so that every defect the library can find is recorded. */
void touch_message(const eml_part *root);
/* Total defects in the tree under root, embedded messages included. */
size_t count_defects(const eml_part *root);
/* Calls fn for every part under root in document order with its IMAP
 * section as IMAP numbers parts (RFC 3501 section 6.4.5: "1.2"; the
 * parts of an embedded message continue from the number of the
 * message/rfc822 part; "" for the top-level message). A non-zero return
 * skips the part's children and embedded message. */
typedef int (*part_visitor)(const eml_part *part, const char *section, void *ctx);
void visit_parts(const eml_part *root, part_visitor fn, void *ctx);
/* The first field named name, or -1. */
long field_index(const eml_part *part, const char *name);

#endif /* EML_TOOL_WALK_H */
