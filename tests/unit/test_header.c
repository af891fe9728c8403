/* Header tokenizer (RFC 5322 section 2.2): fields, endings and defects. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core_tree.h"

typedef struct header_case {
    const char *name;
    const char *input;
    size_t len;          /* 0: strlen(input) */
    const char *fields;  /* "name=raw value|..." */
    const char *defects; /* root defects, comma-separated */
    const char *header;  /* expected eml_part_header_raw */
    const char *body;    /* expected eml_part_body_raw */
} header_case;

static const header_case cases[] = {
    { "CRLF", "A: 1\r\nB: 2\r\n\r\nbody", 0, "A= 1|B= 2", "", "A: 1\r\nB: 2\r\n", "body" },
    { "bare LF", "A: 1\nB: 2\n\nbody", 0, "A= 1|B= 2", "", "A: 1\nB: 2\n", "body" },
    { "mixed endings", "A: 1\r\nB: 2\n\r\nbody", 0, "A= 1|B= 2", "MIXED_LINE_ENDINGS",
      "A: 1\r\nB: 2\n", "body" },
    { "folding kept raw", "Subject: a\r\n b\r\n\tc\r\nX: y\r\n\r\n", 0,
      "Subject= a\r\n b\r\n\tc|X= y", "", "Subject: a\r\n b\r\n\tc\r\nX: y\r\n", "" },
    { "no separator", "A: 1\r\nB: 2\r\n", 0, "A= 1|B= 2", "NO_HEADER_BODY_SEPARATOR",
      "A: 1\r\nB: 2\r\n", "" },
    { "no separator, no final EOL", "A: 1", 0, "A= 1", "NO_HEADER_BODY_SEPARATOR", "A: 1", "" },
    { "starts with empty line", "\r\nA: not a header\r\n", 0, "", "", "", "A: not a header\r\n" },
    { "empty input", "", 0, "", "", "", "" },
    { "whitespace before colon", "Subject : hi\r\n\r\n", 0, "Subject= hi",
      "OBSOLETE_WSP_BEFORE_COLON", "Subject : hi\r\n", "" },
    { "line without colon starts the body", "A: 1\r\nthis is body\r\nmore\r\n", 0, "A= 1",
      "FIELD_WITHOUT_COLON", "A: 1\r\n", "this is body\r\nmore\r\n" },
    { "first line without colon", "hello world\r\n\r\nx", 0, "", "FIELD_WITHOUT_COLON", "",
      "hello world\r\n\r\nx" },
    { "empty field name", ": v\r\nA: 1\r\n\r\n", 0, "= v|A= 1", "EMPTY_FIELD_NAME",
      ": v\r\nA: 1\r\n", "" },
    { "NUL in value", "A: x\0y\r\n\r\n", 10, "A= x\0y", "NUL_IN_HEADER", "A: x\0y\r\n", "" },
    { "8-bit in value", "Subject: caf\xc3\xa9\r\n\r\n", 0, "Subject= caf\xc3\xa9",
      "EIGHT_BIT_IN_HEADER", "Subject: caf\xc3\xa9\r\n", "" },
    { "bare CR in value", "A: x\ry\r\n\r\n", 0, "A= x\ry", "BARE_CR", "A: x\ry\r\n", "" },
    { "mbox From_ line", "From someone@example.com Mon Jan  1 00:00:00 2024\nA: 1\n\nb", 0,
      "A= 1", "MBOX_FROM_LINE", "From someone@example.com Mon Jan  1 00:00:00 2024\nA: 1\n",
      "b" },
    { "obsolete From : is a field, not mbox", "From  : a\r\nTo : b\r\n\r\n", 0, "From= a|To= b",
      "OBSOLETE_WSP_BEFORE_COLON,OBSOLETE_WSP_BEFORE_COLON", "From  : a\r\nTo : b\r\n", "" },
    { "continuation at start", " folded\r\nA: 1\r\n\r\n", 0, "A= 1", "CONTINUATION_AT_START",
      " folded\r\nA: 1\r\n", "" },
    { "empty value", "A:\r\nB:\r\n\r\n", 0, "A=|B=", "", "A:\r\nB:\r\n", "" },
    { "colon in value", "A: b: c\r\n\r\n", 0, "A= b: c", "", "A: b: c\r\n", "" },
};

static void check_fields(const eml_part *p, const char *expect)
{
    tree_text t = { { 0 }, 0 };
    for (size_t i = 0; i < eml_part_field_count(p); i++) {
        eml_field f;
        assert_int_equal(eml_part_field(p, i, &f), EML_OK);
        if (i)
            tt_puts(&t, "|");
        tt_put(&t, f.name.ptr, f.name.len);
        tt_puts(&t, "=");
        tt_put(&t, f.value.ptr, f.value.len);
    }
    /* Expectations may hold a NUL: compare up to the rendered length. */
    size_t n = 0;
    while (n < t.len && (expect[n] || t.buf[n] == '\0'))
        n++;
    assert_int_equal(n, t.len);
    assert_memory_equal(t.buf, expect, t.len);
}

static void test_header_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const header_case *hc = &cases[i];
        size_t len = hc->len ? hc->len : strlen(hc->input);
        eml_message *m;
        assert_int_equal(eml_parse(hc->input, len, NULL, &m), EML_OK);
        const eml_part *r = eml_message_root(m);
        print_message("case: %s\n", hc->name);
        check_fields(r, hc->fields);
        tree_text d = { { 0 }, 0 };
        render_defects(r, &d);
        assert_string_equal(d.buf, hc->defects);
        eml_slice h = eml_part_header_raw(r), b = eml_part_body_raw(r);
        size_t hl = hc->len ? (size_t)((const char *)memmem(hc->input, len, "\r\n\r\n", 4) - hc->input) + 2
                            : strlen(hc->header);
        assert_int_equal(h.len, hl);
        assert_memory_equal(h.ptr, hc->input, h.len);
        assert_int_equal(b.len, strlen(hc->body));
        assert_memory_equal(b.ptr, hc->body, b.len);
        assert_true(first_lost_byte(m) == (size_t)-1);
        eml_message_free(m);
    }
}

static void test_long_line(void **state)
{
    (void)state;
    size_t n = 5000;
    char *buf = malloc(n + 16);
    memcpy(buf, "X: ", 3);
    memset(buf + 3, 'a', n - 3);
    memcpy(buf + n, "\r\n\r\nb", 5);
    eml_message *m;
    assert_int_equal(eml_parse(buf, n + 5, NULL, &m), EML_OK);
    const eml_part *r = eml_message_root(m);
    eml_field f;
    assert_int_equal(eml_part_field(r, 0, &f), EML_OK);
    assert_int_equal(f.value.len, n - 2); /* accepted whole, never truncated */
    eml_defect d;
    assert_int_equal(eml_part_defect_count(r), 1);
    assert_int_equal(eml_part_defect(r, 0, &d), EML_OK);
    assert_int_equal(d.code, EML_DEFECT_LINE_TOO_LONG);
    assert_int_equal(d.offset, 0);
    eml_message_free(m);

    /* 998 characters exactly is fine. */
    memset(buf + 3, 'a', 995);
    memcpy(buf + 998, "\r\n\r\n", 4);
    assert_int_equal(eml_parse(buf, 1002, NULL, &m), EML_OK);
    assert_int_equal(eml_part_defect_count(eml_message_root(m)), 0);
    eml_message_free(m);
    free(buf);
}

typedef struct unfold_case {
    const char *input, *unfolded;
} unfold_case;

static const unfold_case unfold_cases[] = {
    { "S:  a\r\n b\r\n\r\n", "a b" },
    { "S: a\n\tb\n  c \n\n", "a\tb  c" },
    { "S:\r\n  x\r\n\r\n", "x" },
    { "S:   \r\n\r\n", "" },
    { "S: =?utf-8?q?a?=\r\n =?utf-8?q?b?=\r\n\r\n", "=?utf-8?q?a?= =?utf-8?q?b?=" },
};

static void test_unfold(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof unfold_cases / sizeof unfold_cases[0]; i++) {
        const char *in = unfold_cases[i].input;
        eml_message *m;
        assert_int_equal(eml_parse(in, strlen(in), NULL, &m), EML_OK);
        eml_slice u;
        assert_int_equal(eml_part_field_unfolded(eml_message_root(m), 0, &u), EML_OK);
        assert_int_equal(u.len, strlen(unfold_cases[i].unfolded));
        assert_memory_equal(u.ptr, unfold_cases[i].unfolded, u.len);
        assert_int_equal(u.ptr[u.len], '\0');
        /* Cached: the same string again, nothing allocated. */
        eml_slice again;
        assert_int_equal(eml_part_field_unfolded(eml_message_root(m), 0, &again), EML_OK);
        assert_ptr_equal(again.ptr, u.ptr);
        assert_int_equal(again.len, u.len);
        assert_int_equal(eml_part_field_unfolded(eml_message_root(m), 1, &u), EML_ERANGE);
        eml_message_free(m);
    }
}

static void test_field_find(void **state)
{
    (void)state;
    const char *in = "To: a\r\nSubject: one\r\nsubject: two\r\n\r\n";
    eml_message *m;
    assert_int_equal(eml_parse(in, strlen(in), NULL, &m), EML_OK);
    const eml_part *r = eml_message_root(m);
    size_t idx = 99;
    assert_int_equal(eml_part_field_find(r, "SUBJECT", EML_NUL_TERMINATED, 0, &idx), EML_OK);
    assert_int_equal(idx, 1);
    assert_int_equal(eml_part_field_find(r, "subject", 7, idx + 1, &idx), EML_OK);
    assert_int_equal(idx, 2);
    assert_int_equal(eml_part_field_find(r, "subject", 7, idx + 1, &idx), EML_ENOTFOUND);
    assert_int_equal(eml_part_field_find(r, "Subj", 4, 0, &idx), EML_ENOTFOUND);
    assert_int_equal(eml_part_field_find(r, "To: a", 2, 0, &idx), EML_OK);
    assert_int_equal(idx, 0);
    eml_field f;
    assert_int_equal(eml_part_field(r, 1, &f), EML_OK);
    assert_int_equal(f.offset, 7);
    assert_int_equal(eml_part_field(r, 3, &f), EML_ERANGE);
    eml_message_free(m);
}

static void test_field_limits(void **state)
{
    (void)state;
    char buf[4096];
    size_t n = 0;
    for (int i = 0; i < 100; i++)
        n += (size_t)sprintf(buf + n, "X-%d: v\r\n", i);
    n += (size_t)sprintf(buf + n, "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nx\r\n--b--\r\n");
    eml_options *o = eml_options_create(NULL);
    assert_int_equal(eml_options_set(o, EML_OPT_MAX_FIELDS, 10), EML_OK);
    eml_message *m;
    assert_int_equal(eml_parse(buf, n, o, &m), EML_OK);
    const eml_part *r = eml_message_root(m);
    assert_int_equal(eml_part_field_count(r), 10);
    assert_int_equal(eml_part_child_count(r), 0); /* a leaf past the limit */
    tree_text d = { { 0 }, 0 };
    render_defects(r, &d);
    assert_string_equal(d.buf, "FIELD_LIMIT");
    assert_true(first_lost_byte(m) == (size_t)-1);
    eml_message_free(m);

    assert_int_equal(eml_options_set(o, EML_OPT_MAX_FIELDS, 1000), EML_OK);
    assert_int_equal(eml_options_set(o, EML_OPT_MAX_HEADER_BYTES, 100), EML_OK);
    assert_int_equal(eml_parse(buf, n, o, &m), EML_OK);
    r = eml_message_root(m);
    assert_true(eml_part_field_count(r) < 20);
    d.len = 0;
    d.buf[0] = 0;
    render_defects(r, &d);
    assert_string_equal(d.buf, "HEADER_BYTES_LIMIT");
    eml_message_free(m);

    assert_int_equal(eml_options_set(o, EML_OPT_LIMIT_FAILS, 1), EML_OK);
    assert_int_equal(eml_parse(buf, n, o, &m), EML_ELIMIT);
    eml_options_free(o);
}

/* The header byte limit holds for every line: a last field, or one grown
 * by continuation lines, may not pass it. */
static void expect_header_limit(const char *msg, size_t limit, size_t fields, const char *body)
{
    eml_options *o = eml_options_create(NULL);
    assert_int_equal(eml_options_set(o, EML_OPT_MAX_HEADER_BYTES, (int64_t)limit), EML_OK);
    eml_message *m;
    assert_int_equal(eml_parse(msg, strlen(msg), o, &m), EML_OK);
    const eml_part *r = eml_message_root(m);
    assert_int_equal(eml_part_field_count(r), fields);
    tree_text d = { { 0 }, 0 };
    render_defects(r, &d);
    assert_string_equal(d.buf, "HEADER_BYTES_LIMIT");
    eml_slice b = eml_part_body_raw(r);
    assert_int_equal(b.len, strlen(body));
    assert_memory_equal(b.ptr, body, b.len);
    eml_slice h = eml_part_header_raw(r);
    assert_true(h.len > limit); /* the rest stays reachable, unparsed */
    eml_message_free(m);
    assert_int_equal(eml_options_set(o, EML_OPT_LIMIT_FAILS, 1), EML_OK);
    assert_int_equal(eml_parse(msg, strlen(msg), o, &m), EML_ELIMIT);
    eml_options_free(o);
}

static void test_header_bytes_every_line(void **state)
{
    (void)state;
    expect_header_limit("A: 1\r\nSubject: a long last field, well past the limit\r\n\r\nbody",
                        20, 1, "body");
    expect_header_limit("Subject: a\r\n b\r\n c\r\n d\r\n e\r\n f\r\n g\r\n\r\nbody", 20, 0,
                        "body");
    expect_header_limit("A: 1\r\nB: 2\r\n folded\r\n folded again, too far\r\nC: 3\r\n\r\nx", 24,
                        1, "x");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header_cases),
        cmocka_unit_test(test_long_line),
        cmocka_unit_test(test_unfold),
        cmocka_unit_test(test_field_find),
        cmocka_unit_test(test_field_limits),
        cmocka_unit_test(test_header_bytes_every_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
