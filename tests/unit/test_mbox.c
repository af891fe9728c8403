/* The mbox iterator: splitting, the three formats, detection, 0 bytes,
 * Content-Length against phantom From lines, offsets, linear work. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eml.h"

static const struct {
    const char *input;
    const char *messages[4];
} mbox_vectors[] = {
    {"From a@b Mon Jan  1 00:00:00 2024\nSubject: x\n\nbody\n", {"Subject: x\n\nbody\n"}},
    {"From a Mon Jan  1 00:00:00 2024\nA: 1\n\none\n\nFrom b Tue Jan  2 00:00:00 2024\nB: 2\n\ntwo\n",
     {"A: 1\n\none\n", "B: 2\n\ntwo\n"}},
    /* CRLF line endings. */
    {"From a\r\nA: 1\r\n\r\none\r\n\r\nFrom b\r\nB: 2\r\n\r\ntwo\r\n",
     {"A: 1\r\n\r\none\r\n", "B: 2\r\n\r\ntwo\r\n"}},
    /* No empty line before the next From_ line (real files have that). */
    {"From -\nA: 1\n\none\nFrom -\nB: 2\n", {"A: 1\n\none\n", "B: 2\n"}},
    /* A header field "From :" with obsolete whitespace is not a separator. */
    {"From x Fri Dec  7 11:07:41 2001\nReceived: r\nFrom  :<a@b>\nTo: c\n\nhi\n",
     {"Received: r\nFrom  :<a@b>\nTo: c\n\nhi\n"}},
    /* Quoted From lines stay inside their message. */
    {"From a\nA: 1\n\n>From here\n", {"A: 1\n\n>From here\n"}},
    /* An mbox ending with the empty line after the last message. */
    {"From a\nA: 1\n\nx\n\n", {"A: 1\n\nx\n"}},
    /* Empty messages. */
    {"From a\nFrom b\n\n", {"", ""}},
};

static void test_split(void **state)
{
    (void)state;
    for (size_t v = 0; v < sizeof mbox_vectors / sizeof mbox_vectors[0]; v++) {
        const char *in = mbox_vectors[v].input;
        eml_mbox *box;
        /* mboxcl2 unquotes nothing: the split alone. */
        assert_int_equal(eml_mbox_create(in, strlen(in), EML_MBOX_MBOXCL2, NULL, &box), EML_OK);
        eml_slice m;
        size_t off, n = 0;
        while (eml_mbox_next(box, &m, &off) == EML_OK) {
            assert_true(n < 4 && mbox_vectors[v].messages[n]);
            if (m.len != strlen(mbox_vectors[v].messages[n]))
                print_error("vector %zu message %zu: %zu bytes\n", v, n, m.len);
            assert_int_equal(m.len, strlen(mbox_vectors[v].messages[n]));
            assert_memory_equal(m.ptr, mbox_vectors[v].messages[n], m.len);
            assert_ptr_equal(m.ptr, in + off); /* nothing quoted: zero-copy */
            assert_memory_equal(eml_mbox_from_line(box).ptr, "From ", 5);
            n++;
        }
        assert_true(n == 4 || !mbox_vectors[v].messages[n]);
        eml_mbox_free(box);
    }
}

static const struct {
    const char *input;
    eml_mbox_format format;
    const char *expect; /* NULL: nothing to unquote */
} unescape_vectors[] = {
    {"A: 1\n\n>From a\n>>From b\n>>>From c\nFrom\n", EML_MBOX_MBOXRD,
     "A: 1\n\nFrom a\n>From b\n>>From c\nFrom\n"},
    {"A: 1\n\n>From a\n>>From b\n", EML_MBOX_MBOXO, "A: 1\n\nFrom a\n>>From b\n"},
    {"A: 1\n\n> From a\n>Fromage\n", EML_MBOX_MBOXRD, NULL},
    {"A: 1\n\nno quoting\n", EML_MBOX_MBOXO, NULL},
    {">From a", EML_MBOX_MBOXRD, "From a"},
    {"x\r\n>From a\r\n", EML_MBOX_MBOXRD, "x\r\nFrom a\r\n"},
};

static void test_unquote(void **state)
{
    (void)state;
    for (size_t v = 0; v < sizeof unescape_vectors / sizeof unescape_vectors[0]; v++) {
        char in[256];
        snprintf(in, sizeof in, "From x\n%s", unescape_vectors[v].input);
        eml_mbox *box;
        eml_slice m;
        size_t off;
        assert_int_equal(eml_mbox_create(in, strlen(in), unescape_vectors[v].format, NULL, &box),
                         EML_OK);
        assert_int_equal(eml_mbox_next(box, &m, &off), EML_OK);
        assert_int_equal(off, 7);
        const char *want = unescape_vectors[v].expect;
        if (!want) {
            assert_ptr_equal(m.ptr, in + 7);
        } else {
            assert_true(m.ptr != in + 7);
            assert_int_equal(m.len, strlen(want));
            assert_memory_equal(m.ptr, want, m.len);
        }
        assert_int_equal(eml_mbox_next(box, &m, &off), EML_ENOTFOUND);
        eml_mbox_free(box);
    }
}

static size_t count(const char *in, eml_mbox_format f)
{
    eml_mbox *box;
    eml_slice m;
    size_t n = 0;
    assert_int_equal(eml_mbox_create(in, strlen(in), f, NULL, &box), EML_OK);
    while (eml_mbox_next(box, &m, NULL) == EML_OK)
        n++;
    eml_mbox_free(box);
    return n;
}

static void test_detect_and_edges(void **state)
{
    (void)state;
    eml_mbox *box;
    const char *rd = "From a\n\n>>From x\n", *o = "From a\n\n>From x\n> >From y\n";
    assert_int_equal(eml_mbox_create(rd, strlen(rd), EML_MBOX_AUTO, NULL, &box), EML_OK);
    assert_int_equal(eml_mbox_resolved_format(box), EML_MBOX_MBOXRD);
    eml_mbox_free(box);
    assert_int_equal(eml_mbox_create(o, strlen(o), EML_MBOX_AUTO, NULL, &box), EML_OK);
    assert_int_equal(eml_mbox_resolved_format(box), EML_MBOX_MBOXO);
    eml_mbox_free(box);
    /* 0 bytes: no message at all. */
    assert_int_equal(count("", EML_MBOX_AUTO), 0);
    assert_int_equal(eml_mbox_create(NULL, 0, EML_MBOX_AUTO, NULL, &box), EML_OK);
    eml_slice m;
    assert_int_equal(eml_mbox_next(box, &m, NULL), EML_ENOTFOUND);
    eml_mbox_free(box);
    eml_mbox_free(NULL);
    assert_int_equal(eml_mbox_create(NULL, 3, EML_MBOX_AUTO, NULL, &box), EML_EINVAL);
    assert_int_equal(eml_mbox_create("", 0, (eml_mbox_format)9, NULL, &box), EML_EINVAL);
    assert_int_equal(eml_mbox_create("", 0, EML_MBOX_AUTO, NULL, NULL), EML_EINVAL);
    /* mboxcl2 quotes nothing. */
    const char *cl = "From a\nX: 1\n\n>From kept\n";
    assert_int_equal(eml_mbox_create(cl, strlen(cl), EML_MBOX_MBOXCL2, NULL, &box), EML_OK);
    assert_int_equal(eml_mbox_next(box, &m, NULL), EML_OK);
    assert_int_equal(m.len, strlen("X: 1\n\n>From kept\n"));
    eml_mbox_free(box);
}

/* An unquoted "From " line in a body: Content-Length that points at the
 * next separator keeps it inside; one that points elsewhere is ignored. */
static void test_content_length(void **state)
{
    (void)state;
    const char *good = "From a\nContent-Length: 23\n\nline\nFrom phantom line\n\nFrom b\nX: 2\n\nb\n";
    assert_int_equal(count(good, EML_MBOX_MBOXCL2), 2);
    assert_int_equal(count(good, EML_MBOX_AUTO), 2);
    eml_mbox *box;
    eml_slice m;
    size_t off;
    assert_int_equal(eml_mbox_create(good, strlen(good), EML_MBOX_MBOXCL2, NULL, &box), EML_OK);
    assert_int_equal(eml_mbox_next(box, &m, &off), EML_OK);
    assert_int_equal(m.len, strlen("Content-Length: 23\n\nline\nFrom phantom line\n"));
    assert_int_equal(eml_mbox_next(box, &m, &off), EML_OK);
    assert_memory_equal(good + off, "X: 2", 4);
    eml_mbox_free(box);
    /* At the end of the buffer. */
    const char *last = "From a\nContent-Length: 11\n\nFrom x\nabcd";
    assert_int_equal(count(last, EML_MBOX_MBOXCL2), 1);
    /* Wrong lengths: the From lines split as usual. */
    const char *bad = "From a\nContent-Length: 5\n\nline\nFrom phantom\n";
    assert_int_equal(count(bad, EML_MBOX_MBOXCL2), 2);
    const char *huge = "From a\nContent-Length: 99999999999999999999999\n\nx\nFrom b\n";
    assert_int_equal(count(huge, EML_MBOX_MBOXCL2), 2);
}

/* Many messages, many quoted lines: the work grows with the input. */
static void test_large(void **state)
{
    (void)state;
    size_t n = 20000;
    const char *unit = "From a\nContent-Length: 3\n\n>From q\nx\n";
    size_t ul = strlen(unit);
    char *in = malloc(n * ul);
    for (size_t i = 0; i < n; i++)
        memcpy(in + i * ul, unit, ul);
    eml_mbox *box;
    eml_slice m;
    size_t got = 0, bytes = 0;
    assert_int_equal(eml_mbox_create(in, n * ul, EML_MBOX_AUTO, NULL, &box), EML_OK);
    while (eml_mbox_next(box, &m, NULL) == EML_OK)
        got++, bytes += m.len;
    assert_int_equal(got, n);
    assert_true(bytes < n * ul);
    eml_mbox_free(box);
    free(in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split),
        cmocka_unit_test(test_unquote),
        cmocka_unit_test(test_detect_and_edges),
        cmocka_unit_test(test_content_length),
        cmocka_unit_test(test_large),
    };
    return cmocka_run_group_tests_name("mbox", tests, NULL, NULL);
}
