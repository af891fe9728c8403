/* Message identifiers (RFC 5322 section 3.6.4, 4.5.4). Internal. */
#ifndef EML_MSGID_H
#define EML_MSGID_H

#include "text/ctx.h"

typedef struct eml__msgid_list {
    eml_slice *items; /* in ctx->arena; ids point into src or the arena */
    size_t count;
    bool cut;          /* more than max ids: the list holds max */
    size_t cut_offset; /* where the first id left out starts */
} eml__msgid_list;

/* Parses the msg-id list of a Message-ID, In-Reply-To or References value
 * (raw: folding allowed). Ids come without angle brackets; comments and
 * junk words between ids are skipped; an id written without brackets is
 * kept with EML_DEFECT_MSGID_NO_ANGLE. At most max ids (0: no limit).
 * Linear in len. Returns EML_OK or EML_ENOMEM. */
int eml__msgid_parse(const eml__text_ctx *ctx, const char *src, size_t len, size_t max,
                     eml__msgid_list *out);

#endif /* EML_MSGID_H */
