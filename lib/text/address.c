/*
 * Address lists: RFC 5322 section 3.4 with the obsolete syntax of section
 * 4.4 and UTF-8 of RFC 6532, read leniently.
 *
 * The raw value becomes tokens (atoms, quoted strings and comments from the
 * RFC 5322 lexer in lex.c; domain literals and specials here); an entry is
 * the run of tokens up to a comma outside angle brackets, and is
 * interpreted once complete. Nothing recurses, so the work stays linear
 * whatever the input.
 */
#include "text/address.h"
#include "text/charset.h"
#include "codec/codec.h"
#include "text/lex.h"
#include "text/rfc2047.h"

#include <string.h>

enum token_kind { TK_ATOM, TK_QUOTED, TK_COMMENT, TK_LITERAL, TK_SPECIAL };

/* 12 bytes: a hostile field can hold one token per byte, and the token
 * array is the parser's largest buffer. Fields are below 4 GiB (the
 * header byte limit is 32-bit; eml__address_parse checks). */
typedef struct token {
    uint32_t start, end;  /* raw bytes, delimiters included */
    unsigned char kind;
    char ch;            /* the special character for TK_SPECIAL */
    bool space_before;  /* whitespace or a comment precedes it */
} token;

typedef struct lexer {
    eml__lex lex;
    size_t pos;
} lexer;

/* The end of a domain literal (section 3.4.1). */
static size_t skip_literal(const lexer *lx, size_t pos)
{
    const char *s = lx->lex.s;
    size_t len = lx->lex.len, i = pos + 1;
    while (i < len && s[i] != ']' && s[i] != '[' && s[i] != ',' && !eml__is_fws((unsigned char)s[i]))
        i++;
    if (i < len && s[i] == ']')
        return i + 1;
    while (i < len && s[i] != ']' && s[i] != '[' && s[i] != ',')
        i++;
    if (i < len && s[i] == ']')
        return i + 1; /* FWS inside a literal (obs-dtext) */
    return 0; /* unterminated: the caller makes it a lone '[' */
}

static bool next_token(lexer *lx, token *t)
{
    const char *s = lx->lex.s;
    size_t after = eml__lex_fws(&lx->lex, lx->pos);
    bool space = after > lx->pos;
    lx->pos = after;
    if (lx->pos >= lx->lex.len)
        return false;
    size_t p = lx->pos;
    unsigned char c = (unsigned char)s[p];
    t->start = (uint32_t)p;
    t->space_before = space;
    t->ch = 0;
    if (c == '"') {
        t->kind = TK_QUOTED;
        t->end = (uint32_t)eml__lex_quoted_string(&lx->lex, p);
    } else if (c == '(') {
        t->kind = TK_COMMENT;
        t->end = (uint32_t)eml__lex_comment(&lx->lex, p);
    } else if (c == '[') {
        t->kind = TK_LITERAL;
        t->end = (uint32_t)skip_literal(lx, p);
        if (t->end == 0) {
            /* No closing bracket before the next comma: a stray special,
             * so the entry is invalid and the list resumes at the comma. */
            t->kind = TK_SPECIAL;
            t->ch = '[';
            t->end = (uint32_t)p + 1;
        }
    } else if (c != '.' && eml__lex_is_special(c)) {
        t->kind = TK_SPECIAL;
        t->ch = (char)c;
        t->end = (uint32_t)p + 1;
    } else {
        /* '.' stays inside the word: dot-atoms and the obs-phrase of
         * RFC 5322 section 4.1 both allow it. */
        t->kind = TK_ATOM;
        t->end = (uint32_t)eml__lex_dot_atom(&lx->lex, p);
    }
    lx->pos = t->end;
    return true;
}

/* ---- building strings ---------------------------------------------------- */

/* Appends the text of a quoted string or comment (eml__lex_text). */
static void append_content(eml__tbuf *b, const char *s, const token *t)
{
    if (!eml__tbuf_reserve(b, t->end - t->start))
        return;
    b->len += eml__lex_text(s, t->start, t->end, b->ptr + b->len);
}

static bool has_encoded_word(const char *s, size_t from, size_t to)
{
    for (size_t i = from; i + 1 < to; i++)
        if (s[i] == '=' && s[i + 1] == '?')
            return true;
    return false;
}

/* Decodes a rebuilt phrase (RFC 2047 section 5 (3)) into a final string;
 * { NULL, 0 } when it is empty. */
static eml_slice finish_phrase(const eml__text_ctx *ctx, eml__tbuf *raw, size_t offset, bool quoted_ew)
{
    eml_slice none = {NULL, 0};
    if (raw->len == 0 || raw->oom)
        return none;
    eml__text_ctx sub = *ctx;
    sub.base = ctx->base + offset;
    sub.inexact = true;
    eml__tbuf out;
    eml__tbuf_init(&out, ctx->arena);
    size_t n = eml__rfc2047_decode(&sub, raw->ptr, raw->len, &out);
    if (n && quoted_ew)
        eml__text_defect(&sub, EML_DEFECT_ENCODED_WORD_IN_QUOTES, 0);
    eml_slice r;
    if (eml__tbuf_finish(&out, &r) != EML_OK) {
        /* raw is the parser's scratch, whose oom the parser checks at the
         * end: a name lost to out-of-memory must fail the whole list. */
        raw->oom = true;
        return none;
    }
    return r.len ? r : none;
}

/* The display name from tokens [from, to): words joined by one space where
 * the source had whitespace; specials kept as text with a defect. */
static eml_slice build_phrase(const eml__text_ctx *ctx, const char *s, const token *tk, size_t from,
                              size_t to, eml__tbuf *scratch)
{
    scratch->len = 0;
    bool quoted_ew = false, specials = false, first = true;
    size_t offset = from < to ? tk[from].start : 0;
    for (size_t i = from; i < to; i++) {
        const token *t = &tk[i];
        if (t->kind == TK_COMMENT)
            continue;
        if (!first && t->space_before)
            eml__tbuf_byte(scratch, ' ');
        if (t->kind == TK_QUOTED) {
            append_content(scratch, s, t);
            quoted_ew = quoted_ew || has_encoded_word(s, t->start, t->end);
        } else {
            if (t->kind == TK_SPECIAL || (t->kind == TK_ATOM && memchr(s + t->start, '.', t->end - t->start)))
                specials = true;
            eml__tbuf_append(scratch, s + t->start, t->end - t->start);
        }
        first = false;
    }
    if (specials)
        eml__text_defect(ctx, EML_DEFECT_ADDRESS_UNQUOTED_SPECIALS, offset);
    return finish_phrase(ctx, scratch, offset, quoted_ew);
}

static eml_slice build_comment(const eml__text_ctx *ctx, const char *s, const token *t,
                               eml__tbuf *scratch)
{
    scratch->len = 0;
    append_content(scratch, s, t);
    /* Encoded words are allowed in comments (RFC 2047 section 5 (2)). */
    return finish_phrase(ctx, scratch, t->start, false);
}

/* RFC 5322 atext, plus 8-bit bytes (RFC 6532 section 3.2). */
static bool is_atext_string(const char *s, size_t len)
{
    if (len == 0)
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!eml__lex_is_atext(c))
            return false;
    }
    return s[0] != '.' && s[len - 1] != '.';
}

/* Appends an address part: atoms as they are, quoted strings unquoted when
 * their content is a dot-atom, else re-quoted in canonical form. */
static void append_word(eml__tbuf *b, const char *s, const token *t, eml__tbuf *scratch)
{
    if (t->kind != TK_QUOTED) {
        for (size_t i = t->start; i < t->end; i++)
            if (s[i] != '\r' && s[i] != '\n')
                eml__tbuf_byte(b, (unsigned char)s[i]);
        return;
    }
    scratch->len = 0;
    append_content(scratch, s, t);
    if (is_atext_string(scratch->ptr, scratch->len)) {
        eml__tbuf_append(b, scratch->ptr, scratch->len);
        return;
    }
    eml__tbuf_byte(b, '"');
    for (size_t i = 0; i < scratch->len; i++) {
        char c = scratch->ptr[i];
        if (c == '"' || c == '\\')
            eml__tbuf_byte(b, '\\');
        eml__tbuf_byte(b, (unsigned char)c);
    }
    eml__tbuf_byte(b, '"');
}

/* ---- the parser ---------------------------------------------------------- */

typedef struct parser {
    const eml__text_ctx *ctx;
    const char *s;
    size_t max;
    eml__tbuf tokens;  /* token array of the current entry */
    eml__tbuf scratch;
    eml__tbuf scratch2;
    eml__tbuf items;   /* eml_address array */
    eml__tbuf addr;    /* the address being built */
    bool overflow;     /* the entry passed ENTRY_TOKENS_MAX */
    size_t count;
    bool cut;           /* an address past max was found */
    size_t cut_offset;
    size_t entry_offset; /* first byte of the entry being interpreted */
    size_t pending_end; /* tokens [0, pending_end) are words held for a
                           "Last, First <addr>" display name */
    bool in_group;
    size_t group_count;
    eml_slice group;
} parser;

/* Tokens held for one entry, "Last, First" words included. No address
 * comes near this; past it the entry is invalid and its tokens are only
 * scanned, so the token array stays a fixed size whatever the field. */
#define ENTRY_TOKENS_MAX 8192

static void push(parser *p, const token *t)
{
    if (p->tokens.len / sizeof *t >= ENTRY_TOKENS_MAX) {
        p->overflow = true;
        return;
    }
    eml__tbuf_append(&p->tokens, t, sizeof *t);
}

static token *tok(parser *p)
{
    return (token *)(void *)p->tokens.ptr;
}

static size_t ntok(const parser *p)
{
    return p->tokens.len / sizeof(token);
}

static void emit(parser *p, eml_slice name, eml_slice address)
{
    if (p->in_group)
        p->group_count++;
    if (p->max && p->count >= p->max) {
        p->cut = true;
        p->cut_offset = p->entry_offset;
        return;
    }
    eml_address a = {name, address, p->in_group ? p->group : (eml_slice){NULL, 0}};
    eml__tbuf_append(&p->items, &a, sizeof a);
    if (!p->items.oom)
        p->count++;
}

/* The address string from word tokens of a local part and a domain. */
static eml_slice build_address(parser *p, size_t lfrom, size_t lto, size_t dfrom, size_t dto)
{
    const token *tk = tok(p);
    /* Built in scratch and copied at its exact size: most addresses are
     * far shorter than a fresh buffer. */
    eml__tbuf *b = &p->addr;
    b->len = 0;
    for (size_t i = lfrom; i < lto; i++)
        if (tk[i].kind != TK_COMMENT)
            append_word(b, p->s, &tk[i], &p->scratch2);
    eml__tbuf_byte(b, '@');
    for (size_t i = dfrom; i < dto; i++)
        if (tk[i].kind != TK_COMMENT)
            append_word(b, p->s, &tk[i], &p->scratch2);
    eml_slice r = {NULL, 0};
    if (b->oom) {
        p->scratch2.oom = true; /* checked at the end, like every buffer */
        return r;
    }
    if (!eml__ascii_only(b->ptr, b->len) && !eml__utf8_valid(p->ctx->impl, b->ptr, b->len)) {
        /* RFC 6532 allows UTF-8 only; other 8-bit bytes are a guess. */
        eml__tbuf fixed;
        eml__tbuf_init(&fixed, p->ctx->arena);
        eml__charset_decode_undeclared(p->ctx, b->ptr, b->len, lfrom < lto ? tk[lfrom].start : 0, &fixed);
        if (eml__tbuf_finish(&fixed, &r) != EML_OK)
            p->scratch2.oom = true;
        return r;
    }
    if (eml__tbuf_finish(b, &r) != EML_OK)
        p->scratch2.oom = true;
    return r;
}

static bool is_word(const token *t)
{
    return t->kind == TK_ATOM || t->kind == TK_QUOTED;
}

static const token *first_comment(const token *tk, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        if (tk[i].kind == TK_COMMENT && tk[i].end - tk[i].start > 2)
            return &tk[i];
    return NULL;
}

/* addr-spec in tokens [from, to): local-part "@" domain, comments allowed
 * anywhere. Words before the local part that are separated by whitespace
 * (not dots) are a display name whose angle brackets are missing. */
static bool parse_addr_spec(parser *p, size_t from, size_t to, eml_slice *name, eml_slice *address,
                            size_t *end)
{
    const token *tk = tok(p);
    size_t at = from;
    while (at < to && !(tk[at].kind == TK_SPECIAL && tk[at].ch == '@'))
        at++; /* quoted '@'s are inside TK_QUOTED tokens */
    *end = to;
    if (at == to)
        return false;
    size_t dfrom = at + 1, dto = dfrom;
    while (dto < to && (is_word(&tk[dto]) || tk[dto].kind == TK_LITERAL || tk[dto].kind == TK_COMMENT)) {
        if (dto > dfrom && tk[dto].kind != TK_COMMENT && tk[dto].space_before) {
            /* obs-domain allows CFWS around dots only */
            const token *prev = &tk[dto - 1];
            bool dotted = (prev->kind == TK_ATOM && p->s[prev->end - 1] == '.') ||
                          (tk[dto].kind == TK_ATOM && p->s[tk[dto].start] == '.');
            if (!dotted)
                break;
        }
        dto++;
    }
    size_t lto = at, lfrom = at;
    while (lfrom > from) {
        const token *t = &tk[lfrom - 1];
        if (t->kind == TK_COMMENT) {
            lfrom--;
            continue;
        }
        if (!is_word(t))
            break;
        if (lfrom < lto) {
            const token *next = &tk[lfrom];
            while (next->kind == TK_COMMENT && next < &tk[lto])
                next++;
            bool dotted = (t->kind == TK_ATOM && p->s[t->end - 1] == '.') ||
                          (next->kind == TK_ATOM && p->s[next->start] == '.');
            if (next->space_before && !dotted && next != &tk[lto])
                break;
        }
        lfrom--;
    }
    bool has_local = false, has_domain = false;
    for (size_t i = lfrom; i < lto; i++)
        has_local = has_local || tk[i].kind != TK_COMMENT;
    for (size_t i = dfrom; i < dto; i++)
        has_domain = has_domain || tk[i].kind != TK_COMMENT;
    *end = dto;
    if (!has_local || !has_domain)
        return false;
    *address = build_address(p, lfrom, lto, dfrom, dto);
    name->ptr = NULL;
    name->len = 0;
    bool words_before = false;
    for (size_t i = from; i < lfrom; i++)
        words_before = words_before || tk[i].kind != TK_COMMENT;
    if (words_before) {
        eml__text_defect(p->ctx, EML_DEFECT_ADDRESS_MISSING_ANGLE, tk[from].start);
        *name = build_phrase(p->ctx, p->s, tk, from, lfrom, &p->scratch);
    }
    return address->ptr != NULL;
}

static void invalid(parser *p, size_t offset);

/* name-addr: [display-name] "<" [obs-route] addr-spec ">" [CFWS]. */
static bool parse_name_addr(parser *p, size_t from, size_t lt, size_t to, eml_slice *name,
                            eml_slice *address)
{
    const token *tk = tok(p);
    size_t a = lt + 1, gt = a;
    while (gt < to && !(tk[gt].kind == TK_SPECIAL && tk[gt].ch == '>'))
        gt++;
    if (gt == to)
        eml__text_defect(p->ctx, EML_DEFECT_ADDRESS_MISSING_ANGLE, tk[lt].start);
    /* RFC 5322 section 4.4 obs-route: "@a,@b:" before the addr-spec. */
    size_t first = a;
    while (first < gt && tk[first].kind == TK_COMMENT)
        first++;
    if (first < gt && tk[first].kind == TK_SPECIAL && tk[first].ch == '@') {
        size_t colon = first;
        while (colon < gt && !(tk[colon].kind == TK_SPECIAL && tk[colon].ch == ':'))
            colon++;
        if (colon < gt) {
            eml__text_defect(p->ctx, EML_DEFECT_ADDRESS_OBS_ROUTE, tk[first].start);
            a = colon + 1;
        }
    }
    *name = build_phrase(p->ctx, p->s, tk, from, lt, &p->scratch);
    eml_slice ignored;
    size_t end;
    bool empty_angle = true;
    for (size_t i = a; i < gt; i++)
        empty_angle = empty_angle && tk[i].kind == TK_COMMENT;
    if (empty_angle) {
        /* "<>" is the null reverse-path (RFC 5321): an empty address. */
        address->ptr = "";
        address->len = 0;
    } else if (!parse_addr_spec(p, a, gt, &ignored, address, &end)) {
        return false;
    }
    if (!name->ptr) {
        const token *c = first_comment(tk, gt < to ? gt + 1 : to, to);
        if (!c)
            c = first_comment(tk, from, lt);
        if (c)
            *name = build_comment(p->ctx, p->s, c, &p->scratch);
    }
    /* Only CFWS may follow the angle-addr. Text there (a second
     * "<addr>", words) is not read as an address, which the defect says:
     * the first angle-addr is the one a display name belongs to, and the
     * rest stays in the raw field. */
    for (size_t i = gt + 1; i < to; i++) {
        if (tk[i].kind != TK_COMMENT) {
            invalid(p, tk[i].start);
            break;
        }
    }
    return true;
}

static void invalid(parser *p, size_t offset)
{
    eml__text_defect(p->ctx, EML_DEFECT_ADDRESS_INVALID, offset);
}

/* Held words that no angle-addr followed: each is an invalid entry. */
static void drop_pending(parser *p)
{
    const token *tk = tok(p);
    size_t entry = 0;
    for (size_t i = 0; i < p->pending_end; i++) {
        if (tk[i].kind == TK_SPECIAL && tk[i].ch == ',') {
            invalid(p, tk[entry].start);
            entry = i + 1;
        }
    }
}

/* An entry without angle brackets: one addr-spec, or several that lack
 * the commas between them ("a@b c@d"), each emitted. */
static bool addr_specs(parser *p, size_t from, size_t n)
{
    const token *tk = tok(p);
    size_t i = from, found = 0;
    while (i < n) {
        eml_slice name, address;
        size_t end;
        size_t start = i;
        if (!parse_addr_spec(p, i, n, &name, &address, &end)) {
            if (found == 0 || end < n)
                invalid(p, tk[start].start);
            break;
        }
        if (!name.ptr) {
            const token *c = first_comment(tk, start, end);
            if (c)
                name = build_comment(p->ctx, p->s, c, &p->scratch);
        }
        if (found)
            invalid(p, tk[start].start); /* a missing comma */
        emit(p, name, address);
        found++;
        i = end;
        while (i < n && tk[i].kind == TK_COMMENT)
            i++;
    }
    return found > 0;
}

static void reset_entry(parser *p)
{
    p->tokens.len = 0;
    p->pending_end = 0;
    p->overflow = false;
}

/* Interprets the tokens of one entry. by_comma: the entry ended at a
 * comma, so its words may be the first half of "Last, First <addr>". */
static void end_entry(parser *p, const token *sep)
{
    token *tk = tok(p);
    if (p->overflow) {
        /* Too long to be an address: invalid, and so are held words. */
        drop_pending(p);
        invalid(p, ntok(p) > p->pending_end ? tk[p->pending_end].start : tk[0].start);
        reset_entry(p);
        return;
    }
    size_t n = ntok(p), from = p->pending_end;
    size_t lt = n, words = 0;
    p->entry_offset = n ? tk[0].start : 0;
    bool has_at = false, only_words = true;
    for (size_t i = from; i < n; i++) {
        if (tk[i].kind == TK_SPECIAL) {
            if (tk[i].ch == '<' && lt == n)
                lt = i;
            has_at = has_at || tk[i].ch == '@';
            only_words = false;
        } else if (tk[i].kind != TK_COMMENT) {
            words++;
            only_words = only_words && tk[i].kind != TK_LITERAL;
        }
    }
    if (words == 0 && lt == n && !has_at) {
        /* An empty list element (RFC 5322 section 4.4 obs-addr-list). */
        p->tokens.len = from * sizeof(token);
        if (!sep || sep->ch != ',') {
            drop_pending(p);
            reset_entry(p);
        }
        return;
    }
    if (lt == n && !has_at && only_words && sep && sep->ch == ',') {
        push(p, sep);
        p->pending_end = ntok(p);
        return;
    }
    eml_slice name = {NULL, 0}, address = {NULL, 0};
    bool ok;
    bool named = false;
    for (size_t i = from; i < lt && i < n; i++)
        named = named || is_word(&tk[i]);
    if (lt < n && from > 0 && !named) {
        /* "junk, <addr>": the held words name nothing. */
        drop_pending(p);
        memmove(tk, tk + from, (n - from) * sizeof *tk);
        n -= from;
        lt -= from;
        p->tokens.len = n * sizeof *tk;
        p->pending_end = from = 0;
    }
    if (lt < n) {
        if (from > 0)
            eml__text_defect(p->ctx, EML_DEFECT_ADDRESS_UNQUOTED_SPECIALS, tk[0].start);
        ok = parse_name_addr(p, 0, lt, n, &name, &address);
    } else {
        drop_pending(p);
        ok = addr_specs(p, from, n);
        reset_entry(p);
        return;
    }
    if (ok)
        emit(p, name, address);
    else
        invalid(p, tk[lt < n ? 0 : from].start);
    reset_entry(p);
}

static void close_group(parser *p)
{
    if (p->group_count == 0) {
        eml_slice empty = {"", 0};
        emit(p, (eml_slice){NULL, 0}, empty);
    }
    p->in_group = false;
    p->group_count = 0;
}

/* Parsing stops at the first address past max: finding it is what tells
 * a cut list from one exactly max long. */
static bool limit_reached(const parser *p)
{
    return p->cut;
}

/* The items, copied out of scratch at their exact size. */
static int keep_items(parser *p, eml__address_list *out)
{
    out->items = NULL;
    out->count = p->count;
    if (!p->count)
        return EML_OK;
    size_t n = p->count * sizeof(eml_address);
    out->items = eml__arena_alloc(p->ctx->arena, n);
    if (!out->items)
        return EML_ENOMEM;
    memcpy(out->items, p->items.ptr, n);
    return EML_OK;
}

static void release(parser *p)
{
    eml__tbuf_release(&p->tokens);
    eml__tbuf_release(&p->scratch);
    eml__tbuf_release(&p->scratch2);
    eml__tbuf_release(&p->items);
    eml__tbuf_release(&p->addr);
}

int eml__address_parse(const eml__text_ctx *ctx, const char *src, size_t len, size_t max,
                       eml__address_list *out)
{
    parser p;
    memset(&p, 0, sizeof p);
    p.ctx = ctx;
    p.s = src;
    p.max = max;
    out->items = NULL;
    out->count = 0;
    out->cut = false;
    out->cut_offset = 0;
    if (len > UINT32_MAX)
        return EML_ELIMIT; /* tokens hold 32-bit offsets */
    /* Temporaries live on the heap and go when the parse ends; only the
     * strings and the final array stay in the message. */
    eml__tbuf_init_scratch(&p.tokens, ctx->arena);
    eml__tbuf_init_scratch(&p.scratch, ctx->arena);
    eml__tbuf_init_scratch(&p.scratch2, ctx->arena);
    eml__tbuf_init_scratch(&p.items, ctx->arena);
    eml__tbuf_init_scratch(&p.addr, ctx->arena);
    lexer lx = {{0}, 0};
    eml__lex_init(&lx.lex, ctx, src, len);
    token t;
    bool in_angle = false, route = false, angle_first = false, entry_has_addr = false;
    while (!limit_reached(&p) && next_token(&lx, &t)) {
        if (t.kind == TK_SPECIAL) {
            char c = t.ch;
            if (in_angle && angle_first && c == '@')
                route = true;
            if (c == ',' && in_angle && !route) {
                in_angle = false; /* the '>' is missing; end_entry says so */
            }
            if ((c == ',' && !in_angle) || (c == ';' && !in_angle)) {
                end_entry(&p, &t);
                entry_has_addr = false;
                if (c == ';' && p.in_group)
                    close_group(&p);
                continue;
            }
            if (c == ':' && !in_angle && !p.in_group && !entry_has_addr) {
                /* group = display-name ":" [group-list] ";" */
                if (p.overflow)
                    invalid(&p, tok(&p)[0].start); /* the name is cut */
                p.group = build_phrase(ctx, src, tok(&p), 0, ntok(&p), &p.scratch);
                if (!p.group.ptr)
                    p.group = (eml_slice){"", 0};
                p.in_group = true;
                p.group_count = 0;
                reset_entry(&p);
                continue;
            }
            if (c == '<' && !in_angle) {
                in_angle = true;
                route = false;
                entry_has_addr = true;
                angle_first = true;
                push(&p, &t);
                continue;
            }
            if (c == '>' && in_angle)
                in_angle = false;
            if (c == ':' && in_angle)
                route = false;
            if (c == '@')
                entry_has_addr = true;
        }
        if (t.kind != TK_COMMENT)
            angle_first = false;
        push(&p, &t);
    }
    if (!limit_reached(&p))
        end_entry(&p, NULL);
    if (p.in_group)
        close_group(&p);
    int rc = EML_ENOMEM;
    if (!(p.items.oom || p.tokens.oom || p.scratch.oom || p.scratch2.oom || p.addr.oom))
        rc = keep_items(&p, out);
    out->cut = p.cut;
    out->cut_offset = p.cut_offset;
    release(&p);
    return rc;
}
