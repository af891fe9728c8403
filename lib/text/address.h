/* Address lists (RFC 5322 section 3.4, 4.4; RFC 6532). Internal. */
#ifndef EML_ADDRESS_H
#define EML_ADDRESS_H

#include "text/ctx.h"

typedef struct eml__address_list {
    eml_address *items; /* in ctx->arena */
    size_t count;
    bool cut;           /* more than max addresses: the list holds max */
    size_t cut_offset;  /* near where the first address left out starts */
} eml__address_list;

/*
 * Parses an address-list field value (raw: folding allowed) into out.
 * Strings are UTF-8 in ctx->arena. At most max entries are kept (0: no
 * limit). An unparseable entry is skipped with EML_DEFECT_ADDRESS_INVALID
 * and parsing resumes at the next comma. Linear in len, no recursion.
 * Returns EML_OK or EML_ENOMEM.
 */
int eml__address_parse(const eml__text_ctx *ctx, const char *src, size_t len, size_t max,
                       eml__address_list *out);

#endif /* EML_ADDRESS_H */
