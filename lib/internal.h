/*
 * Internal definitions shared between the library's files. Not API.
 *
 * Contract between layers (data flows one way):
 *   header.c (tokenizer)  ->  mime.c (tree builder)  ->  on-demand decoders
 *   (codec: base64/qp, charset, rfc2047, address, date, msgid).
 * Lower layers never call upward. Functions shared between files carry
 * the eml__ prefix; everything else is static.
 */
#ifndef EML_INTERNAL_H
#define EML_INTERNAL_H

#ifndef EML_BUILDING_LIBRARY
#define EML_BUILDING_LIBRARY 1
#endif
#include "eml.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- memory ------------------------------------------------------------ */

/* Allocation through the caller's hooks (or malloc when a is NULL or its
 * alloc is NULL). eml__mem_free accepts NULL. */
void *eml__mem_alloc(const eml_allocator *a, size_t size);
void eml__mem_free(const eml_allocator *a, void *ptr, size_t size);

/* A bump arena owned by one message: many small allocations, freed at
 * once. Blocks come from the message's allocator. */
typedef struct eml__arena_block eml__arena_block;
typedef struct eml__arena {
    const eml_allocator *allocator;
    eml__arena_block *head;
    size_t used; /* bytes used in head */
    size_t total; /* bytes obtained from the allocator, for accounting */
} eml__arena;

void eml__arena_init(eml__arena *arena, const eml_allocator *allocator);
void eml__arena_release(eml__arena *arena);
/* 16-byte aligned; NULL when out of memory or on size overflow. */
void *eml__arena_alloc(eml__arena *arena, size_t size);
/* Copies len bytes and appends a NUL. */
char *eml__arena_strndup(eml__arena *arena, const char *s, size_t len);

/* ---- options ------------------------------------------------------------ */

#define EML__OPTION_COUNT 9 /* highest eml_option + 1 */

struct eml_options {
    eml_allocator allocator; /* alloc == NULL means libc */
    int64_t values[EML__OPTION_COUNT];
};

/* Fills values with every option's default. */
void eml__options_defaults(int64_t values[EML__OPTION_COUNT]);

/* ---- defects ------------------------------------------------------------ */

/* A growable defect list, memory from the arena. Adding never fails
 * loudly: on out-of-memory the defect is counted in dropped. */
typedef struct eml__defect_list {
    eml_defect *items;
    uint32_t count;
    uint32_t capacity;
    uint32_t dropped;
} eml__defect_list;

/* Appends (code, offset) unless the same code is already recorded at the
 * same offset. Returns EML_OK or EML_ENOMEM. */
int eml__defect_add(eml__arena *arena, eml__defect_list *list, int code, size_t offset);

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

struct eml_part {
    eml_message *message;
    eml_part *parent;
    eml_part *next;      /* sibling in the same multipart */
    eml_part *embedded;  /* root of an embedded message (message/rfc822) */
    eml_part **children; /* nchildren entries, arena */
    size_t nchildren;
    uint32_t depth;

    size_t offset;      /* first header byte */
    eml_slice header;   /* raw header block */
    eml_slice body;     /* raw body */
    eml_slice preamble; /* multiparts only */
    eml_slice epilogue;

    eml__field *fields;
    size_t nfields;

    eml_slice type, subtype, content_type; /* lowercased, arena */
    eml__param *params;
    size_t nparams;
    eml_slice disposition;
    eml__param *disp_params;
    size_t ndisp_params;
    eml_slice filename;
    eml_encoding encoding;
    eml_slice encoding_name;

    eml__defect_list defects;

    /* On-demand results, filled on first request. */
    bool decoded_done, text_done;
    bool decode_reported; /* codec defects already added to the part */
    eml_slice decoded;
    eml_slice text;
    void *semantic_cache; /* owned by the header-semantics files */
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
    void *charset_cache; /* iconv descriptors, owned by charset.c */
};

/* Adds a defect to a part (shorthand for eml__defect_add on its arena). */
int eml__part_defect(const eml_part *part, int code, size_t offset);

/* The message's arena, reachable from a const part: results computed on
 * demand are cached in the message (see the thread note in eml.h). */
eml__arena *eml__part_arena(const eml_part *part);

#endif /* EML_INTERNAL_H */
