/*
 * A compact JSON writer into a tbuf that places commas itself. Strings
 * are always valid UTF-8 on output: control characters are escaped and
 * bytes that are not valid UTF-8 become U+FFFD (RFC 8259 section 8.1).
 */
#ifndef EML_TOOL_JSON_H
#define EML_TOOL_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "eml.h"

typedef struct jwriter {
    tbuf *out;
    unsigned char *first; /* one flag per open container: no value yet */
    size_t depth;
    size_t cap;
    int after_key;
} jwriter;

void jw_init(jwriter *w, tbuf *out);
void jw_free(jwriter *w);
void jw_object_begin(jwriter *w);
void jw_object_end(jwriter *w);
void jw_array_begin(jwriter *w);
void jw_array_end(jwriter *w);
void jw_key(jwriter *w, const char *key);
void jw_string(jwriter *w, const char *s, size_t len);
void jw_cstring(jwriter *w, const char *s);
/* A string, or null when s is NULL. */
void jw_slice(jwriter *w, eml_slice s);
void jw_null(jwriter *w);
void jw_uint(jwriter *w, uint64_t v);
void jw_bool(jwriter *w, int v);
/* Appends s as a JSON string body (no quotes) with the escaping above. */
void json_escape(tbuf *b, const char *s, size_t len);

#endif /* EML_TOOL_JSON_H */
