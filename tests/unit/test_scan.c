/*
 * UTF-8 validation on every implementation against the scalar one and
 * against an independent reading of RFC 3629 section 4: every sequence of
 * one to four bytes drawn from the bytes at the edges of the rules, at
 * every offset 0..130 of a buffer (so across every vector boundary), cut
 * short by the end of the input, and random mutations of valid text.
 * Every input ends right before a PROT_NONE page, so an over-read crashes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec/arch/arch.h"
#include "codec_util.h"
#include "guard.h"

static int impls[8];
static size_t nimpl;

static uint64_t rng = 0x9E3779B97F4A7C15u;
static unsigned rnd(void)
{
    return codec_rand(&rng);
}

/* RFC 3629 section 4 read independently of lib/: decode each sequence to
 * its code point, then reject overlong forms, surrogates and anything
 * above U+10FFFF. */
static int reference_valid(const unsigned char *p, size_t len)
{
    static const uint32_t min_for_length[5] = {0, 0, 0x80, 0x800, 0x10000};
    size_t i = 0;
    while (i < len) {
        unsigned c = p[i];
        size_t n = c < 0x80 ? 1 : c >= 0xF8 ? 0 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
        if (n == 0 || len - i < n)
            return 0;
        uint32_t cp = n == 1 ? c : c & (0x7Fu >> n);
        for (size_t k = 1; k < n; k++) {
            if ((p[i + k] & 0xC0) != 0x80)
                return 0;
            cp = cp << 6 | (p[i + k] & 0x3Fu);
        }
        if (cp < min_for_length[n] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
            return 0;
        i += n;
    }
    return 1;
}

/* The guard buffer inputs are written into, each ending at the guard. */
enum { GUARD_CAP = 1024 };
static unsigned char *guard_buf;

static const char *place(const unsigned char *data, size_t len)
{
    unsigned char *at = guard_buf + GUARD_CAP - len;
    memmove(at, data, len);
    return (const char *)at;
}

/* Checks data on every implementation; returns the common result. */
static int check_all(const unsigned char *data, size_t len, const char *what, size_t off)
{
    const char *s = place(data, len);
    int want = reference_valid(data, len);
    for (size_t k = 0; k < nimpl; k++) {
        int got = eml__utf8_valid(impls[k], s, len);
        if (got != want) {
            char hex[3 * 8 + 1] = "";
            for (size_t i = off; i < len && i < off + 8; i++)
                snprintf(hex + 3 * (i - off), 4, "%02X ", data[i]);
            print_error("%s: %s says %d, RFC 3629 says %d for length %zu, bytes at %zu: %s\n",
                        what, eml_impl_name(impls[k]), got, want, len, off, hex);
            fail();
        }
    }
    return want;
}

/* Bytes on either side of every boundary in RFC 3629's table. */
static const unsigned char edge[] = {
    0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
    0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF,
};
enum { NEDGE = sizeof edge };

static void check_sequence_at_offsets(const unsigned char *seq, size_t n, size_t step)
{
    unsigned char buf[130 + 16 + 1 + 6]; /* offset, sequence, ASCII after */
    assert_true(n <= 16);
    for (size_t off = 0; off <= 130; off += step) {
        /* The sequence ends the input, then it is followed by ASCII. */
        memset(buf, 'a', sizeof buf);
        memcpy(buf + off, seq, n);
        check_all(buf, off + n, "at the end", off);
        check_all(buf, off + n + 1 + off % 7, "inside", off);
    }
}

static void test_fixed(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        int valid;
    } cases[] = {
        {"", 1},
        {"plain ASCII", 1},
        {"\xC2\x80", 1},             /* U+0080 */
        {"\xDF\xBF", 1},             /* U+07FF */
        {"\xE0\xA0\x80", 1},         /* U+0800 */
        {"\xED\x9F\xBF", 1},         /* U+D7FF */
        {"\xEE\x80\x80", 1},         /* U+E000 */
        {"\xEF\xBF\xBF", 1},         /* U+FFFF */
        {"\xF0\x90\x80\x80", 1},     /* U+10000 */
        {"\xF4\x8F\xBF\xBF", 1},     /* U+10FFFF */
        {"\xC0\x80", 0},             /* overlong NUL */
        {"\xC1\xBF", 0},             /* overlong */
        {"\xE0\x9F\xBF", 0},         /* overlong U+07FF */
        {"\xF0\x8F\xBF\xBF", 0},     /* overlong U+FFFF */
        {"\xED\xA0\x80", 0},         /* U+D800 */
        {"\xED\xBF\xBF", 0},         /* U+DFFF */
        {"\xF4\x90\x80\x80", 0},     /* U+110000 */
        {"\xF5\x80\x80\x80", 0},
        {"\xFF", 0},
        {"\x80", 0},                 /* lone continuation */
        {"\xC3", 0},                 /* cut short */
        {"\xE2\x82", 0},
        {"\xF0\x9F\x98", 0},
        {"\xE2\x82\xAC\x80", 0},     /* one continuation too many */
        {"\xF0\x9F\x98\x80\xBF", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len = strlen(cases[i].in);
        const char *s = place((const unsigned char *)cases[i].in, len);
        for (size_t k = 0; k < nimpl; k++)
            if (eml__utf8_valid(impls[k], s, len) != cases[i].valid) {
                print_error("case %zu on %s\n", i, eml_impl_name(impls[k]));
                fail();
            }
        check_sequence_at_offsets((const unsigned char *)cases[i].in, len, 1);
    }
}

static void test_sequences_1_to_3(void **state)
{
    (void)state;
    unsigned char seq[3];
    size_t valid = 0;
    for (size_t a = 0; a < NEDGE; a++) {
        seq[0] = edge[a];
        check_sequence_at_offsets(seq, 1, 1);
        for (size_t b = 0; b < NEDGE; b++) {
            seq[1] = edge[b];
            check_sequence_at_offsets(seq, 2, 1);
            for (size_t c = 0; c < NEDGE; c++) {
                seq[2] = edge[c];
                check_sequence_at_offsets(seq, 3, 3 + c % 3);
                valid += (size_t)reference_valid(seq, 3);
            }
        }
    }
    /* The byte set reaches both answers many times over. */
    assert_true(valid > 100 && valid < (size_t)NEDGE * NEDGE * NEDGE / 2);
}

static void test_sequences_4(void **state)
{
    (void)state;
    unsigned char seq[4];
    for (size_t a = 0; a < NEDGE; a++)
        for (size_t b = 0; b < NEDGE; b++)
            for (size_t c = 0; c < NEDGE; c++)
                for (size_t d = 0; d < NEDGE; d++) {
                    seq[0] = edge[a], seq[1] = edge[b], seq[2] = edge[c], seq[3] = edge[d];
                    /* Every offset for leads, a stride of 13 for the rest
                     * (still landing on every position mod 32 and 64). */
                    check_sequence_at_offsets(seq, 4, edge[a] >= 0xE0 ? 2 : 17);
                }
}

/* Valid text of mixed lengths, then one byte replaced, dropped or
 * inserted; lengths up to 600 cross many blocks. */
static void test_random_mutations(void **state)
{
    (void)state;
    static const char *const pieces[] = {"a", " ", "\n", "\xC3\xA9", "\xDF\xBF", "\xE2\x82\xAC",
                                         "\xED\x9F\xBF", "\xEF\xBF\xBD", "\xF0\x9F\x98\x80",
                                         "\xF4\x8F\xBF\xBF"};
    unsigned char buf[GUARD_CAP];
    size_t results[2] = {0, 0};
    for (int iter = 0; iter < 20000; iter++) {
        size_t target = rnd() % 600, len = 0;
        while (len < target) {
            const char *p = pieces[rnd() % (sizeof pieces / sizeof pieces[0])];
            size_t pl = strlen(p);
            memcpy(buf + len, p, pl);
            len += pl;
        }
        switch (rnd() % 4) {
        case 0:
            break; /* unchanged */
        case 1:
            if (len)
                buf[rnd() % len] = (unsigned char)rnd();
            break;
        case 2:
            if (len) {
                size_t at = rnd() % len;
                memmove(buf + at, buf + at + 1, len - at - 1);
                len--;
            }
            break;
        default: {
            size_t at = len ? rnd() % len : 0;
            memmove(buf + at + 1, buf + at, len - at);
            buf[at] = (unsigned char)(0x80 + rnd() % 0x80);
            len++;
        }
        }
        results[check_all(buf, len, "mutation", 0)]++;
    }
    assert_true(results[0] > 1000 && results[1] > 1000);
}

int main(void)
{
    nimpl = codec_impls(impls);
    unsigned char zero[GUARD_CAP] = {0};
    guard_buf = guard_copy(zero, GUARD_CAP);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixed),
        cmocka_unit_test(test_sequences_1_to_3),
        cmocka_unit_test(test_sequences_4),
        cmocka_unit_test(test_random_mutations),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    guard_free(guard_buf);
    return failed;
}
