/* Helpers shared by the codec tests (see codec_util.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec_util.h"
#include "guard.h"

codec_result codec_run(int codec, int impl, const char *src, size_t len)
{
    codec_result r;
    size_t max = codec == CODEC_BASE64 ? eml_base64_decoded_size_max(len) : eml_qp_decoded_size_max(len);
    const char *in = guard_copy(src, len);
    /* The output too ends at a guard page: a write past the maximum the
     * decoder promises crashes. */
    unsigned char *fill = malloc(max + 1);
    assert_non_null(fill);
    memset(fill, 0xA5, max + 1);
    unsigned char *dst = guard_copy(fill, max);
    free(fill);
    memset(&r.report, 0xEE, sizeof r.report);
    if (codec == CODEC_BASE64)
        r.len = eml__base64_decode(impl, in, len, dst, &r.report);
    else
        r.len = eml__qp_decode(impl, in, len, dst, &r.report);
    assert_true(r.len <= max);
    r.out = malloc(r.len + 1);
    assert_non_null(r.out);
    memcpy(r.out, dst, r.len);
    guard_free(dst);
    guard_free((void *)in);
    return r;
}

void codec_result_free(codec_result *r)
{
    free(r->out);
    r->out = NULL;
}

const char *codec_defects_text(const eml__codec_report *r, char *buf, size_t cap)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < r->count && n < cap; i++)
        n += (size_t)snprintf(buf + n, cap - n, "%s%s@%zu", i ? "," : "",
                              eml_defect_name(r->items[i].code), r->items[i].offset);
    return buf;
}

void codec_assert_same(int codec, int impl, const char *src, size_t len, const char *what)
{
    codec_result a = codec_run(codec, EML_IMPL_SCALAR, src, len);
    codec_result b = codec_run(codec, impl, src, len);
    char da[256], db[256];
    codec_defects_text(&a.report, da, sizeof da);
    codec_defects_text(&b.report, db, sizeof db);
    if (a.len != b.len || memcmp(a.out, b.out, a.len) != 0 || strcmp(da, db) != 0) {
        size_t i = 0;
        while (i < a.len && i < b.len && a.out[i] == b.out[i])
            i++;
        print_error("%s %s: %s differs from scalar (len %zu vs %zu, first difference at %zu;"
                    " defects [%s] vs [%s])\n",
                    codec == CODEC_BASE64 ? "base64" : "qp", what, eml_impl_name(impl), b.len,
                    a.len, i, db, da);
        fail();
    }
    codec_result_free(&a);
    codec_result_free(&b);
}

size_t codec_impls(int out[8])
{
    size_t n = 0;
    for (int impl = EML_IMPL_SCALAR; impl <= EML_IMPL_NEON; impl++)
        if (eml_impl_available(impl))
            out[n++] = impl;
    return n;
}

unsigned codec_rand(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    *state = x;
    return (unsigned)(x >> 32);
}

size_t codec_encode_base64(const unsigned char *in, size_t n, char *out, size_t line_len,
                           const char *eol)
{
    static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char tmp[4];
    size_t o = 0, col = 0;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16;
        if (i + 1 < n)
            v |= (uint32_t)in[i + 1] << 8;
        if (i + 2 < n)
            v |= in[i + 2];
        tmp[0] = a[v >> 18];
        tmp[1] = a[(v >> 12) & 63];
        tmp[2] = i + 1 < n ? a[(v >> 6) & 63] : '=';
        tmp[3] = i + 2 < n ? a[v & 63] : '=';
        for (int k = 0; k < 4; k++) {
            out[o++] = tmp[k];
            if (line_len && ++col == line_len) {
                for (const char *e = eol; *e; e++)
                    out[o++] = *e;
                col = 0;
            }
        }
    }
    return o;
}
