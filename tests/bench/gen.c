/*
 * The benchmark corpus, generated from a fixed seed: codec buffers and two
 * message sets (a realistic mix and header-heavy mail).
 */
#include "bench.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state = 0x853C49E6748FEA9Bu;

void bench_seed(uint64_t seed)
{
    state = seed ? seed : 1;
}

uint64_t bench_rand(void)
{
    /* xorshift64* */
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 0x2545F4914F6CDD1Du;
}

static unsigned pick(unsigned n)
{
    return (unsigned)(bench_rand() >> 33) % n;
}

void buf_put(buf *b, const void *p, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1)
            cap *= 2;
        b->ptr = realloc(b->ptr, cap);
        if (!b->ptr) {
            perror("bench");
            exit(1);
        }
        b->cap = cap;
    }
    memcpy(b->ptr + b->len, p, n);
    b->len += n;
    b->ptr[b->len] = '\0';
}

void buf_puts(buf *b, const char *s)
{
    buf_put(b, s, strlen(s));
}

void buf_printf(buf *b, const char *fmt, ...)
{
    char tmp[4096];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    buf_put(b, tmp, n < 0 ? 0 : (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

static const char b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void base64_of(buf *out, const unsigned char *in, size_t n, size_t line_len, const char *eol)
{
    size_t col = 0;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16;
        if (i + 1 < n)
            v |= (uint32_t)in[i + 1] << 8;
        if (i + 2 < n)
            v |= in[i + 2];
        char q[4] = { b64_alphabet[v >> 18], b64_alphabet[(v >> 12) & 63],
                      i + 1 < n ? b64_alphabet[(v >> 6) & 63] : '=',
                      i + 2 < n ? b64_alphabet[v & 63] : '=' };
        buf_put(out, q, 4);
        col += 4;
        if (line_len && col >= line_len) {
            buf_puts(out, eol);
            col = 0;
        }
    }
    if (line_len && col)
        buf_puts(out, eol);
}

void gen_base64(buf *out, size_t size, size_t line_len, const char *eol)
{
    size_t per_line = line_len ? line_len + strlen(eol) : 4;
    size_t chars = line_len ? size / per_line * line_len : size;
    size_t n = chars / 4 * 3;
    unsigned char *raw = malloc(n ? n : 1);
    for (size_t i = 0; i < n; i++)
        raw[i] = (unsigned char)bench_rand();
    base64_of(out, raw, n, line_len, eol);
    free(raw);
}

static const char *const words[] = {
    "the", "of", "and", "to", "in", "is", "you", "that", "it", "he", "was", "for", "on",
    "are", "as", "with", "his", "they", "at", "be", "this", "have", "from", "or", "one",
    "had", "by", "word", "but", "not", "what", "all", "were", "we", "when", "your", "can",
    "said", "there", "use", "an", "each", "which", "she", "do", "how", "their", "if",
    "will", "up", "other", "about", "out", "many", "then", "them", "these", "so", "some",
    "meeting", "report", "quarterly", "attached", "please", "review", "thanks", "regards",
    "schedule", "project", "deadline", "budget", "invoice", "customer", "release",
};
#define NWORDS (sizeof words / sizeof words[0])

/* Quoted-printable of text where about escaped_percent of the decoded
 * bytes are 8-bit (escaped), lines of at most 76 with soft breaks. */
static void qp_text(buf *out, size_t size, int escaped_percent, const char *eol)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t col = 0;
    size_t start = out->len;
    while (out->len - start < size) {
        char tok[64];
        size_t tl = 0;
        if ((int)pick(100) < escaped_percent) {
            unsigned c = 0x80 + pick(0x80);
            tok[tl++] = '=';
            tok[tl++] = hex[c >> 4];
            tok[tl++] = hex[c & 15];
        } else {
            const char *w = words[pick(NWORDS)];
            size_t wl = strlen(w);
            if (wl > 1 && escaped_percent > 20)
                wl = 1 + pick((unsigned)wl); /* short runs between escapes */
            memcpy(tok, w, wl);
            tl = wl;
            tok[tl++] = pick(8) ? ' ' : '.';
        }
        if (col + tl > 75) {
            if (pick(4) == 0 && col > 0 && out->ptr[out->len - 1] != ' ') {
                buf_puts(out, eol); /* a hard break ends a paragraph line */
            } else {
                buf_puts(out, "=");
                buf_puts(out, eol);
            }
            col = 0;
        }
        buf_put(out, tok, tl);
        col += tl;
    }
}

void gen_qp(buf *out, size_t size, int escaped_percent)
{
    qp_text(out, size, escaped_percent, "\r\n");
}

/* UTF-8 text of exactly size bytes, lines of words: mostly English with
 * about one accented or symbol word in twenty (dense == 0), or Russian
 * and Japanese words with ASCII only for spaces and punctuation. */
void gen_utf8(buf *out, size_t size, int dense)
{
    static const char *const latin[] = { "caf\u00e9", "na\u00efve", "\u20ac42",
                                         "Gr\u00fc\u00dfe", "\u201cquoted\u201d",
                                         "\U0001F600" };
    static const char *const other[] = { "\u043f\u0440\u0438\u0432\u0435\u0442",
                                         "\u043e\u0442\u0447\u0451\u0442",
                                         "\u65e5\u672c\u8a9e", "\u4f1a\u8b70",
                                         "\u3088\u308d\u3057\u304f",
                                         "\u0441\u0440\u043e\u043a" };
    size_t start = out->len, col = 0;
    while (out->len - start < size) {
        const char *w = dense ? other[pick(6)] : pick(20) ? words[pick(NWORDS)] : latin[pick(6)];
        buf_puts(out, w);
        col += strlen(w) + 1;
        buf_puts(out, col > 70 ? "\r\n" : " ");
        if (col > 70)
            col = 0;
    }
    /* Cut back to size at a character boundary: the input stays valid. */
    size_t len = out->len - start;
    if (len > size) {
        len = size;
        while (len > 0 && ((unsigned char)out->ptr[start + len] & 0xC0) == 0x80)
            len--;
    }
    out->len = start + len;
}

/* ---- messages ------------------------------------------------------------- */

static const char *const first_names[] = { "Alice", "Bob", "Chloé", "Dmitri", "Eve", "François",
                                           "Günter", "Hana", "Ivan", "Józef", "Keiko", "Lars" };
static const char *const last_names[] = { "Smith", "Müller", "Dupont", "Ivanov", "Tanaka",
                                          "García", "Nowak", "Rossi", "Jensen", "Öztürk" };
static const char *const domains[] = { "example.com", "example.org", "mail.example.net",
                                       "corp.example", "lists.example.edu" };

/* An RFC 2047 encoded word of s (UTF-8), B or Q encoding. */
static void encoded_word(buf *b, const char *s)
{
    if (pick(2)) {
        buf_puts(b, "=?UTF-8?B?");
        size_t before = b->len;
        base64_of(b, (const unsigned char *)s, strlen(s), 0, "");
        (void)before;
        buf_puts(b, "?=");
    } else {
        buf_puts(b, "=?UTF-8?Q?");
        for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
            if (*p == ' ')
                buf_puts(b, "_");
            else if (*p < 0x80 && *p != '=' && *p != '?' && *p != '_')
                buf_put(b, p, 1);
            else
                buf_printf(b, "=%02X", *p);
        }
        buf_puts(b, "?=");
    }
}

static int needs_encoding(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return 1;
    return 0;
}

static void mailbox(buf *b)
{
    char name[128];
    const char *f = first_names[pick(12)], *l = last_names[pick(10)];
    snprintf(name, sizeof name, "%s %s", f, l);
    if (needs_encoding(name))
        encoded_word(b, name);
    else
        buf_printf(b, "\"%s\"", name);
    buf_printf(b, " <%c.%u@%s>", f[0] | 0x20, pick(10000), domains[pick(5)]);
}

static void line(buf *b, const char *eol, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void line(buf *b, const char *eol, const char *fmt, ...)
{
    char tmp[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    buf_puts(b, tmp);
    buf_puts(b, eol);
}

static void subject(buf *b, const char *eol)
{
    static const char *const subjects[] = { "Quarterly report", "Réunion de lundi",
                                            "Re: Budget 2026 — final numbers", "Привет из Москвы",
                                            "Invoice #4411", "Lunch?", "Zusammenfassung für Q3" };
    const char *s = subjects[pick(7)];
    buf_puts(b, "Subject: ");
    if (needs_encoding(s))
        encoded_word(b, s);
    else
        buf_puts(b, s);
    buf_puts(b, eol);
}

static void common_header(buf *b, const char *eol)
{
    line(b, eol, "Received: from mx%u.example.net (mx%u.example.net [192.0.2.%u])", pick(9),
         pick(9), pick(250));
    line(b, eol, "\tby mail.example.com with ESMTPS id %08x; Mon, 3 Nov 2025 10:%02u:00 +0100",
         pick(1u << 30), pick(60));
    buf_puts(b, "From: ");
    mailbox(b);
    buf_puts(b, eol);
    buf_puts(b, "To: ");
    mailbox(b);
    buf_puts(b, eol);
    subject(b, eol);
    line(b, eol, "Date: Mon, 3 Nov 2025 10:%02u:%02u +0100", pick(60), pick(60));
    line(b, eol, "Message-ID: <%08x.%u@example.com>", pick(1u << 30), pick(100000));
    line(b, eol, "MIME-Version: 1.0");
}

/* Text body of about n bytes, in one of the encodings found in mail. */
static void text_body(buf *b, const char *eol, size_t n, int html)
{
    int kind = (int)pick(4); /* 0 7bit, 1 qp latin-1, 2 qp utf-8, 3 base64 utf-8 */
    const char *charset = kind == 1 ? "iso-8859-1" : kind == 0 ? "us-ascii" : "utf-8";
    line(b, eol, "Content-Type: text/%s; charset=\"%s\"", html ? "html" : "plain", charset);
    line(b, eol, "Content-Transfer-Encoding: %s",
         kind == 0 ? "7bit" : kind == 3 ? "base64" : "quoted-printable");
    buf_puts(b, eol);
    buf text = { 0 };
    size_t col = 0;
    if (html)
        buf_puts(&text, "<html><body><p>");
    while (text.len < n) {
        const char *w = words[pick(NWORDS)];
        if (kind && pick(12) == 0)
            w = kind == 1 ? "caf\xe9" : "caf\xc3\xa9";
        buf_puts(&text, w);
        col += strlen(w) + 1;
        if (col > 66) {
            buf_puts(&text, html ? "<br>\n" : "\n");
            col = 0;
        } else {
            buf_puts(&text, " ");
        }
    }
    if (html)
        buf_puts(&text, "</p></body></html>\n");
    if (kind == 0) {
        for (size_t i = 0; i < text.len; i++) {
            if (text.ptr[i] == '\n')
                buf_puts(b, eol);
            else
                buf_put(b, text.ptr + i, 1);
        }
    } else if (kind == 3) {
        base64_of(b, (unsigned char *)text.ptr, text.len, 76, eol);
    } else {
        col = 0;
        for (size_t i = 0; i < text.len; i++) {
            unsigned char c = (unsigned char)text.ptr[i];
            if (c == '\n') {
                buf_puts(b, eol);
                col = 0;
                continue;
            }
            char tok[4];
            size_t tl = 1;
            int next_eol = i + 1 >= text.len || text.ptr[i + 1] == '\n';
            if (c >= 0x80 || c == '=' || (c == ' ' && next_eol)) {
                snprintf(tok, sizeof tok, "=%02X", c);
                tl = 3;
            } else {
                tok[0] = (char)c;
            }
            if (col + tl > 75) {
                buf_puts(b, "=");
                buf_puts(b, eol);
                col = 0;
            }
            buf_put(b, tok, tl);
            col += tl;
        }
        buf_puts(b, eol);
    }
    free(text.ptr);
}

static void attachment(buf *b, const char *eol, size_t n)
{
    static const char *const names[] = { "report.pdf", "photo.jpg", "données.xlsx", "archive.zip" };
    const char *name = names[pick(4)];
    line(b, eol, "Content-Type: application/octet-stream; name=\"%s\"", name);
    line(b, eol, "Content-Disposition: attachment; filename=\"%s\"", name);
    line(b, eol, "Content-Transfer-Encoding: base64");
    buf_puts(b, eol);
    unsigned char *raw = malloc(n);
    for (size_t i = 0; i < n; i++)
        raw[i] = (unsigned char)bench_rand();
    base64_of(b, raw, n, 76, eol);
    free(raw);
}

static void boundary(char *out, size_t cap)
{
    snprintf(out, cap, "=_b%08x%04x", pick(1u << 30), pick(65536));
}

static void message(buf *b, const char *eol, int depth);

static void alternative(buf *b, const char *eol)
{
    char bd[64];
    boundary(bd, sizeof bd);
    line(b, eol, "Content-Type: multipart/alternative; boundary=\"%s\"", bd);
    buf_puts(b, eol);
    line(b, eol, "--%s", bd);
    text_body(b, eol, 500 + pick(3000), 0);
    line(b, eol, "--%s", bd);
    text_body(b, eol, 1000 + pick(6000), 1);
    line(b, eol, "--%s--", bd);
}

/* One body (after the common header) of the realistic mix. */
static void body(buf *b, const char *eol, int depth)
{
    unsigned kind = pick(100);
    char bd[64];
    if (kind < 40 || depth > 0) {
        text_body(b, eol, 300 + pick(5000), 0);
    } else if (kind < 65) {
        alternative(b, eol);
    } else if (kind < 80) {
        boundary(bd, sizeof bd);
        line(b, eol, "Content-Type: multipart/mixed; boundary=\"%s\"", bd);
        buf_puts(b, eol);
        line(b, eol, "This is a multi-part message in MIME format.");
        line(b, eol, "--%s", bd);
        text_body(b, eol, 200 + pick(2000), 0);
        line(b, eol, "--%s", bd);
        attachment(b, eol, 5000 + pick(120000));
        line(b, eol, "--%s--", bd);
    } else if (kind < 90) {
        boundary(bd, sizeof bd);
        line(b, eol, "Content-Type: multipart/mixed; boundary=\"%s\"", bd);
        buf_puts(b, eol);
        line(b, eol, "--%s", bd);
        char rel[64];
        boundary(rel, sizeof rel);
        line(b, eol, "Content-Type: multipart/related; boundary=\"%s\"", rel);
        buf_puts(b, eol);
        line(b, eol, "--%s", rel);
        alternative(b, eol);
        line(b, eol, "--%s", rel);
        attachment(b, eol, 2000 + pick(30000));
        line(b, eol, "--%s--", rel);
        line(b, eol, "--%s", bd);
        attachment(b, eol, 1000 + pick(20000));
        line(b, eol, "--%s--", bd);
    } else {
        boundary(bd, sizeof bd);
        line(b, eol, "Content-Type: multipart/mixed; boundary=\"%s\"", bd);
        buf_puts(b, eol);
        line(b, eol, "--%s", bd);
        text_body(b, eol, 100 + pick(1000), 0);
        line(b, eol, "--%s", bd);
        line(b, eol, "Content-Type: message/rfc822");
        buf_puts(b, eol);
        message(b, eol, depth + 1);
        line(b, eol, "--%s--", bd);
    }
}

static void message(buf *b, const char *eol, int depth)
{
    common_header(b, eol);
    body(b, eol, depth);
}

static void finish_set(msgset *set, size_t *cap)
{
    if (set->n + 2 > *cap) {
        *cap = *cap ? *cap * 2 : 256;
        set->offsets = realloc(set->offsets, *cap * sizeof *set->offsets);
    }
    set->offsets[++set->n] = set->data.len;
}

void gen_mix(msgset *set, size_t total)
{
    size_t cap = 0;
    memset(set, 0, sizeof *set);
    finish_set(set, &cap);
    set->n = 0;
    set->offsets[0] = 0;
    while (set->data.len < total) {
        const char *eol = pick(10) < 7 ? "\n" : "\r\n";
        message(&set->data, eol, 0);
        finish_set(set, &cap);
    }
}

/* Header-heavy mail: many Received, DKIM and ARC fields, long address
 * lists with encoded names, long References; a short body. */
void gen_header_heavy(msgset *set, size_t total)
{
    size_t cap = 0;
    memset(set, 0, sizeof *set);
    finish_set(set, &cap);
    set->n = 0;
    set->offsets[0] = 0;
    while (set->data.len < total) {
        buf *b = &set->data;
        const char *eol = pick(10) < 7 ? "\n" : "\r\n";
        unsigned hops = 8 + pick(12);
        for (unsigned i = 0; i < hops; i++) {
            line(b, eol, "Received: from relay%u.example.net (relay%u.example.net [198.51.100.%u])",
                 i, i, pick(250));
            line(b, eol, "\tby relay%u.example.org (Postfix) with ESMTPS id %08X%04X", i + 1,
                 pick(1u << 30), pick(65536));
            line(b, eol, "\tfor <list@example.com>; Tue, 4 Nov 2025 0%u:%02u:%02u +0000", pick(10),
                 pick(60), pick(60));
        }
        for (unsigned k = 0; k < 3; k++) {
            const char *name = k == 0 ? "DKIM-Signature" : k == 1 ? "ARC-Message-Signature"
                                                                  : "ARC-Seal";
            buf_printf(b, "%s: i=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com;%s", name, eol);
            buf_printf(b, "\ts=selector%u; t=17%08u; h=from:to:cc:subject:date:message-id;%s",
                       k, pick(100000000), eol);
            buf_puts(b, "\tb=");
            unsigned char raw[192];
            for (size_t i = 0; i < sizeof raw; i++)
                raw[i] = (unsigned char)bench_rand();
            buf tmp = { 0 };
            base64_of(&tmp, raw, sizeof raw, 0, "");
            for (size_t i = 0; i < tmp.len; i += 70) {
                if (i)
                    buf_puts(b, "\t ");
                buf_put(b, tmp.ptr + i, tmp.len - i < 70 ? tmp.len - i : 70);
                buf_puts(b, eol);
            }
            free(tmp.ptr);
        }
        line(b, eol, "ARC-Authentication-Results: i=1; mx.example.com; dkim=pass header.d=example.com; spf=pass");
        buf_puts(b, "From: ");
        mailbox(b);
        buf_puts(b, eol);
        for (int field = 0; field < 2; field++) {
            buf_puts(b, field ? "Cc: " : "To: ");
            unsigned n = 10 + pick(30);
            for (unsigned i = 0; i < n; i++) {
                if (i)
                    buf_printf(b, ",%s ", eol);
                mailbox(b);
            }
            buf_puts(b, eol);
        }
        subject(b, eol);
        line(b, eol, "Date: Tue, 4 Nov 2025 09:%02u:%02u +0000", pick(60), pick(60));
        line(b, eol, "Message-ID: <%08x.%u@lists.example.com>", pick(1u << 30), pick(100000));
        buf_puts(b, "References:");
        unsigned refs = 10 + pick(30);
        for (unsigned i = 0; i < refs; i++)
            buf_printf(b, " <%08x.%u@example.com>%s", pick(1u << 30), i, i + 1 < refs ? eol : "");
        buf_puts(b, eol);
        line(b, eol, "List-Id: Example discussion <list.example.com>");
        line(b, eol, "List-Unsubscribe: <mailto:list-leave@example.com>, <https://lists.example.com/u>");
        line(b, eol, "MIME-Version: 1.0");
        line(b, eol, "Content-Type: text/plain; charset=utf-8");
        line(b, eol, "Content-Transfer-Encoding: 8bit");
        buf_puts(b, eol);
        line(b, eol, "Short reply: sounds good, see you at the meeting. Grüße");
        finish_set(set, &cap);
    }
}
