/*
 * Header tokenizer (RFC 5322 section 2.2): splits a header block into
 * fields without copying. Each field is recorded as offsets into the
 * caller's buffer; unfolding happens only on request (eml__unfold).
 *
 * Lines end with LF; a CR right before the LF belongs to the line break.
 * The header ends at the first empty line.
 *
 * Two repairs for mail as it is stored and relayed, each with a defect:
 *
 * - A UTF-8 byte order mark (EF BB BF, which editors on some systems put
 *   at the start of a saved file) before the first line that is a field
 *   or an mbox From_ line is skipped (BYTE_ORDER_MARK): it is no header
 *   text, and reading it as one would turn the whole message into body.
 *   Anywhere else it is an ordinary 8-bit byte.
 *
 * - A line that is neither a field, a continuation nor the empty line
 *   (no colon: a broken fold, a stray log line) is skipped, together
 *   with the continuation lines after it, when the next line that is not
 *   a continuation is a well-formed field (ftext, optional WSP, ':') and
 *   the line itself does not start with "--" (the shape of a delimiter).
 *   Otherwise (the empty line, a delimiter, more text, the end) the
 *   header ends at that line and the body starts there, which is RFC
 *   5322's only reading (the separator is missing: a body part's text
 *   right under its Content-Type line is the common case, and its first
 *   line is body text, not header). Either way the line
 *   gets FIELD_WITHOUT_COLON and its bytes stay reachable, in the raw
 *   header or in the body. The look-ahead reads only the lines up to the
 *   next non-continuation line, which the main loop then reads once
 *   more: every line is looked at at most twice.
 */
#include "mime/header.h"

#include "base/ascii.h"

#include <string.h>

/* RFC 5322 section 2.1.1: at most 998 characters per line, CRLF excluded. */
#define RFC5322_LINE_MAX 998

/* RFC 5322 section 2.2 / 3.6.8: ftext is printable US-ASCII except ':'. */
static inline bool is_ftext(unsigned char c)
{
    return c >= 33 && c <= 126 && c != ':';
}

/* Word-at-a-time test for a NUL or 8-bit byte: header lines are short and
 * almost always clean, so one 64-bit test per 8 bytes is the common path. */
static bool has_nul_or_8bit(const char *p, const char *e)
{
    const uint64_t high = 0x8080808080808080ull, ones = 0x0101010101010101ull;
    while (e - p >= 8) {
        uint64_t v;
        memcpy(&v, p, 8);
        if ((v & high) || ((v - ones) & ~v & high))
            return true;
        p += 8;
    }
    for (; p < e; p++)
        if (*p == '\0' || (*p & 0x80))
            return true;
    return false;
}

/* After "From": only whitespace before a colon makes it the obsolete
 * field syntax "From :" (RFC 5322 section 4.5), not an mbox From_ line. */
static bool is_field(const char *p, const char *eol)
{
    while (p < eol && eml__is_wsp((unsigned char)*p))
        p++;
    return p < eol && *p == ':';
}

/* A well-formed field line starts with a name (ftext, RFC 5322 section
 * 3.6.8), optional WSP (obs-optional, section 4.5) and a colon. */
static bool starts_field(const char *p, const char *eol)
{
    const char *q = p;
    while (q < eol && is_ftext((unsigned char)*q))
        q++;
    if (q == p)
        return false;
    while (q < eol && eml__is_wsp((unsigned char)*q))
        q++;
    return q < eol && *q == ':';
}

static bool starts_mbox_from(const char *p, const char *eol)
{
    return eol - p >= 5 && memcmp(p, "From ", 5) == 0 && !is_field(p + 4, eol);
}

/* UTF-8 encoding of U+FEFF. */
static bool starts_bom(const char *p, const char *eol)
{
    return eol - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0;
}

typedef struct tokenizer {
    const eml__header_ctx *ctx;
    const char *buf;
    int endings; /* 1: CRLF seen, 2: bare LF seen */
    bool mixed_reported;
    int err;
} tokenizer;

static void defect(tokenizer *t, int code, size_t offset)
{
    if (eml__defect_add(t->ctx->arena, t->ctx->defects, code, offset) != EML_OK)
        t->err = EML_ENOMEM;
}

/* Per-line checks that never change the structure: length, line endings,
 * NUL, 8-bit and bare CR. */
static void check_line(tokenizer *t, const char *p, const char *eol, const char *next)
{
    size_t off = (size_t)(p - t->buf);
    if (eol - p > RFC5322_LINE_MAX)
        defect(t, EML_DEFECT_LINE_TOO_LONG, off);
    if (next > eol) {
        int kind = next - eol == 2 ? 1 : 2;
        t->endings |= kind;
        if (t->endings == 3 && !t->mixed_reported) {
            t->mixed_reported = true;
            defect(t, EML_DEFECT_MIXED_LINE_ENDINGS, (size_t)(eol - t->buf));
        }
    }
    if (has_nul_or_8bit(p, eol)) {
        const char *nul = memchr(p, '\0', (size_t)(eol - p));
        if (nul)
            defect(t, EML_DEFECT_NUL_IN_HEADER, (size_t)(nul - t->buf));
        for (const char *q = p; q < eol; q++) {
            if (*q & 0x80) {
                defect(t, EML_DEFECT_EIGHT_BIT_IN_HEADER, (size_t)(q - t->buf));
                break;
            }
        }
    }
    const char *cr = memchr(p, '\r', (size_t)(eol - p));
    if (cr)
        defect(t, EML_DEFECT_BARE_CR, (size_t)(cr - t->buf));
}

static int push_field(tokenizer *t, size_t n, size_t offset, size_t name_len, size_t value_off,
                      size_t value_len)
{
    eml__scratch *s = t->ctx->scratch;
    if (n > SIZE_MAX / sizeof(eml__field) - 1 ||
        eml__buf_reserve(s->allocator, &s->fields, (n + 1) * sizeof(eml__field)) != EML_OK)
        return EML_ENOMEM;
    eml__field *f = (eml__field *)s->fields.ptr + n;
    f->offset = offset;
    f->value_len = value_len;
    /* The header byte limit keeps recorded fields far below 4 GiB; a name or
     * value offset that does not fit is clamped rather than wrapped. */
    f->name_len = name_len > UINT32_MAX ? UINT32_MAX : (uint32_t)name_len;
    f->value_off = value_off > UINT32_MAX ? UINT32_MAX : (uint32_t)value_off;
    return EML_OK;
}

/* The end of the line starting at p (before a CR LF or LF) and the start
 * of the next one. */
static const char *line_end(const char *p, const char *e, const char **next)
{
    const char *nl = memchr(p, '\n', (size_t)(e - p));
    *next = nl ? nl + 1 : e;
    return nl ? (nl > p && nl[-1] == '\r' ? nl - 1 : nl) : e;
}

/* The rule for a line without a colon (see the top of this file): looks
 * past the continuation lines that follow it, from next, at the first
 * line that is not one. */
static bool colonless_line_skippable(const eml__header_ctx *ctx, const char *next,
                                     const char *e)
{
    const char *p = next;
    while (p < e && eml__is_wsp((unsigned char)*p)) {
        const char *after;
        line_end(p, e, &after);
        p = after;
    }
    if (p == e)
        return false;
    const char *after;
    const char *eol = line_end(p, e, &after);
    if (eol == p)
        return false;
    if (p[0] == '-' && eol - p >= 2 && p[1] == '-' && ctx->stop &&
        ctx->stop(ctx->stop_user, p, eol))
        return false;
    return starts_field(p, eol);
}

static int finish(tokenizer *t, size_t n, eml__header *out)
{
    if (t->err)
        return t->err;
    out->nfields = n;
    out->fields = NULL;
    if (n) {
        out->fields = eml__arena_alloc(t->ctx->arena, n * sizeof(eml__field));
        if (!out->fields)
            return EML_ENOMEM;
        memcpy(out->fields, t->ctx->scratch->fields.ptr, n * sizeof(eml__field));
    }
    return EML_OK;
}

/* Every line counts, continuation lines included: a field is recorded
 * only when it ends within the first max_header_bytes of its block. */
static bool over_limit(const eml__header_ctx *ctx, size_t start, const char *buf, const char *next)
{
    return (size_t)(next - buf) - start > ctx->max_header_bytes;
}

static void stop_recording(tokenizer *t, eml__header *out, bool *recording, size_t off)
{
    defect(t, EML_DEFECT_HEADER_BYTES_LIMIT, off);
    out->limit = EML_DEFECT_HEADER_BYTES_LIMIT;
    *recording = false;
}

int eml__header_parse(const eml__header_ctx *ctx, const char *buf, size_t start, size_t end,
                      eml__header *out)
{
    tokenizer t = { ctx, buf, 0, false, EML_OK };
    const char *p = buf + start, *e = buf + end;
    size_t n = 0;
    size_t cur = SIZE_MAX;  /* index of the field continuation lines extend */
    bool any_line = false;  /* a line other than the mbox From_ line was seen */
    bool recording = true;
    bool bom_allowed = true; /* no line but the From_ line read yet */

    out->limit = 0;
    out->stopped = false;

    while (p < e) {
        const char *next;
        const char *eol = line_end(p, e, &next);
        bool at_start = p == buf + start;
        if (bom_allowed && starts_bom(p, eol) &&
            (starts_field(p + 3, eol) || (at_start && starts_mbox_from(p + 3, eol)))) {
            /* The mark stays in the raw header; the line is read after it. */
            defect(&t, EML_DEFECT_BYTE_ORDER_MARK, (size_t)(p - buf));
            p += 3;
        }
        size_t off = (size_t)(p - buf);

        if (eol == p) { /* the empty line that separates header and body */
            check_line(&t, p, eol, next);
            out->end = off;
            out->body = (size_t)(next - buf);
            return finish(&t, n, out);
        }
        if (p[0] == '-' && eol - p >= 2 && p[1] == '-' && ctx->stop &&
            ctx->stop(ctx->stop_user, p, eol)) {
            out->end = off;
            out->body = off;
            out->stopped = true;
            return finish(&t, n, out);
        }
        if (at_start && starts_mbox_from(p, eol)) {
            /* mbox envelope line (RFC 4155): not a field, kept in the raw header. */
            check_line(&t, p, eol, next);
            defect(&t, EML_DEFECT_MBOX_FROM_LINE, off);
            p = next;
            continue;
        }
        bom_allowed = false;
        if (eml__is_wsp((unsigned char)p[0])) { /* continuation line (folding) */
            check_line(&t, p, eol, next);
            if (cur != SIZE_MAX && over_limit(ctx, start, buf, next)) {
                /* The field would end past the limit: it is not recorded,
                 * and it and the rest stay in the raw header unparsed. */
                n--;
                cur = SIZE_MAX;
                stop_recording(&t, out, &recording, off);
            }
            if (cur != SIZE_MAX) {
                eml__field *f = (eml__field *)ctx->scratch->fields.ptr + cur;
                f->value_len = (size_t)(eol - buf) - f->offset - f->value_off;
            } else if (!any_line) {
                defect(&t, EML_DEFECT_CONTINUATION_AT_START, off);
            }
            any_line = true;
            p = next;
            continue;
        }

        const char *q = p;
        while (q < eol && is_ftext((unsigned char)*q))
            q++;
        const char *name_end = q;
        while (q < eol && eml__is_wsp((unsigned char)*q))
            q++;
        if (q == eol || *q != ':') {
            defect(&t, EML_DEFECT_FIELD_WITHOUT_COLON, off);
            /* A "--" line has the shape of a delimiter (of a boundary that
             * may be declared wrongly): body, never a skipped line. */
            bool dashes = eol - p >= 2 && p[0] == '-' && p[1] == '-';
            if (!dashes && colonless_line_skippable(ctx, next, e)) {
                /* Skipped with its continuation lines (cur is reset, so
                 * they extend no field); the bytes stay in the header. */
                check_line(&t, p, eol, next);
                any_line = true;
                cur = SIZE_MAX;
                p = next;
                continue;
            }
            /* Not a field: the body starts here (RFC 5322 has no other
             * reading; the separator is missing). */
            out->end = off;
            out->body = off;
            return finish(&t, n, out);
        }
        check_line(&t, p, eol, next);
        any_line = true;
        if (name_end != q)
            defect(&t, EML_DEFECT_OBSOLETE_WSP_BEFORE_COLON, (size_t)(name_end - buf));
        if (name_end == p)
            defect(&t, EML_DEFECT_EMPTY_FIELD_NAME, off);

        if (recording && over_limit(ctx, start, buf, next))
            stop_recording(&t, out, &recording, off);
        if (recording && n >= ctx->max_fields) {
            defect(&t, EML_DEFECT_FIELD_LIMIT, off);
            out->limit = EML_DEFECT_FIELD_LIMIT;
            recording = false;
        }
        cur = SIZE_MAX;
        if (recording) {
            size_t value_off = (size_t)(q + 1 - p);
            if (push_field(&t, n, off, (size_t)(name_end - p), value_off,
                           (size_t)(eol - (q + 1))) != EML_OK)
                return EML_ENOMEM;
            cur = n++;
        }
        if (t.err)
            return t.err;
        p = next;
    }
    /* End of input inside the header: everything is header. */
    out->end = end;
    out->body = end;
    if (end > start)
        defect(&t, EML_DEFECT_NO_HEADER_BODY_SEPARATOR, end);
    return finish(&t, n, out);
}

int eml__unfold(eml__arena *arena, const char *value, size_t len, eml_slice *out)
{
    const char *p = value, *e = value + len;
    while (p < e && eml__is_fws((unsigned char)*p))
        p++;
    while (e > p && eml__is_fws((unsigned char)e[-1]))
        e--;
    char *dst = eml__arena_alloc(arena, (size_t)(e - p) + 1);
    if (!dst)
        return EML_ENOMEM;
    size_t n = 0;
    while (p < e) {
        /* Every line break inside a raw value is folding (the tokenizer
         * only extends a value with lines that start with WSP), so each
         * LF and the CR before it go (RFC 5322 section 2.2.3). */
        const char *nl = memchr(p, '\n', (size_t)(e - p));
        const char *stop = nl ? nl : e;
        size_t seg = (size_t)(stop - p);
        if (nl && seg && stop[-1] == '\r')
            seg--;
        memcpy(dst + n, p, seg);
        n += seg;
        p = nl ? nl + 1 : e;
    }
    dst[n] = '\0';
    out->ptr = dst;
    out->len = n;
    return EML_OK;
}
