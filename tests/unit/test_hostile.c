/*
 * Hostile input at small sizes: the pathological messages of
 * tests/pathological/gen.h, checked for their results (the right
 * defects, limits applied, nothing lost), and every public entry point
 * that takes a buffer run on inputs that end right before a PROT_NONE
 * page, at every truncation point, so that a read past the end crashes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "../pathological/gen.h"
#include "eml.h"
#include "guard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- helpers ------------------------------------------------------------ */

typedef struct parsed {
    gen_buf in;
    eml_message *m;
    eml_options *o;
} parsed;

static void parse_gen(parsed *p, eml_options *o)
{
    p->o = o;
    p->m = NULL;
    assert_int_equal(eml_parse(p->in.ptr, p->in.len, o, &p->m), EML_OK);
    assert_non_null(p->m);
}

static void parsed_free(parsed *p)
{
    eml_message_free(p->m);
    eml_options_free(p->o);
    gen_free(&p->in);
}

static eml_options *opts(eml_option a, int64_t va, eml_option b, int64_t vb)
{
    eml_options *o = eml_options_create(NULL);
    assert_non_null(o);
    if (a)
        assert_int_equal(eml_options_set(o, a, va), EML_OK);
    if (b)
        assert_int_equal(eml_options_set(o, b, vb), EML_OK);
    return o;
}

static int has_defect(const eml_part *p, eml_defect_code code)
{
    eml_defect d;
    for (size_t i = 0; eml_part_defect(p, i, &d) == EML_OK; i++)
        if (d.code == code)
            return 1;
    return 0;
}

/* Follows the first child or the embedded root down to the deepest part. */
static const eml_part *deepest(const eml_part *p)
{
    for (;;) {
        const eml_part *next = eml_part_child_count(p) ? eml_part_child(p, 0) : eml_part_embedded(p);
        if (!next)
            return p;
        p = next;
    }
}

/* Does any part between p and the deepest part carry the defect? */
static int chain_has_defect(const eml_part *p, int code)
{
    for (;;) {
        if (has_defect(p, code))
            return 1;
        const eml_part *next = eml_part_child_count(p) ? eml_part_child(p, 0) : eml_part_embedded(p);
        if (!next)
            return 0;
        p = next;
    }
}

static int slice_has(eml_slice s, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; s.ptr && i + n <= s.len; i++)
        if (!memcmp(s.ptr + i, needle, n))
            return 1;
    return 0;
}

static size_t count_in(eml_slice s, const char *needle)
{
    size_t n = strlen(needle), c = 0;
    for (size_t i = 0; s.ptr && i + n <= s.len; i++)
        if (!memcmp(s.ptr + i, needle, n))
            c++;
    return c;
}

static void assert_slice(eml_slice s, const char *want)
{
    assert_non_null(s.ptr);
    assert_int_equal(s.len, strlen(want));
    assert_memory_equal(s.ptr, want, s.len);
}

/* ---- the pathological inputs at small sizes ------------------------------ */

static void test_nested_multipart_depth_limit(void **state)
{
    (void)state;
    parsed p = { { 0 }, 0, 0 };
    gen_nested_multipart(&p.in, 150);
    parse_gen(&p, NULL);
    const eml_part *root = eml_message_root(p.m);
    const eml_part *leaf = deepest(root);
    /* Default depth limit 100: the multipart at depth 100 is kept as a
     * leaf whose body still holds everything below it. */
    assert_int_equal(eml_part_depth(leaf), 100);
    assert_true(chain_has_defect(root, EML_DEFECT_DEPTH_LIMIT));
    assert_true(slice_has(eml_part_body_raw(leaf), "\r\nleaf\r\n"));
    assert_true(slice_has(eml_part_body_raw(leaf), "--b149--"));
    assert_int_equal(eml_message_part_count(p.m), 101);
    parsed_free(&p);

    /* With EML_OPT_LIMIT_FAILS the same input is refused. */
    gen_nested_multipart(&p.in, 150);
    eml_options *o = opts(EML_OPT_LIMIT_FAILS, 1, 0, 0);
    eml_message *m = (eml_message *)1;
    assert_int_equal(eml_parse(p.in.ptr, p.in.len, o, &m), EML_ELIMIT);
    assert_null(m);
    eml_options_free(o);
    gen_free(&p.in);

    /* Under the limit everything is a part. */
    gen_nested_multipart(&p.in, 50);
    parse_gen(&p, NULL);
    assert_int_equal(eml_message_part_count(p.m), 51);
    assert_false(chain_has_defect(eml_message_root(p.m), EML_DEFECT_DEPTH_LIMIT));
    assert_slice(eml_part_body_raw(deepest(eml_message_root(p.m))), "leaf");
    parsed_free(&p);
}

static void test_many_boundaries(void **state)
{
    (void)state;
    parsed p = { { 0 }, 0, 0 };
    gen_many_boundaries(&p.in, 1000);
    parse_gen(&p, NULL);
    const eml_part *root = eml_message_root(p.m);
    assert_int_equal(eml_part_child_count(root), 1000);
    for (size_t i = 0; i < 1000; i++)
        assert_slice(eml_part_body_raw(eml_part_child(root, i)), "x");
    assert_false(has_defect(root, EML_DEFECT_MULTIPART_NO_CLOSE));
    parsed_free(&p);

    /* A part limit of 10: at most 10 parts, a defect says why. */
    gen_many_boundaries(&p.in, 1000);
    parse_gen(&p, opts(EML_OPT_MAX_PARTS, 10, 0, 0));
    root = eml_message_root(p.m);
    assert_true(eml_message_part_count(p.m) <= 10);
    assert_true(has_defect(root, EML_DEFECT_PART_LIMIT));
    parsed_free(&p);
}

static void test_many_fields(void **state)
{
    (void)state;
    parsed p = { { 0 }, 0, 0 };
    gen_many_fields(&p.in, 12000);
    parse_gen(&p, NULL);
    const eml_part *root = eml_message_root(p.m);
    /* Default field limit 10000: the rest stays in the raw header and the
     * body is still found. */
    assert_int_equal(eml_part_field_count(root), 10000);
    assert_true(has_defect(root, EML_DEFECT_FIELD_LIMIT));
    assert_true(slice_has(eml_part_header_raw(root), "X-F11999: v"));
    assert_slice(eml_part_body_raw(root), "body\r\n");
    eml_field f;
    assert_int_equal(eml_part_field(root, 9999, &f), EML_OK);
    assert_int_equal(f.name.len, 7);
    assert_memory_equal(f.name.ptr, "X-F9999", 7);
    parsed_free(&p);

    gen_many_fields(&p.in, 12000);
    eml_options *o = opts(EML_OPT_LIMIT_FAILS, 1, 0, 0);
    eml_message *m = (eml_message *)1;
    assert_int_equal(eml_parse(p.in.ptr, p.in.len, o, &m), EML_ELIMIT);
    assert_null(m);
    eml_options_free(o);
    gen_free(&p.in);

    /* A header byte limit stops recording fields at the limit. */
    gen_many_fields(&p.in, 1000);
    parse_gen(&p, opts(EML_OPT_MAX_HEADER_BYTES, 100, 0, 0));
    root = eml_message_root(p.m);
    assert_true(eml_part_field_count(root) < 20);
    assert_true(has_defect(root, EML_DEFECT_HEADER_BYTES_LIMIT));
    assert_slice(eml_part_body_raw(root), "body\r\n");
    parsed_free(&p);
}

static void test_folded_header(void **state)
{
    (void)state;
    parsed p = { { 0 }, 0, 0 };
    gen_folded(&p.in, 5000);
    parse_gen(&p, NULL);
    const eml_part *root = eml_message_root(p.m);
    assert_int_equal(eml_part_field_count(root), 1);
    eml_slice u, t;
    assert_int_equal(eml_part_field_unfolded(root, 0, &u), EML_OK);
    assert_int_equal(eml_part_field_text(root, 0, &t), EML_OK);
    assert_int_equal(u.len, 1 + 2 * 5000);
    for (size_t i = 0; i < u.len; i++)
        assert_int_equal(u.ptr[i], i % 2 ? ' ' : 'a');
    assert_int_equal(t.len, u.len);
    assert_memory_equal(t.ptr, u.ptr, u.len);
    assert_slice(eml_part_body_raw(root), "body\r\n");
    parsed_free(&p);
}

static void test_long_lines(void **state)
{
    (void)state;
    parsed p = { { 0 }, 0, 0 };
    gen_long_line(&p.in, 100000);
    parse_gen(&p, NULL);
    const eml_part *root = eml_message_root(p.m);
    eml_slice t;
    assert_int_equal(eml_part_text(root, &t), EML_OK);
    assert_int_equal(t.len, 100000 + 2);
    assert_int_equal(count_in(t, "a"), 100000);
    parsed_free(&p);

    /* A 100,000-byte header line: a defect, and the value kept whole. */
    gen_puts(&p.in, "X-Long: ");
    gen_fill(&p.in, 'b', 100000);
    gen_puts(&p.in, "\r\n\r\nbody");
    parse_gen(&p, NULL);
    root = eml_message_root(p.m);
    assert_true(has_defect(root, EML_DEFECT_LINE_TOO_LONG));
    eml_slice u;
    assert_int_equal(eml_part_field_unfolded(root, 0, &u), EML_OK);
    assert_int_equal(u.len, 100000);
    assert_slice(eml_part_body_raw(root), "body");
    parsed_free(&p);
}

static void test_encoded_words(void **state)
{
    (void)state;
    parsed p = { { 0 }, 0, 0 };
    gen_encoded_words(&p.in, 2000);
    parse_gen(&p, NULL);
    eml_slice t;
    assert_int_equal(eml_part_field_text(eml_message_root(p.m), 0, &t), EML_OK);
    /* RFC 2047 section 6.2: whitespace between adjacent encoded words is
     * dropped, so 2000 words "a" make 2000 letters. */
    assert_int_equal(t.len, 2000);
    assert_int_equal(count_in(t, "a"), 2000);
    parsed_free(&p);
}

static void test_many_addresses(void **state)
{
    (void)state;
    parsed p = { { 0 }, 0, 0 };
    gen_addresses(&p.in, 3000);
    parse_gen(&p, NULL);
    const eml_part *root = eml_message_root(p.m);
    size_t n = 0;
    assert_int_equal(eml_part_field_addresses(root, 0, NULL, 0, &n), EML_OK);
    assert_int_equal(n, 3001);
    eml_address *a = calloc(n, sizeof *a);
    assert_non_null(a);
    assert_int_equal(eml_part_field_addresses(root, 0, a, n, &n), EML_OK);
    char want[64];
    for (size_t i = 0; i < 3000; i++) {
        snprintf(want, sizeof want, "u%zu@example.com", i);
        assert_slice(a[i].address, want);
        assert_null(a[i].name.ptr);
    }
    assert_slice(a[3000].address, "last@example.com");
    free(a);
    parsed_free(&p);

    /* An address limit of 100 keeps the first 100. */
    gen_addresses(&p.in, 3000);
    parse_gen(&p, opts(EML_OPT_MAX_ADDRESSES, 100, 0, 0));
    eml_address b[100];
    assert_int_equal(eml_part_field_addresses(eml_message_root(p.m), 0, b, 100, &n), EML_OK);
    assert_int_equal(n, 100);
    assert_slice(b[99].address, "u99@example.com");
    parsed_free(&p);
}

static void test_rfc2231_parameters(void **state)
{
    (void)state;
    parsed p = { { 0 }, 0, 0 };
    gen_rfc2231_continuations(&p.in, 500);
    parse_gen(&p, NULL);
    const eml_part *root = eml_message_root(p.m);
    assert_int_equal(eml_part_param_count(root), 1);
    eml_slice v = eml_part_param_get(root, "name", EML_NUL_TERMINATED);
    assert_int_equal(v.len, 1000);
    assert_int_equal(count_in(v, "ab"), 500);
    assert_int_equal(eml_part_filename(root).len, 1000);
    parsed_free(&p);

    gen_distinct_params(&p.in, 500);
    parse_gen(&p, NULL);
    root = eml_message_root(p.m);
    assert_int_equal(eml_part_param_count(root), 500);
    assert_slice(eml_part_param_get(root, "p0", EML_NUL_TERMINATED), "v0");
    assert_slice(eml_part_param_get(root, "p499", EML_NUL_TERMINATED), "v499");
    eml_param prm;
    assert_int_equal(eml_part_param(root, 250, &prm), EML_OK);
    assert_slice(prm.name, "p250");
    assert_slice(prm.value, "v250");
    parsed_free(&p);
}

static void test_qp_equals_run(void **state)
{
    (void)state;
    parsed p = { { 0 }, 0, 0 };
    gen_qp_equals(&p.in, 760); /* ten lines of 76 '=' */
    parse_gen(&p, NULL);
    const eml_part *root = eml_message_root(p.m);
    eml_slice d;
    assert_int_equal(eml_part_decoded(root, &d), EML_OK);
    /* RFC 2045 section 6.7: the '=' ending each line is a soft line
     * break; every other '=' is an invalid escape kept literally. */
    assert_int_equal(d.len, 750);
    assert_int_equal(count_in(d, "="), 750);
    assert_true(has_defect(root, EML_DEFECT_QP_INVALID_ESCAPE));
    parsed_free(&p);
}

static void test_base64_junk(void **state)
{
    (void)state;
    parsed p = { { 0 }, 0, 0 };
    gen_base64_junk(&p.in, 1000);
    parse_gen(&p, NULL);
    const eml_part *root = eml_message_root(p.m);
    eml_slice d;
    assert_int_equal(eml_part_decoded(root, &d), EML_OK);
    assert_int_equal(d.len, 0);
    assert_true(has_defect(root, EML_DEFECT_BASE64_INVALID_CHAR));
    parsed_free(&p);
}

static void test_prefix_sharing_boundaries(void **state)
{
    (void)state;
    parsed p = { { 0 }, 0, 0 };
    gen_prefix_boundaries(&p.in, 20, 300);
    parse_gen(&p, NULL);
    const eml_part *root = eml_message_root(p.m);
    assert_int_equal(eml_message_part_count(p.m), 21);
    const eml_part *leaf = deepest(root);
    assert_int_equal(eml_part_depth(leaf), 20);
    /* No near-miss line is taken for a delimiter, none is lost (the
     * last one's line break belongs to the delimiter after it). */
    assert_int_equal(count_in(eml_part_body_raw(leaf), "--" GEN_PREFIX "zz"), 300);
    assert_false(chain_has_defect(root, EML_DEFECT_MULTIPART_NO_CLOSE));
    parsed_free(&p);
}

static void test_nested_messages(void **state)
{
    (void)state;
    parsed p = { { 0 }, 0, 0 };
    gen_nested_rfc822(&p.in, 150);
    parse_gen(&p, NULL);
    const eml_part *root = eml_message_root(p.m);
    const eml_part *leaf = deepest(root);
    assert_true(eml_part_depth(leaf) <= 100);
    assert_true(chain_has_defect(root, EML_DEFECT_DEPTH_LIMIT));
    assert_true(slice_has(eml_part_body_raw(leaf), "Subject: bottom"));
    parsed_free(&p);

    /* A base64 message/rfc822 (RFC 2046 section 5.2.1 forbids it) is
     * decoded and built, level after level, without recursion: the
     * chain comes out whole, each level's parts in its decoded bytes. */
    gen_base64_rfc822(&p.in, 30);
    parse_gen(&p, NULL);
    root = eml_message_root(p.m);
    assert_non_null(eml_part_embedded(root));
    assert_true(has_defect(root, EML_DEFECT_COMPOSITE_ENCODING));
    assert_int_equal(eml_message_part_count(p.m), 32);
    eml_slice d;
    assert_int_equal(eml_part_decoded(root, &d), EML_OK);
    eml_slice rb = eml_part_buffer(root);
    assert_ptr_equal(rb.ptr, p.in.ptr);
    eml_slice ib = eml_part_buffer(eml_part_embedded(root));
    assert_ptr_equal(ib.ptr, d.ptr);
    assert_int_equal(ib.len, d.len);
    const eml_part *bottom = deepest(root);
    size_t idx;
    assert_int_equal(eml_part_field_find(bottom, "Subject", EML_NUL_TERMINATED, 0, &idx), EML_OK);
    eml_field fld;
    assert_int_equal(eml_part_field(bottom, idx, &fld), EML_OK);
    eml_slice bb = eml_part_buffer(bottom);
    assert_true(fld.name.ptr >= bb.ptr && fld.name.ptr + fld.name.len <= bb.ptr + bb.len);
    assert_ptr_equal(bb.ptr + fld.offset, fld.name.ptr);
    parsed_free(&p);

    /* Quoted-printable levels barely shrink: their decoded bytes stay
     * within a budget of 4 times the input, past it a leaf and a defect. */
    {
        const char *hdr = "Content-Type: message/rfc822\r\n"
                          "Content-Transfer-Encoding: quoted-printable\r\n\r\n";
        char *msg = strdup("Subject: bottom\r\n\r\nx\r\n");
        for (int i = 0; i < 10; i++) {
            char *next = malloc(strlen(hdr) + strlen(msg) + 1);
            strcpy(next, hdr);
            strcat(next, msg);
            free(msg);
            msg = next;
        }
        eml_message *qm = NULL;
        assert_int_equal(eml_parse(msg, strlen(msg), NULL, &qm), EML_OK);
        assert_true(chain_has_defect(eml_message_root(qm), EML_DEFECT_DECODED_MESSAGE_LIMIT));
        size_t total = 0;
        for (const eml_part *e = eml_message_root(qm); e; e = eml_part_embedded(e))
            if (eml_part_embedded(e))
                total += eml_part_buffer(eml_part_embedded(e)).len;
        assert_true(total <= 4 * strlen(msg));
        eml_message_free(qm);
        free(msg);
    }

    /* The depth limit still applies across the decoded levels. */
    gen_base64_rfc822(&p.in, 30);
    eml_options *o = eml_options_create(NULL);
    assert_int_equal(eml_options_set(o, EML_OPT_MAX_DEPTH, 10), EML_OK);
    parse_gen(&p, o);
    assert_true(eml_part_depth(deepest(eml_message_root(p.m))) <= 10);
    assert_true(chain_has_defect(eml_message_root(p.m), EML_DEFECT_DEPTH_LIMIT));
    parsed_free(&p);
}

static void test_nested_comments(void **state)
{
    (void)state;
    parsed p = { { 0 }, 0, 0 };
    gen_nested_comments(&p.in, 5000);
    parse_gen(&p, NULL);
    eml_address a[2];
    size_t n = 0;
    assert_int_equal(eml_part_field_addresses(eml_message_root(p.m), 0, a, 2, &n), EML_OK);
    assert_int_equal(n, 1);
    assert_slice(a[0].address, "a@example.com");
    parsed_free(&p);
}

/* ---- guard pages --------------------------------------------------------- */

static volatile size_t sink;

/* Reads everything a message offers, as a mail server would. */
static void read_all(const eml_message *m)
{
    const eml_part *stack[256];
    size_t top = 0;
    stack[top++] = eml_message_root(m);
    while (top) {
        const eml_part *p = stack[--top];
        for (size_t i = 0; i < eml_part_field_count(p); i++) {
            eml_slice s;
            size_t n = 0;
            int64_t e;
            int z;
            if (eml_part_field_unfolded(p, i, &s) == EML_OK)
                sink += s.len;
            if (eml_part_field_text(p, i, &s) == EML_OK)
                sink += s.len;
            eml_address a[4];
            if (eml_part_field_addresses(p, i, a, 4, &n) == EML_OK)
                sink += n;
            if (eml_part_field_date(p, i, &e, &z) == EML_OK)
                sink += (size_t)e;
            eml_slice ids[4];
            if (eml_part_field_msgids(p, i, ids, 4, &n) == EML_OK)
                sink += n;
        }
        eml_param prm;
        for (size_t i = 0; eml_part_param(p, i, &prm) == EML_OK; i++)
            sink += prm.value.len;
        for (size_t i = 0; eml_part_disposition_param(p, i, &prm) == EML_OK; i++)
            sink += prm.value.len;
        sink += eml_part_filename(p).len + eml_part_preamble(p).len + eml_part_epilogue(p).len;
        eml_slice d;
        if (eml_part_decoded(p, &d) == EML_OK)
            sink += d.len;
        size_t max = 0, w = 0;
        if (eml_part_decoded_size_max(p, &max) == EML_OK) {
            char *buf = malloc(max + 1);
            assert_non_null(buf);
            eml_part_decode(p, buf, max, &w);
            free(buf);
        }
        if (eml_part_text(p, &d) == EML_OK)
            sink += d.len;
        for (size_t i = 0; i < eml_part_child_count(p) && top < 255; i++)
            stack[top++] = eml_part_child(p, i);
        if (eml_part_embedded(p) && top < 255)
            stack[top++] = eml_part_embedded(p);
    }
}

/* Messages chosen to end inside every construct that scans forward. */
#define MSG(s) { s, sizeof(s) - 1 }
static const struct {
    const char *s;
    size_t len;
} guard_messages[] = {
    MSG("From: Ann <ann@example.com>\r\nTo: \"B, C\" <b@example.com>, (c) d@e\r\n"
    "Subject: =?utf-8?q?caf=C3=A9?= =?iso-8859-1?b?Y2Fm6Q==?=\r\nDate: Mon, 2 Jan 2006 15:04:05 -0700\r\n"
    "Message-ID: <a@b>\r\nReferences: <c@d> <e@f>\r\n\r\nbody"),
    MSG("Content-Type: multipart/mixed; boundary=\"xyz\"\r\n\r\npre\r\n--xyz\r\n"
    "Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
    "caf=E9 =\r\nx=4\r\n--xyz\r\nContent-Transfer-Encoding: base64\r\n"
    "Content-Disposition: attachment; filename*0*=utf-8''%E2%82; filename*1*=%AC\r\n\r\nSGVsbG8gd29y\r\nbGQ\r\n"
    "--xyz\r\nContent-Type: message/rfc822\r\n\r\nSubject: in\r\n\r\nx\r\n--xyz--\r\nepi"),
    MSG("Content-Type: text/plain; charset=shift_jis\r\n\r\n\x82\xa0\x82"),
    MSG("Content-Type: text/plain; charset=iso-2022-jp\r\n\r\n\x1b$B$H\x1b("),
    MSG("Content-Type: text/plain; charset=utf-16le\r\n\r\nh\0i\0\x3d\xd8"),
    MSG("Content-Type: text/plain; charset=gb18030\r\n\r\n\xd6\xd0\x81\x30\x81"),
    MSG("Content-Type: multipart/digest; boundary=d\n\n--d\n\nSubject: one\n\n--d--"),
    MSG("From sender Mon Jan  2 15:04:05 2006\nSubject: x\n (folded\n\n"),
};

static void test_guard_parse(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof guard_messages / sizeof guard_messages[0]; k++) {
        const char *msg = guard_messages[k].s;
        size_t len = guard_messages[k].len;
        for (size_t cut = 0; cut <= len; cut++) {
            char *g = guard_copy(msg, cut);
            eml_message *m = NULL;
            assert_int_equal(eml_parse(g, cut, NULL, &m), EML_OK);
            read_all(m);
            eml_message_free(m);
            guard_free(g);
        }
    }
}

static void test_guard_codecs(void **state)
{
    (void)state;
    static const char b64[] = "SGVsbG8gd29ybGQhIFRoaXMgaXMgYmFzZTY0IHRleHQgb2Ygc29tZSBsZW5ndGgu\r\n"
                              "U2Vjb25kIGxpbmUgb2YgYmFzZTY0IGRhdGEgZm9yIHRoZSB2ZWN0b3IgcGF0aHMu=";
    static const char qp[] = "Caf=C3=A9 au lait, a long line of quoted-printable text that goes on =\r\n"
                             "and on=20=20\r\nwith =3D signs and a trailing =4";
    for (int impl = EML_IMPL_AUTO; impl <= EML_IMPL_NEON; impl++) {
        if (!eml_impl_available(impl))
            continue;
        for (size_t cut = 0; cut <= sizeof b64 - 1; cut++) {
            char *g = guard_copy(b64, cut);
            char *dst = malloc(eml_base64_decoded_size_max(cut) + 1);
            size_t w = 0, nd = 0;
            eml_defect d[8];
            assert_int_equal(eml_base64_decode(impl, g, cut, dst, &w, d, 8, &nd), EML_OK);
            assert_true(w <= eml_base64_decoded_size_max(cut));
            free(dst);
            guard_free(g);
        }
        for (size_t cut = 0; cut <= sizeof qp - 1; cut++) {
            char *g = guard_copy(qp, cut);
            char *dst = malloc(eml_qp_decoded_size_max(cut) + 1);
            size_t w = 0, nd = 0;
            eml_defect d[8];
            assert_int_equal(eml_qp_decode(impl, g, cut, dst, &w, d, 8, &nd), EML_OK);
            assert_true(w <= eml_qp_decoded_size_max(cut));
            free(dst);
            guard_free(g);
        }
    }
}

static void test_guard_date(void **state)
{
    (void)state;
    static const char *const dates[] = {
        "Mon, 2 Jan 2006 15:04:05 -0700 (MST)",
        "2 Jan 06 15:04 EST",
        "Tue, 31 Dec 2024 23:59:60 +0000",
    };
    for (size_t k = 0; k < sizeof dates / sizeof dates[0]; k++) {
        size_t len = strlen(dates[k]);
        for (size_t cut = 0; cut <= len; cut++) {
            char *g = guard_copy(dates[k], cut);
            int64_t e;
            int z;
            eml_defect d[4];
            size_t nd = 0;
            int rc = eml_date_parse(g, cut, &e, &z, d, 4, &nd);
            assert_true(rc == EML_OK || rc == EML_ENOTFOUND);
            guard_free(g);
        }
        /* The whole string is a date. */
        int64_t e;
        int z;
        assert_int_equal(eml_date_parse(dates[k], len, &e, &z, NULL, 0, NULL), EML_OK);
    }
}

static void test_guard_charset(void **state)
{
    (void)state;
    static const struct {
        const char *label;
        const char *text;
        size_t len;
    } cases[] = {
        { "utf-8", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x83", 14 },
        { "iso-8859-1", "caf\xe9", 4 },
        { "shift_jis", "\x82\xa0\x82\xa2\x82", 5 },
        { "euc-jp", "\xa4\xa2\x8f\xb0", 4 },
        { "iso-2022-jp", "\x1b$B$H$J\x1b(B\x1b$", 11 },
        { "utf-16", "\xff\xfeh\0i\0\x3d\xd8", 8 },
        { "utf-16be", "\0h\0", 3 },
        { "gb18030", "\xd6\xd0\x81\x30\x81\x30\x81", 7 },
        { "big5", "\xa4\xa4\xa4", 3 },
        { "euc-kr", "\xb0\xa1\xb0", 3 },
        { "utf-7", "Hi +AOk-x+AO", 12 },
        { "koi8-r", "\xf0\xf2", 2 },
        { "x-no-such", "\xff\xfe", 2 },
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        size_t ll = strlen(cases[k].label);
        char *label = guard_copy(cases[k].label, ll);
        for (size_t cut = 0; cut <= cases[k].len; cut++) {
            char *g = guard_copy(cases[k].text, cut);
            char *dst = malloc(eml_utf8_size_max(cut));
            size_t w = 0, nd = 0;
            eml_defect d[4];
            assert_int_equal(eml_charset_to_utf8(label, ll, g, cut, dst, &w, d, 4, &nd), EML_OK);
            assert_true(w <= eml_utf8_size_max(cut));
            free(dst);
            guard_free(g);
        }
        guard_free(label);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nested_multipart_depth_limit),
        cmocka_unit_test(test_many_boundaries),
        cmocka_unit_test(test_many_fields),
        cmocka_unit_test(test_folded_header),
        cmocka_unit_test(test_long_lines),
        cmocka_unit_test(test_encoded_words),
        cmocka_unit_test(test_many_addresses),
        cmocka_unit_test(test_rfc2231_parameters),
        cmocka_unit_test(test_qp_equals_run),
        cmocka_unit_test(test_base64_junk),
        cmocka_unit_test(test_prefix_sharing_boundaries),
        cmocka_unit_test(test_nested_messages),
        cmocka_unit_test(test_nested_comments),
        cmocka_unit_test(test_guard_parse),
        cmocka_unit_test(test_guard_codecs),
        cmocka_unit_test(test_guard_date),
        cmocka_unit_test(test_guard_charset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
