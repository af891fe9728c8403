/* RFC 2047 encoded words in unstructured text: the examples of section 8,
 * joining across words, RFC 2231 language suffixes, leniency and
 * malformed words. */
#include "semantic_test.h"
#include "text/rfc2047.h"

typedef struct ew_case {
    const char *in;
    const char *out;
    int defect; /* 0: none */
} ew_case;

#define FFFD "\xef\xbf\xbd"

static const ew_case cases[] = {
    /* RFC 2047 section 8 */
    {"=?US-ASCII?Q?Keith_Moore?=", "Keith Moore", 0},
    {"=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?=", "Keld J\xc3\xb8rn Simonsen", 0},
    {"=?ISO-8859-1?Q?Andr=E9?= Pirard", "Andr\xc3\xa9 Pirard", 0},
    {"=?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?=\r\n"
     "    =?ISO-8859-2?B?dSB1bmRlcnN0YW5kIHRoZSBleGFtcGxlLg==?=",
     "If you can read this you understand the example.", 0},
    {"=?ISO-8859-1?Q?Olle_J=E4rnefors?=", "Olle J\xc3\xa4rnefors", 0},
    {"=?ISO-8859-1?Q?Patrik_F=E4ltstr=F6m?=", "Patrik F\xc3\xa4ltstr\xc3\xb6m", 0},
    {"Nathaniel Borenstein <nsb@thumper.bellcore.com>\r\n    (=?iso-8859-8?b?7eXs+SDv4SDp7Oj08A==?=)",
     "Nathaniel Borenstein <nsb@thumper.bellcore.com>    (\xd7\x9d\xd7\x95\xd7\x9c\xd7\xa9 \xd7\x9f\xd7\x91 \xd7\x99\xd7\x9c\xd7\x98\xd7\xa4\xd7\xa0)",
     EML_DEFECT_ENCODED_WORD_GLUED},
    {"=?ISO-8859-1?Q?a?=", "a", 0},
    {"=?ISO-8859-1?Q?a?= b", "a b", 0},
    {"=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=", "ab", 0},
    {"=?ISO-8859-1?Q?a?=  =?ISO-8859-1?Q?b?=", "ab", 0},
    {"=?ISO-8859-1?Q?a?=\r\n    =?ISO-8859-1?Q?b?=", "ab", 0},
    {"=?ISO-8859-1?Q?a_b?=", "a b", 0},
    {"=?ISO-8859-1?Q?a?= =?ISO-8859-2?Q?_b?=", "a b", 0},
    /* the same inside parentheses, as in comments */
    {"(=?ISO-8859-1?Q?a?=)", "(a)", EML_DEFECT_ENCODED_WORD_GLUED},
    {"(=?ISO-8859-1?Q?a?= b)", "(a b)", EML_DEFECT_ENCODED_WORD_GLUED},
    /* case-insensitivity */
    {"=?utf-8?q?caf=C3=A9?=", "caf\xc3\xa9", 0},
    {"=?UTF-8?Q?caf=c3=a9?=", "caf\xc3\xa9", 0},
    {"=?Utf-8?b?Y2Fmw6k=?=", "caf\xc3\xa9", 0},
    {"=?utf-8?B?Y2Fmw6k=?=", "caf\xc3\xa9", 0},
    /* a character split across words, in Q and in B */
    {"=?utf-8?q?=E2=82?= =?utf-8?q?=AC?=", "\xe2\x82\xac", 0},
    {"=?utf-8?b?4oI=?= =?utf-8?b?rA==?=", "\xe2\x82\xac", 0},
    {"=?UTF-8?B?5pel5pys?=\r\n =?utf-8?b?6Kqe?=", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 0},
    {"=?shift_jis?b?k/o=?= =?shift_jis?b?lns=?=", "\xe6\x97\xa5\xe6\x9c\xac", 0},
    /* different charsets are not joined */
    {"=?utf-8?q?=C3?= =?iso-8859-1?q?=A9?=", FFFD "\xc2\xa9", EML_DEFECT_INVALID_CHARSET_BYTES},
    /* whitespace between a word and text is kept */
    {"=?utf-8?q?a?= b =?utf-8?q?c?=", "a b c", 0},
    {"x =?utf-8?q?a?=\t=?utf-8?q?b?= y", "x ab y", 0},
    /* RFC 2231 section 5 language suffix */
    {"=?utf-8*en?q?hello?=", "hello", 0},
    {"=?UTF-8*EN-US?Q?caf=C3=A9?=", "caf\xc3\xa9", 0},
    {"=?iso-8859-1*fr?b?Y2Fm6Q==?=", "caf\xc3\xa9", 0},
    /* various charsets */
    {"=?ISO-2022-JP?B?GyRCRnxLXDhsGyhC?=", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 0},
    {"=?koi8-r?b?8NLJ18XU?=", "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82", 0},
    {"=?windows-1251?Q?=CF=F0=E8=E2=E5=F2?=", "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82", 0},
    {"=?gb2312?B?1tDOxA==?=", "\xe4\xb8\xad\xe6\x96\x87", 0},
    {"=?big5?B?pKSk5Q==?=", "\xe4\xb8\xad\xe6\x96\x87", 0},
    {"=?euc-kr?B?x9GxueI=?=", "\xed\x95\x9c\xea\xb5\xad" FFFD, EML_DEFECT_INVALID_CHARSET_BYTES},
    {"=?ks_c_5601-1987?B?x9GxuQ==?=", "\xed\x95\x9c\xea\xb5\xad", 0},
    {"=?us-ascii?q?=93quoted=94?=", "\xe2\x80\x9cquoted\xe2\x80\x9d", 0},
    /* Q details */
    {"=?utf-8?q?a=3Db=5F?=", "a=b_", 0},
    {"=?utf-8?q?a=ZZb?=", "a=ZZb", 0},
    {"=?utf-8?q?a=?=", "a=", 0},
    {"=?utf-8?q?a?b?=", "a?b", 0},
    {"=?utf-8?q?" "?=", "", 0},
    {"=?utf-8?q?__?=", "  ", 0},
    /* B details: padding optional */
    {"=?utf-8?b?YQ?=", "a", 0},
    {"=?utf-8?b?YQ=?=", "a", 0},
    {"=?utf-8?b?YWJj?=", "abc", 0},
    {"=?utf-8?b?" "?=", "", 0},
    /* leniency */
    {"foo=?utf-8?q?bar?=", "foobar", EML_DEFECT_ENCODED_WORD_GLUED},
    {"=?utf-8?q?bar?=foo", "barfoo", EML_DEFECT_ENCODED_WORD_GLUED},
    {"=?utf-8?q?a?==?utf-8?q?b?=", "ab", EML_DEFECT_ENCODED_WORD_GLUED},
    {"=?utf-8?q?this_is_a_very_long_encoded_word_that_goes_past_seventy_five_chars?=",
     "this is a very long encoded word that goes past seventy five chars", EML_DEFECT_ENCODED_WORD_TOO_LONG},
    /* malformed words stay as text */
    {"=?utf-8?b?!!!?=", "=?utf-8?b?!!!?=", EML_DEFECT_ENCODED_WORD_MALFORMED},
    {"=?utf-8?b?YQ=x?=", "=?utf-8?b?YQ=x?=", EML_DEFECT_ENCODED_WORD_MALFORMED},
    {"=?utf-8?q?no end", "=?utf-8?q?no end", EML_DEFECT_ENCODED_WORD_MALFORMED},
    {"=?utf-8?x?hi?=", "=?utf-8?x?hi?=", EML_DEFECT_ENCODED_WORD_MALFORMED},
    {"=?x-bogus?q?hi?=", "=?x-bogus?q?hi?=", EML_DEFECT_UNKNOWN_CHARSET},
    {"=?x-bogus?q?hi?=", "=?x-bogus?q?hi?=", EML_DEFECT_ENCODED_WORD_MALFORMED},
    {"=??q?hi?=", "=??q?hi?=", EML_DEFECT_ENCODED_WORD_MALFORMED},
    {"=?utf-8?q?a b?=", "=?utf-8?q?a b?=", EML_DEFECT_ENCODED_WORD_MALFORMED},
    {"=?utf-8?q?a?= =?bogus?q?b?=", "a =?bogus?q?b?=", EML_DEFECT_ENCODED_WORD_MALFORMED},
    {"=?utf-8?q?a?= =?utf-8?b?*?= =?utf-8?q?c?=", "a =?utf-8?b?*?= c", EML_DEFECT_ENCODED_WORD_MALFORMED},
    {"=?", "=?", EML_DEFECT_ENCODED_WORD_MALFORMED},
    {"?=", "?=", 0},
    {"a = b", "a = b", 0},
    /* plain text: unfolding, trimming, 8-bit */
    {"", "", 0},
    {"   ", "", 0},
    {"  Hello World  ", "Hello World", 0},
    {"Hello\r\n World", "Hello World", 0},
    {"Hello\n\tWorld", "Hello\tWorld", 0},
    {"caf\xc3\xa9 au lait", "caf\xc3\xa9 au lait", 0},
    {"caf\xe9 au lait", "caf\xc3\xa9 au lait", EML_DEFECT_UNDECLARED_8BIT},
    {"caf\xe9 =?utf-8?q?=C3=A9?=", "caf\xc3\xa9 \xc3\xa9", EML_DEFECT_UNDECLARED_8BIT},
};

static void test_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sem_fixture f;
        sem_init(&f);
        eml__tbuf b;
        eml__tbuf_init(&b, &f.arena);
        eml__rfc2047_decode(&f.ctx, cases[i].in, strlen(cases[i].in), &b);
        eml_slice out;
        assert_int_equal(eml__tbuf_finish(&b, &out), EML_OK);
        sem_check_string(out, cases[i].out, i);
        sem_check_defect(&f, cases[i].defect, i);
        eml__arena_release(&f.arena);
    }
}

/* Defects point at the word in the input. */
static void test_offsets(void **state)
{
    (void)state;
    sem_fixture f;
    sem_init(&f);
    f.ctx.base = 1000;
    eml__tbuf b;
    eml__tbuf_init(&b, &f.arena);
    const char *in = "ok x=?utf-8?q?a?= =?bogus?q?b?=";
    assert_int_equal(eml__rfc2047_decode(&f.ctx, in, strlen(in), &b), 1);
    assert_int_equal(f.defects.count, 3);
    assert_int_equal(f.defects.items[0].code, EML_DEFECT_ENCODED_WORD_GLUED);
    assert_int_equal(f.defects.items[0].offset, 1004);
    assert_int_equal(f.defects.items[1].code, EML_DEFECT_UNKNOWN_CHARSET);
    assert_int_equal(f.defects.items[1].offset, 1018);
    assert_int_equal(f.defects.items[2].code, EML_DEFECT_ENCODED_WORD_MALFORMED);
    eml__arena_release(&f.arena);
}

/* Many words in one charset become one conversion of the joined bytes;
 * unterminated candidates do not make the scan quadratic (this finishes
 * quickly only if the decoder is linear). */
static void test_many_words(void **state)
{
    (void)state;
    const size_t n = 200000;
    const char *w = "=?utf-8?q?=E2=82?= =?utf-8?q?=AC?= ";
    size_t wl = strlen(w);
    char *in = malloc(n * wl);
    assert_non_null(in);
    for (size_t i = 0; i < n; i++)
        memcpy(in + i * wl, w, wl);
    sem_fixture f;
    sem_init(&f);
    eml__tbuf b;
    eml__tbuf_init(&b, &f.arena);
    assert_int_equal(eml__rfc2047_decode(&f.ctx, in, n * wl, &b), 2 * n);
    assert_int_equal(b.len, 3 * n);
    for (size_t i = 0; i < n; i++)
        assert_memory_equal(b.ptr + 3 * i, "\xe2\x82\xac", 3);
    assert_int_equal(f.defects.count, 0);
    sem_reset(&f);
    /* "=?a?q?x" repeated without any "?=": every candidate fails */
    for (size_t i = 0; i + 7 <= n * wl; i += 7)
        memcpy(in + i, "=?a?q?x", 7);
    eml__tbuf_init(&b, &f.arena);
    size_t len = (n * wl) / 7 * 7;
    assert_int_equal(eml__rfc2047_decode(&f.ctx, in, len, &b), 0);
    assert_int_equal(b.len, len);
    eml__arena_release(&f.arena);
    free(in);
}

static void test_b_and_q(void **state)
{
    (void)state;
    sem_fixture f;
    sem_init(&f);
    eml__tbuf b;
    eml__tbuf_init(&b, &f.arena);
    assert_true(eml__rfc2047_b("SGVsbG8=", 8, &b));
    assert_int_equal(b.len, 5);
    assert_memory_equal(b.ptr, "Hello", 5);
    assert_false(eml__rfc2047_b("SGV sbG8=", 9, &b));
    b.len = 0;
    assert_true(eml__rfc2047_q("a_b=20c", 7, &b));
    assert_int_equal(b.len, 5);
    assert_memory_equal(b.ptr, "a b c", 5);
    eml__arena_release(&f.arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_offsets),
        cmocka_unit_test(test_many_words),
        cmocka_unit_test(test_b_and_q),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
