/*
 * Out-of-memory paths: an allocator that fails its Nth allocation, for
 * N = 1, 2, ... until a parse succeeds. Every failure must come back as
 * EML_ENOMEM with nothing leaked; every success must free cleanly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core_tree.h"
#include "failing_alloc.h"

/* Walks every on-demand path that allocates, so those fail in turn too. */
static int exercise(const eml_message *m, const eml_part *p)
{
    for (size_t i = 0; i < eml_part_field_count(p); i++) {
        eml_slice s;
        int rc = eml_part_field_unfolded(p, i, &s);
        if (rc != EML_OK)
            return rc;
    }
    eml_slice d;
    int rc = eml_part_decoded(p, &d);
    if (rc != EML_OK && rc != EML_ELIMIT)
        return rc;
    size_t max;
    if (eml_part_decoded_size_max(p, &max) == EML_OK && max > 1) {
        char small[1];
        size_t w;
        rc = eml_part_decode(p, small, 1, &w);
        if (rc != EML_OK && rc != EML_EBUFSIZE)
            return rc;
    }
    for (size_t i = 0; i < eml_part_child_count(p); i++)
        if ((rc = exercise(m, eml_part_child(p, i))) != EML_OK)
            return rc;
    if (eml_part_embedded(p))
        return exercise(m, eml_part_embedded(p));
    return EML_OK;
}

static void run_failing(const char *buf, size_t len)
{
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
        int rc = eml_parse(buf, len, o, &m);
        int access = EML_OK;
        if (rc == EML_OK) {
            assert_non_null(m);
            access = exercise(m, eml_message_root(m));
            assert_true(access == EML_OK || access == EML_ENOMEM);
            eml_message_free(m);
        } else {
            assert_int_equal(rc, EML_ENOMEM);
            assert_null(m);
        }
        eml_options_free(o);
        assert_int_equal(f.live_blocks, 0);
        assert_int_equal(f.live_bytes, 0);
        if (rc == EML_OK && access == EML_OK && f.calls < n)
            { print_message("%zu allocations\n", f.calls); break; } /* every allocation was tried */
        assert_true(n < 1000000);
    }
}

static const char *messages[] = {
    "",
    "Subject: x\r\n\r\nbody",
    "Content-Type: multipart/mixed; boundary=b\r\n\r\npre\r\n--b\r\n"
    "Content-Type: text/plain; charset*0*=utf-8''a; charset*1=b; name=\"x\\\"y\"\r\n"
    "Content-Disposition: attachment; filename*=utf-8''%C3%A9.txt\r\n"
    "Content-Transfer-Encoding: base64\r\n\r\naGVsbG8=\r\n"
    "--b\r\nContent-Type: message/rfc822\r\n\r\nSubject: in\r\n"
    "Content-Type: multipart/alternative; boundary=c\r\n\r\n--c\r\n\r\nx\r\n--c\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n\r\na=3Db\r\n--b--\r\nepi\r\n",
    "From x\nA : b\n\tc\nno colon\n",
};

static void test_failing_allocator(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof messages / sizeof messages[0]; i++)
        run_failing(messages[i], strlen(messages[i]));
}

/* A message with many fields and parts, so the arena grows several blocks
 * and the scratch vectors reallocate. */
static void test_failing_allocator_large(void **state)
{
    (void)state;
    size_t cap = 200000;
    char *buf = malloc(cap);
    size_t n = (size_t)sprintf(buf, "Content-Type: multipart/mixed; boundary=z\r\n");
    for (int i = 0; i < 300; i++)
        n += (size_t)sprintf(buf + n, "X-Field-%d: value %d\r\n", i, i);
    n += (size_t)sprintf(buf + n, "\r\n");
    for (int i = 0; i < 200; i++)
        n += (size_t)sprintf(buf + n, "--z\r\nContent-Type: text/plain; p%d=\"%d\"\r\n\r\npart %d\r\n",
                             i, i, i);
    n += (size_t)sprintf(buf + n, "--z--\r\n");
    run_failing(buf, n);
    free(buf);
}

static void test_corpus_like(void **state)
{
    (void)state;
    FILE *f = fopen("examples/sample.eml", "rb");
    if (!f) {
        skip();
        return;
    }
    char buf[8192];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    run_failing(buf, n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_failing_allocator),
        cmocka_unit_test(test_failing_allocator_large),
        cmocka_unit_test(test_corpus_like),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
