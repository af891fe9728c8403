/*
 * uuencode used as a Content-Transfer-Encoding (x-uuencode, uuencode,
 * x-uue): no RFC defines it, but mailers send it; POSIX uuencode(1)
 * gives the format.
 *
 *   begin <octal mode> <name>
 *   <length char><groups of 4 characters, each giving 3 bytes>
 *   ...
 *   ` (or a blank: a line of length 0)
 *   end
 *
 * A character c stands for (c - 32) & 63, so ' ' and '`' are both 0; the
 * length character says how many bytes the line holds (0 to 63).
 * Decoding starts after the begin line and stops at the end line. The
 * rules for what mail does to such lines, each a defect:
 *  - no begin line: nothing is uuencoded, the data is kept as it is
 *    (UU_NO_BEGIN_OR_END at 0);
 *  - no end line: what was read is kept (UU_NO_BEGIN_OR_END at the end);
 *  - a line shorter than its length character needs (trailing blanks
 *    lost in transport): the missing characters count as 0, the length
 *    character is believed (UU_BAD_LINE);
 *  - characters past the last group the length needs: blanks and '`'
 *    are padding; anything else is ignored with UU_BAD_LINE;
 *  - a character outside ' '..'`' counts as 0 (UU_BAD_LINE); a length
 *    character outside that range or an empty line: the line is skipped
 *    (UU_BAD_LINE).
 * Every line yields at most 63 bytes and never more than its length
 * character says, so the exact size is found by one cheap pass.
 */
#include "codec/arch/arch.h"

#include <string.h>

typedef struct uu_line {
    const char *p, *eol; /* the line without its CR LF / LF */
    const char *next;
} uu_line;

static bool next_line(const char *src, const char *e, const char **at, uu_line *l)
{
    (void)src;
    if (*at >= e)
        return false;
    l->p = *at;
    const char *nl = memchr(l->p, '\n', (size_t)(e - l->p));
    l->next = nl ? nl + 1 : e;
    l->eol = nl ? nl : e;
    if (l->eol > l->p && l->eol[-1] == '\r')
        l->eol--;
    *at = l->next;
    return true;
}

/* "begin" SP 1*odigit SP name */
static bool is_begin(const uu_line *l)
{
    const char *p = l->p;
    if (l->eol - p < 6 || memcmp(p, "begin ", 6) != 0)
        return false;
    p += 6;
    const char *d = p;
    while (p < l->eol && *p >= '0' && *p <= '7')
        p++;
    return p > d && (p == l->eol || *p == ' ');
}

static bool is_end(const uu_line *l)
{
    const char *p = l->p, *e = l->eol;
    while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
        e--;
    return e - p == 3 && memcmp(p, "end", 3) == 0;
}

static bool uu_char(char c)
{
    return c >= ' ' && c <= '`';
}

/* Decodes one data line into dst (NULL: count only); returns its bytes. */
static size_t decode_line(const char *src, const uu_line *l, unsigned char *dst,
                          eml__codec_report *report)
{
    size_t off = (size_t)(l->p - src);
    if (l->eol == l->p || !uu_char(l->p[0])) {
        eml__report_add(report, EML_DEFECT_UU_BAD_LINE, off);
        return 0;
    }
    size_t n = (size_t)((l->p[0] - ' ') & 63);
    const char *d = l->p + 1;
    size_t avail = (size_t)(l->eol - d);
    size_t need = (n * 4 + 2) / 3, full = (n + 2) / 3 * 4;
    bool bad = avail < need;
    for (size_t i = full; i < avail; i++)
        if (d[i] != ' ' && d[i] != '`')
            bad = true;
    if (dst) {
        for (size_t g = 0; g * 3 < n; g++) {
            unsigned v[4];
            for (size_t k = 0; k < 4; k++) {
                size_t idx = g * 4 + k;
                char c = idx < avail ? d[idx] : ' ';
                if (!uu_char(c)) {
                    bad = true;
                    c = ' ';
                }
                v[k] = (unsigned)(c - ' ') & 63;
            }
            unsigned char b3[3] = { (unsigned char)(v[0] << 2 | v[1] >> 4),
                                    (unsigned char)(v[1] << 4 | v[2] >> 2),
                                    (unsigned char)(v[2] << 6 | v[3]) };
            for (size_t k = 0; k < 3 && g * 3 + k < n; k++)
                dst[g * 3 + k] = b3[k];
        }
    }
    if (bad)
        eml__report_add(report, EML_DEFECT_UU_BAD_LINE, off);
    return n;
}

static size_t run(const char *src, size_t len, unsigned char *dst, eml__codec_report *report)
{
    const char *at = src, *e = src + len;
    uu_line l;
    bool begun = false;
    while (!begun && next_line(src, e, &at, &l))
        begun = is_begin(&l);
    if (!begun) {
        eml__report_add(report, EML_DEFECT_UU_NO_BEGIN_OR_END, 0);
        if (dst && len)
            memcpy(dst, src, len);
        return len;
    }
    size_t n = 0;
    while (next_line(src, e, &at, &l)) {
        if (is_end(&l))
            return n;
        n += decode_line(src, &l, dst ? dst + n : NULL, report);
    }
    eml__report_add(report, EML_DEFECT_UU_NO_BEGIN_OR_END, len);
    return n;
}

size_t eml__uu_decoded_size(const char *src, size_t len)
{
    return run(src, len, NULL, NULL);
}

size_t eml__uu_decode(const char *src, size_t len, unsigned char *dst, eml__codec_report *report)
{
    if (report)
        report->count = 0;
    return run(src, len, dst, report);
}
