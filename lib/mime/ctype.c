/*
 * Content-Type (RFC 2045 section 5), Content-Disposition (RFC 2183),
 * Content-Transfer-Encoding (RFC 2045 section 6) and their parameters,
 * including RFC 2231 continuations, charsets and percent-encoding.
 *
 * Parameters are first collected raw (name, section, value bytes), then
 * grouped by name in linear time (param_group.c), so that a field with
 * 100,000 continuations or parameters costs no more than its size.
 */
#include "mime/ctype.h"

#include "base/ascii.h"
#include "mime/param_group.h"
#include "text/lex.h"
#include "text/param_value.h"

#include <string.h>

/* ---- lexing (RFC 2045 section 5.1, RFC 5322 section 3.2) ---------------- */

/* The fields are lexed by the text layer's lexer, over positions relative
 * to the value; its defects come back through lex_defect, which records
 * them on the part and keeps an out-of-memory as the parse's result. */
typedef struct lexer {
    eml_part *part;
    const char *p, *e;
    const char *base; /* the value's first byte */
    size_t offset;    /* absolute offset of base */
    int err;
    eml__lex lex;
} lexer;

static void lx_defect_at(lexer *lx, int code, size_t offset)
{
    if (eml__part_defect(lx->part, code, offset) != EML_OK)
        lx->err = EML_ENOMEM;
}

static void lex_defect(void *user, int code, size_t at)
{
    lexer *lx = user;
    lx_defect_at(lx, code, lx->offset + at);
}

static void lx_init(lexer *lx, eml_part *part, const char *value, size_t len, size_t offset)
{
    lx->part = part;
    lx->p = lx->base = value;
    lx->e = value + len;
    lx->offset = offset;
    lx->err = EML_OK;
    lx->lex.s = value;
    lx->lex.len = len;
    lx->lex.defect = lex_defect;
    lx->lex.user = lx;
}

static size_t lx_pos(const lexer *lx)
{
    return (size_t)(lx->p - lx->base);
}

static void lx_defect(lexer *lx, int code, const char *at)
{
    lx_defect_at(lx, code, lx->offset + (size_t)(at - lx->base));
}

static void skip_cfws(lexer *lx)
{
    lx->p = lx->base + eml__lex_cfws(&lx->lex, lx_pos(lx));
}

static eml_slice lx_token(lexer *lx)
{
    const char *s = lx->p;
    lx->p = lx->base + eml__lex_token(&lx->lex, lx_pos(lx));
    eml_slice t = { s, (size_t)(lx->p - s) };
    return t;
}

/* Lowercased NUL-terminated copy in the arena. */
static char *arena_lower(eml__arena *arena, const char *s, size_t len)
{
    char *d = eml__arena_strndup(arena, s, len);
    if (d)
        for (size_t i = 0; i < len; i++)
            d[i] = eml__ascii_lower(d[i]);
    return d;
}

/* ---- raw parameters --------------------------------------------------- */

typedef eml__raw_param raw_param;

/* The absolute offset of a parameter's name, for its defects. */
static size_t param_offset(const lexer *lx, const raw_param *r)
{
    return lx->offset + r->at;
}

typedef struct collector {
    eml__scratch *s;
    size_t nparams;
    size_t nbytes;
} collector;

static int bytes_append(collector *c, const char *p, size_t n)
{
    if (n > SIZE_MAX - c->nbytes ||
        eml__buf_reserve(c->s->allocator, &c->s->bytes, c->nbytes + n) != EML_OK)
        return EML_ENOMEM;
    if (n)
        memcpy((char *)c->s->bytes.ptr + c->nbytes, p, n);
    c->nbytes += n;
    return EML_OK;
}

/* Appends a copy of bytes already in the buffer (which may move). */
static int bytes_repeat(collector *c, size_t off, size_t n)
{
    if (n > SIZE_MAX - c->nbytes ||
        eml__buf_reserve(c->s->allocator, &c->s->bytes, c->nbytes + n) != EML_OK)
        return EML_ENOMEM;
    if (!n)
        return EML_OK;
    char *b = c->s->bytes.ptr;
    memcpy(b + c->nbytes, b + off, n);
    c->nbytes += n;
    return EML_OK;
}

/* Splits "name*3*" into base name, section 3 and extended (RFC 2231
 * section 3 and 4). A malformed section number keeps the whole name. */
static void split_name(raw_param *r, const char *name, size_t len)
{
    r->name = name;
    r->name_len = (uint32_t)len;
    r->section = -1;
    r->extended = false;
    if (len > 1 && name[len - 1] == '*') {
        r->extended = true;
        len--;
        r->name_len = (uint32_t)len;
    }
    size_t i = len;
    while (i > 0 && name[i - 1] >= '0' && name[i - 1] <= '9')
        i--;
    if (i < len && i > 1 && name[i - 1] == '*' && len - i <= 9 &&
        (len - i == 1 || name[i] != '0')) {
        int32_t sec = 0;
        for (size_t k = i; k < len; k++)
            sec = sec * 10 + (name[k] - '0');
        r->section = sec;
        r->name_len = (uint32_t)(i - 1);
    }
}

/* A quoted-string value (RFC 5322 section 3.2.4), its text as
 * eml__lex_text gives it. lx->p is on the opening quote. */
static int read_quoted(lexer *lx, collector *c)
{
    size_t start = lx_pos(lx), end = eml__lex_quoted_string(&lx->lex, start);
    size_t n = end - start;
    if (n > SIZE_MAX - c->nbytes ||
        eml__buf_reserve(c->s->allocator, &c->s->bytes, c->nbytes + n) != EML_OK)
        return EML_ENOMEM;
    c->nbytes += eml__lex_text(lx->base, start, end, (char *)c->s->bytes.ptr + c->nbytes);
    lx->p = lx->base + end;
    return EML_OK;
}

/* Skips to the next ';' outside quotes, after a malformed parameter. */
static void skip_to_semicolon(lexer *lx)
{
    while (lx->p < lx->e && *lx->p != ';') {
        if (*lx->p == '"')
            lx->p = lx->base + eml__lex_quoted_string(&lx->lex, lx_pos(lx));
        else
            lx->p++;
    }
}

/* Appends an unquoted value with its folding removed. A token cannot
 * hold whitespace (RFC 2045 section 5.1), so a line break inside one is a
 * sender's fold of a value that should have been quoted: the break and
 * the blanks around it become one space, which is how mail clients show
 * such a name ("my\r\n file.pdf" is "my file.pdf"). */
static int append_unfolded(collector *c, const char *s, const char *t)
{
    while (s < t) {
        const char *brk = s;
        while (brk < t && *brk != '\r' && *brk != '\n')
            brk++;
        const char *keep = brk;
        if (brk < t)
            while (keep > s && eml__is_wsp((unsigned char)keep[-1]))
                keep--;
        if (bytes_append(c, s, (size_t)(keep - s)) != EML_OK)
            return EML_ENOMEM;
        if (brk == t)
            break;
        while (brk < t && eml__is_fws((unsigned char)*brk))
            brk++;
        if (bytes_append(c, " ", 1) != EML_OK)
            return EML_ENOMEM;
        s = brk;
    }
    return EML_OK;
}

/* An unquoted value. Strictly a token, but real mail has '/', '@', '?'
 * and spaces in unquoted values, so everything up to ';' is kept (line
 * breaks unfolded) and the deviations from the token syntax get a
 * defect. */
static int read_unquoted(lexer *lx, collector *c, const char *name)
{
    const char *s = lx->p;
    bool strict = true;
    while (lx->p < lx->e && *lx->p != ';' && !eml__is_fws((unsigned char)*lx->p) &&
           *lx->p != '(' && *lx->p != '"') {
        if (!eml__lex_is_token((unsigned char)*lx->p))
            strict = false;
        lx->p++;
    }
    const char *t = lx->p;
    skip_cfws(lx);
    if (lx->p < lx->e && *lx->p != ';') {
        skip_to_semicolon(lx);
        t = lx->p;
        while (t > s && eml__is_fws((unsigned char)t[-1]))
            t--;
        strict = false;
    }
    if (!strict)
        lx_defect(lx, EML_DEFECT_INVALID_PARAMETER, name);
    return append_unfolded(c, s, t);
}

static int add_param(lexer *lx, collector *c)
{
    const char *name_at = lx->p;
    eml_slice name = lx_token(lx);
    /* '*' is a token character, so "name*0*" came as one token. */
    if (!name.len) {
        lx_defect(lx, EML_DEFECT_INVALID_PARAMETER, name_at);
        skip_to_semicolon(lx);
        return EML_OK;
    }
    skip_cfws(lx);
    if (lx->p == lx->e || *lx->p != '=') {
        lx_defect(lx, EML_DEFECT_INVALID_PARAMETER, name_at);
        skip_to_semicolon(lx);
        return EML_OK;
    }
    lx->p++;
    skip_cfws(lx);
    size_t value_off = c->nbytes;
    int rc;
    if (lx->p < lx->e && *lx->p == '"') {
        rc = read_quoted(lx, c);
        if (rc == EML_OK) {
            skip_cfws(lx);
            if (lx->p < lx->e && *lx->p != ';') {
                lx_defect(lx, EML_DEFECT_INVALID_PARAMETER, name_at);
                skip_to_semicolon(lx);
            }
        }
    } else {
        rc = read_unquoted(lx, c, name_at);
    }
    if (rc != EML_OK)
        return rc;

    eml__scratch *s = c->s;
    if (c->nparams > SIZE_MAX / sizeof(raw_param) - 1 ||
        eml__buf_reserve(s->allocator, &s->params, (c->nparams + 1) * sizeof(raw_param)) != EML_OK)
        return EML_ENOMEM;
    raw_param *r = (raw_param *)s->params.ptr + c->nparams;
    split_name(r, name.ptr, name.len);
    r->value_off = (uint32_t)value_off;
    r->value_len = (uint32_t)(c->nbytes - value_off);
    r->at = (uint32_t)(name_at - lx->base);
    c->nparams++;
    return EML_OK;
}

/* Reads "; name=value" pairs until the end of the value. */
static int collect_params(lexer *lx, collector *c)
{
    /* The records hold 32-bit offsets: a field longer than a header block
     * may be (2^32 - 1 bytes) keeps its type and loses its parameters. */
    if ((size_t)(lx->e - lx->base) > UINT32_MAX) {
        lx_defect(lx, EML_DEFECT_INVALID_PARAMETER, lx->p);
        return lx->err;
    }
    /* Never a NULL buffer: an empty value is an empty, non-NULL slice. */
    if (eml__buf_reserve(c->s->allocator, &c->s->bytes, 64) != EML_OK)
        return EML_ENOMEM;
    while (lx->p < lx->e) {
        skip_cfws(lx);
        if (lx->p == lx->e)
            break;
        if (*lx->p != ';') {
            /* A forgotten ';' is the usual mistake ("application/pdf
             * name=x.pdf"): read a parameter right here. */
            lx_defect(lx, EML_DEFECT_INVALID_PARAMETER, lx->p);
        } else {
            lx->p++;
            skip_cfws(lx);
            if (lx->p == lx->e || *lx->p == ';')
                continue;
        }
        int rc = add_param(lx, c);
        if (rc != EML_OK)
            return rc;
        if (lx->err)
            return lx->err;
    }
    return lx->err;
}

/* ---- grouping and RFC 2231 joining ------------------------------------ */

/* Appends a section's value to the joined value, percent-decoding it when
 * it is extended (RFC 2231 section 4). */
static int join_section(collector *c, const raw_param *r, size_t from, bool *bad)
{
    const char *v = (const char *)c->s->bytes.ptr + r->value_off + from;
    size_t n = r->value_len - from;
    if (!r->extended)
        return bytes_repeat(c, r->value_off + from, n);
    /* Decoding only shrinks: reserve n and decode in place at the end. */
    if (n > SIZE_MAX - c->nbytes ||
        eml__buf_reserve(c->s->allocator, &c->s->bytes, c->nbytes + n) != EML_OK)
        return EML_ENOMEM;
    v = (const char *)c->s->bytes.ptr + r->value_off + from;
    char *d = (char *)c->s->bytes.ptr + c->nbytes;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        int hi, lo;
        if (v[i] == '%' && i + 2 < n && (hi = eml__hex_value((unsigned char)v[i + 1])) >= 0 &&
            (lo = eml__hex_value((unsigned char)v[i + 2])) >= 0) {
            d[k++] = (char)(hi * 16 + lo);
            i += 2;
        } else {
            if (v[i] == '%')
                *bad = true;
            d[k++] = v[i];
        }
    }
    c->nbytes += k;
    return EML_OK;
}

/* Splits charset'language'value (RFC 2231 section 4): the charset's place
 * in scratch->bytes and where the value starts. A defect when the quotes
 * are missing; then the whole value is taken as it is. */
static size_t split_charset(lexer *lx, collector *c, const raw_param *r, size_t *charset_off,
                            size_t *charset_len)
{
    const char *v = (const char *)c->s->bytes.ptr + r->value_off;
    const char *q1 = memchr(v, '\'', r->value_len);
    const char *q2 = q1 ? memchr(q1 + 1, '\'', r->value_len - (size_t)(q1 + 1 - v)) : NULL;
    if (!q2) {
        lx_defect_at(lx, EML_DEFECT_RFC2231_BAD_ENCODING, param_offset(lx, r));
        return 0;
    }
    *charset_off = r->value_off;
    *charset_len = (size_t)(q1 - v);
    return (size_t)(q2 + 1 - v);
}

/* Builds one parameter from the n records all[idx[0 .. n)] that share a
 * name, ordered as eml__param_group leaves them. Preference: RFC 2231
 * sections, then an extended value, then a plain one (RFC 6266 section
 * 4.3: the extended filename wins). */
static int build_group(lexer *lx, collector *c, const raw_param *all, const uint32_t *idx,
                       size_t n, eml__param *out, eml_slice *boundary)
{
    eml__arena *arena = eml__part_arena(lx->part);
    const raw_param *plain = NULL, *ext = NULL;
    size_t sec_begin = n, sec_end = n;
    for (size_t i = 0; i < n; i++) {
        const raw_param *r = &all[idx[i]];
        if (r->section < 0) {
            const raw_param **slot = r->extended ? &ext : &plain;
            if (*slot)
                lx_defect_at(lx, EML_DEFECT_DUPLICATE_PARAMETER, param_offset(lx, r));
            else
                *slot = r;
        } else {
            if (sec_begin == n)
                sec_begin = i;
            sec_end = i + 1;
        }
    }
    const raw_param *first = &all[idx[0]];

    size_t joined = c->nbytes;
    eml_slice charset = { NULL, 0 };
    size_t charset_off = 0, charset_len = 0;
    bool extended = false, bad = false;
    int rc = EML_OK;
    size_t at = param_offset(lx, first);

    if (sec_begin < n) {
        long expect = 0;
        const raw_param *prev = NULL;
        for (size_t i = sec_begin; i < sec_end && rc == EML_OK; i++) {
            const raw_param *r = &all[idx[i]];
            if (prev && prev->section == r->section) {
                lx_defect_at(lx, EML_DEFECT_DUPLICATE_PARAMETER, param_offset(lx, r));
                continue;
            }
            if (r->section != expect)
                lx_defect_at(lx, EML_DEFECT_RFC2231_BAD_CONTINUATION, param_offset(lx, r));
            expect = r->section + 1;
            /* charset'language' comes in the first section only. */
            size_t from = !prev && r->extended ? split_charset(lx, c, r, &charset_off, &charset_len) : 0;
            extended |= r->extended;
            rc = join_section(c, r, from, &bad);
            prev = r;
        }
    } else if (ext) {
        size_t from = split_charset(lx, c, ext, &charset_off, &charset_len);
        extended = true;
        at = param_offset(lx, ext);
        rc = join_section(c, ext, from, &bad);
    } else {
        at = param_offset(lx, plain);
        rc = bytes_repeat(c, plain->value_off, plain->value_len);
    }
    if (rc != EML_OK)
        return rc;
    if (bad)
        lx_defect_at(lx, EML_DEFECT_RFC2231_BAD_ENCODING, at);

    char *name = arena_lower(arena, first->name, first->name_len);
    if (!name)
        return EML_ENOMEM;
    out->name.ptr = name;
    out->name.len = first->name_len;

    const char *bytes = (const char *)c->s->bytes.ptr;
    eml_slice raw = { bytes + joined, c->nbytes - joined };
    if (charset_len) {
        charset.ptr = bytes + charset_off;
        charset.len = charset_len;
    } else {
        charset.ptr = bytes + joined;
        charset.len = 0;
    }
    if (boundary && out->name.len == 8 && memcmp(name, "boundary", 8) == 0) {
        char *b = eml__arena_strndup(arena, raw.ptr, raw.len);
        if (!b)
            return EML_ENOMEM;
        boundary->ptr = b;
        boundary->len = raw.len;
    }
    eml__text_ctx ctx;
    eml__part_text_ctx(lx->part, at, true, &ctx);
    rc = eml__param_value(&ctx, charset, raw, extended, &out->value);
    c->nbytes = joined; /* the joined bytes were temporary */
    return rc;
}

/* Groups the collected parameters by name and stores them, in order of
 * first appearance, as an exact-size arena array. */
static int finish_params(lexer *lx, collector *c, const eml__param **params, uint32_t *nparams,
                         eml_slice *boundary)
{
    *params = NULL;
    *nparams = 0;
    size_t n = c->nparams;
    if (!n)
        return EML_OK;
    eml__param_groups g;
    if (eml__param_group(c->s->allocator, &c->s->order, c->s->params.ptr, n, EML__GROUP_SCAN,
                         &g) != EML_OK)
        return EML_ENOMEM;
    eml__param *out = eml__arena_alloc(eml__part_arena(lx->part), g.ngroups * sizeof *out);
    if (!out)
        return EML_ENOMEM;
    const raw_param *all = c->s->params.ptr;
    size_t begin = 0;
    for (size_t i = 0; i < g.ngroups; i++) {
        int rc = build_group(lx, c, all, g.order + begin, g.end[i] - begin, &out[i], boundary);
        if (rc != EML_OK)
            return rc;
        begin = g.end[i];
    }
    *params = out;
    *nparams = (uint32_t)g.ngroups; /* at most the field's bytes / 2: below 2^31 */
    return lx->err;
}

/* ---- Content-Type -------------------------------------------------------- */

static const eml__param default_charset = { { "charset", 7 }, { "us-ascii", 8 } };

static void set_default_type(eml_part *part, bool in_digest)
{
    part->content_type = in_digest ? "message/rfc822" : "text/plain";
    part->content_type_len = in_digest ? 14 : 10;
    part->type_len = in_digest ? 7 : 4;
}

static bool has_param(const eml__param *p, size_t n, const char *name, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (p[i].name.len == len && memcmp(p[i].name.ptr, name, len) == 0)
            return true;
    return false;
}

int eml__content_type_parse(eml_part *part, eml__scratch *s, const char *value, size_t len,
                            size_t offset, bool in_digest, eml_slice *boundary)
{
    boundary->ptr = NULL;
    boundary->len = 0;
    part->params = NULL;
    part->nparams = 0;
    if (!value) {
        set_default_type(part, in_digest);
        if (!in_digest) {
            /* RFC 2045 section 5.2: the default is text/plain; charset=us-ascii. */
            part->params = &default_charset;
            part->nparams = 1;
        }
        return EML_OK;
    }
    lexer lx;
    lx_init(&lx, part, value, len, offset);
    skip_cfws(&lx);
    eml_slice type = lx_token(&lx);
    skip_cfws(&lx);
    /* Lengths are kept in 32 bits; no real type comes near. */
    bool valid = type.len > 0 && type.len < UINT32_MAX / 2 && lx.p < lx.e && *lx.p == '/';
    eml_slice subtype = { NULL, 0 };
    if (valid) {
        lx.p++;
        skip_cfws(&lx);
        subtype = lx_token(&lx);
        skip_cfws(&lx);
        /* Anything else before the first ';' is left to the parameter
         * reader, which records it. */
        valid = subtype.len > 0 && subtype.len < UINT32_MAX / 2;
    }
    if (valid) {
        size_t n = type.len + 1 + subtype.len;
        char *ct = eml__arena_alloc(eml__part_arena(part), n + 1);
        if (!ct)
            return EML_ENOMEM;
        for (size_t i = 0; i < type.len; i++)
            ct[i] = eml__ascii_lower(type.ptr[i]);
        ct[type.len] = '/';
        for (size_t i = 0; i < subtype.len; i++)
            ct[type.len + 1 + i] = eml__ascii_lower(subtype.ptr[i]);
        ct[n] = '\0';
        part->content_type = ct;
        part->content_type_len = (uint32_t)n;
        part->type_len = (uint32_t)type.len;
    } else {
        lx_defect(&lx, EML_DEFECT_INVALID_CONTENT_TYPE, value);
        set_default_type(part, in_digest);
        /* Keep what parameters follow a ';', if any (a charset is worth it). */
        const char *semi = memchr(lx.p, ';', (size_t)(lx.e - lx.p));
        lx.p = semi ? semi : lx.e;
    }
    collector c = { s, 0, 0 };
    int rc = collect_params(&lx, &c);
    if (rc == EML_OK)
        rc = finish_params(&lx, &c, &part->params, &part->nparams, boundary);
    if (rc != EML_OK)
        return rc;
    if (!valid && !in_digest && !has_param(part->params, part->nparams, "charset", 7)) {
        eml__param *p = eml__arena_alloc(eml__part_arena(part), (part->nparams + 1) * sizeof *p);
        if (!p)
            return EML_ENOMEM;
        if (part->nparams)
            memcpy(p, part->params, part->nparams * sizeof *p);
        p[part->nparams++] = default_charset;
        part->params = p;
    }
    return EML_OK;
}

/* ---- Content-Disposition (RFC 2183) ------------------------------------ */

int eml__disposition_parse(eml_part *part, eml__scratch *s, const char *value, size_t len,
                           size_t offset)
{
    lexer lx;
    lx_init(&lx, part, value, len, offset);
    skip_cfws(&lx);
    eml_slice type = lx_token(&lx);
    skip_cfws(&lx);
    part->disposition = NULL;
    part->disposition_len = 0;
    if (type.len && type.len < UINT32_MAX) {
        char *d = arena_lower(eml__part_arena(part), type.ptr, type.len);
        if (!d)
            return EML_ENOMEM;
        part->disposition = d;
        part->disposition_len = (uint32_t)type.len;
    } else {
        /* No type: reported as none, but the parameters still count (a
         * filename is worth keeping). */
        lx_defect(&lx, EML_DEFECT_INVALID_DISPOSITION, value);
        const char *semi = memchr(lx.p, ';', (size_t)(lx.e - lx.p));
        lx.p = semi ? semi : lx.e;
    }
    collector c = { s, 0, 0 };
    int rc = collect_params(&lx, &c);
    if (rc == EML_OK)
        rc = finish_params(&lx, &c, &part->disp_params, &part->ndisp_params, NULL);
    return rc;
}

/* ---- Content-Transfer-Encoding (RFC 2045 section 6.1) -------------------- */

int eml__encoding_parse(eml_part *part, const char *value, size_t len, size_t offset)
{
    static const struct {
        const char *name;
        size_t len;
        eml_encoding enc;
    } known[] = {
        { "7bit", 4, EML_ENCODING_7BIT },
        { "8bit", 4, EML_ENCODING_8BIT },
        { "binary", 6, EML_ENCODING_BINARY },
        { "base64", 6, EML_ENCODING_BASE64 },
        { "quoted-printable", 16, EML_ENCODING_QUOTED_PRINTABLE },
        { "x-uuencode", 10, EML_ENCODING_UUENCODE },
        { "uuencode", 8, EML_ENCODING_UUENCODE },
        { "x-uue", 5, EML_ENCODING_UUENCODE },
    };
    part->encoding = EML_ENCODING_7BIT;
    part->encoding_name = known[0].name;
    part->encoding_name_len = 4;
    if (!value)
        return EML_OK;
    lexer lx;
    lx_init(&lx, part, value, len, offset);
    skip_cfws(&lx);
    const char *s = lx.p;
    /* Up to the end or a comment; the value is a single token. */
    while (lx.p < lx.e && *lx.p != '(')
        lx.p++;
    const char *t = lx.p;
    while (t > s && eml__is_fws((unsigned char)t[-1]))
        t--;
    size_t n = (size_t)(t - s);
    if (n == 0 || n >= UINT32_MAX)
        return lx.err;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        if (known[i].len == n && eml__ascii_ieq(known[i].name, s, n)) {
            part->encoding = (uint8_t)known[i].enc;
            part->encoding_name = known[i].name;
            part->encoding_name_len = (uint32_t)n;
            return lx.err;
        }
    }
    char *name = arena_lower(eml__part_arena(part), s, n);
    if (!name)
        return EML_ENOMEM;
    part->encoding = EML_ENCODING_UNKNOWN;
    part->encoding_name = name;
    part->encoding_name_len = (uint32_t)n;
    lx_defect(&lx, EML_DEFECT_UNKNOWN_ENCODING, s);
    return lx.err;
}

/* ---- filename ------------------------------------------------------------- */

static const eml_slice *find_param(const eml__param *p, size_t n, const char *name, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (p[i].name.len == len && memcmp(p[i].name.ptr, name, len) == 0)
            return &p[i].value;
    return NULL;
}

void eml__filename_pick(eml_part *part)
{
    part->filename = find_param(part->disp_params, part->ndisp_params, "filename", 8);
    if (!part->filename)
        part->filename = find_param(part->params, part->nparams, "name", 4);
}
