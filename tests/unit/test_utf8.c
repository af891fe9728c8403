/*
 * UTF-8 validation (RFC 3629 section 4): every implementation against the
 * scalar one, and the scalar one against a decoder written here from the
 * RFC's definition (code points, not byte ranges), on every lead byte with
 * continuation and non-continuation followers, the boundary code points,
 * overlongs and surrogates at every offset 0..130 of ASCII and of UTF-8
 * text, sequences cut at the end of the input, and random mutations of
 * valid text. Every input ends right before a PROT_NONE page, so reading
 * past the end crashes. tests/unit/test_scan.c draws its sequences from
 * edge bytes; this file adds every lead byte, every pair of bytes and
 * inputs of every length ending inside a sequence.
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

/* One guard mapping reused by every check: inputs are written so that
 * they end where the PROT_NONE page starts. */
#define REGION 1024
static unsigned char *region;
static size_t checks;

/* RFC 3629 from its definition: decode each code point, then reject
 * overlong forms, U+D800..DFFF and anything above U+10FFFF. */
static int reference_valid(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i], need, cp, min;
        if (c < 0x80) {
            i++;
            continue;
        }
        if ((c & 0xE0) == 0xC0) {
            need = 1, cp = c & 0x1F, min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            need = 2, cp = c & 0x0F, min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            need = 3, cp = c & 0x07, min = 0x10000;
        } else {
            return 0;
        }
        if (n - i - 1 < need)
            return 0;
        for (unsigned k = 1; k <= need; k++) {
            unsigned b = s[i + k];
            if ((b & 0xC0) != 0x80)
                return 0;
            cp = cp << 6 | (b & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += need + 1;
    }
    return 1;
}

static void hex(const unsigned char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 4 < cap; i++)
        o += (size_t)snprintf(out + o, cap - o, "%02x ", s[i]);
    out[o] = '\0';
}

/* Checks s[0..n) on every implementation; what names it on failure. */
static void check(const unsigned char *s, size_t n, const char *what)
{
    assert_true(n <= REGION);
    unsigned char *g = region + REGION - n;
    memmove(g, s, n);
    int want = reference_valid(g, n);
    int scalar = eml__utf8_valid(EML_IMPL_SCALAR, (const char *)g, n);
    for (size_t k = 0; k < nimpl; k++) {
        int got = k == 0 ? scalar : eml__utf8_valid(impls[k], (const char *)g, n);
        if (got != want || got != scalar) {
            char h[3 * 40 + 1];
            hex(g + (n > 40 ? n - 40 : 0), n > 40 ? 40 : n, h, sizeof h);
            print_error("%s: %s says %d, scalar %d, reference %d (length %zu, last bytes %s)\n",
                        what, eml_impl_name(impls[k]), got, scalar, want, n, h);
            fail();
        }
    }
    checks++;
}

/* Background text: ASCII, or whole UTF-8 characters of 1..4 bytes (ASCII
 * where the next character would not fit), so it is valid at any length. */
static size_t background(unsigned char *out, size_t n, int utf8)
{
    static const char *const chars[] = { "a", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80",
                                         "\xd0\xb6", "\xe6\x97\xa5", " " };
    size_t o = 0, i = 0;
    while (o < n) {
        const char *c = utf8 ? chars[i++ % 7] : "x";
        size_t cl = strlen(c);
        if (o + cl > n)
            c = "z", cl = 1;
        memcpy(out + o, c, cl);
        o += cl;
    }
    return o;
}

/* The sequence patterns of part (a). */
#define MAX_PATTERNS 8192
typedef struct pattern {
    unsigned char b[4];
    unsigned char len;
} pattern;
static pattern patterns[MAX_PATTERNS];
static size_t npatterns;

static void add(const char *s, size_t len)
{
    assert_true(npatterns < MAX_PATTERNS && len <= 4);
    memcpy(patterns[npatterns].b, s, len);
    patterns[npatterns++].len = (unsigned char)len;
}

static void build_patterns(void)
{
    /* Every byte that is not ASCII as the first byte, followed by second
     * bytes at the edges of the continuation ranges RFC 3629 allows after
     * each lead (80, 8F|90, 9F|A0, BF) and by non-continuations, then by
     * nothing, one or two continuations, or a continuation and ASCII. */
    static const unsigned char second[] = { 0x41, 0x7F, 0x80, 0x8F, 0x90,
                                            0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xF5 };
    static const char *const rest[] = { "", "\x80", "\x80\x80", "\xbf\x41", "\xbf\xbf" };
    for (unsigned lead = 0x80; lead <= 0xFF; lead++) {
        char b[4] = { (char)lead };
        add(b, 1);
        for (size_t i = 0; i < sizeof second; i++) {
            b[1] = (char)second[i];
            for (size_t r = 0; r < sizeof rest / sizeof rest[0]; r++) {
                memcpy(b + 2, rest[r], strlen(rest[r]));
                add(b, 2 + strlen(rest[r]));
            }
        }
    }
    /* Boundary code points and their neighbours outside the ranges:
     * U+007F/0080, 07FF/0800, D7FF/D800, DFFF/E000, FFFF/10000, 10FFFF/
     * 110000 (as F4 90 80 80), and overlong forms of 0, 7F, 7FF, FFFF. */
    static const char *const fixed[] = {
        "\x7f", "\xc2\x80", "\xdf\xbf", "\xe0\xa0\x80", "\xed\x9f\xbf", "\xed\xa0\x80",
        "\xed\xbf\xbf", "\xee\x80\x80", "\xef\xbf\xbf", "\xf0\x90\x80\x80", "\xf4\x8f\xbf\xbf",
        "\xf4\x90\x80\x80", "\xc0\x80", "\xc1\xbf", "\xe0\x80\x80", "\xe0\x9f\xbf",
        "\xf0\x80\x80\x80", "\xf0\x8f\xbf\xbf", "\xf5\x80\x80\x80", "\xf7\xbf\xbf\xbf",
        "\xed\xa0\x80\xed", "\xf8\x88\x80\x80", "\xef\xbb\xbf", "\xe1\x80\x80\x80",
    };
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        add(fixed[i], strlen(fixed[i]));
}

/* Part (a): each pattern at every offset 0..130 of a 200-byte input (the
 * pattern always inside the vector loops' reach, across their block
 * edges at 32, 64 and 128), in ASCII and in UTF-8 text. */
static void test_patterns_everywhere(void **state)
{
    (void)state;
    unsigned char buf[200];
    char what[64];
    for (int utf8 = 0; utf8 < 2; utf8++) {
        for (size_t i = 0; i < npatterns; i++) {
            for (size_t off = 0; off <= 130; off++) {
                background(buf, off, utf8);
                memcpy(buf + off, patterns[i].b, patterns[i].len);
                size_t tail = sizeof buf - off - patterns[i].len;
                background(buf + off + patterns[i].len, tail, utf8);
                snprintf(what, sizeof what, "pattern %zu at %zu in %s", i, off,
                         utf8 ? "UTF-8" : "ASCII");
                check(buf, sizeof buf, what);
            }
        }
    }
}

/* Part (b): sequences cut (and whole) at the end of inputs of every
 * length 0..200, so the end falls in every place of the vector loops and
 * of their scalar tails. */
static void test_cut_at_end(void **state)
{
    (void)state;
    static const char *const seqs[] = { "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80",
                                        "\xf4\x8f\xbf\xbf", "\xed\x9f\xbf", "\xe0\xa0\x80",
                                        "\xf0\x90\x80\x80", "\xed\xa0\x80", "\xf4\x90\x80" };
    unsigned char buf[208];
    char what[64];
    for (int utf8 = 0; utf8 < 2; utf8++) {
        for (size_t n = 0; n <= 200; n++) {
            for (size_t s = 0; s < sizeof seqs / sizeof seqs[0]; s++) {
                size_t sl = strlen(seqs[s]);
                for (size_t cut = 1; cut <= sl && cut <= n; cut++) {
                    background(buf, n - cut, utf8);
                    memcpy(buf + n - cut, seqs[s], cut);
                    snprintf(what, sizeof what, "%zu bytes of sequence %zu ending %zu", cut, s,
                             n);
                    check(buf, n, what);
                }
            }
            background(buf, n, utf8);
            check(buf, n, "background");
        }
    }
}

/* Part (c): valid text of random length with a few bytes overwritten,
 * inserted or cut off. */
static void test_random_mutations(void **state)
{
    (void)state;
    static const unsigned char interesting[] = { 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0,
                                                 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0x8F,
                                                 0x90, 0x9F, 0xA0, 0x00, 0x7F, 'a' };
    uint64_t rng = 0x9E3779B97F4A7C15u;
    unsigned char buf[REGION];
    char what[64];
    for (int iter = 0; iter < 5000; iter++) {
        size_t n = codec_rand(&rng) % (iter < 3000 ? 300 : REGION - 8);
        /* A random phase of the background moves its multi-byte
         * characters around; one text in four is ASCII after it. */
        size_t skip = codec_rand(&rng) % 7;
        if (skip > n)
            skip = n;
        background(buf, skip, 1);
        background(buf + skip, n - skip, codec_rand(&rng) % 4 != 0);
        unsigned mutations = iter % 10 == 0 ? 0 : 1 + codec_rand(&rng) % 3;
        for (unsigned m = 0; m < mutations && n > 0; m++) {
            size_t at = codec_rand(&rng) % n;
            unsigned kind = codec_rand(&rng) % 4;
            if (kind == 0) {
                buf[at] = (unsigned char)codec_rand(&rng);
            } else if (kind == 1) {
                buf[at] = interesting[codec_rand(&rng) % sizeof interesting];
            } else if (kind == 2 && n < REGION - 8) {
                memmove(buf + at + 1, buf + at, n - at);
                buf[at] = interesting[codec_rand(&rng) % sizeof interesting];
                n++;
            } else {
                n = at; /* cut: may end inside a character */
            }
        }
        snprintf(what, sizeof what, "mutation %d", iter);
        check(buf, n, what);
    }
}

/* The tables themselves, from the other side: every 2-byte value after
 * ASCII and after a continuation run, so each (previous, current) pair of
 * bytes is seen once by the vector lookups. */
static void test_every_byte_pair(void **state)
{
    (void)state;
    unsigned char buf[100];
    for (unsigned a = 0; a < 256; a++) {
        for (unsigned b = 0; b < 256; b++) {
            memset(buf, 'x', sizeof buf);
            buf[40] = (unsigned char)a;
            buf[41] = (unsigned char)b;
            buf[42] = 0x80; /* a third and fourth byte where one may be due */
            buf[43] = 0x80;
            check(buf, sizeof buf, "byte pair");
            buf[42] = 'x';
            check(buf, sizeof buf, "byte pair, ASCII after");
        }
    }
}

static int setup(void **state)
{
    (void)state;
    static const unsigned char zero[REGION];
    region = guard_copy(zero, REGION);
    build_patterns();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    guard_free(region);
    printf("%zu inputs checked on %zu implementations\n", checks, nimpl);
    return 0;
}

int main(void)
{
    nimpl = codec_impls(impls);
    printf("implementations:");
    for (size_t k = 0; k < nimpl; k++)
        printf(" %s", eml_impl_name(impls[k]));
    printf("\n");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_patterns_everywhere),
        cmocka_unit_test(test_cut_at_end),
        cmocka_unit_test(test_random_mutations),
        cmocka_unit_test(test_every_byte_pair),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
