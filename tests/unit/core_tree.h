/*
 * Test helpers for the parser's tests: a compact rendering of a tree and
 * a check that no input byte is lost (every byte lies in a header, a
 * body, a preamble or an epilogue, or is a line break or a delimiter line
 * of one of the tree's boundaries).
 */
#ifndef CORE_TREE_H
#define CORE_TREE_H

#include "eml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct tree_text {
    char buf[4096];
    size_t len;
} tree_text;

static inline void tt_put(tree_text *t, const char *s, size_t n)
{
    if (t->len + n >= sizeof t->buf)
        n = sizeof t->buf - 1 - t->len;
    memcpy(t->buf + t->len, s, n);
    t->len += n;
    t->buf[t->len] = '\0';
}

static inline void tt_puts(tree_text *t, const char *s)
{
    tt_put(t, s, strlen(s));
}

/* "multipart/mixed{text/plain,message/rfc822[text/plain]}" */
static inline void render_part(const eml_part *p, tree_text *t)
{
    eml_slice ct = eml_part_content_type(p);
    tt_put(t, ct.ptr, ct.len);
    size_t n = eml_part_child_count(p);
    if (n) {
        tt_puts(t, "{");
        for (size_t i = 0; i < n; i++) {
            if (i)
                tt_puts(t, ",");
            render_part(eml_part_child(p, i), t);
        }
        tt_puts(t, "}");
    }
    if (eml_part_embedded(p)) {
        tt_puts(t, "[");
        render_part(eml_part_embedded(p), t);
        tt_puts(t, "]");
    }
}

/* Defect names of the whole tree in document order, comma-separated. */
static inline void render_defects(const eml_part *p, tree_text *t)
{
    for (size_t i = 0; i < eml_part_defect_count(p); i++) {
        eml_defect d;
        eml_part_defect(p, i, &d);
        if (t->len)
            tt_puts(t, ",");
        tt_puts(t, eml_defect_name(d.code));
    }
    for (size_t i = 0; i < eml_part_child_count(p); i++)
        render_defects(eml_part_child(p, i), t);
    if (eml_part_embedded(p))
        render_defects(eml_part_embedded(p), t);
}

typedef struct coverage {
    const char *buf;
    size_t len;
    unsigned char *mark;
    eml_slice boundaries[512];
    size_t nboundaries;
} coverage;

static inline void cov_mark(coverage *c, eml_slice s)
{
    if (!s.ptr || !s.len)
        return;
    size_t off = (size_t)(s.ptr - c->buf);
    for (size_t i = 0; i < s.len && off + i < c->len; i++)
        c->mark[off + i] = 1;
}

static inline void cov_walk(coverage *c, const eml_part *p)
{
    cov_mark(c, eml_part_header_raw(p));
    eml_slice b = eml_part_param_get(p, "boundary", EML_NUL_TERMINATED);
    if (b.ptr && c->nboundaries < 512)
        c->boundaries[c->nboundaries++] = b;
    size_t n = eml_part_child_count(p);
    const eml_part *e = eml_part_embedded(p);
    /* An encoded embedded message lives in its decoded bytes: the
     * encoded body is what covers the input. */
    if (e && eml_part_buffer(e).ptr != eml_part_buffer(p).ptr)
        e = NULL;
    if (!n && !e)
        cov_mark(c, eml_part_body_raw(p));
    cov_mark(c, eml_part_preamble(p));
    cov_mark(c, eml_part_epilogue(p));
    for (size_t i = 0; i < n; i++)
        cov_walk(c, eml_part_child(p, i));
    if (e)
        cov_walk(c, e);
}

static inline int cov_is_delimiter(const coverage *c, const char *s, size_t n)
{
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    if (n < 2 || s[0] != '-' || s[1] != '-')
        return 0;
    for (size_t i = 0; i < c->nboundaries; i++) {
        eml_slice b = c->boundaries[i];
        size_t bl = b.len;
        while (bl && (b.ptr[bl - 1] == ' ' || b.ptr[bl - 1] == '\t'))
            bl--;
        if ((n == bl + 2 || (n == bl + 4 && s[n - 1] == '-' && s[n - 2] == '-')) &&
            memcmp(s + 2, b.ptr, bl) == 0)
            return 1;
        /* A delimiter followed by a blank and text (RFC 2046 5.1.1 note). */
        for (size_t at = bl + 2; at <= bl + 4 && at < n; at += 2)
            if ((s[at] == ' ' || s[at] == '\t') && memcmp(s + 2, b.ptr, bl) == 0 &&
                (at == bl + 2 || (s[bl + 2] == '-' && s[bl + 3] == '-')))
                return 1;
    }
    return 0;
}

/* Returns the offset of the first lost byte, or (size_t)-1 when every
 * byte is reachable. */
static inline size_t first_lost_byte(const eml_message *m)
{
    eml_slice all = eml_message_buffer(m);
    coverage c;
    memset(&c, 0, sizeof c);
    c.buf = all.ptr;
    c.len = all.len;
    c.mark = calloc(all.len + 1, 1);
    if (!c.mark)
        return 0;
    cov_walk(&c, eml_message_root(m));
    size_t lost = (size_t)-1;
    size_t i = 0;
    while (i < c.len && lost == (size_t)-1) {
        if (c.mark[i] || c.buf[i] == '\r' || c.buf[i] == '\n') {
            i++;
            continue;
        }
        size_t e = i;
        while (e < c.len && !c.mark[e] && c.buf[e] != '\n')
            e++;
        if (!cov_is_delimiter(&c, c.buf + i, e - i))
            lost = i;
        i = e;
    }
    free(c.mark);
    return lost;
}

#endif
