/*
 * Every vector implementation against the scalar one, output and defects
 * and offsets, on inputs built to reach every branch of the block code:
 * all lengths 0..300, every line length 1..100 with LF and CRLF, a special
 * byte at every position, and random mixes of the bytes that matter. Each
 * input ends right before a PROT_NONE page, so an over-read crashes.
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

static uint64_t rng = 0x2545F4914F6CDD1Du;
static unsigned rnd(void)
{
    return codec_rand(&rng);
}

static void same_everywhere(int codec, const char *src, size_t len, const char *what)
{
    for (size_t k = 0; k < nimpl; k++)
        if (impls[k] != EML_IMPL_SCALAR)
            codec_assert_same(codec, impls[k], src, len, what);
}

static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Random base64 characters, a line break after every line_len (0: none). */
static size_t make_base64(char *out, size_t nchars, size_t line_len, const char *eol)
{
    size_t o = 0;
    for (size_t i = 0; i < nchars; i++) {
        out[o++] = alphabet[rnd() % 64];
        if (line_len && (i + 1) % line_len == 0)
            for (const char *e = eol; *e; e++)
                out[o++] = *e;
    }
    return o;
}

/* Text with spaces and escapes, a soft or hard break after every
 * line_len characters. */
static size_t make_qp(char *out, size_t nchars, size_t line_len, const char *eol, int dense)
{
    static const char hex[] = "0123456789ABCDEFabcdef";
    size_t o = 0, col = 0;
    for (size_t i = 0; i < nchars; i++) {
        unsigned r = rnd() % 100;
        if (r < (dense ? 30u : 3u)) {
            out[o++] = '=';
            out[o++] = hex[rnd() % 22];
            out[o++] = hex[rnd() % 22];
            col += 3;
        } else if (r < 45) {
            out[o++] = ' ';
            col++;
        } else {
            out[o++] = (char)('a' + rnd() % 26);
            col++;
        }
        if (line_len && col >= line_len) {
            if (rnd() % 2)
                out[o++] = '=';
            for (const char *e = eol; *e; e++)
                out[o++] = *e;
            col = 0;
        }
    }
    return o;
}

static void test_all_lengths(void **state)
{
    (void)state;
    char buf[700], what[64];
    for (size_t n = 0; n <= 300; n++) {
        snprintf(what, sizeof what, "length %zu", n);
        size_t len = make_base64(buf, n, 0, "");
        same_everywhere(CODEC_BASE64, buf, len, what);
        /* The same with padding where it belongs, and then more data. */
        if (n % 4 >= 2) {
            memcpy(buf + len, "==QUJD", 6);
            size_t pad = 4 - n % 4;
            same_everywhere(CODEC_BASE64, buf, len + pad, what);
            same_everywhere(CODEC_BASE64, buf, len + pad + 4, what);
        }
        len = make_qp(buf, n, 0, "", 0);
        same_everywhere(CODEC_QP, buf, len, what);
        len = make_qp(buf, n, 0, "", 1);
        same_everywhere(CODEC_QP, buf, len, what);
    }
}

static void test_line_lengths(void **state)
{
    (void)state;
    static char buf[4000];
    char what[64];
    static const char *const eols[] = { "\n", "\r\n" };
    for (size_t e = 0; e < 2; e++) {
        for (size_t line = 1; line <= 100; line++) {
            snprintf(what, sizeof what, "line length %zu, %s", line, e ? "CRLF" : "LF");
            size_t nchars = 600 + rnd() % 200;
            size_t len = make_base64(buf, nchars, line, eols[e]);
            same_everywhere(CODEC_BASE64, buf, len, what);
            len = make_qp(buf, nchars, line, eols[e], 0);
            same_everywhere(CODEC_QP, buf, len, what);
            len = make_qp(buf, nchars, line, eols[e], 1);
            same_everywhere(CODEC_QP, buf, len, what);
            /* QP lines past 76 characters, with and without whitespace
             * before the break. */
            len = make_qp(buf, nchars, line + 76, eols[e], 0);
            same_everywhere(CODEC_QP, buf, len, what);
        }
    }
}

/* Bytes that change the decoders' path; the last entries are long runs. */
static const char *const specials[] = {
    "=", "!", "\x80", "\xff", " ", "\t", "\r", "\n", "\0", "-", "==", "= \n", "=\r\n",
    "=\n", "  \r\n", " \n", "=4", "=G1", "\x7f", "\x01", "\r\r\n", "=\r",
};

static void test_special_at_every_position(void **state)
{
    (void)state;
    char base[400], buf[420], what[96];
    for (int codec = CODEC_BASE64; codec <= CODEC_QP; codec++) {
        size_t blen = codec == CODEC_BASE64 ? make_base64(base, 280, 76, "\r\n")
                                            : make_qp(base, 250, 70, "\r\n", 0);
        if (blen > 300)
            blen = 300;
        for (size_t s = 0; s < sizeof specials / sizeof specials[0]; s++) {
            size_t sl = strlen(specials[s]) ? strlen(specials[s]) : 1;
            for (size_t pos = 0; pos + sl <= blen; pos++) {
                memcpy(buf, base, blen);
                memcpy(buf + pos, specials[s], sl); /* overwrite */
                snprintf(what, sizeof what, "special %zu at %zu", s, pos);
                same_everywhere(codec, buf, blen, what);
            }
        }
    }
}

static void test_random_mixes(void **state)
{
    (void)state;
    static const char b64_pool[] = "AAAAAAAAQUJDRA+/09azZ==\r\n \t!\x80";
    static const char qp_pool[] = "aaaaaaaaaaaaaaabcXYZ=====3D3daF9  \t\r\n\n\x80\x01g";
    static char buf[3000];
    char what[64];
    for (int iter = 0; iter < 3000; iter++) {
        int codec = iter & 1;
        const char *pool = codec == CODEC_BASE64 ? b64_pool : qp_pool;
        size_t pool_len = codec == CODEC_BASE64 ? sizeof b64_pool - 1 : sizeof qp_pool - 1;
        size_t len = rnd() % (iter < 2000 ? 200 : sizeof buf);
        /* Mostly clean data with rare specials, or dense specials. */
        unsigned clean = iter % 3 == 0 ? 0 : 90 + rnd() % 10;
        for (size_t i = 0; i < len; i++)
            buf[i] = rnd() % 100 < clean ? (codec == CODEC_BASE64 ? alphabet[rnd() % 64] : 'a')
                                         : pool[rnd() % pool_len];
        snprintf(what, sizeof what, "random %d", iter);
        same_everywhere(codec, buf, len, what);
    }
}

/* ---- scanners ------------------------------------------------------------ */

static void test_utf8_every_position(void **state)
{
    (void)state;
    static const char *const bad[] = { "\x80", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80",
                                       "\xf4\x90\x80\x80", "\xf8", "\xc3", "\xe2\x82" };
    char text[300], buf[300];
    const char *seed = "Gr\xc3\xbc\xc3\x9f" "e \xe2\x82\xac \xf0\x9f\x98\x80 ";
    size_t sl = strlen(seed);
    for (size_t i = 0; i < sizeof text; i++)
        text[i] = i % 5 == 0 ? 'a' : seed[i % sl];
    /* Valid prefixes of every length (cut at sequence boundaries too). */
    for (size_t n = 0; n <= sizeof text; n++) {
        for (size_t k = 0; k < nimpl; k++) {
            char *g = guard_copy(text, n);
            assert_int_equal(eml__utf8_valid(impls[k], g, n),
                             eml__utf8_valid(EML_IMPL_SCALAR, g, n));
            guard_free(g);
        }
    }
    for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++) {
        size_t bl = strlen(bad[b]);
        for (size_t pos = 0; pos + bl <= 200; pos++) {
            memset(buf, 'x', 200);
            memcpy(buf + pos, bad[b], bl);
            for (size_t k = 0; k < nimpl; k++) {
                char *g = guard_copy(buf, 200);
                if (eml__utf8_valid(impls[k], g, 200) != 0) {
                    print_error("%s accepts bad sequence %zu at %zu\n",
                                eml_impl_name(impls[k]), b, pos);
                    fail();
                }
                guard_free(g);
            }
        }
    }
}

static void test_dashdash_everywhere(void **state)
{
    (void)state;
    char buf[400];
    for (int iter = 0; iter < 2000; iter++) {
        size_t len = 2 + rnd() % (sizeof buf - 2);
        for (size_t i = 0; i < len; i++) {
            unsigned r = rnd() % 100;
            buf[i] = r < 3 ? '\n' : r < 6 ? '-' : 'a';
        }
        if (iter % 2) { /* one planted candidate */
            size_t at = 1 + rnd() % (len - 1);
            buf[at - 1] = '\n';
            buf[at] = '-';
            if (at + 1 < len)
                buf[at + 1] = '-';
        }
        char *g = guard_copy(buf, len);
        size_t from = 1 + rnd() % (len - 1);
        const char *want = eml__find_dashdash_line(EML_IMPL_SCALAR, g + from, g + len);
        for (size_t k = 0; k < nimpl; k++)
            assert_ptr_equal(eml__find_dashdash_line(impls[k], g + from, g + len), want);
        guard_free(g);
    }
}

/* An independent check of the scalar scanners on fixed inputs. */
static void test_scanners_fixed(void **state)
{
    (void)state;
    static const struct { const char *s; int valid; } u[] = {
        { "", 1 }, { "ascii", 1 }, { "\xc3\xa9", 1 }, { "\xe2\x82\xac", 1 },
        { "\xf0\x9f\x98\x80", 1 }, { "\xf4\x8f\xbf\xbf", 1 }, { "\xc0\x80", 0 },
        { "\xc1\xbf", 0 }, { "\xe0\x9f\xbf", 0 }, { "\xed\xa0\x80", 0 }, { "\xf0\x8f\xbf\xbf", 0 },
        { "\xf4\x90\x80\x80", 0 }, { "\xf5\x80\x80\x80", 0 }, { "\x80", 0 }, { "\xc3", 0 },
        { "\xe2\x82", 0 }, { "a\xc3(", 0 },
    };
    for (size_t k = 0; k < nimpl; k++)
        for (size_t i = 0; i < sizeof u / sizeof u[0]; i++)
            assert_int_equal(eml__utf8_valid(impls[k], u[i].s, strlen(u[i].s)), u[i].valid);
    static const struct { const char *s; size_t from; long at; } d[] = {
        { "a\n--b", 1, 2 }, { "a\n-", 1, -1 }, { "a\n--", 1, 2 }, { "\n--", 1, 1 },
        { "--\n-x\n--", 1, 6 }, { "x\n--", 3, -1 }, { "x\n--", 2, 2 }, { "ab", 1, -1 },
    };
    for (size_t k = 0; k < nimpl; k++) {
        for (size_t i = 0; i < sizeof d / sizeof d[0]; i++) {
            const char *s = d[i].s, *end = s + strlen(s);
            const char *r = eml__find_dashdash_line(impls[k], s + d[i].from, end);
            assert_int_equal(r == end ? -1 : (long)(r - s), d[i].at);
        }
    }
}

int main(void)
{
    nimpl = codec_impls(impls);
    printf("implementations:");
    for (size_t k = 0; k < nimpl; k++)
        printf(" %s", eml_impl_name(impls[k]));
    printf("\n");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_lengths),
        cmocka_unit_test(test_line_lengths),
        cmocka_unit_test(test_special_at_every_position),
        cmocka_unit_test(test_random_mixes),
        cmocka_unit_test(test_utf8_every_position),
        cmocka_unit_test(test_dashdash_everywhere),
        cmocka_unit_test(test_scanners_fixed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
