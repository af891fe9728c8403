/* eml_html_to_text: references, blocks, links, raw-text elements, the
 * size bound and linear work on large inputs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eml.h"
#include "text/html.h"

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

static void test_vectors(void **state)
{
    (void)state;
    for (size_t v = 0; v < sizeof html_vectors / sizeof html_vectors[0]; v++) {
        const char *in = html_vectors[v].html;
        size_t cap = eml_html_to_text_size_max(strlen(in)), n = 0;
        char *out = malloc(cap + 1);
        assert_non_null(out);
        assert_int_equal(eml_html_to_text(in, EML_NUL_TERMINATED, out, cap, &n), EML_OK);
        out[n] = 0;
        if (strcmp(out, html_vectors[v].text) != 0)
            print_error("html vector %zu: got \"%s\"\n", v, out);
        assert_string_equal(out, html_vectors[v].text);
        assert_true(n <= cap);
        free(out);
    }
}

static void test_small_buffer(void **state)
{
    (void)state;
    char out[4];
    size_t n = 99;
    assert_int_equal(eml_html_to_text("<p>hello</p>", 12, out, sizeof out, &n), EML_EBUFSIZE);
    assert_int_equal(n, 0);
    assert_int_equal(eml_html_to_text(NULL, 3, out, sizeof out, &n), EML_EINVAL);
    assert_int_equal(eml_html_to_text("", 0, NULL, 0, &n), EML_OK);
    assert_int_equal(n, 0);
    assert_true(eml_html_to_text_size_max(SIZE_MAX / 2) == SIZE_MAX);
}

/* The worst cases for the bound: invalid bytes (3 each) and rules. */
static void test_bound(void **state)
{
    (void)state;
    const char *worst[] = { "\xff\xff\xff", "<hr><hr><hr>", "&#128;&#128", "<li><li>",
                            "<a href=http:\xff\xff></a>", "<img alt=\xff\xff\xff>" };
    for (size_t i = 0; i < sizeof worst / sizeof worst[0]; i++) {
        size_t len = strlen(worst[i]), cap = eml_html_to_text_size_max(len), n;
        char *out = malloc(cap);
        assert_int_equal(eml_html_to_text(worst[i], len, out, cap, &n), EML_OK);
        assert_true(n <= cap);
        free(out);
    }
}

/* Linear work: inputs that would make a naive renderer rescan. */
static size_t steps_for(const char *unit, size_t times)
{
    size_t ul = strlen(unit), len = ul * times;
    char *in = malloc(len);
    for (size_t i = 0; i < times; i++)
        memcpy(in + i * ul, unit, ul);
    size_t cap = eml_html_to_text_size_max(len), n;
    char *out = malloc(cap);
    eml__html_stats st;
    assert_int_equal(eml__html_render(in, len, out, cap, &n, &st), EML_OK);
    free(in);
    free(out);
    return st.steps;
}

static void test_linear(void **state)
{
    (void)state;
    const char *units[] = { "<pre>\n<p>", "<script>", "<a href=http://x>x", "&amp;",
                            "</scrip", "<p><br>", "<!--", "<x a='" };
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        size_t small = steps_for(units[i], 1000), big = steps_for(units[i], 10000);
        if (big > 12 * small)
            print_error("unit %zu: %zu steps for 1000, %zu for 10000\n", i, small, big);
        assert_true(big <= 12 * small);
        assert_true(big <= 40 * 10000 * strlen(units[i]));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vectors),
        cmocka_unit_test(test_small_buffer),
        cmocka_unit_test(test_bound),
        cmocka_unit_test(test_linear),
    };
    return cmocka_run_group_tests_name("html", tests, NULL, NULL);
}
