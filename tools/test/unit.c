/*
 * Unit tests for the tool's self-contained parts: SHA-256, the JSON
 * writer and safe file names (mbox splitting and HTML to text are the
 * library's, tested in tests/unit).
 * Built and run by tests/scripts/tool_unit.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "json.h"
#include "safename.h"
#include "sha256.h"

/* ---- SHA-256: FIPS 180-4 examples and the NIST long-message vector ---- */

static const struct {
    const char *input;
    size_t repeat;
    const char *digest;
} sha_vectors[] = {
    {"", 1, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
    {"abc", 1, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
    {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1,
     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
     1, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
    {"a", 1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
    /* 55, 56 and 64 bytes: the padding needs one or two blocks. */
    {"a", 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
    {"a", 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
    {"a", 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
};

static void test_sha256_vectors(void **state)
{
    (void)state;
    for (size_t v = 0; v < sizeof sha_vectors / sizeof sha_vectors[0]; v++) {
        size_t unit = strlen(sha_vectors[v].input);
        size_t len = unit * sha_vectors[v].repeat;
        char *data = malloc(len + 1);
        for (size_t i = 0; i < sha_vectors[v].repeat; i++)
            memcpy(data + i * unit, sha_vectors[v].input, unit);
        char hex[65];
        sha256_hex(data, len, hex);
        assert_string_equal(hex, sha_vectors[v].digest);
        free(data);
    }
}

/* Feeding the same bytes in pieces of every size gives the same digest. */
static void test_sha256_incremental(void **state)
{
    (void)state;
    unsigned char data[300];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (unsigned char)(i * 7 + 3);
    unsigned char whole[32];
    sha256_ctx c;
    sha256_init(&c);
    sha256_update(&c, data, sizeof data);
    sha256_final(&c, whole);
    for (size_t piece = 1; piece <= 130; piece++) {
        unsigned char d[32];
        sha256_init(&c);
        for (size_t at = 0; at < sizeof data; at += piece)
            sha256_update(&c, data + at, at + piece > sizeof data ? sizeof data - at : piece);
        sha256_final(&c, d);
        assert_memory_equal(d, whole, 32);
    }
}

/* ---- JSON --------------------------------------------------------------- */

static const struct {
    const char *input;
    size_t len;
    const char *expect;
} json_vectors[] = {
    {"plain", 5, "plain"},
    {"q\"b\\s/", 6, "q\\\"b\\\\s/"},
    {"\n\r\t\b\f", 5, "\\n\\r\\t\\b\\f"},
    {"\x01\x1f\x7f", 3, "\\u0001\\u001f\x7f"},
    {"nul\0x", 5, "nul\\u0000x"},
    {"caf\xc3\xa9", 5, "caf\xc3\xa9"},
    {"\xf0\x9f\x98\x80", 4, "\xf0\x9f\x98\x80"},
    {"\xff", 1, "\xef\xbf\xbd"},
    {"a\x80z", 3, "a\xef\xbf\xbdz"},
    {"\xc0\x80", 2, "\xef\xbf\xbd\xef\xbf\xbd"},       /* overlong NUL */
    {"\xed\xa0\x80", 3, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"}, /* surrogate */
    {"\xf4\x90\x80\x80", 4, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"}, /* > U+10FFFF */
    {"end\xe2\x82", 5, "end\xef\xbf\xbd\xef\xbf\xbd"}, /* cut short */
};

static void test_json_escape(void **state)
{
    (void)state;
    for (size_t v = 0; v < sizeof json_vectors / sizeof json_vectors[0]; v++) {
        tbuf b;
        tbuf_init(&b);
        json_escape(&b, json_vectors[v].input, json_vectors[v].len);
        assert_non_null(b.ptr ? b.ptr : "");
        assert_int_equal(b.len, strlen(json_vectors[v].expect));
        assert_memory_equal(b.ptr ? b.ptr : "", json_vectors[v].expect, b.len);
        tbuf_free(&b);
    }
}

static void test_json_writer(void **state)
{
    (void)state;
    tbuf b;
    tbuf_init(&b);
    jwriter w;
    jw_init(&w, &b);
    jw_object_begin(&w);
    jw_key(&w, "a");
    jw_array_begin(&w);
    jw_uint(&w, 1);
    jw_null(&w);
    jw_bool(&w, 1);
    jw_object_begin(&w);
    jw_object_end(&w);
    jw_array_begin(&w);
    jw_array_end(&w);
    jw_array_end(&w);
    jw_key(&w, "k\"");
    jw_slice(&w, (eml_slice){NULL, 0});
    jw_key(&w, "s");
    jw_slice(&w, (eml_slice){"x\xff", 2});
    jw_key(&w, "n");
    jw_uint(&w, UINT64_MAX);
    jw_object_end(&w);
    jw_free(&w);
    assert_string_equal(b.ptr, "{\"a\":[1,null,true,{},[]],\"k\\\"\":null,\"s\":\"x\xef\xbf\xbd\","
                               "\"n\":18446744073709551615}");
    tbuf_free(&b);
}

/* Nesting deeper than the writer's first allocation. */
static void test_json_deep(void **state)
{
    (void)state;
    tbuf b;
    tbuf_init(&b);
    jwriter w;
    jw_init(&w, &b);
    for (int i = 0; i < 1000; i++)
        jw_array_begin(&w);
    jw_uint(&w, 7);
    for (int i = 0; i < 1000; i++)
        jw_array_end(&w);
    jw_free(&w);
    assert_int_equal(b.len, 2001);
    assert_int_equal(b.ptr[1000], '7');
    tbuf_free(&b);
}

/* ---- safe file names -------------------------------------------------- */

static const struct {
    const char *input;
    const char *expect; /* NULL: no usable name */
} name_vectors[] = {
    {"report.pdf", "report.pdf"},
    {"../../etc/passwd", "passwd"},
    {"/etc/shadow", "shadow"},
    {"C:\\Users\\x\\file.doc", "file.doc"},
    {"..\\..\\boot.ini", "boot.ini"},
    {"..", NULL},
    {".", NULL},
    {"", NULL},
    {"   ", NULL},
    {"dir/", NULL},
    {"../", NULL},
    {"...", NULL},
    {".bashrc", "_bashrc"},
    {"..hidden", "__hidden"},
    {"-rf", "_rf"},
    {"a\x1b[31mb.txt", "a[31mb.txt"},
    {"line\nbreak\r.txt", "linebreak.txt"},
    {"nul\x7f.txt", "nul.txt"},
    {"c1\xc2\x9b.txt", "c1.txt"},
    {"invoice\xe2\x80\xaegpj.exe", "invoicegpj.exe"},       /* U+202E */
    {"zero\xe2\x80\x8bwidth", "zerowidth"},                  /* U+200B */
    {"\xef\xbb\xbf" "bom.txt", "bom.txt"},                   /* U+FEFF */
    {"a:b*c?.txt", "a_b_c_.txt"},
    {"<x>|\"y\".txt", "_x___y_.txt"},
    {"name.   ", "name"},
    {"trail.", "trail"},
    {"  lead.txt", "lead.txt"},
    {"\xff\xfe.txt", "__.txt"},
    {"caf\xc3\xa9 menu.pdf", "caf\xc3\xa9 menu.pdf"},
    {"\xe6\x97\xa5\xe6\x9c\xac.txt", "\xe6\x97\xa5\xe6\x9c\xac.txt"},
};

static void test_safename(void **state)
{
    (void)state;
    for (size_t v = 0; v < sizeof name_vectors / sizeof name_vectors[0]; v++) {
        char *got = safename(name_vectors[v].input, strlen(name_vectors[v].input));
        if (!name_vectors[v].expect) {
            assert_null(got);
            continue;
        }
        assert_non_null(got);
        assert_string_equal(got, name_vectors[v].expect);
        free(got);
    }
    assert_null(safename(NULL, 0));
}

/* Long names are cut on a character boundary and keep their extension. */
static void test_safename_long(void **state)
{
    (void)state;
    tbuf in;
    tbuf_init(&in);
    for (int i = 0; i < 150; i++)
        tbuf_puts(&in, "\xc3\xa9"); /* 300 bytes of two-byte characters */
    tbuf_puts(&in, ".pdf");
    char *got = safename(in.ptr, in.len);
    assert_non_null(got);
    size_t n = strlen(got);
    assert_true(n <= SAFENAME_MAX);
    assert_true(n >= SAFENAME_MAX - 1);
    assert_string_equal(got + n - 4, ".pdf");
    for (size_t i = 0; i + 4 < n; i += 2)
        assert_memory_equal(got + i, "\xc3\xa9", 2);
    free(got);
    tbuf_free(&in);
}

static void test_safename_never_unsafe(void **state)
{
    (void)state;
    /* Every two-byte name: the result never holds a separator, a control
     * byte, a leading dot, or "..". */
    for (unsigned a = 0; a < 256; a++) {
        for (unsigned b = 0; b < 256; b++) {
            char in[3] = {(char)a, (char)b, 'x'};
            char *got = safename(in, 3);
            if (!got)
                continue;
            assert_null(strchr(got, '/'));
            assert_null(strchr(got, '\\'));
            assert_true(got[0] != '.' && got[0] != '-' && got[0] != ' ');
            for (const char *p = got; *p; p++)
                assert_true((unsigned char)*p >= 0x20 && *p != 0x7f);
            free(got);
        }
    }
}

static void test_extension(void **state)
{
    (void)state;
    assert_string_equal(safename_extension("application/pdf"), "pdf");
    assert_string_equal(safename_extension("image/png"), "png");
    assert_string_equal(safename_extension("message/rfc822"), "eml");
    assert_string_equal(safename_extension("application/x-unknown"), "bin");
    assert_string_equal(safename_extension(NULL), "bin");
}

/* ---- text for the terminal ---------------------------------------------- */

static void test_put_text(void **state)
{
    (void)state;
    tbuf b;
    tbuf_init(&b);
    tbuf_put_text(&b, "a\r\nb\tc\x1b" "d\xc2\x9b" "e\xff", 12, "\n\t");
    assert_string_equal(b.ptr, "a\nb\tcde\xef\xbf\xbd");
    tbuf_free(&b);
    tbuf_put_display(&b, "x\x1by\tz\xff", 6);
    assert_string_equal(b.ptr, "x\\x1By z\\xFF");
    tbuf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_vectors),  cmocka_unit_test(test_sha256_incremental),
        cmocka_unit_test(test_json_escape),     cmocka_unit_test(test_json_writer),
        cmocka_unit_test(test_json_deep),       
            
             cmocka_unit_test(test_safename),
        cmocka_unit_test(test_safename_long),   cmocka_unit_test(test_safename_never_unsafe),
        cmocka_unit_test(test_extension),       
        cmocka_unit_test(test_put_text),
    };
    return cmocka_run_group_tests_name("tool_unit", tests, NULL, NULL);
}
