/*
 * RFC 2047 encoded words: =?charset[*language]?encoding?encoded-text?=
 *
 * Decoded as mail clients do: B and Q in either case, words glued to text,
 * inside quoted strings or longer than 75 characters are decoded (each with
 * a defect), and adjacent words in one charset are joined as bytes before
 * conversion so that a character split across two words survives (RFC 2047
 * section 5 forbids splitting, senders do it anyway).
 */
#include "text/rfc2047.h"

#include "base/ascii.h"
#include "text/charset.h"

#include <string.h>

/* RFC 2047 section 2: an encoded word is at most 75 characters; charsets
 * are short tokens. Longer names are not charsets, and the bound keeps the
 * scan linear. */
#define EW_MAX_LEN 75
#define EW_MAX_CHARSET 64

static int b64_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

bool eml__rfc2047_b(const char *src, size_t len, eml__tbuf *out)
{
    if (!eml__tbuf_reserve(out, len / 4 * 3 + 3))
        return true;
    uint32_t acc = 0;
    unsigned bits = 0;
    size_t i = 0;
    for (; i < len && src[i] != '='; i++) {
        int v = b64_value((unsigned char)src[i]);
        if (v < 0)
            return false;
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out->ptr[out->len++] = (char)((acc >> bits) & 0xFF);
        }
    }
    /* Only padding may follow; missing padding is accepted (common). */
    for (; i < len; i++)
        if (src[i] != '=')
            return false;
    return true;
}

bool eml__rfc2047_q(const char *src, size_t len, eml__tbuf *out)
{
    if (!eml__tbuf_reserve(out, len))
        return true;
    const unsigned char *p = (const unsigned char *)src;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = p[i];
        if (c == '_') {
            c = ' '; /* RFC 2047 section 4.2 (2) */
        } else if (c == '=' && i + 2 < len + 0 && eml__hex_value(p[i + 1]) >= 0 &&
                   eml__hex_value(p[i + 2]) >= 0) {
            c = (unsigned char)(eml__hex_value(p[i + 1]) * 16 + eml__hex_value(p[i + 2]));
            i += 2;
        }
        /* A bad escape keeps its '=' as text, as mail clients do. */
        out->ptr[out->len++] = (char)c;
    }
    return true;
}

/* One candidate word, positions relative to the input. */
typedef struct encoded_word {
    size_t start, end;         /* "=?" .. after "?=" */
    size_t charset, charset_len;
    char encoding;             /* 'B' or 'Q' */
    size_t text, text_len;
} encoded_word;

/* The next "?=" or whitespace at or after from, remembered so that a run of
 * unterminated candidates is scanned once (keeps the decoder linear). */
typedef struct stop_cache {
    size_t from, at;
    bool valid;
} stop_cache;

static size_t next_stop(const char *s, size_t len, size_t from, stop_cache *c)
{
    if (c->valid && c->from <= from && from <= c->at)
        return c->at;
    size_t i = from;
    while (i < len && !eml__is_fws((unsigned char)s[i]) && !(s[i] == '?' && i + 1 < len && s[i + 1] == '='))
        i++;
    c->from = from;
    c->at = i;
    c->valid = true;
    return i;
}

/* Parses the syntax of a word starting at k (s[k] == '=', s[k+1] == '?'). */
static bool parse_word(const char *s, size_t len, size_t k, stop_cache *stops, encoded_word *w)
{
    size_t i = k + 2, cs = i;
    while (i < len && i - cs <= EW_MAX_CHARSET && s[i] != '?' && s[i] != '=' &&
           !eml__is_fws((unsigned char)s[i]) && (unsigned char)s[i] > 0x20 && (unsigned char)s[i] < 0x7F)
        i++;
    if (i == cs || i + 2 >= len || s[i] != '?' || s[i + 2] != '?')
        return false;
    char e = (char)(s[i + 1] & ~0x20);
    if (e != 'B' && e != 'Q')
        return false;
    w->start = k;
    w->charset = cs;
    w->charset_len = i - cs;
    w->encoding = e;
    w->text = i + 3;
    size_t stop = next_stop(s, len, w->text, stops);
    if (stop >= len || s[stop] != '?')
        return false;
    w->text_len = stop - w->text;
    w->end = stop + 2;
    return true;
}

typedef struct decoder {
    const eml__text_ctx *ctx;
    const char *src;
    eml__tbuf *out;
    eml__tbuf pending;   /* decoded bytes of adjacent words in one charset */
    int pending_enc;    /* -1: nothing pending */
    size_t pending_rel;
} decoder;

static void flush_pending(decoder *d)
{
    if (d->pending_enc >= 0 && d->pending.len)
        eml__charset_decode(d->ctx, d->pending_enc, d->pending.ptr, d->pending.len, d->pending_rel,
                            d->out);
    d->pending.len = 0;
    d->pending_enc = -1;
}

/* Text outside encoded words, unfolded: CR and LF dropped. */
static void emit_literal(decoder *d, size_t from, size_t to)
{
    if (from >= to)
        return;
    flush_pending(d);
    const char *s = d->src;
    while (from < to) {
        size_t i = from;
        while (i < to && s[i] != '\r' && s[i] != '\n')
            i++;
        if (i > from)
            eml__charset_decode_undeclared(d->ctx, s + from, i - from, from, d->out);
        while (i < to && (s[i] == '\r' || s[i] == '\n'))
            i++;
        from = i;
    }
}

/* Decodes one word into the pending bytes; false keeps it as text. */
static bool take_word(decoder *d, const encoded_word *w)
{
    const char *s = d->src;
    int enc = eml__charset_lookup(s + w->charset, w->charset_len);
    if (enc < 0) {
        eml__text_defect(d->ctx, EML_DEFECT_UNKNOWN_CHARSET, w->start);
        return false;
    }
    if (enc != d->pending_enc) {
        flush_pending(d);
        d->pending_enc = enc;
        d->pending_rel = w->start;
    }
    size_t before = d->pending.len;
    bool ok = w->encoding == 'B' ? eml__rfc2047_b(s + w->text, w->text_len, &d->pending)
                                 : eml__rfc2047_q(s + w->text, w->text_len, &d->pending);
    if (!ok) {
        d->pending.len = before;
        return false;
    }
    return true;
}

static size_t trim_start(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && eml__is_fws((unsigned char)s[i]))
        i++;
    return i;
}

size_t eml__rfc2047_decode(const eml__text_ctx *ctx, const char *src, size_t len, eml__tbuf *out)
{
    while (len && eml__is_fws((unsigned char)src[len - 1]))
        len--;
    size_t i = trim_start(src, len);
    decoder d = {ctx, src, out, {0}, -1, 0};
    /* Pending bytes are temporary: heap, freed below. */
    eml__tbuf_init_scratch(&d.pending, ctx->arena);
    stop_cache stops = {0, 0, false};
    size_t literal = i;       /* start of text not yet emitted */
    bool after_word = false;  /* literal starts right after a decoded word */
    size_t decoded = 0;
    while (i + 1 < len) {
        const char *eq = memchr(src + i, '=', len - i - 1);
        if (!eq)
            break;
        size_t k = (size_t)(eq - src);
        encoded_word w;
        if (src[k + 1] != '?' || !parse_word(src, len, k, &stops, &w)) {
            if (src[k + 1] == '?')
                eml__text_defect(ctx, EML_DEFECT_ENCODED_WORD_MALFORMED, k);
            i = k + 1;
            continue;
        }
        bool gap_is_space = true;
        for (size_t j = literal; j < k && gap_is_space; j++)
            gap_is_space = eml__is_fws((unsigned char)src[j]);
        bool glued = (k > 0 && k > literal && !eml__is_fws((unsigned char)src[k - 1])) ||
                     (k == literal && after_word) ||
                     (w.end < len && !eml__is_fws((unsigned char)src[w.end]));
        /* Decode into pending without first emitting the gap, so a failed
         * word simply stays literal text. */
        if (!(after_word && gap_is_space)) {
            /* The gap is real text: it separates the pending bytes. */
            emit_literal(&d, literal, k);
        }
        if (!take_word(&d, &w)) {
            eml__text_defect(ctx, EML_DEFECT_ENCODED_WORD_MALFORMED, k);
            if (after_word && gap_is_space)
                emit_literal(&d, literal, k);
            emit_literal(&d, k, w.end);
            literal = w.end;
            after_word = false;
            i = w.end;
            continue;
        }
        if (glued)
            eml__text_defect(ctx, EML_DEFECT_ENCODED_WORD_GLUED, k);
        if (w.end - w.start > EW_MAX_LEN)
            eml__text_defect(ctx, EML_DEFECT_ENCODED_WORD_TOO_LONG, k);
        decoded++;
        literal = w.end;
        after_word = true;
        i = w.end;
    }
    emit_literal(&d, literal, len);
    flush_pending(&d);
    if (d.pending.oom)
        out->oom = true;
    eml__tbuf_release(&d.pending);
    return decoded;
}
