/*
 * The line loops of the vector base64 kernels: base64 broken into lines
 * whose length changes from line to line (a multiple of four or not),
 * with CRLF and LF mixed, then damaged at one random place. Every
 * implementation must decode it as the scalar one does, and undamaged
 * input must give back the bytes that were encoded. Inputs end right
 * before a PROT_NONE page (see codec_util.c), as does the output buffer.
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
#include "eml.h"

static int impls[8];
static size_t nimpl;

static uint64_t rng = 0x9E3779B97F4A7C15u;
static unsigned rnd(void)
{
    return codec_rand(&rng);
}

/* A line length: mostly 76, often another multiple of four, sometimes
 * not a multiple of four (which the line loops must hand back). */
static size_t line_length(int any)
{
    unsigned r = rnd() % 8;
    if (r < 4)
        return 76;
    if (r < 7 || !any)
        return 4 * (1 + rnd() % 50);
    return 1 + rnd() % 200;
}

/* Breaks text[0..n) into lines; each line's length comes from
 * line_length (the same length repeats for a while, as encoders do) and
 * each break is CRLF or LF. */
static size_t break_lines(const char *text, size_t n, char *out, int any)
{
    size_t o = 0, i = 0, len = line_length(any);
    while (i < n) {
        if (rnd() % 16 == 0)
            len = line_length(any);
        size_t take = n - i < len ? n - i : len;
        memcpy(out + o, text + i, take);
        o += take;
        i += take;
        if (rnd() % 8 == 0)
            out[o++] = '\n';
        else {
            out[o++] = '\r';
            out[o++] = '\n';
        }
    }
    return o;
}

/* One change at a random place: a byte inserted, replaced or removed. */
static size_t damage(char *buf, size_t len)
{
    static const char inserts[] = " \t\r\n=!\x80-.";
    size_t at = rnd() % (len + 1);
    switch (rnd() % 3) {
    case 0: /* insert */
        memmove(buf + at + 1, buf + at, len - at);
        buf[at] = inserts[rnd() % (sizeof inserts - 1)];
        return len + 1;
    case 1: /* replace */
        if (at < len)
            buf[at] = inserts[rnd() % (sizeof inserts - 1)];
        return len;
    default: /* remove */
        if (at < len) {
            memmove(buf + at, buf + at + 1, len - at - 1);
            return len - 1;
        }
        return len;
    }
}

static unsigned char data[3000];
static size_t ndata;

/* Random bytes in data, their base64 in out broken into lines (of any
 * length when any, else of multiples of four); returns its length. */
static size_t make_input(char *out, int any)
{
    static char text[4100];
    ndata = rnd() % sizeof data;
    for (size_t i = 0; i < ndata; i++)
        data[i] = (unsigned char)rnd();
    size_t tl = codec_encode_base64(data, ndata, text, 0, "");
    return break_lines(text, tl, out, any);
}

static void test_regular_lines_round_trip(void **state)
{
    (void)state;
    static char input[3 * 4100 + 8];
    char what[80];
    for (int round = 0; round < 400; round++) {
        size_t len = make_input(input, 0);
        for (size_t k = 0; k < nimpl; k++) {
            snprintf(what, sizeof what, "round %d (%zu bytes), %s", round, ndata,
                     eml_impl_name(impls[k]));
            codec_result r = codec_run(CODEC_BASE64, impls[k], input, len);
            if (r.len != ndata || memcmp(r.out, data, ndata) != 0 || r.report.count != 0)
                fail_msg("%s: decoded %zu bytes, %zu defects", what, r.len, r.report.count);
            codec_result_free(&r);
        }
    }
}

static void test_irregular_and_damaged_lines(void **state)
{
    (void)state;
    static char input[3 * 4100 + 8];
    char what[80];
    for (int round = 0; round < 3000; round++) {
        size_t len = make_input(input, 1);
        int changes = (int)(rnd() % 3);
        for (int c = 0; c < changes; c++)
            len = damage(input, len);
        snprintf(what, sizeof what, "round %d (%zu bytes, %d changes)", round, len, changes);
        for (size_t k = 0; k < nimpl; k++)
            if (impls[k] != EML_IMPL_SCALAR)
                codec_assert_same(CODEC_BASE64, impls[k], input, len, what);
    }
}

int main(void)
{
    nimpl = codec_impls(impls);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_regular_lines_round_trip),
        cmocka_unit_test(test_irregular_and_damaged_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
