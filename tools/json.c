/*
 * A compact JSON writer (RFC 8259). The output is always valid UTF-8:
 * mail is full of bytes in undeclared charsets, and a JSON consumer must
 * never be handed an invalid document because of one stray byte.
 */
#include "json.h"
#include "buf.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

void json_escape(tbuf *b, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    tbuf_reserve(b, len + 2);
    while (i < len) {
        size_t run = i;
        while (run < len && p[run] >= 0x20 && p[run] < 0x80 && p[run] != '"' && p[run] != '\\')
            run++;
        tbuf_put(b, p + i, run - i);
        i = run;
        if (i >= len)
            break;
        unsigned char c = p[i];
        if (c == '"' || c == '\\') {
            char e[2] = {'\\', (char)c};
            tbuf_put(b, e, 2);
            i++;
        } else if (c < 0x20) {
            /* RFC 8259 section 7: control characters must be escaped. */
            switch (c) {
            case '\n': tbuf_puts(b, "\\n"); break;
            case '\r': tbuf_puts(b, "\\r"); break;
            case '\t': tbuf_puts(b, "\\t"); break;
            case '\b': tbuf_puts(b, "\\b"); break;
            case '\f': tbuf_puts(b, "\\f"); break;
            default: {
                char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
                tbuf_put(b, e, 6);
            }
            }
            i++;
        } else {
            uint32_t cp;
            size_t n = utf8_decode(p + i, len - i, &cp);
            if (n) {
                tbuf_put(b, p + i, n);
                i += n;
            } else {
                tbuf_put_utf8(b, 0xFFFD);
                i++;
            }
        }
    }
}

void jw_init(jwriter *w, tbuf *out)
{
    w->out = out;
    w->first = NULL;
    w->depth = 0;
    w->cap = 0;
    w->after_key = 0;
}

void jw_free(jwriter *w)
{
    free(w->first);
    w->first = NULL;
    w->cap = 0;
}

/* Before any value: a comma unless it is the first in its container or
 * follows a key. */
static void value_begin(jwriter *w)
{
    if (w->after_key) {
        w->after_key = 0;
        return;
    }
    if (w->depth) {
        if (!w->first[w->depth - 1])
            tbuf_putc(w->out, ',');
        w->first[w->depth - 1] = 0;
    }
}

static void open_container(jwriter *w, char c)
{
    value_begin(w);
    tbuf_putc(w->out, c);
    if (w->depth == w->cap) {
        w->cap = w->cap ? w->cap * 2 : 32;
        w->first = xrealloc(w->first, w->cap);
    }
    w->first[w->depth++] = 1;
}

static void close_container(jwriter *w, char c)
{
    if (w->depth)
        w->depth--;
    tbuf_putc(w->out, c);
}

void jw_object_begin(jwriter *w) { open_container(w, '{'); }
void jw_object_end(jwriter *w) { close_container(w, '}'); }
void jw_array_begin(jwriter *w) { open_container(w, '['); }
void jw_array_end(jwriter *w) { close_container(w, ']'); }

void jw_key(jwriter *w, const char *key)
{
    value_begin(w);
    tbuf_putc(w->out, '"');
    json_escape(w->out, key, strlen(key));
    tbuf_puts(w->out, "\":");
    w->after_key = 1;
}

void jw_string(jwriter *w, const char *s, size_t len)
{
    value_begin(w);
    tbuf_putc(w->out, '"');
    json_escape(w->out, s, len);
    tbuf_putc(w->out, '"');
}

void jw_cstring(jwriter *w, const char *s)
{
    jw_string(w, s, strlen(s));
}

void jw_slice(jwriter *w, eml_slice s)
{
    if (s.ptr)
        jw_string(w, s.ptr, s.len);
    else
        jw_null(w);
}

void jw_null(jwriter *w)
{
    value_begin(w);
    tbuf_puts(w->out, "null");
}

void jw_uint(jwriter *w, uint64_t v)
{
    value_begin(w);
    tbuf_printf(w->out, "%llu", (unsigned long long)v);
}

void jw_bool(jwriter *w, int v)
{
    value_begin(w);
    tbuf_puts(w->out, v ? "true" : "false");
}
