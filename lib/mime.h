/*
 * The parser's layers: header tokenizer (header.c), Content-Type and
 * Content-Disposition (ctype.c), tree builder (mime.c). Not API.
 */
#ifndef EML_MIME_H
#define EML_MIME_H

#include "internal.h"

/* ---- scratch memory reused across the parts of one parse ---------------- */

/* A heap buffer from the message's allocator, grown by doubling, freed at
 * the end of eml_parse. Keeps temporary vectors out of the arena so the
 * tree holds only exact-size records. It may start in storage lent by the
 * caller (eml__buf_lend), which it leaves for the heap only when it
 * outgrows it. */
typedef struct eml__buf {
    void *ptr;
    size_t cap;
    bool lent; /* ptr is the caller's storage: never freed here */
} eml__buf;

/* Starts b in storage (size bytes, aligned for what b will hold). */
static inline void eml__buf_lend(eml__buf *b, void *storage, size_t size)
{
    b->ptr = storage;
    b->cap = size;
    b->lent = true;
}

/* Ensures b holds at least size bytes, keeping its content. EML_OK or
 * EML_ENOMEM (b unchanged). */
int eml__buf_reserve(const eml_allocator *a, eml__buf *b, size_t size);
void eml__buf_release(const eml_allocator *a, eml__buf *b);

typedef struct eml__scratch {
    const eml_allocator *allocator;
    eml__buf fields; /* eml__field records of the header being tokenized */
    eml__buf params; /* raw parameters of the field being parsed */
    eml__buf bytes;  /* unquoted and joined parameter values */
    eml__buf order;  /* parameter ordering */
} eml__scratch;

void eml__scratch_release(eml__scratch *s);

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

/* ---- tree builder --------------------------------------------------------- */

/* Builds message->root over message->buf. EML_OK, EML_ENOMEM, or
 * EML_ELIMIT (only when EML_OPT_LIMIT_FAILS is set). */
int eml__mime_build(eml_message *message);

/* ASCII case-insensitive equality of a and b (n bytes each). */
static inline bool eml__ascii_ieq(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
        if ((unsigned)(x - 'A') < 26u)
            x += 32;
        if ((unsigned)(y - 'A') < 26u)
            y += 32;
        if (x != y)
            return false;
    }
    return true;
}

static inline char eml__ascii_lower(char c)
{
    return (unsigned)((unsigned char)c - 'A') < 26u ? (char)(c + 32) : c;
}

#endif /* EML_MIME_H */
