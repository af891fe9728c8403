/*
 * Transfer decoders (RFC 2045 sections 6.7 and 6.8): table-driven vectors
 * run on every implementation, round trips through independent encoders,
 * and the public standalone API. Expected bytes for malformed base64 are
 * those of Python's email package (get_payload(decode=True)), except for a
 * lone trailing character (Python returns the undecoded input).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec_util.h"

typedef struct codec_case {
    const char *input;
    size_t len;          /* 0: strlen(input) */
    const char *output;
    size_t out_len;      /* 0: strlen(output) */
    const char *defects; /* "NAME@offset,..." in the order first seen */
} codec_case;

static const codec_case base64_cases[] = {
    { "", 0, "", 0, "" },
    { "QUJD", 0, "ABC", 0, "" },
    { "QUJDRA==", 0, "ABCD", 0, "" },
    { "QUJDREU=", 0, "ABCDE", 0, "" },
    { "QUI=", 0, "AB", 0, "" },
    { "QR==", 0, "A", 0, "" }, /* unused bits ignored */
    { "QU\r\nJD\n", 0, "ABC", 0, "" },
    { "Q U\tJ\vD\f", 0, "ABC", 0, "" },
    { "QQ==\r\n", 0, "A", 0, "" },
    { "QQ==\n  \n", 0, "A", 0, "" },
    { "QQ = =", 0, "A", 0, "" },
    { "+/+/", 0, "\xfb\xff\xbf", 0, "" },
    { "QUJD!RA==", 0, "ABCD", 0, "BASE64_INVALID_CHAR@4" },
    { "\xffQUJD", 0, "ABC", 0, "BASE64_INVALID_CHAR@0" },
    { "QUJD\0", 5, "ABC", 0, "BASE64_INVALID_CHAR@4" },
    { "QUJD-_", 0, "ABC", 0, "BASE64_INVALID_CHAR@4" },
    { "QUJDRA", 0, "ABCD", 0, "BASE64_MISSING_PAD@4" },
    { "QUJDREU", 0, "ABCDE", 0, "BASE64_MISSING_PAD@4" },
    { "QQ", 0, "A", 0, "BASE64_MISSING_PAD@0" },
    { "QQ=", 0, "A", 0, "BASE64_MISSING_PAD@0" },
    { "QQ=\r\n", 0, "A", 0, "BASE64_MISSING_PAD@0" },
    { "QUJDR", 0, "ABC", 0, "BASE64_TRUNCATED@4" },
    { "Q", 0, "", 0, "BASE64_TRUNCATED@0" },
    { "Q===", 0, "", 0, "BASE64_INVALID_CHAR@1,BASE64_TRUNCATED@0" },
    { "QQ==QkI=", 0, "A", 0, "BASE64_DATA_AFTER_PAD@4" },
    { "QQ==\nQkI=\n", 0, "A", 0, "BASE64_DATA_AFTER_PAD@5" },
    { "QUI=QQ==", 0, "AB", 0, "BASE64_DATA_AFTER_PAD@4" },
    { "QQ==!", 0, "A", 0, "BASE64_DATA_AFTER_PAD@4" },
    { "QQ===", 0, "A", 0, "BASE64_DATA_AFTER_PAD@4" },
    /* A '=' that cannot start padding is skipped, as Python does. */
    { "=QUJD", 0, "ABC", 0, "BASE64_INVALID_CHAR@0" },
    { "QUJD=QUJD", 0, "ABCABC", 0, "BASE64_INVALID_CHAR@4" },
    { "QUJD====QUJD", 0, "ABCABC", 0, "BASE64_INVALID_CHAR@4" },
    { "QQ=x", 0, "A\x0c", 0, "BASE64_INVALID_CHAR@2,BASE64_MISSING_PAD@0" },
    { "QQ=!=QUJD", 0, "A", 0, "BASE64_INVALID_CHAR@3,BASE64_DATA_AFTER_PAD@5" },
    { "Q!Q=\n=", 0, "A", 0, "BASE64_INVALID_CHAR@1" },
    /* Longer inputs, so that the scalar decoder's loop over two quanta at a
     * time meets each of these in either quantum of a pair and near the end. */
    { "QUJDRE!VGR0hJSktMTU5PUFFS", 0, "ABCDEFGHIJKLMNOPQR", 0, "BASE64_INVALID_CHAR@6" },
    { "QUJDREVG\xc3R0hJSktMTU5PUFFS", 0, "ABCDEFGHIJKLMNOPQR", 0, "BASE64_INVALID_CHAR@8" },
    { "QUJDREVGR0\r\nhJSktMTU5PUFFSU1RVVldY", 0, "ABCDEFGHIJKLMNOPQRSTUVWX", 0, "" },
    { "QUJD REVG\tR0hJ\fSktM\vTU5P  UFFSU1RVVldY", 0, "ABCDEFGHIJKLMNOPQRSTUVWX", 0, "" },
    { "QUJDREVGR0hJ\r\n*SktMTU5PUFFSU1RVVldY", 0, "ABCDEFGHIJKLMNOPQRSTUVWX", 0,
      "BASE64_INVALID_CHAR@14" },
    { "QUJDREVGR0hJSktM=TU5PUFFSU1RVVldY", 0, "ABCDEFGHIJKLMNOPQRSTUVWX", 0,
      "BASE64_INVALID_CHAR@16" },
    { "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWQ==\r\nQUJD", 0, "ABCDEFGHIJKLMNOPQRSTUVWXY", 0,
      "BASE64_DATA_AFTER_PAD@38" },
    { "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYW", 0, "ABCDEFGHIJKLMNOPQRSTUVWX", 0,
      "BASE64_TRUNCATED@32" },
    { "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo", 0, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", 0,
      "BASE64_MISSING_PAD@32" },
    { "QUJDREVGR0hJSktM!", 0, "ABCDEFGHIJKL", 0, "BASE64_INVALID_CHAR@16" },
    { "QUJDREVGR0hJSkt!", 0, "ABCDEFGHIJK", 0, "BASE64_INVALID_CHAR@15,BASE64_MISSING_PAD@12" },
};

static const codec_case qp_cases[] = {
    { "", 0, "", 0, "" },
    { "abc", 0, "abc", 0, "" },
    { "a=3Db", 0, "a=b", 0, "" },
    { "=3d=3D", 0, "==", 0, "" },
    { "=C3=A9t=c3=a9", 0, "\xc3\xa9t\xc3\xa9", 0, "" },
    { "=00", 0, "\0", 1, "" },
    { "line1\r\nline2\r\n", 0, "line1\r\nline2\r\n", 0, "" },
    { "line1\nline2\n", 0, "line1\nline2\n", 0, "" },
    { "ab=\r\ncd", 0, "abcd", 0, "" },
    { "ab=\ncd", 0, "abcd", 0, "" },
    { "ab= \t\r\ncd", 0, "abcd", 0, "" },
    { "ab=  \ncd", 0, "abcd", 0, "" },
    { "x=", 0, "x", 0, "" },
    { "x= \t", 0, "x", 0, "" },
    { "=\n", 0, "", 0, "" },
    { "a  =\nb", 0, "a  b", 0, "" },
    { "abc  \r\nd", 0, "abc\r\nd", 0, "" },
    { "abc \t\nd", 0, "abc\nd", 0, "" },
    { "abc   ", 0, "abc", 0, "" },
    { "a b\tc", 0, "a b\tc", 0, "" },
    { "==41", 0, "=A", 0, "QP_INVALID_ESCAPE@0" },
    { "=4", 0, "=4", 0, "QP_INVALID_ESCAPE@0" },
    { "a=g1", 0, "a=g1", 0, "QP_INVALID_ESCAPE@1" },
    { "=4\n", 0, "=4\n", 0, "QP_INVALID_ESCAPE@0" },
    { "a=\rb", 0, "a=\rb", 0, "QP_INVALID_ESCAPE@1,QP_INVALID_CHAR@2" },
    { "a \rb", 0, "a \rb", 0, "QP_INVALID_CHAR@2" },
    { "caf\xe9", 0, "caf\xe9", 0, "QP_INVALID_CHAR@3" },
    { "a\x01" "b\x7f", 0, "a\x01" "b\x7f", 0, "QP_INVALID_CHAR@1" },
    { "a\0b", 3, "a\0b", 3, "QP_INVALID_CHAR@1" },
    /* 76 characters per line are allowed, 77 are not; the break does not count. */
    { "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\nb", 0,
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\nb", 0, "" },
    { "x\naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n", 0,
      "x\naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n", 0,
      "QP_LINE_TOO_LONG@2" },
    { "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0,
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0,
      "QP_LINE_TOO_LONG@0" },
    { "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=\r\nb", 0,
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", 0, "" },
    { "=E9=\xe9=zz", 0, "\xe9=\xe9=zz", 0, "QP_INVALID_ESCAPE@3,QP_INVALID_CHAR@4" },
};

static void run_cases(int codec, const codec_case *cases, size_t n)
{
    int impls[8];
    size_t nimpl = codec_impls(impls);
    for (size_t k = 0; k < nimpl; k++) {
        for (size_t i = 0; i < n; i++) {
            const codec_case *c = &cases[i];
            size_t len = c->len ? c->len : strlen(c->input);
            size_t out_len = c->out_len ? c->out_len : strlen(c->output);
            codec_result r = codec_run(codec, impls[k], c->input, len);
            char defects[256];
            codec_defects_text(&r.report, defects, sizeof defects);
            if (r.len != out_len || memcmp(r.out, c->output, out_len) != 0 ||
                strcmp(defects, c->defects) != 0) {
                print_error("%s case %zu (%s): got %zu bytes [%s], want %zu bytes [%s]\n",
                            codec == CODEC_BASE64 ? "base64" : "qp", i,
                            eml_impl_name(impls[k]), r.len, defects, out_len, c->defects);
                fail();
            }
            codec_result_free(&r);
        }
    }
}

static void test_base64_cases(void **state)
{
    (void)state;
    run_cases(CODEC_BASE64, base64_cases, sizeof base64_cases / sizeof base64_cases[0]);
}

static void test_qp_cases(void **state)
{
    (void)state;
    run_cases(CODEC_QP, qp_cases, sizeof qp_cases / sizeof qp_cases[0]);
}

/* ---- round trips through encoders written here from the RFC -------------- */

static uint64_t rng = 0x9E3779B97F4A7C15u;
static unsigned rnd(void)
{
    return codec_rand(&rng);
}

/* RFC 2045 section 6.7: every byte but safe printable ones escaped,
 * soft breaks so that no line exceeds 76 characters. */
static size_t encode_qp(const unsigned char *in, size_t n, char *out, const char *eol)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t o = 0, col = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned c = in[i];
        int literal = (c >= 33 && c <= 126 && c != '=') || (c == ' ' && i + 1 < n);
        size_t need = literal ? 1 : 3;
        if (col + need > 75) {
            out[o++] = '=';
            for (const char *e = eol; *e; e++)
                out[o++] = *e;
            col = 0;
        }
        if (literal) {
            out[o++] = (char)c;
        } else {
            out[o++] = '=';
            out[o++] = hex[c >> 4];
            out[o++] = hex[c & 15];
        }
        col += need;
    }
    return o;
}

static void test_round_trips(void **state)
{
    (void)state;
    int impls[8];
    size_t nimpl = codec_impls(impls);
    unsigned char data[700];
    char enc[3000];
    for (int iter = 0; iter < 400; iter++) {
        size_t n = rnd() % sizeof data;
        int text = iter & 1; /* mostly-ASCII text, or random bytes */
        for (size_t i = 0; i < n; i++)
            data[i] = text ? (unsigned char)(rnd() % 8 ? 32 + rnd() % 95 : rnd() % 256)
                           : (unsigned char)rnd();
        const char *eol = iter & 2 ? "\r\n" : "\n";
        size_t line = (size_t)(iter % 5 == 0 ? 0 : 4 * (1 + rnd() % 25));
        size_t bl = codec_encode_base64(data, n, enc, line, eol);
        for (size_t k = 0; k < nimpl; k++) {
            codec_result r = codec_run(CODEC_BASE64, impls[k], enc, bl);
            assert_int_equal(r.report.count, 0);
            assert_int_equal(r.len, n);
            assert_memory_equal(r.out, data, n);
            codec_result_free(&r);
        }
        size_t ql = encode_qp(data, n, enc, eol);
        for (size_t k = 0; k < nimpl; k++) {
            codec_result r = codec_run(CODEC_QP, impls[k], enc, ql);
            assert_int_equal(r.report.count, 0);
            assert_int_equal(r.len, n);
            assert_memory_equal(r.out, data, n);
            codec_result_free(&r);
        }
    }
}

/* ---- the public API ------------------------------------------------------ */

static void test_public_api(void **state)
{
    (void)state;
    char out[16];
    size_t written = 99, nd = 99;
    eml_defect d[2];
    assert_int_equal(eml_base64_decode(EML_IMPL_AUTO, "QUJD", 4, out, &written, d, 2, &nd),
                     EML_OK);
    assert_int_equal(written, 3);
    assert_memory_equal(out, "ABC", 3);
    assert_int_equal(nd, 0);

    /* Three kinds of defect, room for two: the first two are kept. */
    assert_int_equal(eml_base64_decode(EML_IMPL_SCALAR, "!Q=QQ", 5, out, &written, d, 2, &nd),
                     EML_OK);
    assert_int_equal(written, 2);
    assert_int_equal(nd, 2);
    assert_int_equal(d[0].code, EML_DEFECT_BASE64_INVALID_CHAR);
    assert_int_equal(d[0].offset, 0);
    assert_int_equal(d[1].code, EML_DEFECT_BASE64_MISSING_PAD);
    assert_int_equal(d[1].offset, 1);

    assert_int_equal(eml_qp_decode(EML_IMPL_AUTO, "a=3Db", 5, out, &written, NULL, 0, NULL),
                     EML_OK);
    assert_int_equal(written, 3);
    assert_memory_equal(out, "a=b", 3);

    assert_int_equal(eml_qp_decode(EML_IMPL_AUTO, "", 0, NULL, &written, NULL, 0, NULL), EML_OK);
    assert_int_equal(written, 0);
    assert_int_equal(eml_base64_decode(EML_IMPL_AUTO, "QQ", 2, out, NULL, NULL, 0, NULL),
                     EML_EINVAL);
    assert_int_equal(eml_base64_decode(EML_IMPL_AUTO, NULL, 2, out, &written, NULL, 0, NULL),
                     EML_EINVAL);
    assert_int_equal(eml_base64_decode(EML_IMPL_AUTO, "QQ", 2, out, &written, NULL, 1, NULL),
                     EML_EINVAL);
    assert_int_equal(eml_qp_decode(99, "a", 1, out, &written, NULL, 0, NULL), EML_EINVAL);
    for (int impl = EML_IMPL_SCALAR; impl <= EML_IMPL_NEON; impl++)
        if (!eml_impl_available(impl))
            assert_int_equal(eml_qp_decode(impl, "a", 1, out, &written, NULL, 0, NULL),
                             EML_EUNSUPPORTED);
}

static void test_decoded_size_max(void **state)
{
    (void)state;
    static const struct { size_t len, b64; } t[] = {
        { 0, 0 }, { 1, 1 }, { 2, 2 }, { 3, 3 }, { 4, 3 }, { 5, 4 }, { 8, 6 }, { 78, 59 },
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        assert_int_equal(eml_base64_decoded_size_max(t[i].len), t[i].b64);
        assert_int_equal(eml_qp_decoded_size_max(t[i].len), t[i].len);
    }
}

static void test_impl_names(void **state)
{
    (void)state;
    assert_string_equal(eml_impl_name(EML_IMPL_AUTO), "auto");
    assert_string_equal(eml_impl_name(EML_IMPL_SCALAR), "scalar");
    assert_string_equal(eml_impl_name(EML_IMPL_AVX2), "avx2");
    assert_string_equal(eml_impl_name(EML_IMPL_AVX512), "avx512");
    assert_string_equal(eml_impl_name(EML_IMPL_NEON), "neon");
    assert_string_equal(eml_impl_name(42), "unknown");
    assert_int_equal(eml_impl_available(EML_IMPL_AUTO), 1);
    assert_int_equal(eml_impl_available(EML_IMPL_SCALAR), 1);
    assert_int_equal(eml_impl_available(-1), 0);
    assert_int_equal(eml_impl_available(5), 0);
    int best = eml_impl_best();
    assert_int_equal(eml_impl_available(best), 1);
    assert_int_equal(eml__impl_resolve(EML_IMPL_AUTO), best);
    assert_int_equal(eml__impl_resolve(EML_IMPL_SCALAR), EML_IMPL_SCALAR);
#if defined(__x86_64__)
    assert_int_equal(eml_impl_available(EML_IMPL_NEON), 0);
    assert_int_equal(eml__impl_resolve(EML_IMPL_NEON), best);
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_base64_cases),
        cmocka_unit_test(test_qp_cases),
        cmocka_unit_test(test_round_trips),
        cmocka_unit_test(test_public_api),
        cmocka_unit_test(test_decoded_size_max),
        cmocka_unit_test(test_impl_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
