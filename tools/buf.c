/* A growable byte buffer, with UTF-8 aware writers for terminal output. */
#include "buf.h"
#include "xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void tbuf_init(tbuf *b)
{
    b->ptr = NULL;
    b->len = 0;
    b->cap = 0;
}

void tbuf_free(tbuf *b)
{
    free(b->ptr);
    tbuf_init(b);
}

void tbuf_reserve(tbuf *b, size_t extra)
{
    if (extra >= SIZE_MAX - b->len - 1) {
        fputs("eml: out of memory\n", stderr);
        exit(2);
    }
    size_t need = b->len + extra + 1; /* one spare byte for a NUL */
    if (need <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    b->ptr = xrealloc(b->ptr, cap);
    b->cap = cap;
}

void tbuf_put(tbuf *b, const void *data, size_t len)
{
    if (!len)
        return;
    tbuf_reserve(b, len);
    memcpy(b->ptr + b->len, data, len);
    b->len += len;
    b->ptr[b->len] = '\0';
}

void tbuf_puts(tbuf *b, const char *s)
{
    tbuf_put(b, s, strlen(s));
}

void tbuf_putc(tbuf *b, char c)
{
    tbuf_reserve(b, 1);
    b->ptr[b->len++] = c;
    b->ptr[b->len] = '\0';
}

void tbuf_printf(tbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n <= 0)
        return;
    tbuf_reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t need;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2; v = c & 0x1F; min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3; v = c & 0x0F; min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4; v = c & 0x07; min = 0x10000;
    } else {
        return 0; /* continuation byte, C0/C1 overlong lead, or F5..FF */
    }
    if (n < need)
        return 0;
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return need;
}

void tbuf_put_utf8(tbuf *b, uint32_t cp)
{
    char s[4];
    size_t n;
    if (cp < 0x80) {
        s[0] = (char)cp; n = 1;
    } else if (cp < 0x800) {
        s[0] = (char)(0xC0 | (cp >> 6));
        s[1] = (char)(0x80 | (cp & 0x3F)); n = 2;
    } else if (cp < 0x10000) {
        s[0] = (char)(0xE0 | (cp >> 12));
        s[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        s[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
    } else {
        s[0] = (char)(0xF0 | (cp >> 18));
        s[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        s[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        s[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
    }
    tbuf_put(b, s, n);
}

static int is_control(uint32_t cp)
{
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
}

void tbuf_put_text(tbuf *b, const char *s, size_t len, const char *keep)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    tbuf_reserve(b, len);
    while (i < len) {
        size_t run = i;
        while (run < len && p[run] >= 0x20 && p[run] < 0x7F)
            run++; /* printable ASCII: copy in one go */
        tbuf_put(b, p + i, run - i);
        i = run;
        if (i >= len)
            break;
        uint32_t cp;
        size_t n = utf8_decode(p + i, len - i, &cp);
        if (!n) {
            tbuf_put_utf8(b, 0xFFFD);
            i++;
            continue;
        }
        if (!is_control(cp) || (cp < 0x80 && keep && cp && strchr(keep, (int)cp)))
            tbuf_put(b, p + i, n);
        i += n;
    }
}

void tbuf_put_display(tbuf *b, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = utf8_decode(p + i, len - i, &cp);
        if (!n) {
            tbuf_printf(b, "\\x%02X", p[i]);
            i++;
        } else if (cp == '\t') {
            tbuf_putc(b, ' ');
            i++;
        } else if (is_control(cp)) {
            tbuf_printf(b, "\\x%02X", (unsigned)cp);
            i += n;
        } else {
            tbuf_put(b, p + i, n);
            i += n;
        }
    }
}

int slice_is(eml_slice v, const char *s)
{
    size_t n = strlen(s);
    return v.ptr && v.len == n && memcmp(v.ptr, s, n) == 0;
}
