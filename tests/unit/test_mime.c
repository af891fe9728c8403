/* MIME tree builder (RFC 2046 section 5.1.1): shapes, slices and defects. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core_tree.h"

typedef struct tree_case {
    const char *name;
    const char *input;
    const char *shape;   /* render_part of the root */
    const char *defects; /* render_defects of the root, "" for none */
    int leaf;            /* index path "first leaf" to check, -1: none */
    const char *body;    /* expected raw body of that leaf */
} tree_case;

#define MP "Content-Type: multipart/mixed; boundary=b\r\n\r\n"

static const tree_case cases[] = {
    { "plain text", "Subject: x\r\n\r\nhello\r\n", "text/plain", "", 0, "hello\r\n" },
    { "two parts", MP "--b\r\n\r\none\r\n--b\r\n\r\ntwo\r\n--b--\r\n",
      "multipart/mixed{text/plain,text/plain}", "", 0, "one" },
    { "line break before delimiter belongs to it",
      MP "--b\r\n\r\none\r\n\r\n--b--\r\n", "multipart/mixed{text/plain}", "", 0, "one\r\n" },
    { "bare LF", "Content-Type: multipart/mixed; boundary=b\n\n--b\n\nab\n--b--\n",
      "multipart/mixed{text/plain}", "", 0, "ab" },
    { "transport padding", MP "--b  \t\r\n\r\nx\r\n--b-- \r\n",
      "multipart/mixed{text/plain}", "", 0, "x" },
    { "long transport padding",
      MP "--b                                                                        \r\n\r\nx\r\n"
      "--b--                                                                    \t\r\n",
      "multipart/mixed{text/plain}", "", 0, "x" },
    { "boundary with trailing space in the parameter",
      "Content-Type: multipart/mixed; boundary=\"q \"\r\n\r\n--q \r\n\r\nx\r\n--q--\r\n",
      "multipart/mixed{text/plain}", "INVALID_BOUNDARY", 0, "x" },
    { "equal-length boundaries told apart",
      "Content-Type: multipart/mixed; boundary=b1\r\n\r\n--b1\r\n"
      "Content-Type: multipart/mixed; boundary=b2\r\n\r\n--b2\r\n\r\nin\r\n--b3\r\n--b2--\r\n"
      "--b1--\r\n",
      "multipart/mixed{multipart/mixed{text/plain}}", "", 0, "in\r\n--b3" },
    { "boundary prefix of another is not a delimiter",
      MP "--b\r\n\r\nx\r\n--bb\r\ny\r\n--b--\r\n", "multipart/mixed{text/plain}", "", 0,
      "x\r\n--bb\r\ny" },
    { "text after boundary and a blank still delimits (RFC 2046 5.1.1 note)",
      MP "--b\r\n\r\nx\r\n--b x\r\n--b--\r\n",
      "multipart/mixed{text/plain,text/plain}", "DELIMITER_TRAILING_TEXT", 0, "x" },
    { "nested prefix boundaries",
      "Content-Type: multipart/mixed; boundary=\"ab\"\r\n\r\n--ab\r\n"
      "Content-Type: multipart/alternative; boundary=\"abc\"\r\n\r\n--abc\r\n\r\nin\r\n--abc--\r\n"
      "--ab\r\n\r\nout\r\n--ab--\r\n",
      "multipart/mixed{multipart/alternative{text/plain},text/plain}", "", 0, "in" },
    { "inner closed by outer",
      "Content-Type: multipart/mixed; boundary=o\r\n\r\n--o\r\n"
      "Content-Type: multipart/mixed; boundary=i\r\n\r\n--i\r\n\r\nin\r\n"
      "--o\r\n\r\nout\r\n--o--\r\n",
      "multipart/mixed{multipart/mixed{text/plain},text/plain}", "MULTIPART_CLOSED_BY_OUTER", 0,
      "in" },
    { "missing close delimiter", MP "--b\r\n\r\nlast\r\n",
      "multipart/mixed{text/plain}", "MULTIPART_NO_CLOSE", 0, "last" },
    { "missing close delimiter, epilogue-like junk", MP "--b\r\n\r\nx\r\n--b-->\r\n",
      "multipart/mixed{text/plain}", "MULTIPART_NO_CLOSE", 0, "x\r\n--b-->" },
    { "missing close delimiter, nested message loses its last line break too",
      MP "--b\r\nContent-Type: message/rfc822\r\n\r\nS: x\r\n\r\nin\r\n",
      "multipart/mixed{message/rfc822[text/plain]}", "MULTIPART_NO_CLOSE", 0, "in" },
    { "no boundary parameter", "Content-Type: multipart/mixed\r\n\r\n--b\r\nx\r\n",
      "multipart/mixed", "MULTIPART_NO_BOUNDARY", 0, "--b\r\nx\r\n" },
    { "no delimiter at all", MP "just text\r\n", "multipart/mixed", "MULTIPART_NO_DELIMITER", 0,
      "just text\r\n" },
    { "empty multipart", MP "--b--\r\n", "multipart/mixed", "MULTIPART_EMPTY", -1, NULL },
    { "preamble and epilogue", MP "pre\r\n--b\r\n\r\nx\r\n--b--\r\nepi\r\n",
      "multipart/mixed{text/plain}", "", 0, "x" },
    { "message/rfc822",
      MP "--b\r\nContent-Type: message/rfc822\r\n\r\nSubject: in\r\n\r\nbody\r\n--b--\r\n",
      "multipart/mixed{message/rfc822[text/plain]}", "", 0, "body" },
    { "message/global", "Content-Type: message/global\r\n\r\nSubject: g\r\n\r\nhi",
      "message/global[text/plain]", "", 0, "hi" },
    { "digest default is message/rfc822",
      "Content-Type: multipart/digest; boundary=d\r\n\r\n--d\r\n\r\nSubject: a\r\n\r\nA\r\n--d--\r\n",
      "multipart/digest{message/rfc822[text/plain]}", "", 0, "A" },
    { "delimiter ends a part header", MP "--b\r\nContent-Type: text/html\r\n--b--\r\n",
      "multipart/mixed{text/html}", "", 0, "" },
    { "repeated delimiters enclose no part", MP "--b\r\n--b\r\n--b \r\n\r\nx\r\n--b--\r\n",
      "multipart/mixed{text/plain}", "", 0, "x" },
    { "empty part before a close delimiter", MP "--b\r\n\r\nx\r\n--b\r\n--b--\r\n",
      "multipart/mixed{text/plain,text/plain}", "", 0, "x" },
    { "identical nested boundaries: the innermost wins",
      MP "--b\r\nContent-Type: multipart/alternative; boundary=b\r\n\r\n--b\r\n\r\nin\r\n"
      "--b--\r\n--b\r\n\r\nout\r\n--b--\r\n",
      "multipart/mixed{multipart/alternative{text/plain},text/plain}", "", 0, "in" },
    { "empty boundary", "Content-Type: multipart/mixed; boundary=\"\"\r\n\r\n--\r\n\r\ne\r\n----\r\n",
      "multipart/mixed{text/plain}", "INVALID_BOUNDARY", 0, "e" },
    { "body part without header", MP "--b\r\nHello there\r\n--b--\r\n",
      "multipart/mixed{text/plain}", "FIELD_WITHOUT_COLON", 0, "Hello there" },
    { "base64 multipart", "Content-Type: multipart/mixed; boundary=b\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\n--b\r\n\r\nx\r\n--b--\r\n",
      "multipart/mixed{text/plain}", "COMPOSITE_ENCODING", 0, "x" },
    { "base64 message/rfc822 decoded and built", "Content-Type: message/rfc822\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\nU3ViamVjdDogeA0KDQpoaQ0K\r\n",
      "message/rfc822[text/plain]", "COMPOSITE_ENCODING", 0, "hi\r\n" },
    { "quoted-printable message/global decoded and built", "Content-Type: message/global\r\n"
      "Content-Transfer-Encoding: quoted-printable\r\n\r\nSubject: x\r\n\r\ncaf=C3=A9\r\n",
      "message/global[text/plain]", "COMPOSITE_ENCODING", 0, "caf\xC3\xA9\r\n" },
    { "uuencoded message/rfc822 stays a leaf", "Content-Type: message/rfc822\r\n"
      "Content-Transfer-Encoding: x-uuencode\r\n\r\nbegin 644 m\r\n`\r\nend\r\n",
      "message/rfc822", "COMPOSITE_ENCODING", 0, "begin 644 m\r\n`\r\nend\r\n" },
    { "invalid boundary still used", "Content-Type: multipart/mixed; boundary=\"a<b>\"\r\n\r\n"
      "--a<b>\r\n\r\nx\r\n--a<b>--\r\n", "multipart/mixed{text/plain}", "INVALID_BOUNDARY", 0, "x" },
    { "delimiter at end without line break", MP "--b\r\n\r\nx\r\n--b--",
      "multipart/mixed{text/plain}", "", 0, "x" },
    { "embedded message closed by outer delimiter",
      MP "--b\r\nContent-Type: message/rfc822\r\n\r\nSubject: in\r\n"
      "Content-Type: multipart/mixed; boundary=c\r\n\r\n--c\r\n\r\ndeep\r\n--b--\r\n",
      "multipart/mixed{message/rfc822[multipart/mixed{text/plain}]}",
      "MULTIPART_CLOSED_BY_OUTER", 0, "deep" },
};

static const eml_part *first_leaf(const eml_part *p)
{
    for (;;) {
        if (eml_part_child_count(p))
            p = eml_part_child(p, 0);
        else if (eml_part_embedded(p))
            p = eml_part_embedded(p);
        else
            return p;
    }
}

static void test_tree_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const tree_case *tc = &cases[i];
        eml_message *m = NULL;
        size_t len = strlen(tc->input);
        assert_int_equal(eml_parse(tc->input, len, NULL, &m), EML_OK);
        tree_text shape = { { 0 }, 0 }, defects = { { 0 }, 0 };
        render_part(eml_message_root(m), &shape);
        render_defects(eml_message_root(m), &defects);
        if (strcmp(shape.buf, tc->shape) || strcmp(defects.buf, tc->defects))
            print_error("case '%s': shape %s defects %s\n", tc->name, shape.buf, defects.buf);
        assert_string_equal(shape.buf, tc->shape);
        assert_string_equal(defects.buf, tc->defects);
        if (tc->body) {
            eml_slice b = eml_part_body_raw(first_leaf(eml_message_root(m)));
            if (b.len != strlen(tc->body) || memcmp(b.ptr, tc->body, b.len))
                print_error("case '%s': body '%.*s'\n", tc->name, (int)b.len, b.ptr);
            assert_int_equal(b.len, strlen(tc->body));
            assert_memory_equal(b.ptr, tc->body, b.len);
        }
        size_t lost = first_lost_byte(m);
        if (lost != (size_t)-1)
            print_error("case '%s': byte %zu lost\n", tc->name, lost);
        assert_true(lost == (size_t)-1);
        eml_message_free(m);
    }
}

static void test_preamble_epilogue(void **state)
{
    (void)state;
    const char *in = MP "pre\r\n--b\r\n\r\nx\r\n--b--\r\nepi\r\n";
    eml_message *m;
    assert_int_equal(eml_parse(in, strlen(in), NULL, &m), EML_OK);
    const eml_part *r = eml_message_root(m);
    eml_slice pre = eml_part_preamble(r), epi = eml_part_epilogue(r);
    assert_int_equal(pre.len, 3);
    assert_memory_equal(pre.ptr, "pre", 3);
    assert_int_equal(epi.len, 5);
    assert_memory_equal(epi.ptr, "epi\r\n", 5);
    eml_message_free(m);

    /* A delimiter right after the header: no preamble at all. */
    const char *in2 = MP "--b\r\n\r\nx\r\n--b--";
    assert_int_equal(eml_parse(in2, strlen(in2), NULL, &m), EML_OK);
    r = eml_message_root(m);
    assert_null(eml_part_preamble(r).ptr);
    assert_null(eml_part_epilogue(r).ptr);
    eml_message_free(m);
}

static void test_navigation(void **state)
{
    (void)state;
    const char *in = MP "--b\r\n\r\n1\r\n--b\r\nContent-Type: message/rfc822\r\n\r\n"
                        "Subject: s\r\n\r\n2\r\n--b\r\n\r\n3\r\n--b--\r\n";
    eml_message *m;
    assert_int_equal(eml_parse(in, strlen(in), NULL, &m), EML_OK);
    const eml_part *r = eml_message_root(m);
    assert_int_equal(eml_message_part_count(m), 5);
    assert_null(eml_part_parent(r));
    assert_int_equal(eml_part_child_count(r), 3);
    const eml_part *c0 = eml_part_child(r, 0), *c1 = eml_part_child(r, 1);
    assert_ptr_equal(eml_part_next(c0), c1);
    assert_ptr_equal(eml_part_next(c1), eml_part_child(r, 2));
    assert_null(eml_part_next(eml_part_child(r, 2)));
    assert_null(eml_part_child(r, 3));
    assert_ptr_equal(eml_part_parent(c0), r);
    assert_int_equal(eml_part_depth(c0), 1);
    const eml_part *e = eml_part_embedded(c1);
    assert_non_null(e);
    assert_ptr_equal(eml_part_parent(e), c1);
    assert_int_equal(eml_part_depth(e), 2);
    assert_null(eml_part_embedded(c0));
    assert_ptr_equal(eml_part_message(e), m);
    assert_int_equal(eml_part_offset(c0), (size_t)(strstr(in, "--b\r\n") - in) + 5);
    eml_message_free(m);
}

/* Deep nesting: the builder must not recurse and must stop at the limit. */
static void test_depth_limit(void **state)
{
    (void)state;
    size_t levels = 5000;
    size_t cap = levels * 64 + 64;
    char *buf = malloc(cap);
    size_t n = 0;
    for (size_t i = 0; i < levels; i++)
        n += (size_t)sprintf(buf + n, "Content-Type: multipart/mixed; boundary=b%zu\r\n\r\n--b%zu\r\n",
                             i, i);
    n += (size_t)sprintf(buf + n, "\r\nleaf\r\n");
    eml_message *m;
    assert_int_equal(eml_parse(buf, n, NULL, &m), EML_OK);
    int64_t depth;
    assert_int_equal(eml_option_bounds(EML_OPT_MAX_DEPTH, NULL, NULL, &depth), EML_OK);
    const eml_part *p = eml_message_root(m);
    size_t d = 0;
    while (eml_part_child_count(p)) {
        p = eml_part_child(p, 0);
        d++;
    }
    assert_int_equal(d, (size_t)depth);
    eml_defect df;
    assert_int_equal(eml_part_defect_count(p) >= 1, 1);
    int found = 0;
    for (size_t i = 0; i < eml_part_defect_count(p); i++) {
        eml_part_defect(p, i, &df);
        found |= df.code == EML_DEFECT_DEPTH_LIMIT;
    }
    assert_true(found);
    assert_true(first_lost_byte(m) == (size_t)-1);
    eml_message_free(m);

    eml_options *o = eml_options_create(NULL);
    assert_int_equal(eml_options_set(o, EML_OPT_LIMIT_FAILS, 1), EML_OK);
    m = (eml_message *)1;
    assert_int_equal(eml_parse(buf, n, o, &m), EML_ELIMIT);
    assert_null(m);
    eml_options_free(o);
    free(buf);
}

/* Thousands of nested multiparts sharing one boundary: each delimiter
 * belongs to the innermost open one (the boundary table's chains). */
static void test_deep_same_boundary(void **state)
{
    (void)state;
    size_t levels = 3000;
    char *buf = malloc(levels * 64 + 64);
    size_t n = 0;
    for (size_t i = 0; i < levels; i++)
        n += (size_t)sprintf(buf + n, "Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n");
    n += (size_t)sprintf(buf + n, "\r\nleaf\r\n");
    for (size_t i = 0; i < levels; i++)
        n += (size_t)sprintf(buf + n, "--x--\r\n");
    eml_options *o = eml_options_create(NULL);
    assert_int_equal(eml_options_set(o, EML_OPT_MAX_DEPTH, 10000), EML_OK);
    eml_message *m;
    assert_int_equal(eml_parse(buf, n, o, &m), EML_OK);
    const eml_part *p = eml_message_root(m);
    size_t d = 0;
    while (eml_part_child_count(p)) {
        assert_int_equal(eml_part_child_count(p), 1);
        assert_int_equal(eml_part_defect_count(p), 0);
        p = eml_part_child(p, 0);
        d++;
    }
    assert_int_equal(d, levels);
    eml_slice b = eml_part_body_raw(p);
    assert_int_equal(b.len, 4);
    assert_memory_equal(b.ptr, "leaf", 4);
    assert_true(first_lost_byte(m) == (size_t)-1);
    eml_message_free(m);
    eml_options_free(o);
    free(buf);
}

static void test_part_limit(void **state)
{
    (void)state;
    size_t nparts = 1000;
    char *buf = malloc(nparts * 16 + 128);
    size_t n = (size_t)sprintf(buf, MP);
    for (size_t i = 0; i < nparts; i++)
        n += (size_t)sprintf(buf + n, "--b\r\n\r\n%zu\r\n", i);
    n += (size_t)sprintf(buf + n, "--b--\r\n");
    eml_options *o = eml_options_create(NULL);
    assert_int_equal(eml_options_set(o, EML_OPT_MAX_PARTS, 10), EML_OK);
    eml_message *m;
    assert_int_equal(eml_parse(buf, n, o, &m), EML_OK);
    assert_int_equal(eml_message_part_count(m), 10);
    const eml_part *r = eml_message_root(m);
    assert_int_equal(eml_part_child_count(r), 9);
    eml_defect d;
    assert_int_equal(eml_part_defect(r, 0, &d), EML_OK);
    assert_int_equal(d.code, EML_DEFECT_PART_LIMIT);
    assert_true(first_lost_byte(m) == (size_t)-1);
    eml_message_free(m);
    assert_int_equal(eml_options_set(o, EML_OPT_LIMIT_FAILS, 1), EML_OK);
    assert_int_equal(eml_parse(buf, n, o, &m), EML_ELIMIT);
    eml_options_free(o);

    /* Without a limit all of them are there. */
    assert_int_equal(eml_parse(buf, n, NULL, &m), EML_OK);
    assert_int_equal(eml_part_child_count(eml_message_root(m)), nparts);
    eml_message_free(m);
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tree_cases),
        cmocka_unit_test(test_preamble_epilogue),
        cmocka_unit_test(test_navigation),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_deep_same_boundary),
        cmocka_unit_test(test_part_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
