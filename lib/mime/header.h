/* The header tokenizer (RFC 5322 section 2.2). Knows nothing about MIME. */
#ifndef EML_MIME_HEADER_H
#define EML_MIME_HEADER_H

#include "mime/scratch.h"
#include "mime/tree.h"

/* ---- header tokenizer (RFC 5322 section 2.2) ----------------------------- */

/* Called for each header line that starts with "--": returns true when the
 * line is a multipart delimiter of an enclosing entity, which ends the
 * header (RFC 2046 section 5.1.1: delimiters are recognised everywhere in
 * a body part). The tokenizer itself knows nothing about MIME. */
typedef bool (*eml__line_stop_fn)(void *user, const char *line, const char *eol);

typedef struct eml__header_ctx {
    eml__arena *arena;
    eml__scratch *scratch;
    eml__defect_list *defects; /* where tokenizer defects go */
    size_t max_fields;
    size_t max_header_bytes;
    eml__line_stop_fn stop;
    void *stop_user;
} eml__header_ctx;

typedef struct eml__header {
    size_t end;          /* end of the header block (separator line excluded) */
    size_t body;         /* first byte after the separator line */
    eml__field *fields;  /* exact-size copy in the arena, or NULL */
    size_t nfields;
    int limit;           /* 0, or EML_DEFECT_FIELD_LIMIT / HEADER_BYTES_LIMIT */
    bool stopped;        /* ended by a delimiter line (ctx->stop) */
} eml__header;

/* Tokenizes the header block starting at buf[start], not reading past
 * buf[end]. Returns EML_OK or EML_ENOMEM. */
int eml__header_parse(const eml__header_ctx *ctx, const char *buf, size_t start, size_t end,
                      eml__header *out);

/* Unfolds a raw field value (RFC 5322 section 2.2.3) into the arena,
 * trimming leading and trailing whitespace; NUL-terminated. */
int eml__unfold(eml__arena *arena, const char *value, size_t len, eml_slice *out);

#endif /* EML_MIME_HEADER_H */
