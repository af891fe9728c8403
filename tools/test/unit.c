/*
 * Unit tests for the tool's self-contained parts: SHA-256, the JSON
 * writer, mbox splitting and unquoting, safe file names, HTML to text.
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
#include "html2text.h"
#include "json.h"
#include "mbox.h"
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

/* ---- mbox --------------------------------------------------------------- */

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

static void test_mbox_split(void **state)
{
    (void)state;
    for (size_t v = 0; v < sizeof mbox_vectors / sizeof mbox_vectors[0]; v++) {
        const char *in = mbox_vectors[v].input;
        assert_true(mbox_is_mbox(in, strlen(in)));
        mbox_message *m;
        size_t n = mbox_split(in, strlen(in), &m);
        size_t expect = 0;
        while (expect < 4 && mbox_vectors[v].messages[expect])
            expect++;
        assert_int_equal(n, expect);
        for (size_t i = 0; i < n; i++) {
            assert_int_equal(m[i].len, strlen(mbox_vectors[v].messages[i]));
            assert_memory_equal(in + m[i].offset, mbox_vectors[v].messages[i], m[i].len);
            assert_memory_equal(in + m[i].from_offset, "From ", 5);
        }
        free(m);
    }
}

static void test_mbox_is_mbox(void **state)
{
    (void)state;
    assert_false(mbox_is_mbox("", 0));
    assert_false(mbox_is_mbox("From", 4));
    assert_false(mbox_is_mbox("From: a@b\n", 10));
    assert_false(mbox_is_mbox("Received: x\n", 12));
    assert_true(mbox_is_mbox("From ", 5));
}

static const struct {
    const char *input;
    mbox_format format;
    const char *expect; /* NULL: nothing to unquote */
} unescape_vectors[] = {
    {"A: 1\n\n>From a\n>>From b\n>>>From c\nFrom\n", MBOX_MBOXRD,
     "A: 1\n\nFrom a\n>From b\n>>From c\nFrom\n"},
    {"A: 1\n\n>From a\n>>From b\n", MBOX_MBOXO, "A: 1\n\nFrom a\n>>From b\n"},
    {"A: 1\n\n> From a\n>Fromage\n", MBOX_MBOXRD, NULL},
    {"A: 1\n\nno quoting\n", MBOX_MBOXO, NULL},
    {">From a", MBOX_MBOXRD, "From a"},
    {"x\r\n>From a\r\n", MBOX_MBOXRD, "x\r\nFrom a\r\n"},
};

static void test_mbox_unescape(void **state)
{
    (void)state;
    for (size_t v = 0; v < sizeof unescape_vectors / sizeof unescape_vectors[0]; v++) {
        const char *in = unescape_vectors[v].input;
        size_t n = 0;
        char *out = mbox_unescape(in, strlen(in), unescape_vectors[v].format, &n);
        if (!unescape_vectors[v].expect) {
            assert_null(out);
            continue;
        }
        assert_non_null(out);
        assert_int_equal(n, strlen(unescape_vectors[v].expect));
        assert_memory_equal(out, unescape_vectors[v].expect, n);
        free(out);
    }
}

static void test_mbox_detect(void **state)
{
    (void)state;
    const char *rd = "From a\n\n>>From x\n";
    const char *o = "From a\n\n>From x\n> >From y\n";
    assert_int_equal(mbox_detect(rd, strlen(rd)), MBOX_MBOXRD);
    assert_int_equal(mbox_detect(o, strlen(o)), MBOX_MBOXO);
    assert_int_equal(mbox_detect("", 0), MBOX_MBOXO);
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

/* ---- HTML to text -------------------------------------------------------- */

static const struct {
    const char *html;
    const char *text;
} html_vectors[] = {
    {"<p>Hello <b>world</b></p>", "Hello world\n"},
    {"<html><head><title>T</title><style>p{x:1}</style></head><body>Hi</body></html>", "Hi\n"},
    {"a<script>alert('<p>x</p>')</script>b", "ab\n"},
    {"one<br>two<br/>three", "one\ntwo\nthree\n"},
    {"<p>one</p><p>two</p>", "one\n\ntwo\n"},
    {"<ul><li>a</li><li>b</li></ul>", "* a\n* b\n"},
    {"x &amp; y &lt;z&gt; &quot;q&quot; &#65;&#x42; &nbsp;.", "x & y <z> \"q\" AB  .\n"},
    {"&#150;&#0;&#xD800;&#x110000;", "\xe2\x80\x93\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\n"},
    {"&unknown; & &amp", "&unknown; & &\n"},
    {"  lots   of \n\n spaces  ", "lots of spaces\n"},
    {"<pre>a  b\n  c</pre>", "a  b\n  c\n"},
    {"<a href=\"https://e.x/?a=1&amp;b=2\">site</a>", "site <https://e.x/?a=1&b=2>\n"},
    {"<a href='https://e.x/'>https://e.x/</a>", "https://e.x/\n"},
    {"<a href=\"mailto:a@b\">a@b</a>", "a@b\n"},
    {"<a href=\"javascript:alert(1)\">x</a>", "x\n"},
    {"<img src=\"http://t/x.gif\" alt=\"Logo\">text", "[Logo] text\n"},
    {"<!-- <p>hidden</p> -->shown", "shown\n"},
    {"<!DOCTYPE html><?xml x?>ok", "ok\n"},
    {"1 < 2 and 3 > 2", "1 < 2 and 3 > 2\n"},
    {"esc\x1b[31mape\x07", "esc[31mape\n"},
    {"<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\nc\n"},
    {"<p>unterminated <b", "unterminated\n"},
    {"<div>caf\xc3\xa9 \xff</div>", "caf\xc3\xa9 \xef\xbf\xbd\n"},
    {"", ""},
};

static void test_html_to_text(void **state)
{
    (void)state;
    for (size_t v = 0; v < sizeof html_vectors / sizeof html_vectors[0]; v++) {
        tbuf b;
        tbuf_init(&b);
        html_to_text(html_vectors[v].html, strlen(html_vectors[v].html), &b);
        const char *got = b.ptr ? b.ptr : "";
        if (strcmp(got, html_vectors[v].text) != 0)
            print_error("html vector %zu: got \"%s\"\n", v, got);
        assert_string_equal(got, html_vectors[v].text);
        tbuf_free(&b);
    }
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
        cmocka_unit_test(test_json_deep),       cmocka_unit_test(test_mbox_split),
        cmocka_unit_test(test_mbox_is_mbox),    cmocka_unit_test(test_mbox_unescape),
        cmocka_unit_test(test_mbox_detect),     cmocka_unit_test(test_safename),
        cmocka_unit_test(test_safename_long),   cmocka_unit_test(test_safename_never_unsafe),
        cmocka_unit_test(test_extension),       cmocka_unit_test(test_html_to_text),
        cmocka_unit_test(test_put_text),
    };
    return cmocka_run_group_tests_name("tool_unit", tests, NULL, NULL);
}
