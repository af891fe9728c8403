/*
 * Charset conversion to UTF-8.
 *
 * Labels follow the WHATWG Encoding Standard (https://encoding.spec.whatwg.org/):
 * mail in the wild labels windows-1252 bytes as iso-8859-1 or us-ascii, GBK
 * text as gb2312, windows-949 as euc-kr and windows-31j as shift_jis, and
 * the standard's table encodes exactly those facts. glibc iconv does the
 * multi-byte work; UTF-8, windows-1252 and x-user-defined are decoded here
 * because they are the hot and the fallback paths and must never fail.
 */
#include "text/charset.h"
#include "codec/codec.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>
#include <strings.h>

typedef struct label_entry {
    const char *label;
    int encoding;
} label_entry;

/* Sorted by label (strcmp order) for binary search. */
static const label_entry LABELS[] = {
    {"866", EML__ENC_IBM866},
    {"ansi_x3.4-1968", EML__ENC_WINDOWS_1252},
    {"arabic", EML__ENC_ISO8859_6},
    {"ascii", EML__ENC_WINDOWS_1252},
    {"asmo-708", EML__ENC_ISO8859_6},
    {"big5", EML__ENC_BIG5},
    {"big5-hkscs", EML__ENC_BIG5},
    {"chinese", EML__ENC_GBK},
    {"cn-big5", EML__ENC_BIG5},
    {"cp1250", EML__ENC_WINDOWS_1250},
    {"cp1251", EML__ENC_WINDOWS_1251},
    {"cp1252", EML__ENC_WINDOWS_1252},
    {"cp1253", EML__ENC_WINDOWS_1253},
    {"cp1254", EML__ENC_WINDOWS_1254},
    {"cp1255", EML__ENC_WINDOWS_1255},
    {"cp1256", EML__ENC_WINDOWS_1256},
    {"cp1257", EML__ENC_WINDOWS_1257},
    {"cp1258", EML__ENC_WINDOWS_1258},
    {"cp819", EML__ENC_WINDOWS_1252},
    {"cp866", EML__ENC_IBM866},
    {"csbig5", EML__ENC_BIG5},
    {"cseuckr", EML__ENC_EUC_KR},
    {"cseucpkdfmtjapanese", EML__ENC_EUC_JP},
    {"csgb2312", EML__ENC_GBK},
    {"csibm866", EML__ENC_IBM866},
    {"csiso2022jp", EML__ENC_ISO2022_JP},
    {"csiso2022kr", EML__ENC_ISO2022_KR},
    {"csiso58gb231280", EML__ENC_GBK},
    {"csiso88596e", EML__ENC_ISO8859_6},
    {"csiso88596i", EML__ENC_ISO8859_6},
    {"csiso88598e", EML__ENC_ISO8859_8},
    {"csiso88598i", EML__ENC_ISO8859_8I},
    {"csisolatin1", EML__ENC_WINDOWS_1252},
    {"csisolatin2", EML__ENC_ISO8859_2},
    {"csisolatin3", EML__ENC_ISO8859_3},
    {"csisolatin4", EML__ENC_ISO8859_4},
    {"csisolatin5", EML__ENC_WINDOWS_1254},
    {"csisolatin6", EML__ENC_ISO8859_10},
    {"csisolatin9", EML__ENC_ISO8859_15},
    {"csisolatinarabic", EML__ENC_ISO8859_6},
    {"csisolatincyrillic", EML__ENC_ISO8859_5},
    {"csisolatingreek", EML__ENC_ISO8859_7},
    {"csisolatinhebrew", EML__ENC_ISO8859_8},
    {"cskoi8r", EML__ENC_KOI8_R},
    {"csksc56011987", EML__ENC_EUC_KR},
    {"csmacintosh", EML__ENC_MACINTOSH},
    {"csshiftjis", EML__ENC_SHIFT_JIS},
    {"csunicode", EML__ENC_UTF16LE},
    {"csunicode11utf7", EML__ENC_UTF7},
    {"cyrillic", EML__ENC_ISO8859_5},
    {"dos-874", EML__ENC_WINDOWS_874},
    {"ecma-114", EML__ENC_ISO8859_6},
    {"ecma-118", EML__ENC_ISO8859_7},
    {"elot_928", EML__ENC_ISO8859_7},
    {"euc-jp", EML__ENC_EUC_JP},
    {"euc-kr", EML__ENC_EUC_KR},
    {"gb18030", EML__ENC_GB18030},
    {"gb2312", EML__ENC_GBK},
    {"gb_2312", EML__ENC_GBK},
    {"gb_2312-80", EML__ENC_GBK},
    {"gbk", EML__ENC_GBK},
    {"greek", EML__ENC_ISO8859_7},
    {"greek8", EML__ENC_ISO8859_7},
    {"hebrew", EML__ENC_ISO8859_8},
    {"hz-gb-2312", EML__ENC_REPLACEMENT},
    {"ibm819", EML__ENC_WINDOWS_1252},
    {"ibm866", EML__ENC_IBM866},
    {"iso-10646-ucs-2", EML__ENC_UTF16LE},
    {"iso-2022-cn", EML__ENC_ISO2022_CN},
    {"iso-2022-cn-ext", EML__ENC_ISO2022_CN_EXT},
    {"iso-2022-jp", EML__ENC_ISO2022_JP},
    {"iso-2022-kr", EML__ENC_ISO2022_KR},
    {"iso-8859-1", EML__ENC_WINDOWS_1252},
    {"iso-8859-10", EML__ENC_ISO8859_10},
    {"iso-8859-11", EML__ENC_WINDOWS_874},
    {"iso-8859-13", EML__ENC_ISO8859_13},
    {"iso-8859-14", EML__ENC_ISO8859_14},
    {"iso-8859-15", EML__ENC_ISO8859_15},
    {"iso-8859-16", EML__ENC_ISO8859_16},
    {"iso-8859-2", EML__ENC_ISO8859_2},
    {"iso-8859-3", EML__ENC_ISO8859_3},
    {"iso-8859-4", EML__ENC_ISO8859_4},
    {"iso-8859-5", EML__ENC_ISO8859_5},
    {"iso-8859-6", EML__ENC_ISO8859_6},
    {"iso-8859-6-e", EML__ENC_ISO8859_6},
    {"iso-8859-6-i", EML__ENC_ISO8859_6},
    {"iso-8859-7", EML__ENC_ISO8859_7},
    {"iso-8859-8", EML__ENC_ISO8859_8},
    {"iso-8859-8-e", EML__ENC_ISO8859_8},
    {"iso-8859-8-i", EML__ENC_ISO8859_8I},
    {"iso-8859-9", EML__ENC_WINDOWS_1254},
    {"iso-ir-100", EML__ENC_WINDOWS_1252},
    {"iso-ir-101", EML__ENC_ISO8859_2},
    {"iso-ir-109", EML__ENC_ISO8859_3},
    {"iso-ir-110", EML__ENC_ISO8859_4},
    {"iso-ir-126", EML__ENC_ISO8859_7},
    {"iso-ir-127", EML__ENC_ISO8859_6},
    {"iso-ir-138", EML__ENC_ISO8859_8},
    {"iso-ir-144", EML__ENC_ISO8859_5},
    {"iso-ir-148", EML__ENC_WINDOWS_1254},
    {"iso-ir-149", EML__ENC_EUC_KR},
    {"iso-ir-157", EML__ENC_ISO8859_10},
    {"iso-ir-58", EML__ENC_GBK},
    {"iso8859-1", EML__ENC_WINDOWS_1252},
    {"iso8859-10", EML__ENC_ISO8859_10},
    {"iso8859-11", EML__ENC_WINDOWS_874},
    {"iso8859-13", EML__ENC_ISO8859_13},
    {"iso8859-14", EML__ENC_ISO8859_14},
    {"iso8859-15", EML__ENC_ISO8859_15},
    {"iso8859-2", EML__ENC_ISO8859_2},
    {"iso8859-3", EML__ENC_ISO8859_3},
    {"iso8859-4", EML__ENC_ISO8859_4},
    {"iso8859-5", EML__ENC_ISO8859_5},
    {"iso8859-6", EML__ENC_ISO8859_6},
    {"iso8859-7", EML__ENC_ISO8859_7},
    {"iso8859-8", EML__ENC_ISO8859_8},
    {"iso8859-9", EML__ENC_WINDOWS_1254},
    {"iso88591", EML__ENC_WINDOWS_1252},
    {"iso885910", EML__ENC_ISO8859_10},
    {"iso885911", EML__ENC_WINDOWS_874},
    {"iso885913", EML__ENC_ISO8859_13},
    {"iso885914", EML__ENC_ISO8859_14},
    {"iso885915", EML__ENC_ISO8859_15},
    {"iso88592", EML__ENC_ISO8859_2},
    {"iso88593", EML__ENC_ISO8859_3},
    {"iso88594", EML__ENC_ISO8859_4},
    {"iso88595", EML__ENC_ISO8859_5},
    {"iso88596", EML__ENC_ISO8859_6},
    {"iso88597", EML__ENC_ISO8859_7},
    {"iso88598", EML__ENC_ISO8859_8},
    {"iso88599", EML__ENC_WINDOWS_1254},
    {"iso_8859-1", EML__ENC_WINDOWS_1252},
    {"iso_8859-15", EML__ENC_ISO8859_15},
    {"iso_8859-1:1987", EML__ENC_WINDOWS_1252},
    {"iso_8859-2", EML__ENC_ISO8859_2},
    {"iso_8859-2:1987", EML__ENC_ISO8859_2},
    {"iso_8859-3", EML__ENC_ISO8859_3},
    {"iso_8859-3:1988", EML__ENC_ISO8859_3},
    {"iso_8859-4", EML__ENC_ISO8859_4},
    {"iso_8859-4:1988", EML__ENC_ISO8859_4},
    {"iso_8859-5", EML__ENC_ISO8859_5},
    {"iso_8859-5:1988", EML__ENC_ISO8859_5},
    {"iso_8859-6", EML__ENC_ISO8859_6},
    {"iso_8859-6:1987", EML__ENC_ISO8859_6},
    {"iso_8859-7", EML__ENC_ISO8859_7},
    {"iso_8859-7:1987", EML__ENC_ISO8859_7},
    {"iso_8859-8", EML__ENC_ISO8859_8},
    {"iso_8859-8:1988", EML__ENC_ISO8859_8},
    {"iso_8859-9", EML__ENC_WINDOWS_1254},
    {"iso_8859-9:1989", EML__ENC_WINDOWS_1254},
    {"koi", EML__ENC_KOI8_R},
    {"koi8", EML__ENC_KOI8_R},
    {"koi8-r", EML__ENC_KOI8_R},
    {"koi8-ru", EML__ENC_KOI8_U},
    {"koi8-u", EML__ENC_KOI8_U},
    {"koi8_r", EML__ENC_KOI8_R},
    {"korean", EML__ENC_EUC_KR},
    {"ks_c_5601-1987", EML__ENC_EUC_KR},
    {"ks_c_5601-1989", EML__ENC_EUC_KR},
    {"ksc5601", EML__ENC_EUC_KR},
    {"ksc_5601", EML__ENC_EUC_KR},
    {"l1", EML__ENC_WINDOWS_1252},
    {"l2", EML__ENC_ISO8859_2},
    {"l3", EML__ENC_ISO8859_3},
    {"l4", EML__ENC_ISO8859_4},
    {"l5", EML__ENC_WINDOWS_1254},
    {"l6", EML__ENC_ISO8859_10},
    {"l9", EML__ENC_ISO8859_15},
    {"latin1", EML__ENC_WINDOWS_1252},
    {"latin2", EML__ENC_ISO8859_2},
    {"latin3", EML__ENC_ISO8859_3},
    {"latin4", EML__ENC_ISO8859_4},
    {"latin5", EML__ENC_WINDOWS_1254},
    {"latin6", EML__ENC_ISO8859_10},
    {"logical", EML__ENC_ISO8859_8I},
    {"mac", EML__ENC_MACINTOSH},
    {"macintosh", EML__ENC_MACINTOSH},
    {"ms932", EML__ENC_SHIFT_JIS},
    {"ms_kanji", EML__ENC_SHIFT_JIS},
    {"replacement", EML__ENC_REPLACEMENT},
    {"shift-jis", EML__ENC_SHIFT_JIS},
    {"shift_jis", EML__ENC_SHIFT_JIS},
    {"sjis", EML__ENC_SHIFT_JIS},
    {"sun_eu_greek", EML__ENC_ISO8859_7},
    {"tis-620", EML__ENC_WINDOWS_874},
    {"ucs-2", EML__ENC_UTF16LE},
    {"unicode", EML__ENC_UTF16LE},
    {"unicode-1-1-utf-7", EML__ENC_UTF7},
    {"unicode-1-1-utf-8", EML__ENC_UTF8},
    {"unicode11utf8", EML__ENC_UTF8},
    {"unicode20utf8", EML__ENC_UTF8},
    {"unicodefeff", EML__ENC_UTF16LE},
    {"unicodefffe", EML__ENC_UTF16BE},
    {"us-ascii", EML__ENC_WINDOWS_1252},
    {"utf-16", EML__ENC_UTF16LE},
    {"utf-16be", EML__ENC_UTF16BE},
    {"utf-16le", EML__ENC_UTF16LE},
    {"utf-7", EML__ENC_UTF7},
    {"utf-8", EML__ENC_UTF8},
    {"utf8", EML__ENC_UTF8},
    {"visual", EML__ENC_ISO8859_8},
    {"windows-1250", EML__ENC_WINDOWS_1250},
    {"windows-1251", EML__ENC_WINDOWS_1251},
    {"windows-1252", EML__ENC_WINDOWS_1252},
    {"windows-1253", EML__ENC_WINDOWS_1253},
    {"windows-1254", EML__ENC_WINDOWS_1254},
    {"windows-1255", EML__ENC_WINDOWS_1255},
    {"windows-1256", EML__ENC_WINDOWS_1256},
    {"windows-1257", EML__ENC_WINDOWS_1257},
    {"windows-1258", EML__ENC_WINDOWS_1258},
    {"windows-31j", EML__ENC_SHIFT_JIS},
    {"windows-874", EML__ENC_WINDOWS_874},
    {"windows-949", EML__ENC_EUC_KR},
    {"x-cp1250", EML__ENC_WINDOWS_1250},
    {"x-cp1251", EML__ENC_WINDOWS_1251},
    {"x-cp1252", EML__ENC_WINDOWS_1252},
    {"x-cp1253", EML__ENC_WINDOWS_1253},
    {"x-cp1254", EML__ENC_WINDOWS_1254},
    {"x-cp1255", EML__ENC_WINDOWS_1255},
    {"x-cp1256", EML__ENC_WINDOWS_1256},
    {"x-cp1257", EML__ENC_WINDOWS_1257},
    {"x-cp1258", EML__ENC_WINDOWS_1258},
    {"x-euc-jp", EML__ENC_EUC_JP},
    {"x-gbk", EML__ENC_GBK},
    {"x-mac-cyrillic", EML__ENC_X_MAC_CYRILLIC},
    {"x-mac-roman", EML__ENC_MACINTOSH},
    {"x-mac-ukrainian", EML__ENC_X_MAC_CYRILLIC},
    {"x-sjis", EML__ENC_SHIFT_JIS},
    {"x-unicode20utf8", EML__ENC_UTF8},
    {"x-user-defined", EML__ENC_X_USER_DEFINED},
    {"x-x-big5", EML__ENC_BIG5},
};

#define NLABELS (sizeof LABELS / sizeof LABELS[0])

/* Encoding properties. iconv is the glibc name (NULL: decoded here).
 * unit is the code unit size to skip over an invalid sequence; stateful
 * encodings have shift sequences so ASCII-looking bytes are not always
 * ASCII. */
typedef struct encoding_info {
    const char *name;
    const char *iconv;
    unsigned char unit;
    bool ascii_compatible;
} encoding_info;

static const encoding_info ENCODINGS[EML__ENC_COUNT] = {
    [EML__ENC_UTF8] = {"utf-8", NULL, 1, true},
    [EML__ENC_IBM866] = {"ibm866", "IBM866", 1, true},
    [EML__ENC_ISO8859_2] = {"iso-8859-2", "ISO-8859-2", 1, true},
    [EML__ENC_ISO8859_3] = {"iso-8859-3", "ISO-8859-3", 1, true},
    [EML__ENC_ISO8859_4] = {"iso-8859-4", "ISO-8859-4", 1, true},
    [EML__ENC_ISO8859_5] = {"iso-8859-5", "ISO-8859-5", 1, true},
    [EML__ENC_ISO8859_6] = {"iso-8859-6", "ISO-8859-6", 1, true},
    [EML__ENC_ISO8859_7] = {"iso-8859-7", "ISO-8859-7", 1, true},
    [EML__ENC_ISO8859_8] = {"iso-8859-8", "ISO-8859-8", 1, true},
    [EML__ENC_ISO8859_8I] = {"iso-8859-8-i", "ISO-8859-8", 1, true},
    [EML__ENC_ISO8859_10] = {"iso-8859-10", "ISO-8859-10", 1, true},
    [EML__ENC_ISO8859_13] = {"iso-8859-13", "ISO-8859-13", 1, true},
    [EML__ENC_ISO8859_14] = {"iso-8859-14", "ISO-8859-14", 1, true},
    [EML__ENC_ISO8859_15] = {"iso-8859-15", "ISO-8859-15", 1, true},
    [EML__ENC_ISO8859_16] = {"iso-8859-16", "ISO-8859-16", 1, true},
    [EML__ENC_KOI8_R] = {"koi8-r", "KOI8-R", 1, true},
    /* The standard's koi8-u index is KOI8-RU (Belarusian letters too). */
    [EML__ENC_KOI8_U] = {"koi8-u", "KOI8-RU", 1, true},
    [EML__ENC_MACINTOSH] = {"macintosh", "MACINTOSH", 1, true},
    [EML__ENC_WINDOWS_874] = {"windows-874", "WINDOWS-874", 1, true},
    [EML__ENC_WINDOWS_1250] = {"windows-1250", "WINDOWS-1250", 1, true},
    [EML__ENC_WINDOWS_1251] = {"windows-1251", "WINDOWS-1251", 1, true},
    [EML__ENC_WINDOWS_1252] = {"windows-1252", NULL, 1, true},
    [EML__ENC_WINDOWS_1253] = {"windows-1253", "WINDOWS-1253", 1, true},
    [EML__ENC_WINDOWS_1254] = {"windows-1254", "WINDOWS-1254", 1, true},
    [EML__ENC_WINDOWS_1255] = {"windows-1255", "WINDOWS-1255", 1, true},
    [EML__ENC_WINDOWS_1256] = {"windows-1256", "WINDOWS-1256", 1, true},
    [EML__ENC_WINDOWS_1257] = {"windows-1257", "WINDOWS-1257", 1, true},
    [EML__ENC_WINDOWS_1258] = {"windows-1258", "WINDOWS-1258", 1, true},
    [EML__ENC_X_MAC_CYRILLIC] = {"x-mac-cyrillic", "MAC-CYRILLIC", 1, true},
    /* The standard decodes GBK and gb2312 labels with the gb18030 decoder. */
    [EML__ENC_GBK] = {"gbk", "GB18030", 1, true},
    [EML__ENC_GB18030] = {"gb18030", "GB18030", 1, true},
    /* The standard's Big5 is Big5 with the HKSCS extensions. */
    [EML__ENC_BIG5] = {"big5", "BIG5-HKSCS", 1, true},
    [EML__ENC_EUC_JP] = {"euc-jp", "EUC-JP", 1, true},
    /* ISO-2022-JP-2 is a superset that also knows the half-width katakana
     * escape (ESC ( I) that the standard's decoder accepts. */
    [EML__ENC_ISO2022_JP] = {"iso-2022-jp", "ISO-2022-JP-2", 1, false},
    /* The standard's Shift_JIS is Microsoft's code page 932. */
    [EML__ENC_SHIFT_JIS] = {"shift_jis", "WINDOWS-31J", 1, true},
    /* The standard's euc-kr is windows-949 (UHC), a superset. */
    [EML__ENC_EUC_KR] = {"euc-kr", "CP949", 1, true},
    /* The standard maps these three to "replacement" to stop script
     * injection in HTML; mail is converted, not rendered, so they are
     * decoded when glibc can. */
    [EML__ENC_ISO2022_KR] = {"iso-2022-kr", "ISO-2022-KR", 1, false},
    [EML__ENC_ISO2022_CN] = {"iso-2022-cn", "ISO-2022-CN", 1, false},
    [EML__ENC_ISO2022_CN_EXT] = {"iso-2022-cn-ext", "ISO-2022-CN-EXT", 1, false},
    [EML__ENC_REPLACEMENT] = {"replacement", NULL, 1, false},
    [EML__ENC_UTF16BE] = {"utf-16be", "UTF-16BE", 2, false},
    [EML__ENC_UTF16LE] = {"utf-16le", "UTF-16LE", 2, false},
    [EML__ENC_X_USER_DEFINED] = {"x-user-defined", NULL, 1, true},
    [EML__ENC_UTF7] = {"utf-7", "UTF-7", 1, false},
};

/* windows-1252 bytes 0x80..0x9F (the standard's index; undefined code
 * points map to the C1 control of the same value). */
static const uint16_t CP1252_C1[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

#define MAX_LABEL 40

static bool is_label_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

int eml__charset_lookup(const char *label, size_t len)
{
    if (!label)
        return -1;
    while (len && is_label_space((unsigned char)label[0])) {
        label++;
        len--;
    }
    while (len && is_label_space((unsigned char)label[len - 1]))
        len--;
    /* RFC 2231 section 5: charset*language in encoded words. */
    const char *star = memchr(label, '*', len);
    if (star)
        len = (size_t)(star - label);
    if (len == 0 || len > MAX_LABEL)
        return -1;
    char key[MAX_LABEL + 1];
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)label[i];
        key[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    key[len] = '\0';
    size_t lo = 0, hi = NLABELS;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(key, LABELS[mid].label);
        if (c == 0)
            return LABELS[mid].encoding;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return -1;
}

const char *eml__charset_name(int encoding)
{
    if (encoding < 0 || encoding >= EML__ENC_COUNT)
        return "unknown";
    return ENCODINGS[encoding].name;
}

/* ---- iconv descriptors --------------------------------------------------- */

#define CD_NONE ((iconv_t)-1)

struct eml__charset_cache {
    iconv_t cd[EML__ENC_COUNT];
    bool failed[EML__ENC_COUNT]; /* iconv_open failed: glibc lacks it */
};

eml__charset_cache *eml__charset_cache_create(eml__arena *arena)
{
    eml__charset_cache *c = eml__arena_alloc(arena, sizeof *c);
    if (!c)
        return NULL;
    for (int i = 0; i < EML__ENC_COUNT; i++) {
        c->cd[i] = CD_NONE;
        c->failed[i] = false;
    }
    return c;
}

void eml__charset_cache_release(eml__charset_cache *cache)
{
    if (!cache)
        return;
    for (int i = 0; i < EML__ENC_COUNT; i++) {
        if (cache->cd[i] != CD_NONE)
            iconv_close(cache->cd[i]);
        cache->cd[i] = CD_NONE;
    }
}

/* ---- hand-written decoders ----------------------------------------------- */

int eml__ascii_only(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    /* Eight bytes at a time: this runs on every header value. */
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        if (w & 0x8080808080808080ull)
            return 0;
    }
    for (; i < len; i++)
        if (p[i] & 0x80)
            return 0;
    return 1;
}

static const uint32_t REPLACEMENT_CHAR = 0xFFFD;

static void replacement(const eml__text_ctx *ctx, size_t rel, eml__tbuf *out)
{
    eml__tbuf_utf8(out, REPLACEMENT_CHAR);
    eml__text_defect(ctx, EML_DEFECT_INVALID_CHARSET_BYTES, rel);
}

/* One defect per run of invalid bytes: text in the wrong charset would
 * otherwise give one per byte. *next is where the previous run ended. */
static void replacement_run(const eml__text_ctx *ctx, size_t rel, size_t at, size_t skip,
                            size_t *next, eml__tbuf *out)
{
    if (at == *next)
        eml__tbuf_utf8(out, REPLACEMENT_CHAR);
    else
        replacement(ctx, rel + at, out);
    *next = at + skip;
}

/* Length of the valid UTF-8 sequence at p (RFC 3629 table), or 0; *bad is
 * the length of the maximal invalid subpart to replace by one U+FFFD (the
 * Unicode "best practice" the WHATWG decoder follows). */
static size_t utf8_sequence(const unsigned char *p, size_t n, size_t *bad)
{
    unsigned c = p[0];
    size_t need;
    unsigned lo = 0x80, hi = 0xBF;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        need = 1;
    else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        if (c == 0xE0)
            lo = 0xA0;
        if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        if (c == 0xF0)
            lo = 0x90;
        if (c == 0xF4)
            hi = 0x8F;
    } else {
        *bad = 1;
        return 0;
    }
    size_t i = 1;
    for (; i <= need; i++) {
        if (i >= n || p[i] < lo || p[i] > hi) {
            *bad = i;
            return 0;
        }
        lo = 0x80;
        hi = 0xBF;
    }
    return need + 1;
}

static void decode_utf8(const eml__text_ctx *ctx, const char *src, size_t len, size_t rel,
                        eml__tbuf *out)
{
    if (eml__utf8_valid(ctx->impl, src, len)) {
        eml__tbuf_append(out, src, len);
        return;
    }
    const unsigned char *p = (const unsigned char *)src;
    size_t i = 0, run = 0, next = SIZE_MAX;
    if (!eml__tbuf_reserve(out, len + len / 2 + 4))
        return;
    while (i < len) {
        size_t bad = 0, n = utf8_sequence(p + i, len - i, &bad);
        if (n) {
            i += n;
            continue;
        }
        eml__tbuf_append(out, p + run, i - run);
        replacement_run(ctx, rel, i, bad, &next, out);
        i += bad;
        run = i;
    }
    eml__tbuf_append(out, p + run, i - run);
}

static void decode_single_byte(const char *src, size_t len, eml__tbuf *out, bool user_defined)
{
    if (!eml__tbuf_reserve(out, len * 3))
        return;
    const unsigned char *p = (const unsigned char *)src;
    for (size_t i = 0; i < len; i++) {
        unsigned c = p[i];
        if (c < 0x80)
            out->ptr[out->len++] = (char)c;
        else if (user_defined)
            eml__tbuf_utf8(out, 0xF780 + c - 0x80);
        else if (c < 0xA0)
            eml__tbuf_utf8(out, CP1252_C1[c - 0x80]);
        else
            eml__tbuf_utf8(out, c);
    }
}

/* ---- iconv --------------------------------------------------------------- */

static iconv_t descriptor(const eml__text_ctx *ctx, int enc, bool *owned)
{
    *owned = false;
    eml__charset_cache *c = NULL;
    if (ctx->charsets) {
        if (!*ctx->charsets)
            *ctx->charsets = eml__charset_cache_create(ctx->arena);
        c = *ctx->charsets;
    }
    if (c && c->failed[enc])
        return CD_NONE;
    if (c && c->cd[enc] != CD_NONE) {
        /* Back to the initial shift state for a new input. */
        iconv(c->cd[enc], NULL, NULL, NULL, NULL);
        return c->cd[enc];
    }
    iconv_t cd = iconv_open("UTF-8", ENCODINGS[enc].iconv);
    if (cd == CD_NONE) {
        if (c)
            c->failed[enc] = true;
        return CD_NONE;
    }
    if (c)
        c->cd[enc] = cd;
    else
        *owned = true;
    return cd;
}

static void decode_iconv(const eml__text_ctx *ctx, iconv_t cd, size_t unit, const char *src,
                         size_t len, size_t rel, eml__tbuf *out)
{
    char *in = (char *)src; /* iconv's prototype lacks const */
    size_t inleft = len, next = SIZE_MAX;
    while (inleft > 0) {
        /* Three output bytes per input byte bound every encoding in the
         * table; E2BIG still grows the buffer, for safety. */
        if (!eml__tbuf_reserve(out, inleft * 3 + 16))
            return;
        char *o = out->ptr + out->len;
        size_t oleft = out->cap - out->len;
        size_t r = iconv(cd, &in, &inleft, &o, &oleft);
        int err = errno;
        out->len = (size_t)(o - out->ptr);
        if (r != (size_t)-1)
            break;
        if (err == E2BIG) {
            if (!eml__tbuf_reserve(out, out->cap - out->len + 64))
                return;
            continue;
        }
        size_t skip = unit < inleft ? unit : inleft;
        replacement_run(ctx, rel, (size_t)(in - src), skip, &next, out);
        if (err == EINVAL)
            break; /* an incomplete sequence at the end: one U+FFFD */
        in += skip;
        inleft -= skip;
    }
    /* Flush a pending shift state (stateful encodings). */
    for (int tries = 0; tries < 4; tries++) {
        if (!eml__tbuf_reserve(out, 64))
            return;
        char *o = out->ptr + out->len;
        size_t oleft = out->cap - out->len;
        size_t r = iconv(cd, NULL, NULL, &o, &oleft);
        int err = errno;
        out->len = (size_t)(o - out->ptr);
        if (r != (size_t)-1 || err != E2BIG)
            break;
    }
}

/* A byte order mark overrides the label, as in the standard's decode. */
static int sniff_bom(int enc, const char **src, size_t *len)
{
    const unsigned char *p = (const unsigned char *)*src;
    if (*len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
        *src += 3;
        *len -= 3;
        return EML__ENC_UTF8;
    }
    if (*len >= 2 && p[0] == 0xFE && p[1] == 0xFF) {
        *src += 2;
        *len -= 2;
        return EML__ENC_UTF16BE;
    }
    if (*len >= 2 && p[0] == 0xFF && p[1] == 0xFE) {
        *src += 2;
        *len -= 2;
        return EML__ENC_UTF16LE;
    }
    return enc;
}

/* Bytes that change meaning in the stateful encodings: ESC, SO, SI for
 * ISO 2022 and '+' for UTF-7. Without them ASCII is ASCII. */
static bool plain_ascii_for(int enc, const char *src, size_t len)
{
    if (!eml__ascii_only(src, len))
        return false;
    if (ENCODINGS[enc].ascii_compatible)
        return true;
    if (ENCODINGS[enc].unit != 1)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = src[i];
        if (c == 0x1B || c == 0x0E || c == 0x0F || c == '+' || c == '~')
            return false;
    }
    return true;
}

void eml__charset_decode(const eml__text_ctx *ctx, int enc, const char *src, size_t len,
                         size_t rel, eml__tbuf *out)
{
    if (enc < 0 || enc >= EML__ENC_COUNT)
        enc = EML__ENC_UTF8;
    const char *start = src;
    enc = sniff_bom(enc, &src, &len);
    rel += (size_t)(src - start);
    if (len == 0)
        return;
    if (enc == EML__ENC_UTF8) {
        decode_utf8(ctx, src, len, rel, out);
        return;
    }
    if (enc == EML__ENC_REPLACEMENT) {
        replacement(ctx, rel, out);
        return;
    }
    if (plain_ascii_for(enc, src, len)) {
        eml__tbuf_append(out, src, len);
        return;
    }
    if (enc == EML__ENC_WINDOWS_1252 || enc == EML__ENC_X_USER_DEFINED) {
        decode_single_byte(src, len, out, enc == EML__ENC_X_USER_DEFINED);
        return;
    }
    bool owned;
    iconv_t cd = descriptor(ctx, enc, &owned);
    if (cd == CD_NONE) {
        /* glibc built without this converter: keep the text readable. */
        eml__text_defect(ctx, EML_DEFECT_UNKNOWN_CHARSET, rel);
        eml__charset_decode_undeclared(ctx, src, len, rel, out);
        return;
    }
    decode_iconv(ctx, cd, ENCODINGS[enc].unit, src, len, rel, out);
    if (owned)
        iconv_close(cd);
}

/* Valid UTF-8, with at least one multi-byte character, but for an
 * incomplete sequence at the very end: UTF-8 text cut short (a length
 * limit in some mailer), not another charset. */
static bool utf8_truncated(const eml__text_ctx *ctx, const char *src, size_t len)
{
    const unsigned char *p = (const unsigned char *)src;
    size_t i = len;
    while (i > 0 && len - i < 3 && (p[i - 1] & 0xC0) == 0x80)
        i--;
    if (i == 0 || p[i - 1] < 0xC2 || p[i - 1] > 0xF4)
        return false;
    size_t bad = 0;
    if (utf8_sequence(p + i - 1, len - i + 1, &bad) != 0 || bad != len - i + 1)
        return false; /* complete, or not a prefix of a valid sequence */
    /* The text before must prove itself UTF-8 with some multi-byte
     * character, or "caf\xe9" in latin1 would pass. */
    return !eml__ascii_only(src, i - 1) && eml__utf8_valid(ctx->impl, src, i - 1);
}

/* The rule for text whose charset is unknown or absent: UTF-8 when valid,
 * else windows-1252. */
static void decode_fallback(const eml__text_ctx *ctx, const char *src, size_t len, size_t rel,
                            eml__tbuf *out)
{
    if (eml__ascii_only(src, len) || eml__utf8_valid(ctx->impl, src, len))
        eml__tbuf_append(out, src, len);
    else if (utf8_truncated(ctx, src, len))
        decode_utf8(ctx, src, len, rel, out);
    else
        decode_single_byte(src, len, out, false);
}

/* us-ascii and its aliases: a label that promises no 8-bit bytes at all,
 * so when some appear the label is simply wrong (mail software stamps it
 * on UTF-8 text); such text is read as undeclared. */
static bool is_ascii_label(const char *label, size_t len)
{
    static const char *const ASCII[] = {"us-ascii", "ascii", "ansi_x3.4-1968", "us"};
    while (len && is_label_space((unsigned char)label[0])) {
        label++;
        len--;
    }
    while (len && is_label_space((unsigned char)label[len - 1]))
        len--;
    for (size_t i = 0; i < sizeof ASCII / sizeof ASCII[0]; i++) {
        size_t n = strlen(ASCII[i]);
        if (len == n && strncasecmp(label, ASCII[i], n) == 0)
            return true;
    }
    return false;
}

void eml__charset_decode_label(const eml__text_ctx *ctx, const char *label, size_t label_len,
                               const char *src, size_t len, size_t rel, eml__tbuf *out)
{
    if (is_ascii_label(label, label_len)) {
        if (!eml__ascii_only(src, len))
            eml__text_defect(ctx, EML_DEFECT_UNDECLARED_8BIT, rel);
        decode_fallback(ctx, src, len, rel, out);
        return;
    }
    int enc = eml__charset_lookup(label, label_len);
    if (enc >= 0) {
        eml__charset_decode(ctx, enc, src, len, rel, out);
        return;
    }
    eml__text_defect(ctx, EML_DEFECT_UNKNOWN_CHARSET, rel);
    decode_fallback(ctx, src, len, rel, out);
}

void eml__charset_decode_undeclared(const eml__text_ctx *ctx, const char *src, size_t len,
                                    size_t rel, eml__tbuf *out)
{
    if (eml__ascii_only(src, len) || eml__utf8_valid(ctx->impl, src, len)) {
        eml__tbuf_append(out, src, len);
        return;
    }
    if (!utf8_truncated(ctx, src, len))
        eml__text_defect(ctx, EML_DEFECT_UNDECLARED_8BIT, rel);
    decode_fallback(ctx, src, len, rel, out);
}

/* ---- public -------------------------------------------------------------- */

size_t eml_utf8_size_max(size_t len)
{
    /* Three bytes per input byte (a single byte to a BMP character or an
     * invalid byte to U+FFFD) plus room for a flushed shift state. */
    if (len > (SIZE_MAX - 16) / 3)
        return SIZE_MAX;
    return len * 3 + 16;
}

eml_error eml_charset_to_utf8(const char *charset, size_t charset_len, const char *src,
                              size_t len, char *dst, size_t *written, eml_defect *defects, size_t cap,
                        size_t *ndefects)
{
    if (written)
        *written = 0;
    if (ndefects)
        *ndefects = 0;
    if ((!src && len) || !dst || !written || (!charset && charset_len) || (!defects && cap))
        return EML_EINVAL;
    if (charset && charset_len == EML_NUL_TERMINATED)
        charset_len = strlen(charset);
    eml__arena arena;
    eml__arena_init(&arena, NULL);
    eml__defect_list list = {0};
    eml__text_ctx ctx = {&arena, NULL, &list, 0, false, EML_IMPL_AUTO};
    ctx.impl = eml__impl_resolve(EML_IMPL_AUTO);
    eml__tbuf out;
    eml__tbuf_init(&out, &arena);
    if (!eml__tbuf_reserve(&out, eml_utf8_size_max(len))) {
        eml__arena_release(&arena);
        return EML_ENOMEM;
    }
    if (charset && charset_len)
        eml__charset_decode_label(&ctx, charset, charset_len, src, len, 0, &out);
    else
        eml__charset_decode_undeclared(&ctx, src ? src : "", len, 0, &out);
    int rc = out.oom ? EML_ENOMEM : EML_OK;
    if (rc == EML_OK) {
        size_t n = out.len < eml_utf8_size_max(len) ? out.len : eml_utf8_size_max(len);
        memcpy(dst, out.ptr, n);
        *written = n;
    }
    size_t nd = list.count < cap ? list.count : cap;
    if (nd)
        memcpy(defects, list.items, nd * sizeof *defects);
    if (ndefects)
        *ndefects = nd;
    eml__arena_release(&arena);
    return rc;
}
