/*
 * Message identifiers: msg-id = [CFWS] "<" id-left "@" id-right ">" [CFWS]
 * (RFC 5322 section 3.6.4). In-Reply-To and References in the wild also
 * hold phrases ("Your message of ..."), addresses and ids without angle
 * brackets, so the parser looks for ids and steps over everything else.
 */
#include "text/msgid.h"

#include <string.h>

static bool is_wsp(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

typedef struct idparser {
    const eml__text_ctx *ctx;
    const char *s;
    size_t len, max;
    eml__tbuf items;
    size_t count;
} idparser;

static void add_id(idparser *p, size_t from, size_t to)
{
    if (p->max && p->count >= p->max)
        return;
    eml_slice id = {p->s + from, to - from};
    bool clean = true;
    for (size_t i = from; i < to && clean; i++)
        clean = !is_wsp((unsigned char)p->s[i]) && p->s[i] != '(';
    if (!clean) {
        /* obs-id-left and obs-id-right allow CFWS: drop it. */
        eml__tbuf b;
        eml__tbuf_init(&b, p->ctx->arena);
        size_t depth = 0;
        bool quoted = false;
        for (size_t i = from; i < to; i++) {
            char c = p->s[i];
            if (c == '\r' || c == '\n')
                continue;
            if (quoted) {
                eml__tbuf_byte(&b, (unsigned char)c);
                if (c == '\\' && i + 1 < to)
                    eml__tbuf_byte(&b, (unsigned char)p->s[++i]);
                else if (c == '"')
                    quoted = false;
            } else if (c == '"' && !depth) {
                quoted = true;
                eml__tbuf_byte(&b, (unsigned char)c);
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && depth) {
                depth--;
            } else if (!depth && !is_wsp((unsigned char)c)) {
                eml__tbuf_byte(&b, (unsigned char)c);
            }
        }
        if (eml__tbuf_finish(&b, &id) != EML_OK)
            return;
    }
    if (id.len == 0) {
        eml__text_defect(p->ctx, EML_DEFECT_MSGID_INVALID, from);
        return;
    }
    if (!memchr(id.ptr, '@', id.len))
        eml__text_defect(p->ctx, EML_DEFECT_MSGID_INVALID, from);
    eml__tbuf_append(&p->items, &id, sizeof id);
    if (!p->items.oom)
        p->count++;
}

static size_t skip_comment(const idparser *p, size_t i)
{
    size_t depth = 0;
    for (; i < p->len; i++) {
        char c = p->s[i];
        if (c == '\\')
            i++;
        else if (c == '(')
            depth++;
        else if (c == ')' && --depth == 0)
            return i + 1;
    }
    return p->len;
}

static size_t skip_quoted(const idparser *p, size_t i)
{
    for (i++; i < p->len; i++) {
        if (p->s[i] == '\\')
            i++;
        else if (p->s[i] == '"')
            return i + 1;
    }
    return p->len;
}

/* "<" ... ">": returns the position after it. */
static size_t angle_id(idparser *p, size_t i)
{
    size_t from = i + 1, j = from;
    while (j < p->len && p->s[j] != '>' && p->s[j] != '<') {
        if (p->s[j] == '"')
            j = skip_quoted(p, j);
        else
            j++;
    }
    if (j < p->len && p->s[j] == '>') {
        add_id(p, from, j);
        return j + 1;
    }
    /* No closing bracket: the id runs to the next whitespace. */
    eml__text_defect(p->ctx, EML_DEFECT_MSGID_INVALID, i);
    size_t k = from;
    while (k < j && !is_wsp((unsigned char)p->s[k]))
        k++;
    if (k > from)
        add_id(p, from, k);
    return k > from ? k : from;
}

/* A word outside brackets: an id if it looks like one (id-left@id-right),
 * else junk. */
static size_t bare_word(idparser *p, size_t i)
{
    size_t j = i;
    while (j < p->len && !is_wsp((unsigned char)p->s[j]) && p->s[j] != '<' && p->s[j] != '(' &&
           p->s[j] != ',' && p->s[j] != '"')
        j++;
    size_t end = j;
    while (end > i && (p->s[end - 1] == '.' || p->s[end - 1] == ';' || p->s[end - 1] == ':'))
        end--;
    const char *at = memchr(p->s + i, '@', end - i);
    if (at && at > p->s + i && at + 1 < p->s + end) {
        eml__text_defect(p->ctx, EML_DEFECT_MSGID_NO_ANGLE, i);
        add_id(p, i, end);
    }
    return j > i ? j : i + 1;
}

int eml__msgid_parse(const eml__text_ctx *ctx, const char *src, size_t len, size_t max,
                     eml__msgid_list *out)
{
    idparser p = {ctx, src, len, max, {0}, 0};
    eml__tbuf_init(&p.items, ctx->arena);
    size_t i = 0;
    while (i < len && !(max && p.count >= max)) {
        unsigned char c = (unsigned char)src[i];
        if (is_wsp(c) || c == ',')
            i++;
        else if (c == '(')
            i = skip_comment(&p, i);
        else if (c == '"')
            i = skip_quoted(&p, i);
        else if (c == '<')
            i = angle_id(&p, i);
        else
            i = bare_word(&p, i);
    }
    if (p.items.oom)
        return EML_ENOMEM;
    out->items = (eml_slice *)(void *)p.items.ptr;
    out->count = p.count;
    return EML_OK;
}
