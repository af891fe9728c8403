/* The public API's contract: versions, errors, options, NULL handling,
 * decoding glue. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core_tree.h"

static void test_version_and_errors(void **state)
{
    (void)state;
    assert_int_equal(eml_version(), EML_VERSION_NUMBER);
    char v[32];
    snprintf(v, sizeof v, "%d.%d.%d", EML_VERSION_MAJOR, EML_VERSION_MINOR, EML_VERSION_PATCH);
    assert_string_equal(eml_version_string(), v);
    assert_string_equal(eml_error_name(EML_ENOMEM), "EML_ENOMEM");
    assert_string_equal(eml_strerror(EML_OK), "success");
    assert_non_null(eml_strerror(-1000));
    assert_string_equal(eml_defect_name(EML_DEFECT_LINE_TOO_LONG), "LINE_TOO_LONG");
    assert_string_equal(eml_defect_name(9999), "UNKNOWN");
    assert_non_null(eml_defect_description(9999));
}

typedef struct bound_case {
    eml_option option;
    int64_t min, def;
} bound_case;

static const bound_case bounds[] = {
    { EML_OPT_MAX_DEPTH, 1, 100 },
    { EML_OPT_MAX_PARTS, 1, 100000 },
    { EML_OPT_MAX_FIELDS, 1, 10000 },
    { EML_OPT_MAX_HEADER_BYTES, 1, 1 << 20 },
    { EML_OPT_LIMIT_FAILS, 0, 0 },
    { EML_OPT_IMPL, EML_IMPL_AUTO, EML_IMPL_AUTO },
    { EML_OPT_MAX_ADDRESSES, 1, 100000 },
};

static void test_options(void **state)
{
    (void)state;
    eml_options *o = eml_options_create(NULL);
    assert_non_null(o);
    for (size_t i = 0; i < sizeof bounds / sizeof bounds[0]; i++) {
        int64_t min, max, def, v;
        assert_int_equal(eml_option_bounds(bounds[i].option, &min, &max, &def), EML_OK);
        assert_int_equal(min, bounds[i].min);
        assert_int_equal(def, bounds[i].def);
        assert_true(max >= def);
        assert_int_equal(eml_options_get(o, bounds[i].option, &v), EML_OK);
        assert_int_equal(v, def);
        assert_int_equal(eml_options_set(o, bounds[i].option, min - 1), EML_EOPTION);
        if (max < INT64_MAX)
            assert_int_equal(eml_options_set(o, bounds[i].option, max + 1), EML_EOPTION);
        if (bounds[i].option != EML_OPT_IMPL) {
            assert_int_equal(eml_options_set(o, bounds[i].option, max), EML_OK);
            assert_int_equal(eml_options_get(o, bounds[i].option, &v), EML_OK);
            assert_int_equal(v, max);
        }
    }
    assert_int_equal(eml_option_bounds(EML_OPT_MAX_DECODED_BYTES, NULL, NULL, NULL), EML_OK);
    assert_int_equal(eml_option_bounds((eml_option)0, NULL, NULL, NULL), EML_EOPTION);
    assert_int_equal(eml_option_bounds((eml_option)99, NULL, NULL, NULL), EML_EOPTION);
    assert_int_equal(eml_options_set(o, (eml_option)99, 1), EML_EOPTION);
    int64_t v;
    assert_int_equal(eml_options_get(o, (eml_option)-3, &v), EML_EOPTION);
    assert_int_equal(eml_options_set(o, EML_OPT_IMPL, EML_IMPL_SCALAR), EML_OK);
    for (int impl = EML_IMPL_AVX2; impl <= EML_IMPL_NEON; impl++)
        assert_int_equal(eml_options_set(o, EML_OPT_IMPL, impl),
                         eml_impl_available(impl) ? EML_OK : EML_EUNSUPPORTED);
    eml_options_free(o);
    eml_options_free(NULL);
    eml_message_free(NULL);
}

static void test_parse_arguments(void **state)
{
    (void)state;
    eml_message *m = (eml_message *)1;
    assert_int_equal(eml_parse("x", 1, NULL, NULL), EML_EINVAL);
    assert_int_equal(eml_parse(NULL, 5, NULL, &m), EML_EINVAL);
    assert_null(m);
    assert_int_equal(eml_parse(NULL, 0, NULL, &m), EML_OK);
    assert_non_null(eml_message_root(m));
    assert_int_equal(eml_message_part_count(m), 1);
    eml_message_free(m);
    /* NULL parts are tolerated by accessors. */
    assert_int_equal(eml_part_child_count(NULL), 0);
    assert_null(eml_part_child(NULL, 0));
    assert_null(eml_part_body_raw(NULL).ptr);
    eml_field f;
    assert_int_equal(eml_part_field(NULL, 0, &f), EML_EINVAL);
}


static void test_decode_identity(void **state)
{
    (void)state;
    const char *in = "Content-Transfer-Encoding: 8bit\r\n\r\ncaf\xc3\xa9\r\n";
    eml_message *m;
    assert_int_equal(eml_parse(in, strlen(in), NULL, &m), EML_OK);
    const eml_part *r = eml_message_root(m);
    size_t max;
    assert_int_equal(eml_part_decoded_size_max(r, &max), EML_OK);
    assert_int_equal(max, 7);
    char out[16];
    size_t w;
    assert_int_equal(eml_part_decode(r, out, 6, &w), EML_EBUFSIZE);
    assert_int_equal(eml_part_decode(r, out, sizeof out, &w), EML_OK);
    assert_int_equal(w, 7);
    assert_memory_equal(out, "caf\xc3\xa9\r\n", 7);
    eml_slice s1, s2;
    assert_int_equal(eml_part_decoded(r, &s1), EML_OK);
    assert_int_equal(eml_part_decoded(r, &s2), EML_OK);
    assert_ptr_equal(s1.ptr, s2.ptr);
    assert_int_equal(s1.len, 7);
    eml_message_free(m);
}

static void test_unknown_encoding(void **state)
{
    (void)state;
    const char *in = "Content-Transfer-Encoding: x-foo\r\n\r\nraw";
    eml_message *m;
    assert_int_equal(eml_parse(in, strlen(in), NULL, &m), EML_OK);
    const eml_part *r = eml_message_root(m);
    eml_slice s;
    assert_int_equal(eml_part_decoded(r, &s), EML_OK);
    assert_int_equal(s.len, 3);
    assert_memory_equal(s.ptr, "raw", 3);
    eml_defect d;
    assert_int_equal(eml_part_defect(r, 0, &d), EML_OK);
    assert_int_equal(d.code, EML_DEFECT_UNKNOWN_ENCODING);
    eml_message_free(m);
}

/* The decoders are tested in the codec tests; here the glue: sizes,
 * caching, the limit and the caller-buffer contract. */
static void test_decode_coded(void **state)
{
    (void)state;
    const char *in = "Content-Transfer-Encoding: base64\r\n\r\naGVsbG8=\r\n";
    eml_message *m;
    assert_int_equal(eml_parse(in, strlen(in), NULL, &m), EML_OK);
    const eml_part *r = eml_message_root(m);
    size_t max, w;
    assert_int_equal(eml_part_decoded_size_max(r, &max), EML_OK);
    assert_true(max >= 5);
    assert_true(max <= eml_base64_decoded_size_max(10));
    char *dst = malloc(max);
    assert_int_equal(eml_part_decode(r, dst, max, &w), EML_OK);
    assert_int_equal(w, 5);
    assert_memory_equal(dst, "hello", 5);
    /* The exact size fits even though it is below the upper bound. */
    char exact[5];
    assert_int_equal(eml_part_decode(r, exact, 5, &w), EML_OK);
    assert_int_equal(w, 5);
    assert_int_equal(eml_part_decode(r, exact, 4, &w), EML_EBUFSIZE);
    eml_slice s;
    assert_int_equal(eml_part_decoded(r, &s), EML_OK);
    assert_int_equal(s.len, 5);
    assert_memory_equal(s.ptr, "hello", 5);
    assert_int_equal(s.ptr[s.len], '\0');
    free(dst);
    eml_message_free(m);

    /* Codec defects land on the part, offsets absolute, once. */
    const char *bad = "Content-Transfer-Encoding: base64\r\n\r\naGVs!bG8=\r\n";
    assert_int_equal(eml_parse(bad, strlen(bad), NULL, &m), EML_OK);
    r = eml_message_root(m);
    assert_int_equal(eml_part_decoded(r, &s), EML_OK);
    assert_int_equal(s.len, 5);
    assert_int_equal(eml_part_decode(r, dst = malloc(16), 16, &w), EML_OK);
    free(dst);
    assert_int_equal(eml_part_defect_count(r), 1);
    eml_defect d;
    assert_int_equal(eml_part_defect(r, 0, &d), EML_OK);
    assert_int_equal(d.code, EML_DEFECT_BASE64_INVALID_CHAR);
    assert_int_equal(d.offset, (size_t)(strchr(bad, '!') - bad));
    eml_message_free(m);

    const char *qp = "Content-Transfer-Encoding: quoted-printable\r\n\r\na=3Db=\r\nc\r\n";
    assert_int_equal(eml_parse(qp, strlen(qp), NULL, &m), EML_OK);
    assert_int_equal(eml_part_decoded(eml_message_root(m), &s), EML_OK);
    assert_int_equal(s.len, 6);
    assert_memory_equal(s.ptr, "a=bc\r\n", 6);
    eml_message_free(m);

    eml_options *o = eml_options_create(NULL);
    assert_int_equal(eml_options_set(o, EML_OPT_MAX_DECODED_BYTES, 2), EML_OK);
    assert_int_equal(eml_parse(in, strlen(in), o, &m), EML_OK);
    assert_int_equal(eml_part_decoded(eml_message_root(m), &s), EML_ELIMIT);
    eml_message_free(m);
    eml_options_free(o);
}

static void test_sample_message(void **state)
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
    eml_message *m;
    assert_int_equal(eml_parse(buf, n, NULL, &m), EML_OK);
    tree_text t = { { 0 }, 0 };
    render_part(eml_message_root(m), &t);
    assert_string_equal(t.buf, "multipart/mixed{multipart/alternative{text/plain,text/html},image/png}");
    tree_text d = { { 0 }, 0 };
    render_defects(eml_message_root(m), &d);
    assert_string_equal(d.buf, "");
    const eml_part *att = eml_part_child(eml_message_root(m), 1);
    eml_slice fn = eml_part_filename(att);
    assert_int_equal(fn.len, 9);
    assert_memory_equal(fn.ptr, "pixel.png", 9);
    assert_int_equal(eml_part_encoding(att), EML_ENCODING_BASE64);
    assert_true(first_lost_byte(m) == (size_t)-1);
    eml_message_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version_and_errors),
        cmocka_unit_test(test_options),
        cmocka_unit_test(test_parse_arguments),
        cmocka_unit_test(test_decode_identity),
        cmocka_unit_test(test_unknown_encoding),
        cmocka_unit_test(test_decode_coded),
        cmocka_unit_test(test_sample_message),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
