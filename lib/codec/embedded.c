/*
 * Files embedded in text bodies: uuencode blocks as old mailers and
 * Usenet gateways write them, and yEnc blocks (the yEnc 1.3 draft,
 * www.yenc.org). One forward scan; a block is recognized only by a begin
 * line of the exact form:
 *
 *   uuencode  "begin" SP 3*4odigit SP name
 *   yEnc      "=ybegin" SP ... "name=" name   (keys line=, size=, part=)
 *             ["=ypart" SP "begin=" n SP "end=" n]
 *             data lines
 *             "=yend" SP "size=" n [SP "part=" n] [SP "pcrc32=" x] [SP "crc32=" x]
 *
 * A uuencode block runs to its "end" line, a yEnc block to its "=yend"
 * line; one without it runs to the end of the text. Scanning resumes
 * after the block, so every byte is read a bounded number of times.
 */
#include "codec/arch/arch.h"

#include <string.h>

static const char *line_end(const char *p, const char *e)
{
    const char *nl = memchr(p, '\n', (size_t)(e - p));
    return nl ? nl : e;
}

/* The line [p, eol) without a CR before the LF. */
static const char *trim_cr(const char *p, const char *eol)
{
    return eol > p && eol[-1] == '\r' ? eol - 1 : eol;
}

static bool uu_begin(const char *p, const char *eol, const char **name)
{
    if (eol - p < 6 || memcmp(p, "begin ", 6) != 0)
        return false;
    const char *d = p + 6, *q = d;
    while (q < eol && *q >= '0' && *q <= '7')
        q++;
    if (q - d < 3 || q - d > 4 || q >= eol || *q != ' ' || q + 1 >= eol)
        return false;
    *name = q + 1;
    return true;
}

static bool uu_end(const char *p, const char *eol)
{
    while (eol > p && (eol[-1] == ' ' || eol[-1] == '\t'))
        eol--;
    return eol - p == 3 && memcmp(p, "end", 3) == 0;
}

static bool starts(const char *p, const char *eol, const char *lit, size_t n)
{
    return (size_t)(eol - p) >= n && memcmp(p, lit, n) == 0;
}

/* The value of " key=" in [p, eol) as a decimal number (*ok set), or in
 * hex when hex is set. */
static uint64_t key_number(const char *p, const char *eol, const char *key, bool hex, bool *ok)
{
    size_t kl = strlen(key);
    *ok = false;
    for (const char *q = p; q + kl <= eol; q++) {
        if ((q == p || q[-1] == ' ') && memcmp(q, key, kl) == 0) {
            const char *v = q + kl;
            uint64_t n = 0;
            size_t digits = 0;
            for (; v < eol && digits < 16; v++, digits++) {
                unsigned c = (unsigned char)*v, dv;
                if (c >= '0' && c <= '9')
                    dv = c - '0';
                else if (hex && c >= 'a' && c <= 'f')
                    dv = c - 'a' + 10;
                else if (hex && c >= 'A' && c <= 'F')
                    dv = c - 'A' + 10;
                else
                    break;
                n = n * (hex ? 16 : 10) + dv;
            }
            *ok = digits > 0;
            return n;
        }
    }
    return 0;
}

static void yenc_header(const char *p, const char *eol, eml__embedded_block *b)
{
    bool ok;
    b->total_size = key_number(p, eol, "size=", false, &ok);
    b->has_total_size = ok;
    b->part = key_number(p, eol, "part=", false, &ok);
}

bool eml__embedded_next(const char *src, size_t len, size_t *pos, eml__embedded_block *out)
{
    const char *e = src + len;
    const char *p = src + *pos;
    while (p < e) {
        const char *nl = line_end(p, e);
        const char *eol = trim_cr(p, nl);
        const char *next = nl < e ? nl + 1 : e;
        const char *name = NULL;
        memset(out, 0, sizeof *out);
        if (uu_begin(p, eol, &name)) {
            out->kind = EML__EMBEDDED_UU;
        } else if (starts(p, eol, "=ybegin ", 8)) {
            const char *q = NULL;
            for (const char *r = p + 7; r + 5 <= eol; r++)
                if (r[-1] == ' ' && memcmp(r, "name=", 5) == 0) {
                    q = r + 5;
                    break;
                }
            if (q && q < eol) {
                out->kind = EML__EMBEDDED_YENC;
                name = q;
                yenc_header(p, eol, out);
            }
        }
        if (!out->kind) {
            p = next;
            continue;
        }
        out->start = (size_t)(p - src);
        out->name_off = (size_t)(name - src);
        out->name_len = (size_t)(eol - name);
        const char *d = next;
        if (out->kind == EML__EMBEDDED_YENC && d < e) {
            const char *pnl = line_end(d, e), *peol = trim_cr(d, pnl);
            if (starts(d, peol, "=ypart ", 7)) {
                bool ok1, ok2;
                out->part_begin = key_number(d, peol, "begin=", false, &ok1);
                out->part_end = key_number(d, peol, "end=", false, &ok2);
                out->has_part_range = ok1 && ok2;
                d = pnl < e ? pnl + 1 : e;
            }
        }
        out->data_start = (size_t)(d - src);
        const char *q = d;
        while (q < e) {
            const char *lnl = line_end(q, e), *leol = trim_cr(q, lnl);
            const char *lnext = lnl < e ? lnl + 1 : e;
            bool end = out->kind == EML__EMBEDDED_UU ? uu_end(q, leol)
                                                     : starts(q, leol, "=yend", 5) &&
                                                           (leol == q + 5 || q[5] == ' ');
            if (end) {
                out->data_end = (size_t)(q - src);
                out->has_end = true;
                if (out->kind == EML__EMBEDDED_YENC) {
                    bool ok;
                    out->end_size = key_number(q, leol, "size=", false, &ok);
                    out->has_end_size = ok;
                    out->pcrc = (uint32_t)key_number(q, leol, "pcrc32=", true, &ok);
                    out->has_pcrc = ok;
                    out->crc = (uint32_t)key_number(q, leol, "crc32=", true, &ok);
                    out->has_crc = ok;
                }
                q = lnext;
                break;
            }
            q = lnext;
        }
        if (!out->has_end)
            out->data_end = len;
        out->end = (size_t)(q - src);
        *pos = out->end;
        return true;
    }
    *pos = len;
    return false;
}

size_t eml__yenc_decode(const char *src, size_t len, unsigned char *dst)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)src[i];
        if (c == '\r' || c == '\n')
            continue;
        if (c == '=') {
            if (i + 1 >= len || src[i + 1] == '\r' || src[i + 1] == '\n')
                continue; /* a lone escape at a line end stands for nothing */
            c = (unsigned char)((unsigned char)src[++i] - 64);
        }
        dst[n++] = (unsigned char)(c - 42);
    }
    return n;
}

/* CRC-32 of ISO 3309 / ITU-T V.42 (the reflected polynomial 0xEDB88320),
 * the one yEnc's crc32= and pcrc32= give; bitwise, four bits a step. */
uint32_t eml__crc32(uint32_t crc, const void *data, size_t len)
{
    static const uint32_t nibble[16] = {
        0x00000000u, 0x1DB71064u, 0x3B6E20C8u, 0x26D930ACu, 0x76DC4190u, 0x6B6B51F4u,
        0x4DB26158u, 0x5005713Cu, 0xEDB88320u, 0xF00F9344u, 0xD6D6A3E8u, 0xCB61B38Cu,
        0x9B64C2B0u, 0x86D3D2D4u, 0xA00AE278u, 0xBDBDF21Cu,
    };
    const unsigned char *p = data;
    crc = ~crc;
    for (size_t i = 0; i < len; i++) {
        crc ^= p[i];
        crc = (crc >> 4) ^ nibble[crc & 15];
        crc = (crc >> 4) ^ nibble[crc & 15];
    }
    return ~crc;
}

bool eml__uu_begin_name(const char *src, size_t len, size_t *off, size_t *name_len)
{
    const char *e = src + len;
    for (const char *p = src; p < e;) {
        const char *nl = line_end(p, e), *eol = trim_cr(p, nl);
        /* The transfer decoder's begin line: "begin" SP 1*odigit [SP name]. */
        if (eol - p >= 6 && memcmp(p, "begin ", 6) == 0) {
            const char *q = p + 6;
            while (q < eol && *q >= '0' && *q <= '7')
                q++;
            if (q > p + 6 && (q == eol || *q == ' ')) {
                if (q == eol || q + 1 == eol)
                    return false;
                *off = (size_t)(q + 1 - src);
                *name_len = (size_t)(eol - q - 1);
                return true;
            }
        }
        p = nl < e ? nl + 1 : e;
    }
    return false;
}
