/*
 * The shared body of the base64 and quoted-printable differential harnesses.
 *
 * The first input byte shapes the rest: its low 7 bits, when not 0, are a
 * line length at which a line break is inserted (CRLF when the high bit is
 * set, else LF), so that the vector loops meet line breaks at every phase.
 * Each decoder reads an exact-size copy and writes into an exact-size
 * buffer, so a sanitizer build catches any access past either.
 */
#include "common.h"
#include "codec_diff.h"

#include <stdlib.h>
#include <string.h>

static unsigned char *shape(const uint8_t *data, size_t size, size_t *len)
{
    fuzz_reader r = { data, size };
    uint8_t mode = fuzz_take_u8(&r);
    size_t line = mode & 0x7F;
    const char *eol = mode & 0x80 ? "\r\n" : "\n";
    size_t eol_len = strlen(eol);
    size_t cap = r.n + (line ? r.n / line * eol_len : 0);
    unsigned char *s = malloc(cap ? cap : 1);
    FUZZ_ASSERT(s != NULL);
    size_t o = 0;
    for (size_t i = 0; i < r.n; i++) {
        s[o++] = r.p[i];
        if (line && (i + 1) % line == 0) {
            memcpy(s + o, eol, eol_len);
            o += eol_len;
        }
    }
    *len = o;
    return s;
}

typedef struct result {
    unsigned char *out;
    size_t written, ndefects;
    eml_defect defects[8];
} result;

static result run(const fuzz_codec *codec, int impl, const unsigned char *src, size_t len)
{
    result res;
    size_t max = codec->decoded_size_max(len);
    unsigned char *in = malloc(len ? len : 1);
    FUZZ_ASSERT(in != NULL);
    if (len)
        memcpy(in, src, len);
    res.out = malloc(max ? max : 1);
    FUZZ_ASSERT(res.out != NULL);
    int rc = codec->decode(impl, (const char *)in, len, res.out, &res.written, res.defects, 8,
                           &res.ndefects);
    FUZZ_ASSERT(rc == EML_OK);
    FUZZ_ASSERT(res.written <= max);
    FUZZ_ASSERT(res.ndefects <= 8);
    for (size_t i = 0; i < res.ndefects; i++)
        FUZZ_ASSERT(res.defects[i].offset <= len);
    free(in);
    return res;
}

void fuzz_codec_differential(const fuzz_codec *codec, const uint8_t *data, size_t size)
{
    size_t len;
    unsigned char *src = shape(data, size, &len);
    result ref = run(codec, EML_IMPL_SCALAR, src, len);
    for (int impl = EML_IMPL_SCALAR + 1; impl <= EML_IMPL_NEON; impl++) {
        if (!eml_impl_available(impl))
            continue;
        result got = run(codec, impl, src, len);
        FUZZ_ASSERT(got.written == ref.written);
        FUZZ_ASSERT(memcmp(got.out, ref.out, ref.written) == 0);
        FUZZ_ASSERT(got.ndefects == ref.ndefects);
        for (size_t i = 0; i < ref.ndefects; i++) {
            FUZZ_ASSERT(got.defects[i].code == ref.defects[i].code);
            FUZZ_ASSERT(got.defects[i].offset == ref.defects[i].offset);
        }
        free(got.out);
    }
    free(ref.out);
    free(src);
}
