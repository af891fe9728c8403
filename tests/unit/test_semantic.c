/* Header semantics through the public API: messages built as strings,
 * parsed with eml_parse, then read with the on-demand accessors. */
#include "semantic_test.h"

typedef struct parsed {
    eml_message *m;
    const eml_part *root;
} parsed;

static parsed parse_with(const char *text, eml_options *o)
{
    parsed p;
    assert_int_equal(eml_parse(text, strlen(text), o, &p.m), EML_OK);
    p.root = eml_message_root(p.m);
    return p;
}

static parsed parse(const char *text)
{
    return parse_with(text, NULL);
}

static size_t field(const eml_part *part, const char *name)
{
    size_t i;
    assert_int_equal(eml_part_field_find(part, name, EML_NUL_TERMINATED, 0, &i), EML_OK);
    return i;
}

static int part_has_defect(const eml_part *part, eml_defect_code code, size_t *offset)
{
    for (size_t i = 0; i < eml_part_defect_count(part); i++) {
        eml_defect d;
        assert_int_equal(eml_part_defect(part, i, &d), EML_OK);
        if (d.code == code) {
            if (offset)
                *offset = d.offset;
            return 1;
        }
    }
    return 0;
}

/* ---- eml_part_field_text ---- */

typedef struct text_case {
    const char *value; /* the raw field value, after "Subject:" */
    const char *text;
    int defect;
} text_case;

static const text_case subjects[] = {
    {" Hello", "Hello", 0},
    {" =?utf-8?q?caf=C3=A9?=", "caf\xc3\xa9", 0},
    {" =?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?=\r\n =?ISO-8859-2?B?dSB1bmRlcnN0YW5kIHRoZSBleGFtcGxlLg==?=",
     "If you can read this you understand the example.", 0},
    {" =?utf-8?b?4oI=?=\r\n =?utf-8?b?rA==?= 5", "\xe2\x82\xac 5", 0},
    {" folded\r\n  subject\r\n\tline", "folded  subject\tline", 0},
    {" Re: =?bogus?q?x?=", "Re: =?bogus?q?x?=", EML_DEFECT_ENCODED_WORD_MALFORMED},
    {" caf\xc3\xa9", "caf\xc3\xa9", 0},
    {"", "", 0},
};

static void test_field_text(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof subjects / sizeof subjects[0]; i++) {
        char msg[512];
        snprintf(msg, sizeof msg, "From: a@b\r\nSubject:%s\r\n\r\nbody\r\n", subjects[i].value);
        parsed p = parse(msg);
        size_t idx = field(p.root, "Subject");
        eml_slice t, again;
        assert_int_equal(eml_part_field_text(p.root, idx, &t), EML_OK);
        sem_check_string(t, subjects[i].text, i);
        assert_int_equal(t.ptr[t.len], '\0');
        assert_int_equal(eml_part_field_text(p.root, idx, &again), EML_OK);
        assert_ptr_equal(t.ptr, again.ptr); /* cached */
        if (subjects[i].defect)
            assert_true(part_has_defect(p.root, subjects[i].defect, NULL));
        eml_message_free(p.m);
    }
}

static void test_field_text_offsets(void **state)
{
    (void)state;
    const char *msg = "From: a@b\r\nSubject: x =?bogus?q?y?=\r\n\r\n";
    parsed p = parse(msg);
    eml_slice t;
    assert_int_equal(eml_part_field_text(p.root, 1, &t), EML_OK);
    size_t off;
    assert_true(part_has_defect(p.root, EML_DEFECT_UNKNOWN_CHARSET, &off));
    assert_int_equal(off, (size_t)(strstr(msg, "=?bogus") - msg));
    assert_int_equal(eml_part_field_text(p.root, 99, &t), EML_ERANGE);
    assert_int_equal(eml_part_field_text(NULL, 0, &t), EML_EINVAL);
    assert_int_equal(eml_part_field_text(p.root, 0, NULL), EML_EINVAL);
    eml_message_free(p.m);
}

/* ---- addresses ---- */

static void test_addresses(void **state)
{
    (void)state;
    parsed p = parse("From: =?utf-8?q?J=C3=B6rg?= <j@x.example>\r\n"
                     "To: A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;,\r\n"
                     " @@@, Mary <mary@x.test>\r\n"
                     "Cc: undisclosed-recipients:;\r\n\r\n");
    size_t n = 99;
    eml_address a[8];
    assert_int_equal(eml_part_field_addresses(p.root, 0, NULL, 0, &n), EML_OK);
    assert_int_equal(n, 1);
    assert_int_equal(eml_part_field_addresses(p.root, 0, a, 8, &n), EML_OK);
    sem_check_string(a[0].name, "J\xc3\xb6rg", 0);
    sem_check_string(a[0].address, "j@x.example", 0);
    sem_check_string(a[0].group, NULL, 0);
    assert_int_equal(eml_part_field_addresses(p.root, 1, a, 2, &n), EML_OK);
    assert_int_equal(n, 4); /* total, though only 2 were copied */
    assert_int_equal(eml_part_field_addresses(p.root, 1, a, 8, &n), EML_OK);
    assert_int_equal(n, 4);
    sem_check_string(a[2].name, "John", 1);
    sem_check_string(a[2].group, "A Group", 1);
    sem_check_string(a[3].address, "mary@x.test", 1);
    sem_check_string(a[3].group, NULL, 1);
    assert_true(part_has_defect(p.root, EML_DEFECT_ADDRESS_INVALID, NULL));
    assert_int_equal(eml_part_field_addresses(p.root, 2, a, 8, &n), EML_OK);
    assert_int_equal(n, 1);
    sem_check_string(a[0].address, "", 2);
    sem_check_string(a[0].group, "undisclosed-recipients", 2);
    assert_int_equal(eml_part_field_addresses(p.root, 9, a, 8, &n), EML_ERANGE);
    assert_int_equal(eml_part_field_addresses(p.root, 0, NULL, 8, &n), EML_EINVAL);
    assert_int_equal(eml_part_field_addresses(p.root, 0, a, 8, NULL), EML_EINVAL);
    eml_message_free(p.m);
}

static void test_address_limit(void **state)
{
    (void)state;
    eml_options *o = eml_options_create(NULL);
    assert_int_equal(eml_options_set(o, EML_OPT_MAX_ADDRESSES, 3), EML_OK);
    parsed p = parse_with("To: a@x, b@x, c@x, d@x, e@x\r\n\r\n", o);
    size_t n;
    eml_address a[8];
    assert_int_equal(eml_part_field_addresses(p.root, 0, a, 8, &n), EML_OK);
    assert_int_equal(n, 3);
    sem_check_string(a[2].address, "c@x", 0);
    eml_message_free(p.m);
    eml_options_free(o);
}

/* ---- dates and message ids ---- */

static void test_date(void **state)
{
    (void)state;
    parsed p = parse("Date: Fri, 21 Nov 1997 09:55:06 -0600\r\n"
                     "Resent-Date: not a date\r\n"
                     "X-Date: 21 Nov 97 09:55:06 Z\r\n\r\n");
    int64_t e = 0;
    int z = 0;
    assert_int_equal(eml_part_field_date(p.root, 0, &e, &z), EML_OK);
    assert_int_equal(e, 880127706);
    assert_int_equal(z, -360);
    e = 42;
    assert_int_equal(eml_part_field_date(p.root, 1, &e, &z), EML_ENOTFOUND);
    assert_int_equal(e, 42);
    size_t off;
    assert_true(part_has_defect(p.root, EML_DEFECT_DATE_INVALID, &off));
    assert_int_equal(off, 51);
    assert_int_equal(eml_part_field_date(p.root, 2, &e, &z), EML_OK);
    assert_int_equal(e, 880106106);
    assert_true(part_has_defect(p.root, EML_DEFECT_DATE_MILITARY_ZONE, NULL));
    assert_int_equal(eml_part_field_date(p.root, 3, &e, &z), EML_ERANGE);
    eml_message_free(p.m);
}

static void test_msgids(void **state)
{
    (void)state;
    parsed p = parse("Message-ID: <1234@local.machine.example>\r\n"
                     "References: <a@b>\r\n <c@d> (comment) junk e@f\r\n\r\n");
    eml_slice ids[4];
    size_t n;
    assert_int_equal(eml_part_field_msgids(p.root, 0, ids, 4, &n), EML_OK);
    assert_int_equal(n, 1);
    sem_check_string(ids[0], "1234@local.machine.example", 0);
    assert_int_equal(eml_part_field_msgids(p.root, 1, ids, 2, &n), EML_OK);
    assert_int_equal(n, 3);
    sem_check_string(ids[1], "c@d", 1);
    assert_int_equal(eml_part_field_msgids(p.root, 1, ids, 4, &n), EML_OK);
    sem_check_string(ids[2], "e@f", 1);
    assert_true(part_has_defect(p.root, EML_DEFECT_MSGID_NO_ANGLE, NULL));
    eml_message_free(p.m);
}

/* ---- body text ---- */

typedef struct body_case {
    const char *message;
    const char *text;
    int defect;
} body_case;

static const body_case bodies[] = {
    {"Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\ncaf=E9 =80", "caf\xc3\xa9 \xe2\x82\xac", 0},
    {"Content-Type: text/plain; charset=\"UTF-8\"\r\n\r\ncaf\xc3\xa9", "caf\xc3\xa9", 0},
    {"Content-Type: text/plain; charset=utf-8\r\n\r\nbad \xff byte", "bad \xef\xbf\xbd byte", EML_DEFECT_INVALID_CHARSET_BYTES},
    {"Content-Type: text/plain; charset=utf-16\r\nContent-Transfer-Encoding: base64\r\n\r\n//5oAGkA\r\n", "hi", 0},
    {"Content-Type: text/plain; charset=koi8-r\r\nContent-Transfer-Encoding: 8bit\r\n\r\n\xf0\xd2\xc9\xd7\xc5\xd4", "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82", 0},
    {"Content-Type: text/plain; charset=iso-2022-jp\r\n\r\n\x1b$BF|K\\8l\x1b(B", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 0},
    {"Content-Type: text/plain\r\n\r\ncaf\xe9", "caf\xc3\xa9", EML_DEFECT_UNDECLARED_8BIT},
    {"Subject: no content type\r\n\r\ncaf\xc3\xa9", "caf\xc3\xa9", 0},
    {"Content-Type: text/plain; charset=x-klingon\r\n\r\ncaf\xe9", "caf\xc3\xa9", EML_DEFECT_UNKNOWN_CHARSET},
    {"Content-Type: text/html; charset=windows-1251\r\n\r\n<p>\xcf\xf0\xe8\xe2\xe5\xf2</p>", "<p>\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82</p>", 0},
    {"Content-Type: text/plain; charset=us-ascii\r\n\r\n", "", 0},
};

static void test_part_text(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        parsed p = parse(bodies[i].message);
        eml_slice t, again;
        assert_int_equal(eml_part_text(p.root, &t), EML_OK);
        sem_check_string(t, bodies[i].text, i);
        assert_int_equal(t.ptr[t.len], '\0');
        assert_int_equal(eml_part_text(p.root, &again), EML_OK);
        assert_ptr_equal(t.ptr, again.ptr);
        if (bodies[i].defect && !part_has_defect(p.root, bodies[i].defect, NULL)) {
            print_error("row %zu: missing %s\n", i, eml_defect_name(bodies[i].defect));
            fail();
        }
        eml_message_free(p.m);
    }
}

static void test_part_text_tree(void **state)
{
    (void)state;
    const char *msg = "Content-Type: multipart/mixed; boundary=b\r\n\r\n"
                      "--b\r\nContent-Type: text/plain; charset=iso-8859-15\r\n\r\n\xa4 5\r\n"
                      "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nx \xff y\r\n"
                      "--b--\r\n";
    parsed p = parse(msg);
    eml_slice t;
    assert_int_equal(eml_part_text(p.root, &t), EML_EINVAL);
    assert_int_equal(eml_part_text(eml_part_child(p.root, 0), &t), EML_OK);
    sem_check_string(t, "\xe2\x82\xac 5", 0);
    const eml_part *second = eml_part_child(p.root, 1);
    assert_int_equal(eml_part_text(second, &t), EML_OK);
    size_t off;
    assert_true(part_has_defect(second, EML_DEFECT_INVALID_CHARSET_BYTES, &off));
    assert_int_equal(off, (size_t)(strchr(msg, '\xff') - msg));
    assert_int_equal(eml_part_text(NULL, &t), EML_EINVAL);
    eml_message_free(p.m);
}

/* ---- parameters ---- */

typedef struct param_case {
    const char *message;
    const char *filename;
    int defect;
} param_case;

static const param_case params[] = {
    /* RFC 2231 sections 3 and 4 */
    {"Content-Type: application/x-stuff;\r\n title*=us-ascii'en-us'This%20is%20%2A%2A%2Afun%2A%2A%2A\r\n\r\n", NULL, 0},
    {"Content-Disposition: attachment; filename*=iso-8859-1''caf%E9.txt\r\n\r\n", "caf\xc3\xa9.txt", 0},
    {"Content-Disposition: attachment; filename*=UTF-8''%E2%82%AC.pdf\r\n\r\n", "\xe2\x82\xac.pdf", 0},
    {"Content-Disposition: attachment;\r\n filename*0*=utf-8''caf%C3;\r\n filename*1*=%A9.txt\r\n\r\n", "caf\xc3\xa9.txt", 0},
    {"Content-Disposition: attachment; filename*=koi8-r''%F0%D2%C9%D7%C5%D4.txt\r\n\r\n", "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82.txt", 0},
    {"Content-Disposition: attachment; filename*=x-bogus''caf%E9.txt\r\n\r\n", "caf\xc3\xa9.txt", EML_DEFECT_UNKNOWN_CHARSET},
    {"Content-Disposition: attachment; filename*=''caf%E9.txt\r\n\r\n", "caf\xc3\xa9.txt", EML_DEFECT_UNDECLARED_8BIT},
    /* RFC 2047 inside parameters: not standard, common */
    {"Content-Disposition: attachment; filename=\"=?utf-8?q?caf=C3=A9?=.txt\"\r\n\r\n", "caf\xc3\xa9.txt", EML_DEFECT_ENCODED_WORD_IN_PARAMETER},
    {"Content-Type: application/pdf; name=\"=?iso-8859-1?b?Y2Fm6S5wZGY=?=\"\r\n\r\n", "caf\xc3\xa9.pdf", EML_DEFECT_ENCODED_WORD_IN_PARAMETER},
    {"Content-Disposition: attachment; filename=\"plain.txt\"\r\n\r\n", "plain.txt", 0},
    {"Content-Disposition: attachment; filename=\"what=?.txt\"\r\n\r\n", "what=?.txt", 0},
    {"Content-Disposition: attachment; filename=\"caf\xc3\xa9.txt\"\r\n\r\n", "caf\xc3\xa9.txt", 0},
    {"Content-Disposition: attachment; filename=\"caf\xe9.txt\"\r\n\r\n", "caf\xc3\xa9.txt", EML_DEFECT_UNDECLARED_8BIT},
};

static void test_params(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof params / sizeof params[0]; i++) {
        parsed p = parse(params[i].message);
        eml_slice fn = eml_part_filename(p.root);
        sem_check_string(fn, params[i].filename, i);
        if (params[i].defect && !part_has_defect(p.root, params[i].defect, NULL)) {
            print_error("row %zu: missing %s\n", i, eml_defect_name(params[i].defect));
            fail();
        }
        for (size_t k = 0; !params[i].defect && k < eml_part_defect_count(p.root); k++) {
            /* the header tokenizer may report 8-bit bytes; none of ours */
            eml_defect d;
            eml_part_defect(p.root, k, &d);
            if (d.code >= EML_DEFECT_UNKNOWN_CHARSET) {
                print_error("row %zu: unexpected %s\n", i, eml_defect_name(d.code));
                fail();
            }
        }
        eml_message_free(p.m);
    }
    /* RFC 2231 section 4 example: the language is dropped */
    parsed p = parse(params[0].message);
    sem_check_string(eml_part_param_get(p.root, "title", EML_NUL_TERMINATED), "This is ***fun***", 0);
    eml_message_free(p.m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_field_text),
        cmocka_unit_test(test_field_text_offsets),
        cmocka_unit_test(test_addresses),
        cmocka_unit_test(test_address_limit),
        cmocka_unit_test(test_date),
        cmocka_unit_test(test_msgids),
        cmocka_unit_test(test_part_text),
        cmocka_unit_test(test_part_text_tree),
        cmocka_unit_test(test_params),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
