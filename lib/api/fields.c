/*
 * Header semantics for parts: the public entry points that turn fields and
 * bodies into UTF-8 text, addresses, dates and message ids. Results are
 * computed on first request and cached per part and field, so a second
 * call costs nothing and records no duplicate defects.
 */
#include "mime/header.h"
#include "mime/tree.h"
#include "text/address.h"
#include "text/charset.h"
#include "text/date.h"
#include "text/msgid.h"
#include "text/rfc2047.h"

#include <string.h>

typedef struct field_cache {
    bool unfolded_done, text_done, addresses_done, msgids_done, date_done;
    int date_rc;
    int addresses_rc, msgids_rc; /* EML_OK, or EML_ELIMIT for a cut list */
    int64_t epoch;
    int zone;
    eml_slice unfolded;
    eml_slice text;
    eml__address_list addresses;
    eml__msgid_list msgids;
} field_cache;

typedef struct part_cache {
    field_cache **fields; /* nfields entries, each allocated on first use */
    size_t nfields;
} part_cache;

static field_cache *cache_for(const eml_part *part, size_t index)
{
    eml__part_state *p = part->state;
    eml__arena *arena = &part->message->arena;
    part_cache *pc = p->semantic_cache;
    size_t n = eml_part_field_count(part);
    if (index >= n)
        return NULL;
    if (!pc) {
        pc = eml__arena_alloc(arena, sizeof *pc);
        if (!pc)
            return NULL;
        pc->fields = eml__arena_alloc(arena, n * sizeof *pc->fields);
        if (!pc->fields)
            return NULL;
        memset(pc->fields, 0, n * sizeof *pc->fields);
        pc->nfields = n;
        p->semantic_cache = pc;
    }
    if (index >= pc->nfields)
        return NULL;
    if (!pc->fields[index]) {
        field_cache *fc = eml__arena_alloc(arena, sizeof *fc);
        if (!fc)
            return NULL;
        memset(fc, 0, sizeof *fc);
        pc->fields[index] = fc;
    }
    return pc->fields[index];
}

/* The raw value of field index and its offset in the message buffer. */
static int field_value(const eml_part *part, size_t index, eml_slice *value, size_t *offset)
{
    eml_field f;
    int rc = eml_part_field(part, index, &f);
    if (rc != EML_OK)
        return rc;
    *value = f.value;
    *offset = f.value.ptr ? (size_t)(f.value.ptr - part->base) : f.offset;
    return EML_OK;
}

/* Looks the field up and returns its cache; EML_* on failure. */
static int prepare(const eml_part *part, size_t index, field_cache **fc, eml_slice *value,
                   size_t *offset)
{
    if (!part)
        return EML_EINVAL;
    int rc = field_value(part, index, value, offset);
    if (rc != EML_OK)
        return rc;
    *fc = cache_for(part, index);
    return *fc ? EML_OK : EML_ENOMEM;
}

eml_error eml_part_field_unfolded(const eml_part *part, size_t index, eml_slice *out)
{
    if (!out)
        return EML_EINVAL;
    field_cache *fc;
    eml_slice v;
    size_t off;
    int rc = prepare(part, index, &fc, &v, &off);
    if (rc != EML_OK)
        return rc;
    /* Cached: a caller that asks again in a loop must not grow the
     * message's memory each time. */
    if (!fc->unfolded_done) {
        rc = eml__unfold(&part->message->arena, v.ptr ? v.ptr : "", v.len, &fc->unfolded);
        if (rc != EML_OK)
            return rc;
        fc->unfolded_done = true;
    }
    *out = fc->unfolded;
    return EML_OK;
}

eml_error eml_part_field_text(const eml_part *part, size_t index, eml_slice *out)
{
    if (!out)
        return EML_EINVAL;
    field_cache *fc;
    eml_slice v;
    size_t off;
    int rc = prepare(part, index, &fc, &v, &off);
    if (rc != EML_OK)
        return rc;
    if (!fc->text_done) {
        eml__text_ctx ctx;
        eml__part_text_ctx(part, off, false, &ctx);
        eml__tbuf b;
        eml__tbuf_init(&b, ctx.arena);
        if (!eml__tbuf_reserve(&b, v.len))
            return EML_ENOMEM;
        eml__rfc2047_decode(&ctx, v.ptr ? v.ptr : "", v.len, &b);
        if (eml__tbuf_finish(&b, &fc->text) != EML_OK)
            return EML_ENOMEM;
        fc->text_done = true;
    }
    *out = fc->text;
    return EML_OK;
}

static size_t option(const eml_part *part, int which)
{
    int64_t v = part->message->options[which];
    return v > 0 ? (size_t)v : 0;
}

/* A list cut at its limit: a defect where the first item left out starts,
 * and with EML_OPT_LIMIT_FAILS an error instead of the shortened list. */
static int list_cut(const eml_part *part, int code, size_t offset)
{
    if (part->message->options[EML_OPT_LIMIT_FAILS])
        return EML_ELIMIT;
    return eml__part_defect(part, code, offset) == EML_ENOMEM ? EML_ENOMEM : EML_OK;
}

/* The list accessors' convention: fill up to cap caller records from a
 * cached list and report the total, so a caller can size and call again. */
static void copy_records(void *out, size_t cap, const void *items, size_t total, size_t size,
                         size_t *count)
{
    size_t n = total < cap ? total : cap;
    if (n)
        memcpy(out, items, n * size);
    *count = total;
}

/* The caller's side of a list accessor: count zeroed first, and the
 * array may be NULL only when cap is 0. */
static int list_args(void *out, size_t cap, size_t *count)
{
    if (count)
        *count = 0;
    return !count || (!out && cap) ? EML_EINVAL : EML_OK;
}

/* The outcome of parsing a list, cached with it: a list cut at its limit
 * records its defect or, with EML_OPT_LIMIT_FAILS, is refused, and a
 * refusal is cached too, so that asking again does not parse again.
 * Returns what the caller returns when it cannot go on (out of memory is
 * never cached: memory may be there next time). */
static int list_settle(const eml_part *part, int rc, bool cut, int code, size_t cut_at,
                       int *cached_rc, bool *done)
{
    if (rc == EML_OK && cut)
        rc = list_cut(part, code, cut_at);
    if (rc != EML_OK && rc != EML_ELIMIT)
        return rc;
    *cached_rc = rc;
    *done = true;
    return EML_OK;
}

eml_error eml_part_field_addresses(const eml_part *part, size_t index, eml_address *out, size_t cap,
                             size_t *count)
{
    int rc = list_args(out, cap, count);
    field_cache *fc;
    eml_slice v;
    size_t off;
    if (rc == EML_OK)
        rc = prepare(part, index, &fc, &v, &off);
    if (rc != EML_OK)
        return rc;
    if (!fc->addresses_done) {
        eml__text_ctx ctx;
        eml__part_text_ctx(part, off, false, &ctx);
        rc = eml__address_parse(&ctx, v.ptr ? v.ptr : "", v.len,
                                option(part, EML_OPT_MAX_ADDRESSES), &fc->addresses);
        rc = list_settle(part, rc, fc->addresses.cut, EML_DEFECT_ADDRESS_LIMIT,
                         off + fc->addresses.cut_offset, &fc->addresses_rc, &fc->addresses_done);
        if (rc != EML_OK)
            return rc;
    }
    if (fc->addresses_rc != EML_OK)
        return fc->addresses_rc;
    copy_records(out, cap, fc->addresses.items, fc->addresses.count, sizeof *out, count);
    return EML_OK;
}

eml_error eml_part_field_date(const eml_part *part, size_t index, int64_t *epoch, int *zone_minutes)
{
    field_cache *fc;
    eml_slice v;
    size_t off;
    int rc = prepare(part, index, &fc, &v, &off);
    if (rc != EML_OK)
        return rc;
    if (!fc->date_done) {
        eml__text_ctx ctx;
        eml__part_text_ctx(part, off, false, &ctx);
        fc->date_rc = eml__date_parse(&ctx, v.ptr ? v.ptr : "", v.len, &fc->epoch, &fc->zone);
        fc->date_done = true;
    }
    if (fc->date_rc == EML_OK) {
        if (epoch)
            *epoch = fc->epoch;
        if (zone_minutes)
            *zone_minutes = fc->zone;
    }
    return fc->date_rc;
}

eml_error eml_part_field_msgids(const eml_part *part, size_t index, eml_slice *out, size_t cap,
                          size_t *count)
{
    int rc = list_args(out, cap, count);
    field_cache *fc;
    eml_slice v;
    size_t off;
    if (rc == EML_OK)
        rc = prepare(part, index, &fc, &v, &off);
    if (rc != EML_OK)
        return rc;
    if (!fc->msgids_done) {
        eml__text_ctx ctx;
        eml__part_text_ctx(part, off, false, &ctx);
        rc = eml__msgid_parse(&ctx, v.ptr ? v.ptr : "", v.len, option(part, EML_OPT_MAX_MSGIDS),
                              &fc->msgids);
        rc = list_settle(part, rc, fc->msgids.cut, EML_DEFECT_MSGID_LIMIT,
                         off + fc->msgids.cut_offset, &fc->msgids_rc, &fc->msgids_done);
        if (rc != EML_OK)
            return rc;
    }
    if (fc->msgids_rc != EML_OK)
        return fc->msgids_rc;
    copy_records(out, cap, fc->msgids.items, fc->msgids.count, sizeof *out, count);
    return EML_OK;
}

static bool slice_is(eml_slice s, const char *lit)
{
    size_t n = strlen(lit);
    return s.ptr && s.len == n && memcmp(s.ptr, lit, n) == 0;
}

static bool contains_ci(const char *s, size_t len, const char *word)
{
    size_t n = strlen(word);
    for (size_t i = 0; i + n <= len; i++) {
        size_t k = 0;
        while (k < n && (s[i + k] | 0x20) == word[k])
            k++;
        if (k == n)
            return true;
    }
    return false;
}

/* The charset parameter the message itself declares. The MIME layer fills
 * in RFC 2045's default (us-ascii) when Content-Type is missing or
 * invalid; such text is undeclared here, so that UTF-8 is not read as
 * windows-1252. */
static eml_slice declared_charset(const eml_part *part)
{
    eml_slice none = {NULL, 0};
    eml_slice charset = eml_part_param_get(part, "charset", 7);
    if (!charset.ptr)
        return none;
    size_t idx;
    if (eml_part_field_find(part, "Content-Type", 12, 0, &idx) != EML_OK)
        return none;
    eml_field f;
    if (eml_part_field(part, idx, &f) != EML_OK || !contains_ci(f.value.ptr, f.value.len, "charset"))
        return none;
    return charset;
}

eml_error eml_part_text(const eml_part *part, eml_slice *out)
{
    if (!part || !out)
        return EML_EINVAL;
    if (part->state->text_done) {
        *out = part->state->text;
        return EML_OK;
    }
    eml_slice type = eml_part_type(part);
    if (slice_is(type, "multipart") || part->embedded)
        return EML_EINVAL;
    eml_slice decoded;
    int rc = eml_part_decoded(part, &decoded);
    if (rc != EML_OK)
        return rc;
    /* Offsets are exact when the decoded body is the raw one; they count
     * from the part's own buffer (eml_part_buffer). */
    eml_slice body = eml_part_body_raw(part);
    bool in_buffer = decoded.ptr && decoded.ptr == body.ptr;
    size_t base = part->body_off;
    eml__text_ctx ctx;
    eml__part_text_ctx(part, base, !in_buffer, &ctx);
    eml__tbuf b;
    eml__tbuf_init(&b, ctx.arena);
    if (!eml__tbuf_reserve(&b, decoded.len + decoded.len / 8))
        return EML_ENOMEM;
    eml_slice charset = declared_charset(part);
    const char *src = decoded.ptr ? decoded.ptr : "";
    if (charset.ptr && charset.len)
        eml__charset_decode_label(&ctx, charset.ptr, charset.len, src, decoded.len, 0, &b);
    else
        eml__charset_decode_undeclared(&ctx, src, decoded.len, 0, &b);
    eml__part_state *p = part->state;
    if (eml__tbuf_finish(&b, &p->text) != EML_OK)
        return EML_ENOMEM;
    p->text_done = true;
    *out = p->text;
    return EML_OK;
}
