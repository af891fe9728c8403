/*
 * Charset conversion fuzzing: the first byte picks a label from a table
 * (or, past its end, takes the label from the next bytes); the rest is
 * converted into a buffer of exactly eml_utf8_size_max bytes. The output
 * must be valid UTF-8, and valid UTF-8 input labelled UTF-8 (without a
 * byte order mark) must come out unchanged.
 */
#include "common.h"

#include <stdlib.h>
#include <string.h>

static const char *const labels[] = {
    "utf-8", "UTF8", "us-ascii", "iso-8859-1", "latin1", "iso-8859-2", "iso-8859-5",
    "iso-8859-7", "iso-8859-8", "iso-8859-15", "windows-1250", "windows-1251",
    "windows-1252", "cp1252", "koi8-r", "koi8-u", "macintosh", "ibm866", "gb2312", "gbk",
    "gb18030", "big5", "euc-jp", "iso-2022-jp", "shift_jis", "euc-kr", "iso-2022-kr",
    "utf-16", "utf-16le", "utf-16be", "utf-7", "x-unknown", "", " utf-8 ", "\"utf-8\"",
    "UTF-8*en", "hz-gb-2312", "tis-620", "windows-874", "x-user-defined",
};
#define NLABELS (sizeof labels / sizeof labels[0])

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_reader r = { data, size };
    unsigned pick = fuzz_take_u8(&r);
    const char *label;
    size_t label_len;
    char own[32];
    if (pick < NLABELS) {
        label = labels[pick];
        label_len = strlen(label);
    } else {
        label_len = fuzz_take_u8(&r) % sizeof own;
        if (label_len > r.n)
            label_len = r.n;
        memcpy(own, r.p, label_len);
        r.p += label_len;
        r.n -= label_len;
        label = own;
    }
    char *src = malloc(r.n ? r.n : 1);
    FUZZ_ASSERT(src != NULL);
    if (r.n)
        memcpy(src, r.p, r.n);
    size_t max = eml_utf8_size_max(r.n);
    FUZZ_ASSERT(max >= r.n);
    char *dst = malloc(max ? max : 1);
    FUZZ_ASSERT(dst != NULL);
    eml_defect defects[4];
    size_t cap = r.n % 5, nd = 0, written = (size_t)-1;
    int rc = eml_charset_to_utf8(label, label_len, src, r.n, dst, &written, cap ? defects : NULL,
                                 cap, &nd);
    FUZZ_ASSERT(rc == EML_OK);
    FUZZ_ASSERT(written <= max);
    FUZZ_ASSERT(fuzz_utf8_valid(dst, written));
    fuzz_check_defects(defects, nd, cap, r.n);
    /* A leading byte order mark is consumed (WHATWG "decode"). */
    int bom = r.n >= 3 && !memcmp(src, "\xEF\xBB\xBF", 3);
    if (pick <= 1 && !bom && fuzz_utf8_valid(src, r.n))
        FUZZ_ASSERT(written == r.n && (!written || !memcmp(dst, src, written)));
    free(dst);
    free(src);
    return 0;
}
