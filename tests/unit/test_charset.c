/* Charset conversion: the WHATWG label table, a known sample in every
 * required charset, invalid bytes, unknown labels and undeclared text. */
#include "semantic_test.h"
#include "text/charset.h"
#include "codec/codec.h"

/* ---- labels ---- */

typedef struct label_case {
    const char *label;
    const char *encoding; /* canonical name, NULL for unknown */
} label_case;

static const label_case labels[] = {
    {"utf-8", "utf-8"},
    {"UTF-8", "utf-8"},
    {"utf8", "utf-8"},
    {"unicode-1-1-utf-8", "utf-8"},
    {"  Utf-8\t", "utf-8"},
    {"utf-8*en", "utf-8"},
    {"us-ascii", "windows-1252"},
    {"US-ASCII", "windows-1252"},
    {"ascii", "windows-1252"},
    {"iso-8859-1", "windows-1252"},
    {"ISO_8859-1:1987", "windows-1252"},
    {"latin1", "windows-1252"},
    {"cp1252", "windows-1252"},
    {"iso-8859-2", "iso-8859-2"},
    {"latin2", "iso-8859-2"},
    {"iso-8859-9", "windows-1254"},
    {"iso-8859-11", "windows-874"},
    {"tis-620", "windows-874"},
    {"iso-8859-15", "iso-8859-15"},
    {"l9", "iso-8859-15"},
    {"iso-8859-16", "iso-8859-16"},
    {"koi8-r", "koi8-r"},
    {"koi8", "koi8-r"},
    {"koi8-u", "koi8-u"},
    {"gb2312", "gbk"},
    {"GB_2312-80", "gbk"},
    {"x-gbk", "gbk"},
    {"gb18030", "gb18030"},
    {"big5-hkscs", "big5"},
    {"ks_c_5601-1987", "euc-kr"},
    {"windows-949", "euc-kr"},
    {"x-sjis", "shift_jis"},
    {"ms_kanji", "shift_jis"},
    {"windows-31j", "shift_jis"},
    {"csiso2022jp", "iso-2022-jp"},
    {"x-euc-jp", "euc-jp"},
    {"utf-16", "utf-16le"},
    {"unicodefffe", "utf-16be"},
    {"utf-7", "utf-7"},
    {"x-mac-ukrainian", "x-mac-cyrillic"},
    {"x-user-defined", "x-user-defined"},
    {"hz-gb-2312", "replacement"},
    {"x-unknown", NULL},
    {"", NULL},
    {"utf-8x", NULL},
    {"iso-8859-12", NULL},
    {"a-label-that-is-far-too-long-to-be-any-charset-at-all", NULL},
};

static void test_labels(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
        int enc = eml__charset_lookup(labels[i].label, strlen(labels[i].label));
        if (!labels[i].encoding) {
            if (enc != -1) {
                print_error("row %zu: %s should be unknown\n", i, labels[i].label);
                fail();
            }
            continue;
        }
        if (enc < 0 || strcmp(eml__charset_name(enc), labels[i].encoding) != 0) {
            print_error("row %zu: %s -> %s\n", i, labels[i].label, enc < 0 ? "unknown" : eml__charset_name(enc));
            fail();
        }
    }
}

/* ---- a known sample per charset (encoded with independent codecs) ---- */

typedef struct sample_case {
    const char *label;
    const char *src;
    size_t len;
    const char *utf8;
} sample_case;

static const sample_case samples[] = {
    {"utf-8", "Gr\xc3\xbc\xc3\x9f" "e, \xe4\xb8\x96\xe7\x95\x8c \xf0\x9f\x98\x80", 20, "Gr\xc3\xbc\xc3\x9f" "e, \xe4\xb8\x96\xe7\x95\x8c \xf0\x9f\x98\x80"},
    {"utf8", "na\xc3\xafve", 6, "na\xc3\xafve"},
    {"us-ascii", "plain ascii", 11, "plain ascii"},
    {"iso-8859-1", "d\xe9j\xe0 vu", 7, "d\xc3\xa9j\xc3\xa0 vu"},
    {"iso-8859-2", "\xa3\xf3" "d\xbc, \xaelu\xbbou\xe8k\xfd", 15, "\xc5\x81\xc3\xb3" "d\xc5\xba, \xc5\xbdlu\xc5\xa5ou\xc4\x8dk\xc3\xbd"},
    {"iso-8859-3", "\xa1" "al G\xb1" "arg\xb1ur, \xf8is", 17, "\xc4\xa6" "al G\xc4\xa7" "arg\xc4\xa7ur, \xc4\x9dis"},
    {"iso-8859-4", "\xabirts, \xd9l\xec", 10, "\xc4\xa2irts, \xc5\xb2l\xc4\x97"},
    {"iso-8859-5", "\xbf\xe0\xd8\xd2\xd5\xe2 \xdc\xd8\xe0", 10, "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82 \xd0\xbc\xd0\xb8\xd1\x80"},
    {"iso-8859-6", "\xe5\xd1\xcd\xc8\xc7", 5, "\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7"},
    {"iso-8859-7", "\xca\xe1\xeb\xe7\xec\xdd\xf1\xe1", 8, "\xce\x9a\xce\xb1\xce\xbb\xce\xb7\xce\xbc\xce\xad\xcf\x81\xce\xb1"},
    {"iso-8859-8", "\xf9\xec\xe5\xed", 4, "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d"},
    {"iso-8859-8-i", "\xf2\xe1\xf8\xe9\xfa", 5, "\xd7\xa2\xd7\x91\xd7\xa8\xd7\x99\xd7\xaa"},
    {"iso-8859-9", "G\xfcnayd\xfdn, \xddstanbul", 18, "G\xc3\xbcnayd\xc4\xb1n, \xc4\xb0stanbul"},
    {"iso-8859-10", "\xaf\xbb \xff", 4, "\xc5\x8a\xc5\xa7 \xc4\xb8"},
    {"iso-8859-11", "\xca\xc7\xd1\xca\xb4\xd5", 6, "\xe0\xb8\xaa\xe0\xb8\xa7\xe0\xb8\xb1\xe0\xb8\xaa\xe0\xb8\x94\xe0\xb8\xb5"},
    {"iso-8859-13", "\xc0\xfeuolas, \xec\xe7rbt", 14, "\xc4\x84\xc5\xbeuolas, \xc4\xa3\xc4\x93rbt"},
    {"iso-8859-14", "\xd0\xfe \xa2\xab", 5, "\xc5\xb4\xc5\xb7 \xe1\xb8\x83\xe1\xb8\x8b"},
    {"iso-8859-15", "Prix: 5\xa4, \xbduvre", 15, "Prix: 5\xe2\x82\xac, \xc5\x93uvre"},
    {"iso-8859-16", "\xaa\xfe" "ar\xe3, \xd5", 8, "\xc8\x98\xc8\x9b" "ar\xc4\x83, \xc5\x90"},
    {"windows-1250", "P\xf8\xedli\x9a \x9elu\x9dou\xe8k\xfd k\xf9\xf2", 20, "P\xc5\x99\xc3\xadli\xc5\xa1 \xc5\xbelu\xc5\xa5ou\xc4\x8dk\xc3\xbd k\xc5\xaf\xc5\x88"},
    {"windows-1251", "\xd1\xfa\xe5\xf8\xfc \xe6\xe5 \xe5\xf9\xb8", 12, "\xd0\xa1\xd1\x8a\xd0\xb5\xd1\x88\xd1\x8c \xd0\xb6\xd0\xb5 \xd0\xb5\xd1\x89\xd1\x91"},
    {"cp1252", "\x93quotes\x94 \x96 \x80" "5 \x85", 15, "\xe2\x80\x9cquotes\xe2\x80\x9d \xe2\x80\x93 \xe2\x82\xac" "5 \xe2\x80\xa6"},
    {"windows-1253", "\xc5\xeb\xeb\xe7\xed\xe9\xea\xdc", 8, "\xce\x95\xce\xbb\xce\xbb\xce\xb7\xce\xbd\xce\xb9\xce\xba\xce\xac"},
    {"windows-1254", "\xdei\xfeli \xf0", 7, "\xc5\x9ei\xc5\x9fli \xc4\x9f"},
    /* Without points: glibc composes some point sequences (U+FB4B). */
    {"windows-1255", "\xf9\xec\xe5\xed \xf2\xe5\xec\xed", 9, "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d \xd7\xa2\xd7\x95\xd7\x9c\xd7\x9d"},
    {"windows-1256", "\xc7\xe1\xd3\xe1\xc7\xe3", 6, "\xd8\xa7\xd9\x84\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85"},
    {"windows-1257", "\xc0\xe8\xe6 \xef\xf2", 6, "\xc4\x84\xc4\x8d\xc4\x99 \xc4\xbc\xc5\x86"},
    {"windows-1258", "\xd5n \xd0\xfd", 5, "\xc6\xa0n \xc4\x90\xc6\xb0"},
    {"koi8-r", "\xf3\xdf\xc5\xdb\xd8 \xd6\xc5 \xc5\xdd\xa3 \xdc\xd4\xc9\xc8", 17, "\xd0\xa1\xd1\x8a\xd0\xb5\xd1\x88\xd1\x8c \xd0\xb6\xd0\xb5 \xd0\xb5\xd1\x89\xd1\x91 \xd1\x8d\xd1\x82\xd0\xb8\xd1\x85"},
    {"koi8-u", "\xbd\xc1\xce\xcf\xcb \xa7\xd6\xc1\xcb", 10, "\xd2\x90\xd0\xb0\xd0\xbd\xd0\xbe\xd0\xba \xd1\x97\xd0\xb6\xd0\xb0\xd0\xba"},
    {"iso-2022-jp", "\x1b$BF|K\x5c" "8l%F%-%9%H\x1b(B", 20, "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x83\x86\xe3\x82\xad\xe3\x82\xb9\xe3\x83\x88"},
    {"shift_jis", "\x93\xfa\x96{\x8c\xea\x83" "e\x83L\x83X\x83g", 14, "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x83\x86\xe3\x82\xad\xe3\x82\xb9\xe3\x83\x88"},
    {"x-sjis", "\x83J\x83^\x83J\x83i", 8, "\xe3\x82\xab\xe3\x82\xbf\xe3\x82\xab\xe3\x83\x8a"},
    {"euc-jp", "\xc6\xfc\xcb\xdc\xb8\xec\xa5\xc6\xa5\xad\xa5\xb9\xa5\xc8", 14, "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x83\x86\xe3\x82\xad\xe3\x82\xb9\xe3\x83\x88"},
    {"euc-kr", "\xc7\xd1\xb1\xb9\xbe\xee \xc5\xd8\xbd\xba\xc6\xae", 13, "\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4 \xed\x85\x8d\xec\x8a\xa4\xed\x8a\xb8"},
    {"ks_c_5601-1987", "\xbe\xc8\xb3\xe7\xc7\xcf\xbc\xbc\xbf\xe4", 10, "\xec\x95\x88\xeb\x85\x95\xed\x95\x98\xec\x84\xb8\xec\x9a\x94"},
    {"gb2312", "\xd6\xd0\xce\xc4\xbc\xf2\xcc\xe5", 8, "\xe4\xb8\xad\xe6\x96\x87\xe7\xae\x80\xe4\xbd\x93"},
    {"gbk", "\xd6\xd0\xce\xc4\xba\x86\xf3w", 8, "\xe4\xb8\xad\xe6\x96\x87\xe7\xb0\xa1\xe9\xab\x94"},
    {"gb18030", "\xd6\xd0\xce\xc4 \xa2\xe3", 7, "\xe4\xb8\xad\xe6\x96\x87 \xe2\x82\xac"},
    {"big5", "\xa4\xa4\xa4\xe5\xc1" "c\xc5\xe9", 8, "\xe4\xb8\xad\xe6\x96\x87\xe7\xb9\x81\xe9\xab\x94"},
    {"utf-16le", "G\x00r\x00\xfc\x00\xdf\x00" "e\x00 \x00\x16NLu", 16, "Gr\xc3\xbc\xc3\x9f" "e \xe4\xb8\x96\xe7\x95\x8c"},
    {"utf-16be", "\x00G\x00r\x00\xfc\x00\xdf\x00" "e\x00 N\x16uL", 16, "Gr\xc3\xbc\xc3\x9f" "e \xe4\xb8\x96\xe7\x95\x8c"},
    {"utf-16", "l\x00i\x00t\x00t\x00l\x00" "e\x00 \x00" "e\x00n\x00" "d\x00i\x00" "a\x00n\x00", 26, "little endian"},
    {"utf-7", "Hi Mom -+Jjo--!", 15, "Hi Mom -\xe2\x98\xba-!"},
};

static void decode_label(sem_fixture *f, const char *label, const char *src, size_t len, eml_slice *out)
{
    eml__tbuf b;
    eml__tbuf_init(&b, &f->arena);
    if (label)
        eml__charset_decode_label(&f->ctx, label, strlen(label), src, len, 0, &b);
    else
        eml__charset_decode_undeclared(&f->ctx, src, len, 0, &b);
    assert_int_equal(eml__tbuf_finish(&b, out), EML_OK);
}

static void test_samples(void **state)
{
    (void)state;
    sem_fixture f;
    sem_init(&f);
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        eml_slice out;
        decode_label(&f, samples[i].label, samples[i].src, samples[i].len, &out);
        sem_check_string(out, samples[i].utf8, i);
        sem_check_defect(&f, 0, i);
    }
    sem_reset(&f);
    eml__arena_release(&f.arena);
}

/* The same samples through one cached descriptor per charset, twice, so a
 * stateful converter left mid-shift would show. */
static void test_samples_cached(void **state)
{
    (void)state;
    sem_fixture f;
    sem_init(&f);
    struct eml__charset_cache *cache = NULL;
    f.ctx.charsets = &cache;
    for (int round = 0; round < 2; round++) {
        for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
            eml_slice out;
            /* Leave the converter in a shifted state first. */
            decode_label(&f, samples[i].label, samples[i].src, samples[i].len > 4 ? samples[i].len - 4 : 0, &out);
            f.defects.count = 0;
            decode_label(&f, samples[i].label, samples[i].src, samples[i].len, &out);
            sem_check_string(out, samples[i].utf8, i);
            sem_check_defect(&f, 0, i);
        }
    }
    assert_non_null(cache); /* created by the first conversion */
    eml__charset_cache_release(cache);
    eml__arena_release(&f.arena);
}

/* ---- invalid bytes, unknown labels, undeclared text ---- */

typedef struct invalid_case {
    const char *label; /* NULL: undeclared */
    const char *src;
    size_t len;
    const char *utf8;
    int defect; /* 0: none */
} invalid_case;

#define FFFD "\xef\xbf\xbd"

static const invalid_case invalid[] = {
    {"utf-8", "a\xff" "b", 3, "a" FFFD "b", EML_DEFECT_INVALID_CHARSET_BYTES},
    {"utf-8", "x\xe2\x82", 3, "x" FFFD, EML_DEFECT_INVALID_CHARSET_BYTES},
    {"utf-8", "\xc0\xaf", 2, FFFD FFFD, EML_DEFECT_INVALID_CHARSET_BYTES},
    {"utf-8", "\xed\xa0\x80", 3, FFFD FFFD FFFD, EML_DEFECT_INVALID_CHARSET_BYTES},
    {"utf-8", "\xf4\x90\x80\x80", 4, FFFD FFFD FFFD FFFD, EML_DEFECT_INVALID_CHARSET_BYTES},
    {"utf-8", "\xe2\x82\xac\xe2\x28\xa1", 6, "\xe2\x82\xac" FFFD "(" FFFD, EML_DEFECT_INVALID_CHARSET_BYTES},
    {"utf-8", "\xef\xbb\xbfx", 4, "x", 0},
    {"shift_jis", "\x82", 1, FFFD, EML_DEFECT_INVALID_CHARSET_BYTES},
    {"shift_jis", "\x82 a", 3, FFFD " a", EML_DEFECT_INVALID_CHARSET_BYTES},
    {"euc-kr", "ok\xb0", 3, "ok" FFFD, EML_DEFECT_INVALID_CHARSET_BYTES},
    {"gb18030", "\x81", 1, FFFD, EML_DEFECT_INVALID_CHARSET_BYTES},
    {"big5", "\xa4", 1, FFFD, EML_DEFECT_INVALID_CHARSET_BYTES},
    {"euc-jp", "\xa4\xa2\xa4", 3, "\xe3\x81\x82" FFFD, EML_DEFECT_INVALID_CHARSET_BYTES},
    {"utf-16le", "a\x00" "b", 3, "a" FFFD, EML_DEFECT_INVALID_CHARSET_BYTES},
    {"utf-16le", "\x00\xd8" "a\x00", 4, FFFD "a", EML_DEFECT_INVALID_CHARSET_BYTES},
    {"utf-16be", "\xfe\xff\x00" "A", 4, "A", 0},
    {"utf-16le", "\xfe\xff\x00" "A", 4, "A", 0},
    {"utf-16", "\xff\xfe" "A\x00", 4, "A", 0},
    {"iso-8859-6", "\xa1", 1, FFFD, EML_DEFECT_INVALID_CHARSET_BYTES},
    {"windows-1253", "\xaa", 1, FFFD, EML_DEFECT_INVALID_CHARSET_BYTES},
    {"iso-8859-1", "\x80", 1, "\xe2\x82\xac", 0},
    /* 8-bit bytes under a us-ascii label: read as undeclared text */
    {"us-ascii", "\x93hi\x94", 4, "\xe2\x80\x9chi\xe2\x80\x9d", EML_DEFECT_UNDECLARED_8BIT},
    {"us-ascii", "caf\xc3\xa9", 5, "caf\xc3\xa9", EML_DEFECT_UNDECLARED_8BIT},
    {"ASCII", "caf\xe9", 4, "caf\xc3\xa9", EML_DEFECT_UNDECLARED_8BIT},
    {"us-ascii", "plain", 5, "plain", 0},
    /* UTF-8 cut short inside its last character */
    {NULL, "\xd0\x9a\xd0\xb0 \xd1", 6, "\xd0\x9a\xd0\xb0 " FFFD, EML_DEFECT_INVALID_CHARSET_BYTES},
    {NULL, "caf\xc3\xa9 \xe2\x82", 8, "caf\xc3\xa9 " FFFD, EML_DEFECT_INVALID_CHARSET_BYTES},
    {NULL, "caf\xe9", 4, "caf\xc3\xa9", EML_DEFECT_UNDECLARED_8BIT},
    {NULL, "\xc3\xa9\xe9x", 4, "\xc3\x83\xc2\xa9\xc3\xa9x", EML_DEFECT_UNDECLARED_8BIT},
    {"x-unknown", "\xd0\x9a\xd1", 3, "\xd0\x9a" FFFD, EML_DEFECT_UNKNOWN_CHARSET},
    {"windows-1252", "\x81\x8d", 2, "\xc2\x81\xc2\x8d", 0},
    {"latin1", "\xff", 1, "\xc3\xbf", 0},
    {"x-user-defined", "a\x80", 2, "a\xef\x9e\x80", 0},
    {"replacement", "anything", 8, FFFD, EML_DEFECT_INVALID_CHARSET_BYTES},
    {"utf-7", "+AGEAYgBj-", 10, "abc", 0},
    {"iso-2022-jp", "\x1b(I1\x1b(B", 7, "\xef\xbd\xb1", 0},
    {"x-unknown", "caf\xc3\xa9", 5, "caf\xc3\xa9", EML_DEFECT_UNKNOWN_CHARSET},
    {"x-unknown", "caf\xe9", 4, "caf\xc3\xa9", EML_DEFECT_UNKNOWN_CHARSET},
    {"unknown-8bit", "\x80", 1, "\xe2\x82\xac", EML_DEFECT_UNKNOWN_CHARSET},
    {"x-unknown", "plain", 5, "plain", EML_DEFECT_UNKNOWN_CHARSET},
    {NULL, "caf\xe9", 4, "caf\xc3\xa9", EML_DEFECT_UNDECLARED_8BIT},
    {NULL, "caf\xc3\xa9", 5, "caf\xc3\xa9", 0},
    {NULL, "plain", 5, "plain", 0},
    {NULL, "", 0, "", 0},
    {"utf-8", "", 0, "", 0},
};

static void test_invalid(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
        sem_fixture f;
        sem_init(&f);
        eml_slice out;
        decode_label(&f, invalid[i].label, invalid[i].src, invalid[i].len, &out);
        sem_check_string(out, invalid[i].utf8, i);
        sem_check_defect(&f, invalid[i].defect, i);
        eml__arena_release(&f.arena);
    }
}

/* No byte is silently dropped: every byte of a long run of garbage in a
 * multi-byte charset yields output. */
static void test_no_byte_dropped(void **state)
{
    (void)state;
    sem_fixture f;
    sem_init(&f);
    char src[256];
    for (int i = 0; i < 256; i++)
        src[i] = (char)(0x80 | (i & 0x7f));
    static const char *const multi[] = {"shift_jis", "euc-jp", "euc-kr", "gb18030", "big5", "utf-8"};
    for (size_t k = 0; k < sizeof multi / sizeof multi[0]; k++) {
        eml_slice out;
        decode_label(&f, multi[k], src, sizeof src, &out);
        /* Each input byte is either part of a character or one U+FFFD;
         * at least one output character per two input bytes. */
        size_t chars = 0;
        for (size_t i = 0; i < out.len; i++)
            chars += ((unsigned char)out.ptr[i] & 0xC0) != 0x80;
        assert_true(chars * 2 >= sizeof src);
        assert_true(eml__utf8_valid(EML_IMPL_SCALAR, out.ptr, out.len));
    }
    eml__arena_release(&f.arena);
}

/* ---- the public function ---- */

static void test_public(void **state)
{
    (void)state;
    char dst[64];
    size_t written = 99, nd = 99;
    eml_defect d[4];
    assert_int_equal(eml_charset_to_utf8("iso-8859-1", 10, "caf\xe9", 4, dst, &written, d, 4, &nd), EML_OK);
    assert_int_equal(written, 5);
    assert_memory_equal(dst, "caf\xc3\xa9", 5);
    assert_int_equal(nd, 0);
    assert_int_equal(eml_charset_to_utf8("bogus", 5, "a\xff", 2, dst, &written, d, 4, &nd), EML_OK);
    assert_int_equal(nd, 1);
    assert_int_equal(d[0].code, EML_DEFECT_UNKNOWN_CHARSET);
    assert_memory_equal(dst, "a\xc3\xbf", 3);
    assert_int_equal(eml_charset_to_utf8("utf-8", 5, "a\xffz", 3, dst, &written, d, 4, &nd), EML_OK);
    assert_int_equal(nd, 1);
    assert_int_equal(d[0].code, EML_DEFECT_INVALID_CHARSET_BYTES);
    assert_int_equal(d[0].offset, 1);
    assert_int_equal(written, 5);
    /* one defect per run of invalid bytes, one U+FFFD per byte */
    assert_int_equal(eml_charset_to_utf8("utf-8", 5, "a\xff\xfe\xff" "b\xff", 6, dst, &written, d, 4, &nd), EML_OK);
    assert_int_equal(written, 14);
    assert_int_equal(nd, 2);
    assert_int_equal(d[0].offset, 1);
    assert_int_equal(d[1].offset, 5);
    assert_int_equal(eml_charset_to_utf8("shift_jis", 9, "\xff\xfd" "x\xff", 4, dst, &written, d, 4, &nd), EML_OK);
    assert_int_equal(nd, 2);
    assert_int_equal(d[1].offset, 3);
    assert_int_equal(eml_charset_to_utf8(NULL, 0, "\xe9", 1, dst, &written, NULL, 0, NULL), EML_OK);
    assert_memory_equal(dst, "\xc3\xa9", 2);
    assert_int_equal(eml_charset_to_utf8("utf-8", 5, NULL, 3, dst, &written, NULL, 0, NULL), EML_EINVAL);
    assert_int_equal(eml_charset_to_utf8("utf-8", 5, "a", 1, NULL, &written, NULL, 0, NULL), EML_EINVAL);
    assert_int_equal(eml_charset_to_utf8("utf-8", 5, "a", 1, dst, &written, NULL, 2, NULL), EML_EINVAL);
    assert_true(eml_utf8_size_max(10) >= 30);
    /* The bound holds for the worst case: every byte invalid. */
    char worst[16];
    memset(worst, 0xff, sizeof worst);
    char big[128];
    assert_int_equal(eml_charset_to_utf8("utf-8", 5, worst, 16, big, &written, NULL, 0, NULL), EML_OK);
    assert_int_equal(written, 48);
    assert_true(written <= eml_utf8_size_max(16));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_labels),
        cmocka_unit_test(test_samples),
        cmocka_unit_test(test_samples_cached),
        cmocka_unit_test(test_invalid),
        cmocka_unit_test(test_no_byte_dropped),
        cmocka_unit_test(test_public),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
