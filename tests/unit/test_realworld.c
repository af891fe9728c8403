/*
 * Mail as it really arrives: inputs that break an RFC in ways mailers and
 * mail stores really produce, and what libeml makes of them. Each repair
 * must record a defect and keep every byte reachable.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core_tree.h"

static eml_message *parse(const char *s)
{
    eml_message *m = NULL;
    assert_int_equal(eml_parse(s, strlen(s), NULL, &m), EML_OK);
    return m;
}

static void assert_shape(const eml_message *m, const char *shape)
{
    tree_text t = { { 0 }, 0 };
    render_part(eml_message_root(m), &t);
    assert_string_equal(t.buf, shape);
}

static void assert_defects(const eml_message *m, const char *defects)
{
    tree_text t = { { 0 }, 0 };
    render_defects(eml_message_root(m), &t);
    assert_string_equal(t.buf, defects);
}

/* The offset of the n-th defect with code on part, or (size_t)-1. */
static size_t defect_offset(const eml_part *p, int code, size_t n)
{
    for (size_t i = 0; i < eml_part_defect_count(p); i++) {
        eml_defect d;
        assert_int_equal(eml_part_defect(p, i, &d), EML_OK);
        if (d.code == code && n-- == 0)
            return d.offset;
    }
    return (size_t)-1;
}

static void assert_slice(eml_slice s, const char *want)
{
    assert_non_null(s.ptr);
    assert_int_equal(s.len, strlen(want));
    assert_memory_equal(s.ptr, want, s.len);
}

static size_t offset_of(const char *buf, const char *needle)
{
    const char *p = strstr(buf, needle);
    assert_non_null(p);
    return (size_t)(p - buf);
}

/* ---- RFC 5322 section 3.6: fields that may appear once ----------------- */

static void test_duplicate_singletons(void **state)
{
    (void)state;
    const char *msg = "From: boss@example.com\r\n"
                      "Subject: first\r\n"
                      "Date: Mon, 1 Jan 2024 10:00:00 +0000\r\n"
                      "From: attacker@example.net\r\n"
                      "Subject: second\r\n"
                      "Date: Tue, 2 Jan 2024 10:00:00 +0000\r\n"
                      "Received: a\r\nReceived: b\r\nComments: one\r\nComments: two\r\n"
                      "\r\nbody\r\n";
    eml_message *m = parse(msg);
    const eml_part *r = eml_message_root(m);
    /* Received and Comments may repeat; the three singletons may not. */
    assert_defects(m, "DUPLICATE_SINGLETON_FIELD,DUPLICATE_SINGLETON_FIELD,"
                      "DUPLICATE_SINGLETON_FIELD");
    int code = EML_DEFECT_DUPLICATE_SINGLETON_FIELD;
    assert_int_equal(defect_offset(r, code, 0), offset_of(msg, "From: attacker"));
    assert_int_equal(defect_offset(r, code, 1), offset_of(msg, "Subject: second"));
    assert_int_equal(defect_offset(r, code, 2), offset_of(msg, "Date: Tue"));

    /* All fields stay visible; the first of each name is what a lookup
     * finds. */
    assert_int_equal(eml_part_field_count(r), 10);
    size_t i;
    assert_int_equal(eml_part_field_find(r, "from", (size_t)-1, 0, &i), EML_OK);
    eml_address a;
    size_t count;
    assert_int_equal(eml_part_field_addresses(r, i, &a, 1, &count), EML_OK);
    assert_int_equal(count, 1);
    assert_slice(a.address, "boss@example.com");
    assert_int_equal(eml_part_field_find(r, "from", (size_t)-1, i + 1, &i), EML_OK);
    assert_int_equal(eml_part_field_find(r, "subject", (size_t)-1, 0, &i), EML_OK);
    eml_slice s;
    assert_int_equal(eml_part_field_text(r, i, &s), EML_OK);
    assert_slice(s, "first");
    eml_message_free(m);

    /* Case does not make a field another one; body parts are not messages. */
    m = parse("FROM: a@x\r\nfrom: b@x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
              "--b\r\nSubject: p\r\nSubject: q\r\n\r\nx\r\n--b--\r\n");
    assert_defects(m, "DUPLICATE_SINGLETON_FIELD");
    eml_message_free(m);

    /* An embedded message is a message: its header is checked too. */
    m = parse("Content-Type: message/rfc822\r\n\r\nTo: a@x\r\nTo: b@x\r\n\r\nx\r\n");
    assert_defects(m, "DUPLICATE_SINGLETON_FIELD");
    eml_message_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_duplicate_singletons),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
