/*
 * Out-of-memory everywhere: for N = 1, 2, ... the Nth allocation fails,
 * whether it happens while parsing or later inside an accessor (unfolding,
 * field text, addresses, dates, message ids, parameters, decoding, body
 * text), until a run passes without reaching N. Every failure must come
 * back as EML_ENOMEM; afterwards, with memory available again, every
 * accessor must give exactly the answers of a run that never failed (no
 * half-built result is cached), and everything must be freed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "../pathological/gen.h"
#include "eml.h"
#include "failing_alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- a rendering of every answer, to compare runs ----------------------- */

static void put_rc(gen_buf *b, int rc)
{
    gen_printf(b, "rc%zu;", (size_t)(rc < 0 ? -rc : rc));
}

static void put_slice(gen_buf *b, eml_slice s)
{
    gen_printf(b, "[%zu:", s.len);
    if (s.ptr)
        gen_put(b, s.ptr, s.len);
    gen_puts(b, "]");
}

/* An accessor's result is rendered when it succeeds; its return code
 * always. ENOMEM is allowed only while allocations are being refused,
 * which the caller checks through *oom. */
static int note(gen_buf *b, int rc, int *oom)
{
    if (rc == EML_ENOMEM)
        *oom = 1;
    put_rc(b, rc);
    return rc == EML_OK;
}

static void render_fields(gen_buf *b, const eml_part *p, int *oom)
{
    for (size_t i = 0; i < eml_part_field_count(p); i++) {
        eml_slice s;
        if (note(b, eml_part_field_unfolded(p, i, &s), oom))
            put_slice(b, s);
        if (note(b, eml_part_field_text(p, i, &s), oom))
            put_slice(b, s);
        size_t n = 0;
        eml_address a[8];
        if (note(b, eml_part_field_addresses(p, i, a, 8, &n), oom)) {
            gen_printf(b, "n%zu;", n);
            for (size_t k = 0; k < n && k < 8; k++) {
                put_slice(b, a[k].name);
                put_slice(b, a[k].address);
                put_slice(b, a[k].group);
            }
        }
        int64_t e = 0;
        int z = 0;
        if (note(b, eml_part_field_date(p, i, &e, &z), oom))
            gen_printf(b, "d%zu;", (size_t)e + (size_t)z);
        eml_slice ids[8];
        if (note(b, eml_part_field_msgids(p, i, ids, 8, &n), oom)) {
            gen_printf(b, "n%zu;", n);
            for (size_t k = 0; k < n && k < 8; k++)
                put_slice(b, ids[k]);
        }
    }
}

static void render_part(gen_buf *b, const eml_part *p, int *oom)
{
    put_slice(b, eml_part_content_type(p));
    put_slice(b, eml_part_disposition(p));
    put_slice(b, eml_part_filename(p));
    eml_param prm;
    for (size_t i = 0; eml_part_param(p, i, &prm) == EML_OK; i++) {
        put_slice(b, prm.name);
        put_slice(b, prm.value);
    }
    for (size_t i = 0; eml_part_disposition_param(p, i, &prm) == EML_OK; i++) {
        put_slice(b, prm.name);
        put_slice(b, prm.value);
    }
    render_fields(b, p, oom);
    size_t max = 0, w = 0;
    if (note(b, eml_part_decoded_size_max(p, &max), oom)) {
        /* Too small by one byte when the body decodes to anything: the
         * temporary-buffer path of eml_part_decode. */
        char *dst = malloc(max + 1);
        assert_non_null(dst);
        note(b, eml_part_decode(p, dst, max ? max - 1 : 0, &w), oom);
        if (note(b, eml_part_decode(p, dst, max, &w), oom))
            put_slice(b, (eml_slice){ dst, w });
        free(dst);
    }
    eml_slice s;
    if (note(b, eml_part_decoded(p, &s), oom))
        put_slice(b, s);
    if (note(b, eml_part_text(p, &s), oom))
        put_slice(b, s);
}

static void render_message(gen_buf *b, const eml_message *m, int *oom)
{
    const eml_part *stack[64];
    size_t top = 0;
    stack[top++] = eml_message_root(m);
    while (top) {
        const eml_part *p = stack[--top];
        render_part(b, p, oom);
        for (size_t i = eml_part_child_count(p); i-- > 0 && top < 63;)
            stack[top++] = eml_part_child(p, i);
        if (eml_part_embedded(p) && top < 63)
            stack[top++] = eml_part_embedded(p);
    }
}

/* ---- the sweep ------------------------------------------------------------ */

static void sweep(const char *msg, size_t len)
{
    /* The answers when memory never runs out. */
    gen_buf want = { NULL, 0, 0 };
    {
        eml_message *m = NULL;
        int oom = 0;
        assert_int_equal(eml_parse(msg, len, NULL, &m), EML_OK);
        render_message(&want, m, &oom);
        assert_false(oom);
        eml_message_free(m);
    }
    for (size_t n = 1;; n++) {
        failing_alloc f = { 0 };
        f.fail_at = n;
        eml_allocator a;
        failing_alloc_init(&a, &f);
        eml_options *o = eml_options_create(&a);
        if (!o) {
            assert_int_equal(f.live_blocks, 0);
            continue;
        }
        eml_message *m = NULL;
        int rc = eml_parse(msg, len, o, &m);
        if (rc != EML_OK) {
            assert_int_equal(rc, EML_ENOMEM);
            assert_true(f.refused);
            assert_null(m);
        } else {
            gen_buf first = { NULL, 0, 0 }, again = { NULL, 0, 0 };
            int oom = 0, oom2 = 0;
            render_message(&first, m, &oom);
            /* ENOMEM only when an allocation was refused, and a run
             * without ENOMEM gives the right answers from the start. */
            assert_true(!oom || f.refused);
            if (!oom && (first.len != want.len || memcmp(first.ptr, want.ptr, want.len) != 0)) {
                fprintf(stderr, "allocation %zu: a wrong answer reported as success\n", n);
                fail();
            }
            /* Memory is back: every answer must be the right one. */
            f.fail_at = 0;
            render_message(&again, m, &oom2);
            assert_false(oom2);
            if (again.len != want.len || memcmp(again.ptr, want.ptr, want.len) != 0) {
                fprintf(stderr, "allocation %zu: answers differ after out-of-memory\n", n);
                fail();
            }
            gen_free(&first);
            gen_free(&again);
            eml_message_free(m);
        }
        eml_options_free(o);
        assert_int_equal(f.live_blocks, 0);
        assert_int_equal(f.live_bytes, 0);
        if (!f.refused)
            break; /* the whole run needed fewer than n allocations */
    }
    gen_free(&want);
}

#define MSG(s) { s, sizeof(s) - 1 }
static const struct {
    const char *s;
    size_t len;
} messages[] = {
    MSG("From: =?utf-8?q?J=C3=B6rg?= <j@example.com>\r\nTo: \"B, C\" <b@example.com>, grp: d@e, f@g;\r\n"
        "Cc: (comment) h@i\r\nSubject: =?iso-8859-1?q?caf=E9?= and\r\n =?utf-8?b?w6k=?=\r\n"
        "Date: Mon, 2 Jan 2006 15:04:05 -0700\r\nMessage-ID: <a@b>\r\nReferences: <c@d> <e@f>\r\n"
        "Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        "caf=E9 =\r\nna=EFve\r\n"),
    MSG("Content-Type: multipart/mixed; boundary=\"xyz\"\r\n\r\npre\r\n--xyz\r\n"
        "Content-Type: text/plain; charset=koi8-r\r\n\r\n\xf0\xf2\xe9\r\n--xyz\r\n"
        "Content-Type: application/octet-stream; name*0*=utf-8''%E2%82; name*1*=%AC.txt\r\n"
        "Content-Disposition: attachment; filename=\"=?utf-8?q?r=C3=A9sum=C3=A9?=.pdf\"\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\nSGVsbG8gd29y\r\nbGQ=\r\n"
        "--xyz\r\nContent-Type: message/rfc822\r\n\r\nSubject: in\r\nTo: x@y\r\n"
        "Content-Type: text/html; charset=shift_jis\r\n\r\n\x82\xa0\r\n--xyz--\r\nepi\r\n"),
    MSG("Subject: =?iso-2022-jp?B?GyRCJEgbKEI=?=\r\nContent-Type: text/plain; charset=utf-16le\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\naABpAA==\r\n"),
    MSG("Content-Type: multipart/digest; boundary=d\n\n--d\n\nSubject: one\nFrom: a@b\n\nbody\n--d\n"
        "Content-Type: text/plain; charset=gb18030\n\n\xd6\xd0\n--d--\n"),
};

static void test_sweep_messages(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof messages / sizeof messages[0]; i++)
        sweep(messages[i].s, messages[i].len);
}

/* The pathological inputs allocate in bulk (many fields, parts, long
 * values): their growth paths fail too. */
static void test_sweep_pathological(void **state)
{
    (void)state;
    gen_buf b = { NULL, 0, 0 };
    void (*const builders[])(gen_buf *, size_t) = { gen_many_boundaries, gen_many_fields, gen_folded,
                                                   gen_encoded_words, gen_addresses,
                                                   gen_rfc2231_continuations, gen_distinct_params,
                                                   gen_colliding_params, gen_nested_rfc822 };
    for (size_t i = 0; i < sizeof builders / sizeof builders[0]; i++) {
        builders[i](&b, 40);
        sweep(b.ptr, b.len);
        gen_free(&b);
    }
}

/* Long lists grow the arena while they are built: many addresses,
 * message ids and encoded words, so refusals land inside the list
 * parsers, not only in parsing. */
static void test_sweep_long_lists(void **state)
{
    (void)state;
    gen_buf b = { NULL, 0, 0 };
    void (*const builders[])(gen_buf *, size_t) = { gen_msgids_cfws, gen_addresses, gen_encoded_words };
    for (size_t i = 0; i < sizeof builders / sizeof builders[0]; i++) {
        builders[i](&b, 3000);
        sweep(b.ptr, b.len);
        gen_free(&b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sweep_messages),
        cmocka_unit_test(test_sweep_pathological),
        cmocka_unit_test(test_sweep_long_lists),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
