/*
 * The MIME tree: parts and the message that owns them, as the tree builder
 * makes them and the API reads them. Not API.
 */
#ifndef EML_MIME_TREE_H
#define EML_MIME_TREE_H

#include "base/defect.h"
#include "text/ctx.h"

struct eml__charset_cache;
struct eml__view_cache;

/* ---- the tree ------------------------------------------------------------ */

/* A header field as stored: offsets into the message buffer, compact
 * because a header-heavy message has many. */
typedef struct eml__field {
    size_t offset;      /* first byte of the name */
    size_t value_len;   /* raw value length */
    uint32_t name_len;  /* name length, trailing whitespace excluded */
    uint32_t value_off; /* value start relative to offset */
} eml__field;

typedef struct eml__param {
    eml_slice name;  /* lowercased, arena */
    eml_slice value; /* final value (UTF-8 where a charset was declared) */
} eml__param;

/* Preamble and epilogue (RFC 2046 section 5.1.1), for the multiparts
 * that have one: most parts are not multiparts. */
typedef struct eml__multipart {
    eml_slice preamble;
    eml_slice epilogue;
} eml__multipart;

/* What a part learns after parsing: results computed on demand and the
 * defects found then. The API hands parts out as const; this record is
 * reached through a non-const pointer so that filling it needs no cast
 * (the thread note in eml.h covers it). Allocated with its part. */
typedef struct eml__part_state {
    eml_slice decoded;
    eml_slice text;
    eml__defect_list defects; /* parse-time defects come first */
    void *semantic_cache;     /* owned by the header-semantics files */
    void *embedded_files;     /* eml_embedded_file array (lib/api/embedded.c) */
    size_t nembedded_files;
    bool embedded_done;
    bool decoded_done, text_done;
    bool decode_reported; /* codec defects already added to the part */
} eml__part_state;

/* One part. Compact on purpose: a message with thousands of small parts
 * pays for this record once per part. */
struct eml_part {
    eml_message *message;
    const char *base; /* the buffer this part's offsets count from: the
                         message buffer, or a decoded embedded message */
    eml_part *parent;
    eml_part *next;      /* sibling in the same multipart */
    eml_part *embedded;  /* root of an embedded message (message/rfc822) */
    eml_part **children; /* nchildren entries, arena */
    eml__field *fields;
    const eml__param *params; /* Content-Type parameters */
    const eml__param *disp_params; /* Content-Disposition parameters */
    const char *content_type;  /* "type/subtype", lowercased, NUL-terminated */
    const char *disposition;   /* lowercased, NUL-terminated; NULL if absent */
    const char *encoding_name; /* lowercased, NUL-terminated */
    const eml_slice *filename; /* a parameter's value, or NULL */
    eml__multipart *multipart; /* NULL when no preamble/epilogue */
    eml__part_state *state;    /* on-demand results and defects */

    size_t offset;     /* first header byte */
    size_t header_len; /* raw header block: [offset, offset + header_len) */
    size_t body_off;   /* raw body: [body_off, body_off + body_len) */
    size_t body_len;

    uint32_t nchildren, nfields, nparams, ndisp_params;
    uint32_t depth;
    uint32_t type_len;         /* "type" in content_type */
    uint32_t content_type_len;
    uint32_t disposition_len;
    uint32_t encoding_name_len;
    uint8_t encoding;          /* eml_encoding */
};

struct eml_message {
    eml_allocator allocator; /* copied from the options */
    eml__arena arena;
    const char *buf;
    size_t len;
    int64_t options[EML__OPTION_COUNT];
    int impl; /* resolved eml_impl for the codecs */
    eml_part *root;
    size_t nparts;
    struct eml__charset_cache *charset_cache; /* iconv descriptors, opened on first use */
    struct eml__view_cache *view_cache; /* the message view (lib/api/view.c), arena */
};

/* The raw body as a slice of the message buffer. */
static inline eml_slice eml__part_body(const eml_part *part)
{
    eml_slice s = { part->base + part->body_off, part->body_len };
    return s;
}

/* Adds a defect to a part (shorthand for eml__defect_add on its arena). */
int eml__part_defect(const eml_part *part, int code, size_t offset);

/* The message's arena, reachable from a const part: results computed on
 * demand are cached in the message (see the thread note in eml.h). */
eml__arena *eml__part_arena(const eml_part *part);

/* A text decoder context for a part: results in the message arena,
 * defects on the part at base (+ their position unless inexact). */
void eml__part_text_ctx(const eml_part *part, size_t base, bool inexact, eml__text_ctx *ctx);

#endif /* EML_MIME_TREE_H */
