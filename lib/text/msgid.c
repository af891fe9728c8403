/*
 * Message identifiers: msg-id = [CFWS] "<" id-left "@" id-right ">" [CFWS]
 * (RFC 5322 section 3.6.4). In-Reply-To and References in the wild also
 * hold phrases ("Your message of ..."), addresses and ids without angle
 * brackets, so the parser looks for ids and steps over everything else.
 */
#include "text/msgid.h"

#include "text/lex.h"

#include <string.h>

typedef struct idparser {
    const eml__text_ctx *ctx;
    eml__lex lex;
    const char *s;
    size_t len, max;
    eml__tbuf items;
    size_t count;
    bool cut, oom;
    size_t cut_offset;
    bool in_junk; /* a defect was recorded for the junk since the last id */
} idparser;

/* Words that are not ids (a phrase in In-Reply-To, a bare "12223" in
 * Message-ID) are stepped over, but never silently: one defect for each
 * run of them, where it starts. */
static void junk(idparser *p, size_t at)
{
    if (!p->in_junk)
        eml__text_defect(p->ctx, EML_DEFECT_MSGID_INVALID, at);
    p->in_junk = true;
}

/* Appends s[from, to) without its line breaks (they are folding). */
static void append_unfolded(eml__tbuf *b, const char *s, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        if (s[i] != '\r' && s[i] != '\n')
            eml__tbuf_byte(b, (unsigned char)s[i]);
}

/* The id in s[from, to) without the CFWS that obs-id-left and
 * obs-id-right allow (RFC 5322 section 4.5.4); quoted strings stay as
 * they are, quotes included. */
static void strip_cfws(const idparser *p, size_t from, size_t to, eml__tbuf *b)
{
    eml__lex span = p->lex;
    span.len = to; /* the id ends at its '>' */
    size_t i = from;
    while (i < to) {
        char c = p->s[i];
        if (c == '"') {
            size_t end = eml__lex_quoted_string(&span, i);
            append_unfolded(b, p->s, i, end);
            i = end;
        } else if (c == '(') {
            i = eml__lex_comment(&span, i);
        } else {
            if (!eml__is_fws((unsigned char)c))
                eml__tbuf_byte(b, (unsigned char)c);
            i++;
        }
    }
}

static void add_id(idparser *p, size_t from, size_t to)
{
    if (p->max && p->count >= p->max) {
        p->cut = true;
        p->cut_offset = from;
        return;
    }
    eml_slice id = {p->s + from, to - from};
    bool clean = true;
    for (size_t i = from; i < to && clean; i++)
        clean = !eml__is_fws((unsigned char)p->s[i]) && p->s[i] != '(';
    if (!clean) {
        eml__tbuf b;
        eml__tbuf_init(&b, p->ctx->arena);
        strip_cfws(p, from, to, &b);
        if (eml__tbuf_finish(&b, &id) != EML_OK) {
            p->oom = true; /* a lost id fails the list, never shortens it */
            return;
        }
        /* CFWS removed (obs-id-left/right, RFC 5322 section 4.5.4): the
         * id is rewritten, which is said. */
        if (id.len != to - from)
            eml__text_defect(p->ctx, EML_DEFECT_MSGID_INVALID, from);
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
    p->in_junk = false;
}

/* "<" ... ">": returns the position after it. */
static size_t angle_id(idparser *p, size_t i)
{
    size_t from = i + 1, j = from;
    while (j < p->len && p->s[j] != '>' && p->s[j] != '<') {
        if (p->s[j] == '"')
            j = eml__lex_quoted_string(&p->lex, j);
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
    while (k < j && !eml__is_fws((unsigned char)p->s[k]))
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
    while (j < p->len && !eml__is_fws((unsigned char)p->s[j]) && p->s[j] != '<' && p->s[j] != '(' &&
           p->s[j] != ',' && p->s[j] != '"')
        j++;
    size_t end = j;
    while (end > i && (p->s[end - 1] == '.' || p->s[end - 1] == ';' || p->s[end - 1] == ':'))
        end--;
    const char *at = memchr(p->s + i, '@', end - i);
    if (at && at > p->s + i && at + 1 < p->s + end) {
        eml__text_defect(p->ctx, EML_DEFECT_MSGID_NO_ANGLE, i);
        add_id(p, i, end);
    } else {
        junk(p, i);
    }
    return j > i ? j : i + 1;
}

static int keep(const idparser *p, eml__msgid_list *out)
{
    out->count = p->count;
    out->cut = p->cut;
    out->cut_offset = p->cut_offset;
    if (!p->count)
        return EML_OK;
    size_t n = p->count * sizeof(eml_slice);
    out->items = eml__arena_alloc(p->ctx->arena, n);
    if (!out->items)
        return EML_ENOMEM;
    memcpy(out->items, p->items.ptr, n);
    return EML_OK;
}

int eml__msgid_parse(const eml__text_ctx *ctx, const char *src, size_t len, size_t max,
                     eml__msgid_list *out)
{
    idparser p = {ctx, {0}, src, len, max, {0}, 0, false, false, 0, false};
    out->items = NULL;
    out->count = 0;
    out->cut = false;
    out->cut_offset = 0;
    eml__lex_init(&p.lex, ctx, src, len);
    /* The array grows on the heap; the message keeps an exact copy. */
    eml__tbuf_init_scratch(&p.items, ctx->arena);
    size_t i = 0;
    while (i < len && !p.cut && !p.oom) {
        unsigned char c = (unsigned char)src[i];
        if (eml__is_fws(c) || c == ',')
            i++;
        else if (c == '(')
            i = eml__lex_comment(&p.lex, i);
        else if (c == '"') {
            junk(&p, i);
            i = eml__lex_quoted_string(&p.lex, i);
        }
        else if (c == '<')
            i = angle_id(&p, i);
        else
            i = bare_word(&p, i);
    }
    int rc = p.items.oom || p.oom ? EML_ENOMEM : keep(&p, out);
    eml__tbuf_release(&p.items);
    return rc;
}
