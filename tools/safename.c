/*
 * File names for extracted attachments. The name comes from the message,
 * that is from whoever sent it, so it is treated as hostile: it must not
 * leave the output folder ("../", "/etc/x", "C:\x"), hide itself (".x"),
 * look like an option ("-rf"), carry terminal controls, or disguise its
 * extension with bidirectional overrides ("gpj.exe" shown reversed).
 */
#include "safename.h"
#include "buf.h"

#include <stdlib.h>
#include <string.h>

/* Characters that separate path components on POSIX and Windows. */
static int is_separator(char c)
{
    return c == '/' || c == '\\';
}

/* Characters Windows rejects in names, replaced so that the files also
 * survive being copied there. */
static int is_reserved(uint32_t cp)
{
    return cp == '<' || cp == '>' || cp == ':' || cp == '"' || cp == '|' || cp == '?' || cp == '*';
}

/* Controls, and invisible format characters that reorder or hide text
 * (Unicode bidi controls, zero-width characters, BOM). */
static int is_invisible(uint32_t cp)
{
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x061C ||
           (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2060 && cp <= 0x2069) || cp == 0xFEFF;
}

/* Cuts s to at most max bytes on a character boundary, keeping a short
 * extension. */
static void truncate_name(tbuf *s, size_t max)
{
    if (s->len <= max)
        return;
    const char *dot = memrchr(s->ptr, '.', s->len);
    size_t ext = dot ? s->len - (size_t)(dot - s->ptr) : 0;
    if (ext > 16 || ext == s->len)
        ext = 0;
    size_t keep = max - ext;
    while (keep > 0 && ((unsigned char)s->ptr[keep] & 0xC0) == 0x80)
        keep--; /* do not split a UTF-8 sequence */
    memmove(s->ptr + keep, s->ptr + s->len - ext, ext);
    s->len = keep + ext;
    s->ptr[s->len] = '\0';
}

char *safename(const char *name, size_t len)
{
    if (!name)
        return NULL;
    size_t start = len;
    while (start > 0 && !is_separator(name[start - 1]))
        start--; /* the last path component */
    const unsigned char *p = (const unsigned char *)name + start;
    size_t n = len - start;

    tbuf s;
    tbuf_init(&s);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = utf8_decode(p + i, n - i, &cp);
        if (!k) {
            tbuf_putc(&s, '_'); /* a byte that is not UTF-8 */
            i++;
            continue;
        }
        if (is_invisible(cp))
            ; /* dropped */
        else if (is_reserved(cp))
            tbuf_putc(&s, '_');
        else
            tbuf_put(&s, p + i, k);
        i += k;
    }

    /* Trailing dots and spaces vanish on Windows; leading spaces hide. */
    size_t a = 0, b = s.len;
    while (a < b && s.ptr[a] == ' ')
        a++;
    while (b > a && (s.ptr[b - 1] == ' ' || s.ptr[b - 1] == '.'))
        b--;
    if (a == b) {
        tbuf_free(&s);
        return NULL; /* "", ".", "..", "...", " " */
    }
    memmove(s.ptr, s.ptr + a, b - a);
    s.len = b - a;
    s.ptr[s.len] = '\0';
    /* A leading dot hides the file and "-" reads as an option. */
    for (size_t i = 0; i < s.len && (s.ptr[i] == '.' || s.ptr[i] == '-'); i++)
        s.ptr[i] = '_';
    truncate_name(&s, SAFENAME_MAX);
    return s.ptr;
}

const char *safename_extension(const char *content_type)
{
    static const struct {
        const char *type;
        const char *ext;
    } table[] = {
        {"text/plain", "txt"},         {"text/html", "html"},
        {"text/calendar", "ics"},      {"text/csv", "csv"},
        {"text/x-diff", "diff"},       {"text/x-patch", "patch"},
        {"text/enriched", "txt"},      {"text/rtf", "rtf"},
        {"image/png", "png"},          {"image/jpeg", "jpg"},
        {"image/gif", "gif"},          {"image/webp", "webp"},
        {"image/svg+xml", "svg"},      {"image/tiff", "tif"},
        {"image/bmp", "bmp"},          {"audio/mpeg", "mp3"},
        {"audio/wav", "wav"},          {"audio/x-wav", "wav"},
        {"video/mp4", "mp4"},          {"application/pdf", "pdf"},
        {"application/zip", "zip"},    {"application/gzip", "gz"},
        {"application/json", "json"},  {"application/xml", "xml"},
        {"application/msword", "doc"}, {"application/rtf", "rtf"},
        {"application/ics", "ics"},    {"application/pgp-signature", "asc"},
        {"application/pgp-encrypted", "asc"},
        {"application/pkcs7-signature", "p7s"},
        {"application/x-pkcs7-signature", "p7s"},
        {"application/pkcs7-mime", "p7m"},
        {"application/x-pkcs7-mime", "p7m"},
        {"message/rfc822", "eml"},     {"message/global", "eml"},
        {"message/delivery-status", "txt"},
        {"message/disposition-notification", "txt"},
        {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"},
        {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"},
        {"application/vnd.ms-excel", "xls"},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (content_type && strcmp(content_type, table[i].type) == 0)
            return table[i].ext;
    return "bin";
}
