/*
 * Whole-message fuzzing: eml_parse, then every accessor on every part.
 *
 * An input whose first byte is below 8 (no mail starts with such a byte)
 * begins with four option bytes:
 *   byte 0  bit 0: EML_OPT_LIMIT_FAILS   bit 1: fail one allocation
 *           bit 2: small limits
 *   byte 1  the implementation (EML_OPT_IMPL), modulo 5
 *   byte 2  small limits: depth, parts, addresses and message ids,
 *           defects per part
 *   byte 3  small limits: fields, header bytes, decoded bytes;
 *           with bit 1 of byte 0: which allocation fails (1-based)
 * Any other input is a message parsed with the default options, so the
 * mail corpus replays unchanged. A message/rfc822 part in base64 or
 * quoted-printable stays a leaf; like a reader would, the harness decodes
 * it and parses and walks the result too (one level).
 */
#include "common.h"
#include "failing_alloc.h"

#include <stdlib.h>
#include <string.h>

typedef struct config {
    int limit_fails;
    int fail_alloc;
    int small;
    int impl;
    uint8_t b2, b3;
} config;

static void set(eml_options *o, eml_option opt, int64_t v)
{
    int rc = eml_options_set(o, opt, v);
    FUZZ_ASSERT(rc == EML_OK || (opt == EML_OPT_IMPL && rc == EML_EUNSUPPORTED));
    int64_t got = -1;
    FUZZ_ASSERT(eml_options_get(o, opt, &got) == EML_OK);
    FUZZ_ASSERT(rc != EML_OK || got == v);
}

static void apply(eml_options *o, const config *c)
{
    set(o, EML_OPT_LIMIT_FAILS, c->limit_fails);
    set(o, EML_OPT_IMPL, c->impl);
    if (!c->small)
        return;
    set(o, EML_OPT_MAX_DEPTH, 1 + (c->b2 & 7));
    set(o, EML_OPT_MAX_PARTS, 1 + ((c->b2 >> 3) & 7) * 4);
    set(o, EML_OPT_MAX_ADDRESSES, 1 + (c->b2 >> 6));
    set(o, EML_OPT_MAX_MSGIDS, 1 + (c->b2 >> 6));
    set(o, EML_OPT_MAX_DEFECTS, 1 + (c->b2 & 7) * 3);
    set(o, EML_OPT_MAX_FIELDS, 1 + (c->b3 & 15) * 2);
    set(o, EML_OPT_MAX_HEADER_BYTES, 16 + (c->b3 >> 4) * 64);
    set(o, EML_OPT_MAX_DECODED_BYTES, (int64_t)c->b3 * 16);
}

static int64_t opt(const eml_options *o, eml_option which)
{
    int64_t v = 0;
    FUZZ_ASSERT(eml_options_get(o, which, &v) == EML_OK);
    return v;
}

/* The limits hold: depth, parts and fields stay within their options,
 * and with EML_OPT_LIMIT_FAILS a successful parse has no limit defect. */
static void check_limits(const eml_message *m, const eml_options *o)
{
    size_t max_depth = (size_t)opt(o, EML_OPT_MAX_DEPTH);
    size_t max_fields = (size_t)opt(o, EML_OPT_MAX_FIELDS);
    int fails = opt(o, EML_OPT_LIMIT_FAILS) != 0;
    FUZZ_ASSERT(eml_message_part_count(m) <= (size_t)opt(o, EML_OPT_MAX_PARTS));

    const eml_part *root = eml_message_root(m);
    size_t depth;
    for (const eml_part *p = eml_part_walk_next(root, NULL, &depth); p;
         p = eml_part_walk_next(root, p, &depth)) {
        FUZZ_ASSERT(depth == eml_part_depth(p));
        FUZZ_ASSERT(depth <= max_depth);
        FUZZ_ASSERT(eml_part_field_count(p) <= max_fields);
        /* At most MAX_DEFECTS, plus the one DEFECT_LIMIT entry. */
        FUZZ_ASSERT(eml_part_defect_count(p) <= (size_t)opt(o, EML_OPT_MAX_DEFECTS) + 1);
        if (fails) {
            eml_defect d;
            for (size_t i = 0; eml_part_defect(p, i, &d) == EML_OK; i++)
                FUZZ_ASSERT(d.code < EML_DEFECT_DEPTH_LIMIT || d.code > EML_DEFECT_HEADER_BYTES_LIMIT);
        }
    }
}

/* Parses and walks the decoded bodies of encoded message parts. */
static void walk_encoded_messages(const eml_message *m, const eml_options *o, int oom_ok)
{
    const eml_part *root = eml_message_root(m);
    for (const eml_part *p = root; p; p = eml_part_walk_next(root, p, NULL)) {
        eml_slice type = eml_part_type(p), d;
        if (type.len == 7 && !memcmp(type.ptr, "message", 7) && !eml_part_embedded(p) &&
            (eml_part_encoding(p) == EML_ENCODING_BASE64 ||
             eml_part_encoding(p) == EML_ENCODING_QUOTED_PRINTABLE) &&
            eml_part_decoded(p, &d) == EML_OK) {
            eml_message *inner = NULL;
            int rc = eml_parse(d.ptr, d.len, o, &inner);
            FUZZ_ASSERT(rc == EML_OK || rc == EML_ELIMIT || (rc == EML_ENOMEM && oom_ok));
            if (rc == EML_OK)
                fuzz_walk_message(inner, FUZZ_WALK_ALL, oom_ok);
            eml_message_free(inner);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    config c = { 0, 0, 0, EML_IMPL_AUTO, 0, 0 };
    fuzz_reader r = { data, size };
    if (size && data[0] < 8) {
        uint8_t h = fuzz_take_u8(&r);
        c.limit_fails = h & 1;
        c.fail_alloc = (h >> 1) & 1;
        c.small = (h >> 2) & 1;
        c.impl = fuzz_take_u8(&r) % 5;
        c.b2 = fuzz_take_u8(&r);
        c.b3 = fuzz_take_u8(&r);
    }

    failing_alloc st;
    memset(&st, 0, sizeof st);
    st.keep_failing = 1; /* memory does not come back once it runs out */
    eml_allocator a;
    failing_alloc_init(&a, &st);
    eml_options *o = eml_options_create(&a);
    FUZZ_ASSERT(o != NULL);
    apply(o, &c);
    /* Count from here: the options block is already allocated. */
    if (c.fail_alloc)
        st.fail_at = st.calls + 1 + c.b3;

    eml_message *m = (eml_message *)1;
    int rc = eml_parse((const char *)r.p, r.n, o, &m);
    if (rc != EML_OK) {
        FUZZ_ASSERT(m == NULL);
        FUZZ_ASSERT((rc == EML_ELIMIT && c.limit_fails) || (rc == EML_ENOMEM && st.refused));
    } else {
        FUZZ_ASSERT(m != NULL);
        eml_slice b = eml_message_buffer(m);
        FUZZ_ASSERT(b.ptr == (const char *)r.p && b.len == r.n);
        check_limits(m, o);
        fuzz_walk_message(m, FUZZ_WALK_ALL, st.refused || c.fail_alloc);
        /* Everything is cached now: a second walk must agree and not
         * need memory it could not get. */
        fuzz_walk_message(m, FUZZ_WALK_ALL, st.refused || c.fail_alloc);
        walk_encoded_messages(m, o, st.refused || c.fail_alloc);
        check_limits(m, o); /* again, with the defects the accessors found */
        eml_message_free(m);
    }
    eml_options_free(o);
    FUZZ_ASSERT(st.live_bytes == 0 && st.live_blocks == 0);
    return 0;
}
